"""Pages for approvals, approval rules, saved replies and notifications (the lead's side of
the agent workspace). Every POST is a CSRF-protected form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth.dependencies import SessionDep, current_principal
from escalada.auth.principal import Principal
from escalada.errors import PrivateThread, ReplyBlocked
from escalada.notifications import service as notifications
from escalada.replies import approvals, phrases, saved
from escalada.triage.contract import CATEGORIES
from escalada.web import flash, templates

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]
MAX_TEXT = 64 * 1024


# -- approvals -------------------------------------------------------------------------

@router.get("/approvals", response_class=HTMLResponse)
def approvals_queue(request: Request, session: SessionDep, principal: Viewer,
                    status: str = "pending") -> Response:
    if status == "pending":  # the soonest due first, each with its SLA time left
        rows = approvals.queue_by_deadline(session, principal=principal)
    else:
        rows = [(a, c, None) for a, c in approvals.queue(session, principal=principal, status=status)]
    return templates.TemplateResponse(request, "workspace/approvals.html", {"rows": rows, "status": status})


@router.post("/approvals/{approval_id}/approve")
def approve(approval_id: int, request: Request, session: SessionDep, principal: Viewer,
            text: Annotated[str, Form(max_length=MAX_TEXT)],
            note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    try:
        approvals.approve(session, approval_id=approval_id, principal=principal, text=text,
                          note=note or None)
    except ReplyBlocked as exc:
        flash(request, f"Not approved: {exc.message} "
                       + "; ".join(f["message"] for f in exc.details["findings"]), "error")
        return RedirectResponse("/approvals", status_code=303)
    except PrivateThread as exc:  # the customer moved to private messages since
        flash(request, f"Not approved: {exc.message}.", "error")
        return RedirectResponse("/approvals", status_code=303)
    flash(request, "Approved: the reply is on its way.")
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{approval_id}/reject")
def reject(approval_id: int, request: Request, session: SessionDep, principal: Viewer,
           note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    if not note.strip():
        flash(request, "Write a note for the agent before rejecting.", "error")
        return RedirectResponse("/approvals", status_code=303)
    approvals.reject(session, approval_id=approval_id, principal=principal, note=note)
    flash(request, "Rejected; the agent has your note.")
    return RedirectResponse("/approvals", status_code=303)


@router.get("/settings/approval-rules", response_class=HTMLResponse)
def approval_rules(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rules = approvals.list_rules(session, principal=principal)
    return templates.TemplateResponse(request, "workspace/approval_rules.html",
                                      {"rules": rules, "roles": approvals.ROLES, "categories": CATEGORIES})


@router.post("/settings/approval-rules")
def create_approval_rule(request: Request, session: SessionDep, principal: Viewer,
                         name: Annotated[str, Form(max_length=120)],
                         roles: Annotated[list[str], Form()] = [],  # noqa: B006
                         categories: Annotated[list[str], Form()] = [],  # noqa: B006
                         min_tier: Annotated[str, Form(max_length=1)] = "") -> Response:
    approvals.create_rule(session, name=name, roles=roles, categories=categories, principal=principal,
                          min_tier=int(min_tier) if min_tier.isdigit() else None)
    flash(request, "Approval rule added.")
    return RedirectResponse("/settings/approval-rules", status_code=303)


@router.post("/settings/approval-rules/{rule_id}/toggle")
def toggle_approval_rule(rule_id: int, request: Request, session: SessionDep, principal: Viewer,
                         active: Annotated[str, Form()]) -> Response:
    rule = approvals.set_rule_active(session, rule_id=rule_id, active=active == "true", principal=principal)
    flash(request, f"Rule “{rule.name}” {'enabled' if rule.is_active else 'disabled'}.")
    return RedirectResponse("/settings/approval-rules", status_code=303)


# -- saved replies ---------------------------------------------------------------------

def _saved_form(title: str, body: str, language: str, category: str, tag: str) -> saved.SavedReplyIn:
    return saved.SavedReplyIn(title=title, body=body, language=language or "any",
                              category=category or None, tag=tag or None)


@router.get("/settings/saved-replies", response_class=HTMLResponse)
def saved_replies(request: Request, session: SessionDep, principal: Viewer, edit: int | None = None) -> Response:
    rows = saved.list_all(session, principal=principal)
    editing = saved.get(session, saved_reply_id=edit, principal=principal) if edit else None
    return templates.TemplateResponse(request, "workspace/saved_replies.html", {
        "rows": rows, "editing": editing, "variables": saved.VARIABLES, "categories": CATEGORIES,
        "languages": ("any", *phrases.DM_INVITE.keys()),
    })


@router.post("/settings/saved-replies")
def create_saved_reply(request: Request, session: SessionDep, principal: Viewer,
                       title: Annotated[str, Form(max_length=120)],
                       body: Annotated[str, Form(max_length=MAX_TEXT)],
                       language: Annotated[str, Form(max_length=8)] = "any",
                       category: Annotated[str, Form(max_length=32)] = "",
                       tag: Annotated[str, Form(max_length=64)] = "") -> Response:
    created = saved.create(session, data=_saved_form(title, body, language, category, tag),
                           principal=principal)
    flash(request, f"Saved reply “{created.title}” added.")
    return RedirectResponse("/settings/saved-replies", status_code=303)


@router.post("/settings/saved-replies/{saved_reply_id}")
def update_saved_reply(saved_reply_id: int, request: Request, session: SessionDep, principal: Viewer,
                       title: Annotated[str, Form(max_length=120)],
                       body: Annotated[str, Form(max_length=MAX_TEXT)],
                       language: Annotated[str, Form(max_length=8)] = "any",
                       category: Annotated[str, Form(max_length=32)] = "",
                       tag: Annotated[str, Form(max_length=64)] = "") -> Response:
    updated = saved.update(session, saved_reply_id=saved_reply_id, principal=principal,
                           data=_saved_form(title, body, language, category, tag))
    flash(request, f"Saved reply “{updated.title}” updated.")
    return RedirectResponse("/settings/saved-replies", status_code=303)


@router.post("/settings/saved-replies/{saved_reply_id}/delete")
def delete_saved_reply(saved_reply_id: int, request: Request, session: SessionDep,
                       principal: Viewer) -> Response:
    saved.delete(session, saved_reply_id=saved_reply_id, principal=principal)
    flash(request, "Saved reply removed.")
    return RedirectResponse("/settings/saved-replies", status_code=303)


# -- notifications ---------------------------------------------------------------------

@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rows = notifications.list_for(session, principal=principal)
    return templates.TemplateResponse(request, "workspace/notifications.html",
                                      {"rows": rows, "link_for": notifications.link_for})


@router.post("/notifications/read")
def notifications_read(request: Request, session: SessionDep, principal: Viewer) -> Response:
    notifications.mark_all_read(session, principal=principal)
    return RedirectResponse("/notifications", status_code=303)
