"""Post-mortems of executive escalations (threats to cancel, leave or sue).

When an executive conversation is resolved it gets a post-mortem, as a resolved incident
does: a timeline generated from the conversation's records, root cause, what went well,
what to improve, action items with owners and due dates, customer concessions. The
fields, publishing and action items are shared with incident post-mortems
(:mod:`escalada.incidents.postmortems`), so open action items and the quarterly review
list both.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.service import active_users
from escalada.auth.principal import Principal
from escalada.errors import NotFound
from escalada.inbox.service import get_conversation
from escalada.incidents import postmortems as shared
from escalada.models import ActionItem, AuditEvent, Author, Brand, Conversation, Message, PostMortem
from escalada.sla import notify
from escalada.sla.escalation import SLA

# What the timeline tells, by audit action: the words before the event's details.
TOLD = {
    "conversation.executive": "flagged as an executive escalation",
    "conversation.routed": "routed",
    "conversation.queued": "queued",
    "conversation.assigned": "assigned",
    "sla.warning": "SLA warning",
    "sla.escalated": "SLA escalated",
    "executive.enrolled": "enrolled in the executive sponsorship programme",
    "executive.exited": "left the sponsorship programme",
    "conversation.status": "status",
    "conversation.incident_linked": "linked to an incident",
}


def ensure_postmortem(session: Session, conversation: Conversation) -> PostMortem:
    """The conversation's post-mortem, created (as a draft) the first time it is resolved."""
    existing = session.scalar(select(PostMortem).where(PostMortem.conversation_id == conversation.id))
    if existing is not None:
        return existing
    postmortem = PostMortem(conversation_id=conversation.id)
    session.add(postmortem)
    session.flush()
    record(session, actor=SLA, action="executive.postmortem", conversation_id=conversation.id,
           reason="executive escalation resolved: post-mortem opened")
    # Escalation managers own executive cases; without any, the leads are told.
    for owner in active_users(session, "escalation_manager") or active_users(session, "lead"):
        notify.notify_user(session, user=owner, subject="Executive escalation post-mortem to write",
                           body=f"conversation #{conversation.id} was resolved; its post-mortem draft "
                                "waits for root cause, lessons and action items",
                           conversation_id=conversation.id, email=False)
    return postmortem


def get_postmortem(session: Session, *, conversation_id: int, principal: Principal) -> PostMortem:
    principal.require(Permission.INCIDENTS_VIEW)
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    postmortem = session.scalar(select(PostMortem).where(PostMortem.conversation_id == conversation.id))
    if postmortem is None:
        raise NotFound(f"conversation {conversation_id} has no post-mortem; executive escalations get one "
                       "when resolved")
    return postmortem


def edit_postmortem(session: Session, *, conversation_id: int, principal: Principal,
                    changes: dict[str, str], publish: bool = False) -> PostMortem:
    principal.require(Permission.INCIDENTS_MANAGE)
    postmortem = get_postmortem(session, conversation_id=conversation_id, principal=principal)
    shared.write(postmortem, changes=changes, publish=publish)
    record(session, actor=principal, action="executive.postmortem",
           conversation_id=conversation_id, reason="post-mortem published" if publish else "post-mortem edited")
    return postmortem


def add_action_item(session: Session, *, conversation_id: int, principal: Principal, description: str,
                    owner_id: int | None, due_on: date | None) -> ActionItem:
    principal.require(Permission.INCIDENTS_MANAGE)
    postmortem = get_postmortem(session, conversation_id=conversation_id, principal=principal)
    item = shared.new_action_item(session, postmortem=postmortem, description=description,
                                  owner_id=owner_id, due_on=due_on)
    record(session, actor=principal, action="executive.postmortem", conversation_id=conversation_id,
           reason=f"action item: {item.description[:120]}")
    return item


def list_postmortems(session: Session, *, principal: Principal, limit: int = 200
                     ) -> list[tuple[PostMortem, Conversation, str, str]]:
    """Newest first: (post-mortem, conversation, customer handle, brand name)."""
    principal.require(Permission.INCIDENTS_VIEW)
    return [tuple(row) for row in session.execute(  # type: ignore[misc]
        select(PostMortem, Conversation, Author.handle, Brand.name)
        .join(Conversation, Conversation.id == PostMortem.conversation_id)
        .join(Author, Author.id == Conversation.author_id).join(Brand, Brand.id == Conversation.brand_id)
        .order_by(PostMortem.id.desc()).limit(limit)
    ).all()]


def _detail(event: AuditEvent) -> str:
    details = event.details or {}
    if event.action == "conversation.status":
        return f"{details.get('from', '?')} → {details.get('to', '?')}"
    parts = [str(details[k]) for k in ("to", "reason") if details.get(k)]
    return ": ".join(parts)


def generated_timeline(session: Session, *, conversation: Conversation) -> list[tuple[datetime, str]]:
    """What happened and when, from the conversation's messages and timeline."""
    entries: list[tuple[datetime, str]] = []
    messages = session.execute(
        select(Message.created_at, Message.direction, Message.text).where(Message.conversation_id == conversation.id)
        .order_by(Message.created_at, Message.id)).all()
    inbound = [m for m in messages if m.direction == "inbound"]
    outbound = [m for m in messages if m.direction == "outbound"]
    if inbound:
        entries.append((inbound[0].created_at, f"first customer message: “{inbound[0].text[:140]}”"))
    if outbound:
        entries.append((outbound[0].created_at, f"first reply: “{outbound[0].text[:140]}”"))
    if len(inbound) > 1:
        entries.append((inbound[-1].created_at, f"last customer message ({len(inbound)} in all)"))
    if len(outbound) > 1:
        entries.append((outbound[-1].created_at, f"last reply ({len(outbound)} in all)"))
    events = session.scalars(select(AuditEvent).where(AuditEvent.conversation_id == conversation.id,
                                                      AuditEvent.action.in_(TOLD)).order_by(AuditEvent.id))
    for event in events:
        detail = _detail(event)
        entries.append((event.at, f"{event.actor_label}: {TOLD[event.action]}" + (f" ({detail})" if detail else "")))
    entries.sort(key=lambda e: e[0])
    return entries


def to_markdown(session: Session, *, conversation_id: int, principal: Principal) -> str:
    postmortem = get_postmortem(session, conversation_id=conversation_id, principal=principal)
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    author = session.get(Author, conversation.author_id)
    brand = session.get(Brand, conversation.brand_id)
    assert author is not None and brand is not None
    lines = [
        f"# Post-mortem: executive escalation — @{author.handle}",
        "",
        f"- Brand: {brand.name}; channel: {conversation.channel}; tier {conversation.tier}",
        f"- Conversation: {conversation.id} (“{conversation.preview}”)",
        f"- Opened: {conversation.created_at:%Y-%m-%d %H:%M} UTC; post-mortem opened "
        f"{postmortem.created_at:%Y-%m-%d %H:%M} UTC",
        f"- Post-mortem: {postmortem.state}",
        "",
        "## Timeline",
        "",
    ]
    lines += [f"- {at:%Y-%m-%d %H:%M} UTC — {text}" for at, text in
              generated_timeline(session, conversation=conversation)]
    lines += shared.body_markdown(session, postmortem=postmortem)
    return "\n".join(lines) + "\n"
