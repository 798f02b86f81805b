"""Incidents: open, edit, change status, link conversations, alert stakeholders.

Services take a session, never commit and raise EscaladaError subclasses. Every change
lands on the incident's timeline (``incident_events``) through :func:`add_event`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from escalada.audit.service import record
from escalada.auth.permissions import Permission, Role
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.inbox.service import get_conversation
from escalada.incidents import hooks
from escalada.incidents.cues import INCIDENT_CATEGORIES, extract_cues
from escalada.kit.clock import utc_now
from escalada.triage.contract import CHANNELS
from escalada.models import (
    CAUSE_CATEGORIES,
    INCIDENT_STATUSES,
    OPEN_INCIDENT_STATUSES,
    SEVERITIES,
    Brand,
    Conversation,
    Incident,
    IncidentConversation,
    IncidentEvent,
    IncidentNotification,
    Message,
    Stakeholder,
    User,
)
from escalada.notifications import service as user_notifications

# (old → allowed new). A resolved incident may be reopened as confirmed.
TRANSITIONS: dict[str, frozenset[str]] = {
    "suspected": frozenset({"confirmed", "monitoring", "resolved"}),
    "confirmed": frozenset({"monitoring", "resolved"}),
    "monitoring": frozenset({"confirmed", "resolved"}),
    "resolved": frozenset({"confirmed"}),
}


def add_event(session: Session, incident: Incident, *, actor: Principal, kind: str,
              text: str = "", **details: Any) -> IncidentEvent:
    event = IncidentEvent(incident_id=incident.id, actor_user_id=actor.user_id,
                          actor_label=actor.label, kind=kind, text=text, details=details)
    session.add(event)
    incident.updated_at = utc_now()
    return event


def get_incident(session: Session, *, incident_id: int, principal: Principal,
                 for_update: bool = False) -> Incident:
    """The access gate for incidents: missing and forbidden look the same."""
    incident = None
    if principal.can(Permission.INCIDENTS_VIEW):
        query = (select(Incident).where(Incident.id == incident_id)
                 .options(joinedload(Incident.brand), joinedload(Incident.owner)))
        if for_update:
            query = query.with_for_update(of=Incident)
        incident = session.scalar(query)
    if incident is None:
        raise NotFound(f"incident {incident_id} not found")
    return incident


@dataclass(frozen=True)
class IncidentRow:
    incident: Incident
    conversations: int


def list_incidents(session: Session, *, principal: Principal, statuses: tuple[str, ...] = (),
                   brand_id: int | None = None, limit: int = 200) -> list[IncidentRow]:
    principal.require(Permission.INCIDENTS_VIEW)
    for status in statuses:
        if status not in INCIDENT_STATUSES:
            raise InvalidInput(f"unknown incident status {status!r}")
    linked = (select(IncidentConversation.incident_id, func.count().label("n"))
              .group_by(IncidentConversation.incident_id).subquery())
    query = (select(Incident, func.coalesce(linked.c.n, 0))
             .outerjoin(linked, linked.c.incident_id == Incident.id)
             .options(joinedload(Incident.brand), joinedload(Incident.owner))
             .order_by(Incident.created_at.desc(), Incident.id.desc()).limit(limit))
    if statuses:
        query = query.where(Incident.status.in_(statuses))
    if brand_id is not None:
        query = query.where(Incident.brand_id == brand_id)
    return [IncidentRow(i, n) for i, n in session.execute(query)]


def _check_fields(*, severity: str | None = None, cause_category: str | None = None,
                  title: str | None = None, channels: Iterable[str] | None = None) -> None:
    if severity is not None and severity not in SEVERITIES:
        raise InvalidInput(f"severity must be one of {', '.join(SEVERITIES)}")
    if cause_category is not None and cause_category not in CAUSE_CATEGORIES:
        raise InvalidInput(f"cause category must be one of {', '.join(CAUSE_CATEGORIES)}")
    if title is not None and not 1 <= len(title.strip()) <= 200:
        raise InvalidInput("a title has 1 to 200 characters")
    if channels is not None:
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            raise InvalidInput(f"unknown channel(s): {', '.join(unknown)}")


def _owner(session: Session, owner_id: int | None) -> User | None:
    if owner_id is None:
        return None
    owner = session.get(User, owner_id)
    allowed = (Role.ESCALATION_MANAGER, Role.LEAD, Role.ADMIN)
    if owner is None or not owner.is_active or owner.role not in allowed:
        raise InvalidInput("the owner must be an active escalation manager, lead or admin")
    return owner


def conversation_signature(session: Session, conversation_ids: Iterable[int], *,
                           brand: Brand) -> dict[str, Any]:
    """Categories and cue counts of these conversations' customer messages."""
    categories: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    ids = list(conversation_ids)
    rows = session.execute(
        select(Message.text, Message.triage).where(
            Message.conversation_id.in_(ids), Message.direction == "inbound")
    ) if ids else []
    ignore = brand_words(brand)
    reports = 0
    for text, triage in rows:
        reports += 1
        categories.update(c for c in (triage or {}).get("categories", []) if c in INCIDENT_CATEGORIES)
        cues.update(extract_cues(text, ignore=ignore))
    return {"categories": sorted(categories), "category_counts": dict(categories),
            "cues": dict(cues), "reports": reports}


def brand_words(brand: Brand) -> list[str]:
    return [brand.slug, *brand.name.split(), brand.name.replace(" ", "")]


def open_incident(
    session: Session, *, principal: Principal, brand_id: int | None = None, title: str,
    severity: str = "sev3", cause: str = "", cause_category: str = "unknown",
    owner_id: int | None = None, channels: Iterable[str] = (),
    from_conversation_id: int | None = None,
) -> Incident:
    """Open an incident by hand, optionally from a conversation (which is linked to it)."""
    principal.require(Permission.INCIDENTS_OPEN)
    _check_fields(severity=severity, cause_category=cause_category, title=title, channels=channels)
    conversation = None
    if from_conversation_id is not None:
        conversation = get_conversation(session, conversation_id=from_conversation_id,
                                        principal=principal)
        brand_id = conversation.brand_id
    brand = session.get(Brand, brand_id) if brand_id is not None else None
    if brand is None:
        raise InvalidInput("choose the brand the incident affects")
    owner = _owner(session, owner_id)
    if owner is None and principal.can(Permission.INCIDENTS_MANAGE) and principal.user_id:
        owner = session.get(User, principal.user_id)
    incident = Incident(
        brand_id=brand.id, title=title.strip(), severity=severity, cause=cause.strip(),
        cause_category=cause_category, status="confirmed" if principal.can(
            Permission.INCIDENTS_MANAGE) else "suspected",
        owner_id=owner.id if owner else None, affected_channels=sorted(set(channels)),
        detected_by="manual", opened_by_label=principal.label,
        first_report_at=conversation.created_at if conversation else None,
        signature=conversation_signature(session, [conversation.id], brand=brand)
        if conversation else {},
    )
    session.add(incident)
    session.flush()
    add_event(session, incident, actor=principal, kind="opened",
              text=f"opened by hand as {incident.status}", severity=severity)
    if conversation is not None:
        link_conversation(session, incident=incident, conversation=conversation, actor=principal,
                          reason=f"incident opened from this conversation by {principal.label}")
    alert_stakeholders(session, incident=incident, kind="opened",
                       text=f"Incident #{incident.id} opened: {incident.title}")
    return incident


def edit_incident(session: Session, *, incident_id: int, principal: Principal,
                  changes: dict[str, Any]) -> Incident:
    principal.require(Permission.INCIDENTS_MANAGE)
    incident = get_incident(session, incident_id=incident_id, principal=principal)
    _check_fields(severity=changes.get("severity"), cause_category=changes.get("cause_category"),
                  title=changes.get("title"), channels=changes.get("affected_channels"))
    owner = _owner(session, changes["owner_id"]) if "owner_id" in changes else None
    changed = {}
    for field in ("title", "cause", "cause_category", "severity", "owner_id", "affected_channels"):
        if field not in changes:
            continue
        value = changes[field]
        if isinstance(value, str):
            value = value.strip()
        if field == "affected_channels":
            value = sorted(set(value))
        if getattr(incident, field) != value:
            changed[field] = value
            setattr(incident, field, value)
    if "owner_id" in changed:
        incident.owner = owner
    if changed:
        add_event(session, incident, actor=principal, kind="edited",
                  text="changed " + ", ".join(f.replace("_", " ") for f in changed),
                  **{k: v for k, v in changed.items() if k != "cause"})
    return incident


def change_status(session: Session, *, incident_id: int, status: str, principal: Principal,
                  note: str = "", false_alarm: bool = False) -> bool:
    """Confirm, monitor or reopen. Resolving goes through :func:`updates.resolve`."""
    principal.require(Permission.INCIDENTS_MANAGE)
    incident = get_incident(session, incident_id=incident_id, principal=principal, for_update=True)
    if status == "resolved" and not false_alarm:
        raise Conflict("resolve through the resolution update, so every customer is told")
    return transition(session, incident, status, actor=principal, note=note, false_alarm=false_alarm)


def transition(session: Session, incident: Incident, new_status: str, *, actor: Principal,
               note: str = "", false_alarm: bool = False) -> bool:
    """The one place an incident's status changes; False when already there."""
    old = incident.status
    if new_status not in INCIDENT_STATUSES:
        raise InvalidInput(f"unknown incident status {new_status!r}")
    if old == new_status:
        return False
    if new_status not in TRANSITIONS[old]:
        raise Conflict(f"a {old} incident cannot become {new_status}")
    if false_alarm and old != "suspected":
        raise Conflict("only a suspected incident can be dismissed as a false alarm")
    incident.status = new_status
    incident.false_alarm = false_alarm
    incident.resolved_at = utc_now() if new_status == "resolved" else None
    text = f"{old} → {new_status}" + (" (false alarm)" if false_alarm else "")
    add_event(session, incident, actor=actor, kind="status", text=text + (f": {note}" if note else ""),
              **{"from": old, "to": new_status})
    if new_status == "resolved" and not false_alarm:
        alert_stakeholders(session, incident=incident, kind="resolved",
                           text=f"Incident #{incident.id} resolved: {incident.title}")
    return True


def link_conversation(session: Session, *, incident: Incident, conversation: Conversation,
                      actor: Principal, reason: str) -> bool:
    """Link once; False when already linked. Keeps affected channels up to date."""
    if incident.status == "resolved":
        raise Conflict("this incident is resolved; reopen it before linking conversations")
    if conversation.brand_id != incident.brand_id:
        raise InvalidInput("the conversation belongs to another brand than the incident")
    if session.get(IncidentConversation, (incident.id, conversation.id)) is not None:
        return False
    session.add(IncidentConversation(incident_id=incident.id, conversation_id=conversation.id,
                                     linked_by_label=actor.label, reason=reason[:2000]))
    if conversation.channel not in incident.affected_channels:
        incident.affected_channels = sorted({*incident.affected_channels, conversation.channel})
    if incident.first_report_at is None or conversation.created_at < incident.first_report_at:
        incident.first_report_at = conversation.created_at
    add_event(session, incident, actor=actor, kind="linked", text=reason,
              conversation_id=conversation.id)
    record(session, actor=actor, action="conversation.incident_linked",
           conversation_id=conversation.id, incident_id=incident.id, reason=reason)
    hooks.route_to_owner(session, incident=incident, conversation=conversation, actor=actor)
    return True


def link_by_hand(session: Session, *, incident_id: int, conversation_id: int,
                 principal: Principal, note: str = "") -> bool:
    principal.require(Permission.INCIDENTS_OPEN)
    incident = get_incident(session, incident_id=incident_id, principal=principal)
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    reason = f"linked by {principal.label}" + (f": {note.strip()}" if note.strip() else "")
    linked = link_conversation(session, incident=incident, conversation=conversation,
                               actor=principal, reason=reason)
    if linked:
        brand = session.get(Brand, incident.brand_id)
        assert brand is not None
        extra = conversation_signature(session, [conversation.id], brand=brand)
        merge_signature(incident, extra)
    return linked


def unlink(session: Session, *, incident_id: int, conversation_id: int, principal: Principal) -> bool:
    principal.require(Permission.INCIDENTS_MANAGE)
    incident = get_incident(session, incident_id=incident_id, principal=principal)
    row = session.get(IncidentConversation, (incident.id, conversation_id))
    if row is None:
        return False
    session.delete(row)
    add_event(session, incident, actor=principal, kind="unlinked",
              text=f"conversation #{conversation_id} unlinked", conversation_id=conversation_id)
    record(session, actor=principal, action="conversation.incident_unlinked",
           conversation_id=conversation_id, incident_id=incident.id)
    return True


def merge_signature(incident: Incident, extra: dict[str, Any]) -> None:
    signature = dict(incident.signature or {})
    cues = Counter(signature.get("cues", {}))
    cues.update(extra.get("cues", {}))
    signature["cues"] = dict(cues)
    signature["categories"] = sorted({*signature.get("categories", []), *extra.get("categories", [])})
    counts = Counter(signature.get("category_counts", {}))
    counts.update(extra.get("category_counts") or dict.fromkeys(extra.get("categories", []), 1))
    signature["category_counts"] = dict(counts)
    signature["reports"] = signature.get("reports", 0) + extra.get("reports", 0)
    incident.signature = signature


def main_categories(signature: dict[str, Any]) -> set[str]:
    """The categories a good share (30 %) of the incident's reports carry."""
    counts = signature.get("category_counts") or dict.fromkeys(signature.get("categories", []), 1)
    floor = 0.3 * max(1, signature.get("reports", 1))
    return {category for category, n in counts.items() if n >= floor}


def linked_conversations(session: Session, *, incident: Incident) -> list[tuple[Conversation, IncidentConversation]]:
    rows = session.execute(
        select(Conversation, IncidentConversation)
        .join(IncidentConversation, IncidentConversation.conversation_id == Conversation.id)
        .where(IncidentConversation.incident_id == incident.id)
        .options(joinedload(Conversation.author))
        .order_by(IncidentConversation.linked_at, Conversation.id)
    )
    return [(c, link) for c, link in rows]


def incidents_of_conversation(session: Session, *, conversation_id: int) -> list[tuple[Incident, IncidentConversation]]:
    rows = session.execute(
        select(Incident, IncidentConversation)
        .join(IncidentConversation, IncidentConversation.incident_id == Incident.id)
        .where(IncidentConversation.conversation_id == conversation_id)
        .order_by(Incident.created_at.desc())
    )
    return [(i, link) for i, link in rows]


def open_incidents_for_brand(session: Session, *, brand_id: int) -> list[Incident]:
    return list(session.scalars(
        select(Incident).where(Incident.brand_id == brand_id,
                               Incident.status.in_(OPEN_INCIDENT_STATUSES))
        .order_by(Incident.created_at.desc())
    ))


def timeline(session: Session, *, incident: Incident) -> list[IncidentEvent]:
    return list(session.scalars(
        select(IncidentEvent).where(IncidentEvent.incident_id == incident.id).order_by(IncidentEvent.id)
    ))


# Stakeholders ------------------------------------------------------------------------

STAKEHOLDER_ROLES = (Role.ESCALATION_MANAGER, Role.LEAD)
SEVERE = ("sev1",)  # executives hear about these
INCIDENTS = Principal(role="admin", label="Incidents")


def stakeholders(session: Session, *, incident: Incident) -> list[User]:
    """Escalation managers, leads and the owner; admins (executives) too for sev1."""
    roles = [*STAKEHOLDER_ROLES, *([Role.ADMIN] if incident.severity in SEVERE else [])]
    users = list(session.scalars(
        select(User).where(User.is_active.is_(True), User.role.in_([r.value for r in roles]))
        .order_by(User.id)
    ))
    if incident.owner_id is not None and all(u.id != incident.owner_id for u in users):
        owner = session.get(User, incident.owner_id)
        if owner is not None and owner.is_active:
            users.append(owner)
    return users


def outside_stakeholders(session: Session, *, incident: Incident) -> list[Stakeholder]:
    """The brand's stakeholders outside the care team (see SLA stakeholders).

    Brand-wide customer success managers and account executives, those named for the
    customers of linked conversations, and executives only for severe incidents.
    """
    authors = select(Conversation.author_id).join(
        IncidentConversation, IncidentConversation.conversation_id == Conversation.id
    ).where(IncidentConversation.incident_id == incident.id)
    rows = session.scalars(
        select(Stakeholder).where(Stakeholder.brand_id == incident.brand_id,
                                  or_(Stakeholder.author_id.is_(None), Stakeholder.author_id.in_(authors)))
        .order_by(Stakeholder.kind, Stakeholder.id)
    )
    return [s for s in rows if s.kind != "executive" or incident.severity in SEVERE]


def alert_stakeholders(session: Session, *, incident: Incident, kind: str, text: str) -> int:
    """Tell every stakeholder: in the app (their one notification list) and by e-mail.

    Users get an in-app alert (also kept per incident for the incident alerts view) and
    an e-mail; outside stakeholders an e-mail; the escalation webhook one post. The
    e-mails and the post are delivery rows sent by a job after the commit.
    """
    users = stakeholders(session, incident=incident)
    for user in users:
        session.add(IncidentNotification(user_id=user.id, incident_id=incident.id, kind=kind, text=text))
        user_notifications.notify(session, user_id=user.id, kind="incident", text=text, actor=INCIDENTS)
    outside = outside_stakeholders(session, incident=incident)
    body = f"{text}\nSeverity {incident.severity}, status {incident.status}. Open /incidents/{incident.id}"
    hooks.send_outside(session, emails=[u.email for u in users] + [s.email for s in outside],
                       subject=f"[Escalada] {text}", text=body)
    return len(users) + len(outside)


def notifications_for(session: Session, *, principal: Principal, unread_only: bool = False,
                      limit: int = 100) -> list[IncidentNotification]:
    principal.require(Permission.INCIDENTS_VIEW)
    if principal.user_id is None:
        return []
    query = select(IncidentNotification).where(IncidentNotification.user_id == principal.user_id)
    if unread_only:
        query = query.where(IncidentNotification.read_at.is_(None))
    return list(session.scalars(query.order_by(IncidentNotification.id.desc()).limit(limit)))


def mark_read(session: Session, *, principal: Principal, notification_id: int | None = None) -> int:
    principal.require(Permission.INCIDENTS_VIEW)
    rows = notifications_for(session, principal=principal, unread_only=True, limit=1000)
    if notification_id is None:
        user_notifications.mark_all_read(session, principal=principal, kind="incident")
    count = 0
    for row in rows:
        if notification_id is None or row.id == notification_id:
            row.read_at = utc_now()
            count += 1
    return count
