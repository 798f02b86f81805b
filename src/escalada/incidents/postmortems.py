"""Post-mortems of resolved incidents, their action items, Markdown export, quarterly review."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput, NotFound
from escalada.incidents import service
from escalada.kit.clock import utc_now
from escalada.models import (
    ActionItem,
    Author,
    Brand,
    Conversation,
    Incident,
    IncidentConversation,
    IncidentDelivery,
    IncidentUpdate,
    Message,
    PostMortem,
    User,
)

TEXT_FIELDS = ("root_cause", "went_well", "to_improve", "concessions")
MAX_FIELD = 20_000


def ensure_postmortem(session: Session, *, incident: Incident) -> PostMortem | None:
    """Every resolved incident gets one (false alarms excepted); created as a draft."""
    if incident.false_alarm:
        return None
    existing = session.scalar(select(PostMortem).where(PostMortem.incident_id == incident.id))
    if existing is not None:
        return existing
    postmortem = PostMortem(incident_id=incident.id, root_cause=incident.cause)
    session.add(postmortem)
    session.flush()
    return postmortem


def get_postmortem(session: Session, *, incident_id: int, principal: Principal) -> PostMortem:
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    postmortem = session.scalar(select(PostMortem).where(PostMortem.incident_id == incident.id)
                                .options(joinedload(PostMortem.incident)))
    if postmortem is None:
        raise NotFound(f"incident {incident_id} has no post-mortem yet; it gets one when resolved")
    return postmortem


def edit_postmortem(session: Session, *, incident_id: int, principal: Principal,
                    changes: dict[str, str], publish: bool = False) -> PostMortem:
    principal.require(Permission.INCIDENTS_MANAGE)
    postmortem = get_postmortem(session, incident_id=incident_id, principal=principal)
    write(postmortem, changes=changes, publish=publish)
    assert postmortem.incident is not None
    service.add_event(session, postmortem.incident, actor=principal,
                      kind="postmortem_published" if publish else "postmortem_edited",
                      text="post-mortem published" if publish else "post-mortem edited")
    return postmortem


def write(postmortem: PostMortem, *, changes: dict[str, str], publish: bool = False) -> None:
    """Check and store edited fields; publishing needs a root cause. (Incident or escalation.)"""
    for name, value in changes.items():
        if name not in TEXT_FIELDS:
            raise InvalidInput(f"unknown post-mortem field {name!r}")
        if len(value) > MAX_FIELD:
            raise InvalidInput(f"{name.replace('_', ' ')} is over {MAX_FIELD} characters")
        setattr(postmortem, name, value.strip())
    postmortem.updated_at = utc_now()
    if publish:
        if not postmortem.root_cause.strip():
            raise InvalidInput("write the root cause before publishing")
        postmortem.state = "published"
        postmortem.published_at = utc_now()


def action_items(session: Session, *, postmortem: PostMortem) -> list[ActionItem]:
    return list(session.scalars(select(ActionItem).where(ActionItem.postmortem_id == postmortem.id)
                                .options(joinedload(ActionItem.owner)).order_by(ActionItem.id)))


def add_action_item(session: Session, *, incident_id: int, principal: Principal, description: str,
                    owner_id: int | None, due_on: date | None) -> ActionItem:
    principal.require(Permission.INCIDENTS_MANAGE)
    postmortem = get_postmortem(session, incident_id=incident_id, principal=principal)
    item = new_action_item(session, postmortem=postmortem, description=description, owner_id=owner_id,
                           due_on=due_on)
    assert postmortem.incident is not None
    service.add_event(session, postmortem.incident, actor=principal, kind="action_item",
                      text=f"action item: {item.description[:120]}")
    return item


def new_action_item(session: Session, *, postmortem: PostMortem, description: str, owner_id: int | None,
                    due_on: date | None) -> ActionItem:
    if not description.strip() or len(description) > 2000:
        raise InvalidInput("describe the action in 1 to 2000 characters")
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if owner is None or not owner.is_active:
            raise InvalidInput(f"user {owner_id} does not exist or is deactivated")
    item = ActionItem(postmortem_id=postmortem.id, description=description.strip(),
                      owner_id=owner_id, due_on=due_on)
    session.add(item)
    session.flush()
    return item


def complete_action_item(session: Session, *, item_id: int, principal: Principal, done: bool = True) -> ActionItem:
    principal.require(Permission.INCIDENTS_MANAGE)
    item = session.get(ActionItem, item_id)
    if item is None:
        raise NotFound(f"action item {item_id} not found")
    item.done_at = utc_now() if done else None
    return item


@dataclass(frozen=True)
class OpenItem:
    """An open action item of an incident's post-mortem or of an executive escalation's."""

    item: ActionItem
    incident: Incident | None
    overdue: bool
    conversation_id: int | None = None
    handle: str | None = None

    @property
    def href(self) -> str:
        if self.incident is not None:
            return f"/incidents/{self.incident.id}/postmortem"
        return f"/executive/postmortems/{self.conversation_id}"

    @property
    def source(self) -> str:
        if self.incident is not None:
            return f"#{self.incident.id} {self.incident.title}"
        return f"executive escalation: @{self.handle} (conversation {self.conversation_id})"


def open_action_items(session: Session, *, principal: Principal) -> list[OpenItem]:
    principal.require(Permission.INCIDENTS_MANAGE)
    rows = session.execute(
        select(ActionItem, Incident, PostMortem.conversation_id, Author.handle)
        .join(PostMortem, PostMortem.id == ActionItem.postmortem_id)
        .outerjoin(Incident, Incident.id == PostMortem.incident_id)
        .outerjoin(Conversation, Conversation.id == PostMortem.conversation_id)
        .outerjoin(Author, Author.id == Conversation.author_id)
        .where(ActionItem.done_at.is_(None))
        .options(joinedload(ActionItem.owner))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    ).all()
    today = utc_now().date()
    return [OpenItem(item, incident, item.due_on is not None and item.due_on < today, conversation_id, handle)
            for item, incident, conversation_id, handle in rows]


# Timeline -----------------------------------------------------------------------------


def generated_timeline(session: Session, *, incident: Incident) -> list[tuple[datetime, str]]:
    """What happened and when, from the records: reports, links, updates, deliveries."""
    entries: list[tuple[datetime, str]] = []
    if incident.first_report_at is not None:
        entries.append((incident.first_report_at, "first customer report"))
    entries.append((incident.created_at, f"incident opened ({incident.detected_by}) as "
                                         f"{incident.severity}"))
    links = session.execute(
        select(func.count(), func.min(IncidentConversation.linked_at), func.max(IncidentConversation.linked_at))
        .where(IncidentConversation.incident_id == incident.id)).one()
    if links[0]:
        entries.append((links[2], f"{links[0]} conversations linked (the last one)"))
    for event in service.timeline(session, incident=incident):
        if event.kind in ("status", "update_approved", "update_sending", "update_sent", "edited",
                          "postmortem_published"):
            entries.append((event.at, f"{event.actor_label}: {event.text}"))
    updates = session.execute(
        select(IncidentUpdate.id, IncidentUpdate.kind, func.count(Message.id), func.max(Message.delivered_at))
        .join(IncidentDelivery, IncidentDelivery.update_id == IncidentUpdate.id)
        .join(Message, Message.id == IncidentDelivery.message_id)
        .where(IncidentUpdate.incident_id == incident.id, Message.delivery_state == "sent")
        .group_by(IncidentUpdate.id, IncidentUpdate.kind)).all()
    for update_id, kind, delivered, last in updates:
        if last is not None:
            entries.append((last, f"{kind} #{update_id} delivered to {delivered} customers"))
    if incident.resolved_at is not None:
        entries.append((incident.resolved_at, "resolved"))
    entries.sort(key=lambda e: e[0])
    return entries


def _duration(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "—"
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def to_markdown(session: Session, *, incident_id: int, principal: Principal) -> str:
    postmortem = get_postmortem(session, incident_id=incident_id, principal=principal)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    linked = session.scalar(select(func.count()).select_from(IncidentConversation)
                            .where(IncidentConversation.incident_id == incident.id))
    lines = [
        f"# Post-mortem: incident #{incident.id} — {incident.title}",
        "",
        f"- Brand: {incident.brand.name}",
        f"- Severity: {incident.severity}; cause category: {incident.cause_category.replace('_', ' ')}",
        f"- Owner: {incident.owner.name if incident.owner else 'nobody'}",
        f"- Affected channels: {', '.join(incident.affected_channels) or '—'}",
        f"- Customers affected (linked conversations): {linked}",
        f"- Opened: {incident.created_at:%Y-%m-%d %H:%M} UTC; resolved: "
        f"{incident.resolved_at:%Y-%m-%d %H:%M} UTC" if incident.resolved_at else
        f"- Opened: {incident.created_at:%Y-%m-%d %H:%M} UTC; not resolved",
        f"- Time to resolve: {_duration(incident.first_report_at or incident.created_at, incident.resolved_at)}",
        f"- Post-mortem: {postmortem.state}",
        "",
        "## Timeline",
        "",
    ]
    lines += [f"- {at:%Y-%m-%d %H:%M} UTC — {text}" for at, text in
              generated_timeline(session, incident=incident)]
    lines += body_markdown(session, postmortem=postmortem)
    return "\n".join(lines) + "\n"


def body_markdown(session: Session, *, postmortem: PostMortem) -> list[str]:
    """The written sections and the action items, as Markdown lines."""
    lines: list[str] = []
    for title, name in (("Root cause", "root_cause"), ("What went well", "went_well"),
                        ("What to improve", "to_improve"), ("Customer concessions", "concessions")):
        lines += ["", f"## {title}", "", getattr(postmortem, name).strip() or "_Not written yet._"]
    lines += ["", "## Action items", ""]
    items = action_items(session, postmortem=postmortem)
    if not items:
        lines.append("_None._")
    for item in items:
        owner = item.owner.name if item.owner else "unowned"
        due = f", due {item.due_on.isoformat()}" if item.due_on else ""
        lines.append(f"- [{'x' if item.done_at else ' '}] {item.description} ({owner}{due})")
    return lines


# Quarterly review ---------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    if not 1 <= quarter <= 4:
        raise InvalidInput("quarter is 1 to 4")
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=UTC)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=UTC)
    return start, end


def parse_quarter(text: str | None) -> tuple[int, int]:
    if not text:
        now = utc_now()
        return now.year, (now.month - 1) // 3 + 1
    try:
        year, quarter = text.upper().split("Q")
        return int(year), int(quarter)
    except ValueError as exc:
        raise InvalidInput("write the quarter as 2026Q4") from exc


@dataclass
class ReviewRow:
    incident: Incident
    linked: int
    postmortem: PostMortem | None
    time_to_resolve: str


@dataclass
class Review:
    year: int
    quarter: int
    rows: list[ReviewRow] = field(default_factory=list)
    recurring: list[tuple[str, int, int]] = field(default_factory=list)  # cause, this quarter, past year
    # Concrete cues (error codes, hashtags, URLs, product names) behind several incidents.
    recurring_cues: list[tuple[str, int]] = field(default_factory=list)
    open_items: int = 0
    # Executive escalations resolved this quarter, each with its post-mortem.
    escalations: list[EscalationRow] = field(default_factory=list)


@dataclass
class EscalationRow:
    conversation: Conversation
    handle: str
    brand: str
    postmortem: PostMortem


CONCRETE_CUES = ("code:", "tag:", "url:", "name:", "amount:")


def recurring_cues(incidents: list[Incident], *, top: int = 5) -> list[tuple[str, int]]:
    """Concrete cues among the most frequent of two or more incidents' reports."""
    seen: Counter[str] = Counter()
    for incident in incidents:
        cues = Counter({c: n for c, n in (incident.signature or {}).get("cues", {}).items()
                        if c.startswith(CONCRETE_CUES)})
        seen.update(c for c, _ in cues.most_common(top))
    return sorted(((c, n) for c, n in seen.items() if n >= 2), key=lambda item: (-item[1], item[0]))


def quarterly_review(session: Session, *, principal: Principal, year: int, quarter: int) -> Review:
    principal.require(Permission.INCIDENTS_VIEW)
    start, end = quarter_bounds(year, quarter)
    linked = (select(IncidentConversation.incident_id, func.count().label("n"))
              .group_by(IncidentConversation.incident_id).subquery())
    rows = session.execute(
        select(Incident, func.coalesce(linked.c.n, 0), PostMortem)
        .outerjoin(linked, linked.c.incident_id == Incident.id)
        .outerjoin(PostMortem, PostMortem.incident_id == Incident.id)
        .where(Incident.created_at >= start, Incident.created_at < end, Incident.false_alarm.is_(False))
        .options(joinedload(Incident.brand), joinedload(Incident.owner))
        .order_by(Incident.created_at)
    ).all()
    review = Review(year=year, quarter=quarter)
    for incident, n, postmortem in rows:
        review.rows.append(ReviewRow(incident, n, postmortem, _duration(
            incident.first_report_at or incident.created_at, incident.resolved_at)))
    this_quarter = Counter(r.incident.cause_category for r in review.rows)
    year_before = Counter(session.scalars(
        select(Incident.cause_category).where(Incident.created_at >= start - timedelta(days=365),
                                              Incident.created_at < start,
                                              Incident.false_alarm.is_(False))))
    review.recurring = sorted(
        ((cause, n, year_before[cause]) for cause, n in this_quarter.items()
         if cause != "unknown" and (n >= 2 or year_before[cause] >= 1)),
        key=lambda r: (-r[1], -r[2], r[0]))
    review.recurring_cues = recurring_cues([r.incident for r in review.rows])
    escalations = session.execute(
        select(PostMortem, Conversation, Author.handle, Brand.name)
        .join(Conversation, Conversation.id == PostMortem.conversation_id)
        .join(Author, Author.id == Conversation.author_id).join(Brand, Brand.id == Conversation.brand_id)
        .where(PostMortem.created_at >= start, PostMortem.created_at < end)
        .order_by(PostMortem.created_at)
    ).all()
    review.escalations = [EscalationRow(c, handle, brand, pm) for pm, c, handle, brand in escalations]
    # An incident's items count in the quarter it opened; an escalation's when it was resolved.
    opened = func.coalesce(Incident.created_at, PostMortem.created_at)
    review.open_items = session.scalar(
        select(func.count()).select_from(ActionItem)
        .join(PostMortem, PostMortem.id == ActionItem.postmortem_id)
        .outerjoin(Incident, Incident.id == PostMortem.incident_id)
        .where(ActionItem.done_at.is_(None), opened >= start, opened < end)) or 0
    return review

