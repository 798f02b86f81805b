"""Incidents REST API: incidents, linked conversations, updates, post-mortems, settings, alerts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput, NotFound
from escalada.incidents import postmortems, service, updates
from escalada.incidents import settings as thresholds
from escalada.incidents.detection import Thresholds
from escalada.incidents.schemas import (
    ActionItemDone,
    ActionItemIn,
    ActionItemOut,
    EventOut,
    IncidentDetailOut,
    IncidentIn,
    IncidentOut,
    IncidentPatch,
    IncidentStatus,
    LinkedConversationOut,
    LinkIn,
    NotificationOut,
    PostMortemIn,
    PostMortemOut,
    ProgressOut,
    ReviewOut,
    ReviewRowOut,
    StatusChange,
    ThresholdsIn,
    ThresholdsOut,
    UpdateIn,
    UpdateOut,
)
from escalada.models import ActionItem, Brand, Incident, IncidentConversation, IncidentUpdate, User

router = APIRouter(prefix="/api/v1", tags=["incidents"])
Viewer = Annotated[Principal, Depends(current_principal)]
# Routes whose whole purpose needs a permission check it before reading the body, so a
# caller without it gets 403, never the body's schema in a 422.
Manager = Annotated[Principal, Depends(require(Permission.INCIDENTS_MANAGE))]
SettingsAdmin = Annotated[Principal, Depends(require(Permission.INCIDENTS_SETTINGS))]


def incident_out(incident: Incident, conversations: int) -> IncidentOut:
    return IncidentOut(
        id=incident.id, brand=incident.brand.slug, title=incident.title, cause=incident.cause,
        cause_category=incident.cause_category, severity=incident.severity, status=incident.status,
        owner_id=incident.owner_id, owner=incident.owner.name if incident.owner else None,
        affected_channels=incident.affected_channels, detected_by=incident.detected_by,
        false_alarm=incident.false_alarm, first_report_at=incident.first_report_at,
        created_at=incident.created_at, resolved_at=incident.resolved_at, conversations=conversations,
    )


def update_out(session: Session, update: IncidentUpdate) -> UpdateOut:
    out = UpdateOut.model_validate(update)
    if update.state in ("sending", "sent"):
        p = updates.progress(session, update=update)
        out.progress = ProgressOut(linked=p.linked, prepared=p.prepared, queued=p.queued, sent=p.sent,
                                   failed=p.failed, skipped=p.skipped, percent=p.percent)
    return out


def detail_out(session: Session, incident_id: int, principal: Principal) -> IncidentDetailOut:
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    linked = service.linked_conversations(session, incident=incident)
    base = incident_out(incident, len(linked))
    return IncidentDetailOut(
        **base.model_dump(),
        linked=[LinkedConversationOut(
            conversation_id=c.id, author_handle=c.author.handle, channel=c.channel, language=c.language,
            status=c.status, linked_at=link.linked_at, linked_by=link.linked_by_label, reason=link.reason)
            for c, link in linked],
        timeline=[EventOut.model_validate(e) for e in service.timeline(session, incident=incident)],
        updates=[update_out(session, u) for u in updates.list_updates(session, incident=incident)],
    )


def _count_linked(session: Session, incident_id: int) -> int:
    return session.scalar(select(func.count()).select_from(IncidentConversation)
                          .where(IncidentConversation.incident_id == incident_id)) or 0


@router.get("/incidents", response_model=list[IncidentOut])
def list_incidents(session: SessionDep, principal: Viewer,
                   status: Annotated[list[IncidentStatus], Query()] = [],  # noqa: B006
                   brand: str | None = None) -> list[IncidentOut]:
    brand_id = None
    if brand:
        brand_id = session.scalar(select(Brand.id).where(Brand.slug == brand))
        if brand_id is None:
            raise NotFound(f"brand {brand!r} not found")
    rows = service.list_incidents(session, principal=principal, statuses=tuple(status), brand_id=brand_id)
    return [incident_out(r.incident, r.conversations) for r in rows]


@router.post("/incidents", response_model=IncidentDetailOut, status_code=201)
def post_incident(body: IncidentIn, session: SessionDep, principal: Viewer) -> IncidentDetailOut:
    brand_id = None
    if body.conversation_id is None:
        if not body.brand:
            raise InvalidInput("give the brand (slug) or the conversation_id the incident starts from")
        brand_id = session.scalar(select(Brand.id).where(Brand.slug == body.brand))
        if brand_id is None:
            raise InvalidInput(f"unknown brand {body.brand!r}")
    incident = service.open_incident(
        session, principal=principal, brand_id=brand_id, title=body.title, severity=body.severity,
        cause=body.cause, cause_category=body.cause_category, owner_id=body.owner_id,
        channels=body.affected_channels, from_conversation_id=body.conversation_id)
    return detail_out(session, incident.id, principal)


@router.get("/incidents/{incident_id}", response_model=IncidentDetailOut)
def get_incident(incident_id: int, session: SessionDep, principal: Viewer) -> IncidentDetailOut:
    return detail_out(session, incident_id, principal)


@router.patch("/incidents/{incident_id}", response_model=IncidentOut)
def patch_incident(incident_id: int, body: IncidentPatch, session: SessionDep, principal: Manager) -> IncidentOut:
    incident = service.edit_incident(session, incident_id=incident_id, principal=principal,
                                     changes=body.model_dump(exclude_unset=True))
    return incident_out(incident, _count_linked(session, incident.id))


@router.put("/incidents/{incident_id}/status", status_code=204)
def put_status(incident_id: int, body: StatusChange, session: SessionDep, principal: Manager) -> None:
    service.change_status(session, incident_id=incident_id, status=body.status, principal=principal,
                          note=body.note, false_alarm=body.false_alarm)


@router.post("/incidents/{incident_id}/resolve", status_code=204)
def post_resolve(incident_id: int, session: SessionDep, principal: Viewer) -> None:
    updates.resolve(session, incident_id=incident_id, principal=principal)


@router.post("/incidents/{incident_id}/conversations", status_code=204)
def post_link(incident_id: int, body: LinkIn, session: SessionDep, principal: Viewer) -> None:
    service.link_by_hand(session, incident_id=incident_id, conversation_id=body.conversation_id,
                         principal=principal, note=body.note)


@router.delete("/incidents/{incident_id}/conversations/{conversation_id}", status_code=204)
def delete_link(incident_id: int, conversation_id: int, session: SessionDep, principal: Viewer) -> None:
    if not service.unlink(session, incident_id=incident_id, conversation_id=conversation_id,
                          principal=principal):
        raise NotFound(f"conversation {conversation_id} is not linked to incident {incident_id}")


@router.post("/incidents/{incident_id}/updates", response_model=UpdateOut, status_code=201)
def post_update(incident_id: int, body: UpdateIn, session: SessionDep, principal: Manager) -> UpdateOut:
    update = updates.draft_update(session, incident_id=incident_id, principal=principal, texts=body.texts,
                                  default_language=body.default_language, kind=body.kind,
                                  default_for=body.default_for)
    return update_out(session, update)


@router.put("/incidents/{incident_id}/updates/{update_id}", response_model=UpdateOut)
def put_update(incident_id: int, update_id: int, body: UpdateIn, session: SessionDep,
               principal: Manager) -> UpdateOut:
    update = updates.edit_draft(session, incident_id=incident_id, update_id=update_id, principal=principal,
                                texts=body.texts, default_language=body.default_language,
                                default_for=body.default_for)
    return update_out(session, update)


@router.get("/incidents/{incident_id}/updates/{update_id}", response_model=UpdateOut)
def get_update(incident_id: int, update_id: int, session: SessionDep, principal: Viewer) -> UpdateOut:
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    for update in updates.list_updates(session, incident=incident):
        if update.id == update_id:
            return update_out(session, update)
    raise NotFound(f"update {update_id} not found")


@router.post("/incidents/{incident_id}/updates/{update_id}/approve", response_model=UpdateOut)
def post_approve(incident_id: int, update_id: int, session: SessionDep, principal: Viewer) -> UpdateOut:
    update = updates.approve_update(session, incident_id=incident_id, update_id=update_id, principal=principal)
    return update_out(session, update)


@router.post("/incidents/{incident_id}/updates/{update_id}/send", response_model=UpdateOut, status_code=202)
def post_send(incident_id: int, update_id: int, session: SessionDep, principal: Viewer) -> UpdateOut:
    update = updates.send_update(session, incident_id=incident_id, update_id=update_id, principal=principal)
    return update_out(session, update)


def _item_out(item: ActionItem, incident_id: int | None, overdue: bool = False,
              conversation_id: int | None = None) -> ActionItemOut:
    return ActionItemOut(id=item.id, incident_id=incident_id, description=item.description,
                         owner=item.owner.name if item.owner else None, due_on=item.due_on,
                         done=item.done_at is not None, overdue=overdue, conversation_id=conversation_id)


@router.get("/incidents/{incident_id}/postmortem", response_model=PostMortemOut)
def get_postmortem(incident_id: int, session: SessionDep, principal: Viewer) -> PostMortemOut:
    pm = postmortems.get_postmortem(session, incident_id=incident_id, principal=principal)
    return PostMortemOut(
        incident_id=incident_id, state=pm.state, root_cause=pm.root_cause, went_well=pm.went_well,
        to_improve=pm.to_improve, concessions=pm.concessions,
        timeline=postmortems.generated_timeline(session, incident=pm.incident),
        action_items=[_item_out(i, incident_id) for i in postmortems.action_items(session, postmortem=pm)])


@router.put("/incidents/{incident_id}/postmortem", response_model=PostMortemOut)
def put_postmortem(incident_id: int, body: PostMortemIn, session: SessionDep, principal: Manager) -> PostMortemOut:
    changes = body.model_dump(exclude_unset=True, exclude={"publish"}, exclude_none=True)
    postmortems.edit_postmortem(session, incident_id=incident_id, principal=principal, changes=changes,
                                publish=body.publish)
    return get_postmortem(incident_id, session, principal)


@router.get("/incidents/{incident_id}/postmortem.md", response_class=PlainTextResponse)
def get_postmortem_markdown(incident_id: int, session: SessionDep, principal: Viewer) -> PlainTextResponse:
    text = postmortems.to_markdown(session, incident_id=incident_id, principal=principal)
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="incident-{incident_id}-postmortem.md"'})


@router.post("/incidents/{incident_id}/postmortem/action-items", response_model=ActionItemOut, status_code=201)
def post_action_item(incident_id: int, body: ActionItemIn, session: SessionDep, principal: Manager) -> ActionItemOut:
    item = postmortems.add_action_item(session, incident_id=incident_id, principal=principal,
                                       description=body.description, owner_id=body.owner_id, due_on=body.due_on)
    return ActionItemOut(id=item.id, incident_id=incident_id, description=item.description,
                         owner=_user_name(session, item.owner_id), due_on=item.due_on, done=False)


def _user_name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.name if user else None


@router.get("/action-items", response_model=list[ActionItemOut])
def get_open_action_items(session: SessionDep, principal: Viewer) -> list[ActionItemOut]:
    return [_item_out(row.item, row.incident.id if row.incident else None, row.overdue,
                      conversation_id=row.conversation_id)
            for row in postmortems.open_action_items(session, principal=principal)]


@router.put("/action-items/{item_id}", status_code=204)
def put_action_item(item_id: int, body: ActionItemDone, session: SessionDep, principal: Viewer) -> None:
    postmortems.complete_action_item(session, item_id=item_id, principal=principal, done=body.done)


@router.get("/incident-review", response_model=ReviewOut)
def get_review(session: SessionDep, principal: Viewer,
               quarter: Annotated[str | None, Query(description="e.g. 2026Q4; default: this quarter")] = None,
               ) -> ReviewOut:
    year, q = postmortems.parse_quarter(quarter)
    review = postmortems.quarterly_review(session, principal=principal, year=year, quarter=q)
    return ReviewOut(
        quarter=f"{year}Q{q}",
        incidents=[ReviewRowOut(incident=incident_out(r.incident, r.linked),
                                postmortem_state=r.postmortem.state if r.postmortem else None,
                                time_to_resolve=r.time_to_resolve) for r in review.rows],
        recurring_causes=[{"cause_category": c, "this_quarter": n, "previous_year": p}
                          for c, n, p in review.recurring],
        recurring_cues=[{"cue": c, "incidents": n} for c, n in review.recurring_cues],
        open_action_items=review.open_items,
        executive_escalations=[{"conversation_id": e.conversation.id, "handle": e.handle, "brand": e.brand,
                                "postmortem_state": e.postmortem.state} for e in review.escalations])


@router.get("/incident-settings", response_model=list[ThresholdsOut])
def get_settings(session: SessionDep, principal: Viewer) -> list[ThresholdsOut]:
    return [_thresholds_out(b.slug, t, custom)
            for b, t, custom in thresholds.brand_thresholds(session, principal=principal)]


@router.put("/incident-settings/{brand}", response_model=ThresholdsOut)
def put_settings(brand: str, body: ThresholdsIn, session: SessionDep, principal: SettingsAdmin) -> ThresholdsOut:
    t = thresholds.update_thresholds(session, brand_slug=brand, principal=principal,
                                     values=body.model_dump(exclude_none=True))
    return _thresholds_out(brand, t, True)


def _thresholds_out(brand: str, t: Thresholds, customised: bool) -> ThresholdsOut:
    return ThresholdsOut(brand=brand, customised=customised, **asdict(t))


@router.get("/incident-notifications", response_model=list[NotificationOut])
def get_notifications(session: SessionDep, principal: Viewer, unread: bool = False) -> list[NotificationOut]:
    rows = service.notifications_for(session, principal=principal, unread_only=unread)
    return [NotificationOut.model_validate(n) for n in rows]


@router.post("/incident-notifications/read", status_code=204)
def post_notifications_read(session: SessionDep, principal: Viewer) -> None:
    service.mark_read(session, principal=principal)
