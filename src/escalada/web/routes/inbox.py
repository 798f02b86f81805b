"""Inbox, conversation and outbox pages; every action is a CSRF-protected form post."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from escalada.audit.service import conversation_timeline
from escalada.auth import service as auth_service
from escalada.auth.dependencies import SessionDep, current_principal
from escalada.auth.principal import Principal
from escalada.inbox import service
from escalada.errors import InvalidInput
from escalada.inbox.schemas import Status
from escalada.listening import stream as listening_stream
from escalada.models import STATUSES
from escalada.replies.outbox import list_outbox
from escalada.sla import service as sla_service
from escalada.web import flash, templates
from escalada.web.workspace import workspace_context

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]

CHANNELS = ("x", "facebook", "instagram", "messenger", "whatsapp", "email", "other")
LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh", "und")


def _query_without_cursor(request: Request) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "cursor"])


def _filters(request: Request, problems: list[str] | None = None) -> service.InboxFilter:
    """The inbox form sends empty values for "any"; those mean no filter. With ``problems``,
    a value that cannot be read is left out and named there instead of refusing the page."""
    params = request.query_params

    def values(name: str) -> tuple[str, ...]:
        return tuple(v for v in params.getlist(name) if v.strip())

    def number(value: str, name: str) -> int | None:
        if not value.isdigit() or len(value) > 9:
            if problems is None:
                raise InvalidInput(f"{name} must be a number")
            problems.append(f"{name} “{value[:40]}” is not a number, so it was left out")
            return None
        return int(value)

    statuses = values("status")
    if "status" not in params and not params.get("view"):
        statuses = ("active",)
    assignee = params.get("assignee_id", "").strip()
    return service.InboxFilter(
        statuses=statuses,
        channels=values("channel"),
        tiers=tuple(n for n in (number(t, "tier") for t in values("tier")) if n is not None),
        priorities=values("priority"),
        languages=values("language"),
        tag=params.get("tag", "").strip().lower() or None,
        brand=params.get("brand", "").strip() or None,
        assignee_id=number(assignee, "assignee") if assignee else None,
        mine=params.get("mine") == "true",
        unassigned=params.get("unassigned") == "true",
        q=params.get("q", "").strip()[:200] or None,
        sort=params.get("sort") or "urgent",
        stream=params.get("stream") or "inbox",
    )


@router.get("/")
def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)


def _inbox_page(request: Request, session: Session, principal: Principal, template: str) -> Response:
    # The full page shows a filter it cannot read next to the filters, with the rest kept;
    # the rows fragment (HTMX) answers such a request with an error.
    problems: list[str] | None = [] if template == "inbox/list.html" else None
    filters = _filters(request, problems)
    cursor = request.query_params.get("cursor") or None
    rows, next_cursor = service.list_conversations(
        session, principal=principal, filters=filters, cursor=cursor,
        limit=request.app.state.settings.page_size,
    )
    context = {
        "rows": rows,
        "next_cursor": next_cursor,
        "filters": filters,
        "query": _query_without_cursor(request),
        "statuses": STATUSES,
        "channels": CHANNELS,
        "languages": LANGUAGES,
        "users": auth_service.list_users(session),
        "sla_clocks": sla_service.clocks_now(session, rows),
        "stream": listening_stream.effective(filters.stream, tag=filters.tag),
        "filter_errors": problems or [],
    }
    return templates.TemplateResponse(request, template, context, status_code=422 if problems else 200)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, session: SessionDep, principal: Viewer) -> Response:
    return _inbox_page(request, session, principal, "inbox/list.html")


@router.get("/inbox/rows", response_class=HTMLResponse)
def inbox_rows(request: Request, session: SessionDep, principal: Viewer) -> Response:
    return _inbox_page(request, session, principal, "inbox/_rows.html")


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
def conversation(conversation_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    return render_conversation(request, session, principal, conversation_id)


def render_conversation(request: Request, session: Session, principal: Principal, conversation_id: int,
                        *, extra: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    """The conversation page; ``extra`` overrides the composer's state (a kept draft, the
    guard's findings, a collision)."""
    c = service.get_conversation(session, conversation_id=conversation_id, principal=principal)
    messages = service.thread(session, conversation=c)
    notes = service.notes(session, conversation=c)
    items = sorted(
        [("message", m.created_at, m) for m in messages] + [("note", n.created_at, n) for n in notes],
        key=lambda item: item[1],
    )
    context = {
        "c": c,
        "items": items,
        "notes": notes,
        "timeline": conversation_timeline(session, conversation_id=c.id),
        "statuses": STATUSES,
        "users": [u for u in auth_service.list_users(session) if u.is_active],
        **workspace_context(session, conversation=c, principal=principal),
        **(extra or {}),
    }
    return templates.TemplateResponse(request, "inbox/conversation.html", context,
                                      status_code=status_code)


def _back(conversation_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/conversations/{conversation_id}{anchor}", status_code=303)


@router.post("/conversations/{conversation_id}/notes")
def note(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
         text: Annotated[str, Form(max_length=64 * 1024)]) -> Response:
    if not text.strip():
        flash(request, "Write the note before adding it.", "error")
        return _back(conversation_id)
    service.add_note(session, conversation_id=conversation_id, text=text.strip(), principal=principal)
    flash(request, "Internal note added.")
    return _back(conversation_id, "#thread-end")


@router.post("/conversations/{conversation_id}/tags")
def tag(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
        tag: Annotated[str, Form(max_length=64)]) -> Response:
    service.add_tag(session, conversation_id=conversation_id, tag=tag, principal=principal)
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/tags/{tag}/remove")
def untag(conversation_id: int, tag: str, session: SessionDep, principal: Viewer) -> Response:
    service.remove_tag(session, conversation_id=conversation_id, tag=tag, principal=principal)
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/status")
def status(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
           status: Annotated[Status, Form()]) -> Response:
    if service.set_status(session, conversation_id=conversation_id, status=status, principal=principal):
        flash(request, f"Status set to {status.replace('_', ' ')}.")
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/assign")
def assign(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
           assignee: Annotated[str, Form()]) -> Response:
    if assignee == "me":
        user_id = principal.user_id
    elif assignee == "":
        user_id = None
    else:
        user_id = int(assignee) if assignee.isdigit() else -1
    c = service.assign(session, conversation_id=conversation_id, user_id=user_id, principal=principal)
    flash(request, f"Assigned to {c.assignee.name}." if c.assignee else "Unassigned.")
    return _back(conversation_id)


@router.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, session: SessionDep, principal: Viewer, state: str | None = None) -> Response:
    rows = list_outbox(session, principal=principal, states=(state,) if state else (), limit=200)
    return templates.TemplateResponse(request, "outbox.html", {"rows": rows, "state": state})
