"""Incident pages: list, detail (updates and progress), post-mortems, review, settings, alerts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from escalada.auth import service as auth_service
from escalada.auth.dependencies import SessionDep, current_principal
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.inbox.service import get_conversation
from escalada.incidents import postmortems, service, updates
from escalada.incidents import settings as thresholds
from escalada.incidents.detection import Thresholds
from escalada.models import CAUSE_CATEGORIES, INCIDENT_STATUSES, SEVERITIES, Brand, IncidentUpdate
from escalada.triage.contract import CHANNELS
from escalada.web import flash, templates

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(current_principal)]
MANAGER_ROLES = ("escalation_manager", "lead", "admin")


def _managers(session) -> list:  # noqa: ANN001
    return [u for u in auth_service.list_users(session) if u.is_active and u.role in MANAGER_ROLES]


def _back(incident_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/incidents/{incident_id}{anchor}", status_code=303)


# Pages that are not one incident come first: "/incidents/{id}" would take their paths.


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, session: SessionDep, principal: Viewer, status: str = "open") -> Response:
    statuses = ("suspected", "confirmed", "monitoring") if status == "open" else (
        () if status == "all" else (status,))
    rows = service.list_incidents(session, principal=principal, statuses=statuses)
    unread = service.notifications_for(session, principal=principal, unread_only=True, limit=5)
    brands = list(session.scalars(select(Brand).order_by(Brand.name)))
    return templates.TemplateResponse(request, "incidents/list.html", {
        "rows": rows, "status": status, "statuses": INCIDENT_STATUSES, "unread_alerts": unread,
        "brands": brands, "severities": SEVERITIES})


@router.post("/incidents")
def open_incident(request: Request, session: SessionDep, principal: Viewer,
                  title: Annotated[str, Form(max_length=200)], brand: Annotated[str, Form()],
                  severity: Annotated[str, Form()] = "sev3") -> Response:
    brand_id = session.scalar(select(Brand.id).where(Brand.slug == brand))
    if brand_id is None:
        raise InvalidInput(f"unknown brand {brand!r}")
    incident = service.open_incident(session, principal=principal, brand_id=brand_id, title=title,
                                     severity=severity)
    flash(request, f"Incident #{incident.id} opened.")
    return _back(incident.id)


@router.get("/incidents/alerts", response_class=HTMLResponse)
def alerts(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rows = service.notifications_for(session, principal=principal, limit=200)
    return templates.TemplateResponse(request, "incidents/alerts.html", {"rows": rows})


@router.post("/incidents/alerts/read")
def alerts_read(request: Request, session: SessionDep, principal: Viewer) -> Response:
    count = service.mark_read(session, principal=principal)
    flash(request, f"{count} alert(s) marked as read.")
    return RedirectResponse("/incidents/alerts", status_code=303)


@router.get("/incidents/action-items", response_class=HTMLResponse)
def action_items(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rows = postmortems.open_action_items(session, principal=principal)
    return templates.TemplateResponse(request, "incidents/action_items.html", {"rows": rows})


@router.post("/incidents/action-items/{item_id}/done")
def action_item_done(item_id: int, request: Request, session: SessionDep, principal: Viewer,
                     back: Annotated[str, Form()] = "/incidents/action-items") -> Response:
    postmortems.complete_action_item(session, item_id=item_id, principal=principal)
    flash(request, "Action item done.")
    target = back if back.startswith(("/incidents/", "/executive/postmortems/")) and "//" not in back \
        else "/incidents/action-items"
    return RedirectResponse(target, status_code=303)


@router.get("/incidents/review", response_class=HTMLResponse)
def review(request: Request, session: SessionDep, principal: Viewer, quarter: str | None = None) -> Response:
    year, q = postmortems.parse_quarter(quarter)
    result = postmortems.quarterly_review(session, principal=principal, year=year, quarter=q)
    previous = f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
    following = f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"
    return templates.TemplateResponse(request, "incidents/review.html", {
        "review": result, "previous": previous, "following": following})


@router.get("/incidents/settings", response_class=HTMLResponse)
def settings_page(request: Request, session: SessionDep, principal: Viewer) -> Response:
    rows = thresholds.brand_thresholds(session, principal=principal)
    return templates.TemplateResponse(request, "incidents/settings.html", {
        "rows": rows, "defaults": Thresholds(), "limits": thresholds.LIMITS})


@router.post("/incidents/settings/{brand}")
def settings_save(brand: str, request: Request, session: SessionDep, principal: Viewer,
                  window_minutes: Annotated[str, Form()], min_reports: Annotated[str, Form()],
                  rate_multiplier: Annotated[str, Form()], baseline_days: Annotated[str, Form()],
                  min_similarity: Annotated[str, Form()],
                  enabled: Annotated[str | None, Form()] = None) -> Response:
    thresholds.update_thresholds(session, brand_slug=brand, principal=principal, values={
        "enabled": enabled == "on", "window_minutes": window_minutes, "min_reports": min_reports,
        "rate_multiplier": rate_multiplier, "baseline_days": baseline_days,
        "min_similarity": min_similarity})
    flash(request, f"Detection settings for {brand} saved.")
    return RedirectResponse("/incidents/settings", status_code=303)


# One incident ------------------------------------------------------------------------


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(incident_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    return _incident_page(request, session, principal, incident_id)


def _incident_page(request: Request, session: SessionDep, principal: Principal, incident_id: int, *,
                   draft: dict[str, Any] | None = None, draft_error: str | None = None,
                   status_code: int = 200) -> Response:
    """The incident page; after a refused draft, with the error next to the form and the draft kept."""
    i = service.get_incident(session, incident_id=incident_id, principal=principal)
    linked = service.linked_conversations(session, incident=i)
    update_rows = [(u, updates.progress(session, update=u),
                    updates.not_yet_sent(session, update=u) if u.state == "sent" else 0)
                   for u in updates.list_updates(session, incident=i)]
    languages = sorted({c.language for c, _ in linked if c.language != "und"} | {"en"})
    has_postmortem = i.status == "resolved" and not i.false_alarm
    return templates.TemplateResponse(request, "incidents/detail.html", {
        "i": i, "linked": linked, "updates": update_rows, "timeline": service.timeline(session, incident=i),
        "languages": languages, "managers": _managers(session), "severities": SEVERITIES,
        "causes": CAUSE_CATEGORIES, "channels": CHANNELS, "has_postmortem": has_postmortem,
        "language_counts": {lang: sum(1 for c, _ in linked if c.language == lang) for lang in languages},
        "draft": draft or {"texts": {}, "default_for": [], "kind": "update", "default_language": "en"},
        "draft_error": draft_error,
    }, status_code=status_code)


@router.post("/incidents/{incident_id}/edit")
def edit(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
         title: Annotated[str, Form(max_length=200)], severity: Annotated[str, Form()],
         cause_category: Annotated[str, Form()], cause: Annotated[str, Form(max_length=20_000)] = "",
         owner_id: Annotated[str, Form()] = "",
         affected_channels: Annotated[list[str] | None, Form()] = None) -> Response:
    changes = {"title": title, "severity": severity, "cause_category": cause_category, "cause": cause,
               "owner_id": int(owner_id) if owner_id.isdigit() else None,
               "affected_channels": affected_channels or []}
    service.edit_incident(session, incident_id=incident_id, principal=principal, changes=changes)
    flash(request, "Incident saved.")
    return _back(incident_id)


@router.post("/incidents/{incident_id}/status")
def status(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
           status: Annotated[str, Form()], note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    false_alarm = status == "false_alarm"
    service.change_status(session, incident_id=incident_id, principal=principal, note=note,
                          status="resolved" if false_alarm else status, false_alarm=false_alarm)
    flash(request, "Dismissed as a false alarm." if false_alarm else f"Status set to {status}.")
    return _back(incident_id)


@router.post("/incidents/{incident_id}/resolve")
def resolve(incident_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    sent = updates.resolve(session, incident_id=incident_id, principal=principal)
    flash(request, "Resolved; the resolution update is being sent." if sent else "Resolved.")
    return _back(incident_id)


@router.post("/incidents/{incident_id}/link")
def link(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
         conversation_id: Annotated[int, Form()], note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    linked = service.link_by_hand(session, incident_id=incident_id, conversation_id=conversation_id,
                                  principal=principal, note=note)
    flash(request, f"Linked to incident #{incident_id}." if linked else "Already linked.")
    return _back(incident_id, "#linked")


@router.post("/incidents/{incident_id}/unlink/{conversation_id}")
def unlink(incident_id: int, conversation_id: int, request: Request, session: SessionDep,
           principal: Viewer) -> Response:
    service.unlink(session, incident_id=incident_id, conversation_id=conversation_id, principal=principal)
    flash(request, f"Conversation #{conversation_id} unlinked.")
    return _back(incident_id, "#linked")


@router.post("/incidents/{incident_id}/updates")
def draft(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
          languages: Annotated[list[str], Form()], texts: Annotated[list[str], Form()],
          default_language: Annotated[str, Form()] = "en", kind: Annotated[str, Form()] = "update",
          default_for: Annotated[list[str] | None, Form()] = None) -> Response:
    if len(languages) != len(texts):
        raise InvalidInput("each text needs its language")
    written = dict(zip(languages, texts, strict=True))
    try:
        with session.begin_nested():
            update = updates.draft_update(session, incident_id=incident_id, principal=principal, kind=kind,
                                          texts=written, default_language=default_language,
                                          default_for=default_for or [])
    except InvalidInput as exc:
        draft = {"texts": written, "default_for": default_for or [], "kind": kind,
                 "default_language": default_language}
        return _incident_page(request, session, principal, incident_id, draft=draft, draft_error=exc.message,
                              status_code=exc.status_code)
    flash(request, f"{update.kind.capitalize()} #{update.id} drafted; a second manager or lead approves it.")
    return _back(incident_id, "#updates")


@router.post("/incidents/{incident_id}/updates/{update_id}/approve")
def approve(incident_id: int, update_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    updates.approve_update(session, incident_id=incident_id, update_id=update_id, principal=principal)
    flash(request, f"Update #{update_id} approved.")
    return _back(incident_id, "#updates")


@router.post("/incidents/{incident_id}/updates/{update_id}/send")
def send(incident_id: int, update_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    update = updates.send_update(session, incident_id=incident_id, update_id=update_id, principal=principal)
    flash(request, f"Sending {update.kind} #{update.id} to every linked conversation.")
    return _back(incident_id, "#updates")


@router.get("/incidents/{incident_id}/updates/{update_id}/progress", response_class=HTMLResponse)
def progress(incident_id: int, update_id: int, request: Request, session: SessionDep,
             principal: Viewer) -> Response:
    i = service.get_incident(session, incident_id=incident_id, principal=principal)
    update = session.get(IncidentUpdate, update_id)
    if update is None or update.incident_id != i.id:
        raise InvalidInput(f"update {update_id} is not part of incident {incident_id}")
    return templates.TemplateResponse(request, "incidents/_progress.html", {
        "i": i, "u": update, "p": updates.progress(session, update=update)})


# Post-mortem ---------------------------------------------------------------------------


@router.get("/incidents/{incident_id}/postmortem", response_class=HTMLResponse)
def postmortem(incident_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    pm = postmortems.get_postmortem(session, incident_id=incident_id, principal=principal)
    i = service.get_incident(session, incident_id=incident_id, principal=principal)
    return templates.TemplateResponse(request, "incidents/postmortem.html", {
        "i": i, "pm": pm, "timeline": postmortems.generated_timeline(session, incident=i),
        "items": postmortems.action_items(session, postmortem=pm), "users": _managers(session)
        + [u for u in auth_service.list_users(session) if u.is_active and u.role not in MANAGER_ROLES]})


def action_item_form(owner_id: str, due_on: str) -> tuple[int | None, date | None]:
    """The owner and due date of an action-item form (either may be left empty)."""
    try:
        due = date.fromisoformat(due_on) if due_on else None
    except ValueError as exc:
        raise InvalidInput("the due date must look like 2026-12-31") from exc
    return (int(owner_id) if owner_id.isdigit() else None), due


@router.post("/incidents/{incident_id}/postmortem")
def postmortem_save(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
                    root_cause: Annotated[str, Form(max_length=20_000)] = "",
                    went_well: Annotated[str, Form(max_length=20_000)] = "",
                    to_improve: Annotated[str, Form(max_length=20_000)] = "",
                    concessions: Annotated[str, Form(max_length=20_000)] = "",
                    publish: Annotated[str | None, Form()] = None) -> Response:
    postmortems.edit_postmortem(session, incident_id=incident_id, principal=principal, publish=bool(publish),
                                changes={"root_cause": root_cause, "went_well": went_well,
                                         "to_improve": to_improve, "concessions": concessions})
    flash(request, "Post-mortem published." if publish else "Post-mortem saved.")
    return RedirectResponse(f"/incidents/{incident_id}/postmortem", status_code=303)


@router.post("/incidents/{incident_id}/postmortem/action-items")
def postmortem_item(incident_id: int, request: Request, session: SessionDep, principal: Viewer,
                    description: Annotated[str, Form(max_length=2000)],
                    owner_id: Annotated[str, Form()] = "", due_on: Annotated[str, Form()] = "") -> Response:
    owner, due = action_item_form(owner_id, due_on)
    postmortems.add_action_item(session, incident_id=incident_id, principal=principal, description=description,
                                owner_id=owner, due_on=due)
    flash(request, "Action item added.")
    return RedirectResponse(f"/incidents/{incident_id}/postmortem#items", status_code=303)


# From a conversation -------------------------------------------------------------------


@router.get("/conversations/{conversation_id}/incidents", response_class=HTMLResponse)
def conversation_banner(conversation_id: int, request: Request, session: SessionDep,
                        principal: Viewer) -> Response:
    c = get_conversation(session, conversation_id=conversation_id, principal=principal)
    principal.require(Permission.INCIDENTS_VIEW)
    mine = service.incidents_of_conversation(session, conversation_id=c.id)
    linked_ids = {i.id for i, _ in mine}
    candidates = [i for i in service.open_incidents_for_brand(session, brand_id=c.brand_id)
                  if i.id not in linked_ids]
    return templates.TemplateResponse(request, "incidents/_banner_body.html", {
        "c": c, "mine": mine, "candidates": candidates, "severities": SEVERITIES})


@router.post("/conversations/{conversation_id}/incidents")
def open_from_conversation(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                           title: Annotated[str, Form(max_length=200)],
                           severity: Annotated[str, Form()] = "sev3") -> Response:
    incident = service.open_incident(session, principal=principal, title=title, severity=severity,
                                     from_conversation_id=conversation_id)
    flash(request, f"Incident #{incident.id} opened from this conversation.")
    return RedirectResponse(f"/conversations/{conversation_id}", status_code=303)


@router.post("/conversations/{conversation_id}/incident-links")
def link_from_conversation(conversation_id: int, request: Request, session: SessionDep, principal: Viewer,
                           incident_id: Annotated[int, Form()],
                           note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    linked = service.link_by_hand(session, incident_id=incident_id, conversation_id=conversation_id,
                                  principal=principal, note=note)
    flash(request, f"Linked to incident #{incident_id}." if linked else "Already linked.")
    return RedirectResponse(f"/conversations/{conversation_id}", status_code=303)
