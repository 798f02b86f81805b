"""What happens as a clock runs out, level by level, and for executive cases.

- warning (e.g. 75% of the target): the assignee is told in the app;
- level 1 (deadline passed): the team lead is notified;
- level 2: the conversation moves to a senior (tier-3) agent and its priority rises;
- level 3: escalation managers and the stakeholders (customer success manager,
  account executive, executives) are told by e-mail and on the escalation webhook.

Each step is written on the conversation's timeline as ``sla.warning`` or
``sla.escalated`` and stored on its clock, so a check that runs twice acts once.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import SYSTEM
from escalada.auth.permissions import Permission
from escalada.auth.service import active_users
from escalada.kit.clock import utc_now
from escalada.models import (
    PRIORITY_RANK,
    Author,
    Conversation,
    ConversationRouting,
    ConversationSla,
    ReplyApproval,
    Stakeholder,
    Team,
    User,
)
from escalada.routing import core as routing_core
from escalada.routing import service as routing
from escalada.notifications.service import notify_everyone_who_can
from escalada.sla import notify
from escalada.sla.clock import Reading

PRIORITY_UP = {"low": "normal", "normal": "high", "high": "urgent", "urgent": "urgent"}
SLA = SYSTEM.__class__(role="admin", label="SLA")


def _subject(conversation: Conversation, handle: str, what: str) -> str:
    return f"[Escalada] {what}: conversation {conversation.id} (@{handle}, tier {conversation.tier})"


def _body(conversation: Conversation, handle: str, reading: Reading) -> str:
    due = reading.due_at.strftime("%Y-%m-%d %H:%M UTC") if reading.due_at else "—"
    return (f"@{handle} on {conversation.channel}: “{conversation.preview}”\n"
            f"Clock: {reading.clock.replace('_', ' ')}, due {due}, {reading.percent:.0f}% used.\n"
            f"Assignee: {conversation.assignee_id or 'nobody'}. Open /conversations/{conversation.id}")


def team_lead(session: Session, conversation: Conversation) -> list[User]:
    """The lead of the conversation's team; without one, every active lead."""
    lead_id = session.scalar(
        select(Team.lead_user_id).join(ConversationRouting, ConversationRouting.team_id == Team.id)
        .where(ConversationRouting.conversation_id == conversation.id)
    )
    if lead_id is not None:
        user = session.get(User, lead_id)
        if user is not None and user.is_active:
            return [user]
    return active_users(session, "lead")


def stakeholders_for(session: Session, conversation: Conversation) -> list[Stakeholder]:
    """The brand's stakeholders plus those named for this customer."""
    return list(session.scalars(
        select(Stakeholder).where(
            Stakeholder.brand_id == conversation.brand_id,
            or_(Stakeholder.author_id.is_(None), Stakeholder.author_id == conversation.author_id),
        ).order_by(Stakeholder.kind, Stakeholder.id)
    ))


def senior_agent(session: Session, conversation: Conversation) -> routing_core.AgentState | None:
    """The best available tier-3 agent other than the current assignee."""
    _, agents = routing.load_state(session)
    kind_row = session.get(ConversationRouting, conversation.id)
    kind = kind_row.channel_type if kind_row else routing_core.channel_type(conversation.channel, "public")
    work = routing.work_for(conversation, kind=kind)
    seniors = [a for a in agents if a.tier >= 3 and a.available and a.user_id != conversation.assignee_id
               and a.free(kind) > 0]
    if not seniors:
        return None
    wanted = set(work.categories)
    return min(seniors, key=lambda a: (-int(work.language in a.languages), -len(wanted & a.skills),
                                       a.load_ratio(), a.user_id))


def warn(session: Session, conversation: Conversation, handle: str, reading: Reading) -> None:
    record(session, actor=SLA, action="sla.warning", conversation_id=conversation.id,
           clock=reading.clock, reason=f"{reading.percent:.0f}% of the {reading.clock.replace('_', ' ')} target used")
    if conversation.assignee_id is not None:
        user = session.get(User, conversation.assignee_id)
        if user is not None:
            notify.notify_user(session, user=user, subject=_subject(conversation, handle, "SLA warning"),
                               body=_body(conversation, handle, reading), conversation_id=conversation.id,
                               email=False)


def held_replies_near_breach(session: Session, conversation: Conversation, handle: str,
                             reading: Reading) -> None:
    """A reply waiting for approval while the clock runs out is escalated to every approver:
    the answer exists, only the decision is missing."""
    held = session.scalar(select(func.count()).select_from(ReplyApproval).where(
        ReplyApproval.conversation_id == conversation.id, ReplyApproval.status == "pending"))
    if not held:
        return
    text = (f"Near SLA breach: a reply to @{handle} waits for approval "
            f"({reading.percent:.0f}% of the {reading.clock.replace('_', ' ')} target used)")
    notify_everyone_who_can(session, Permission.APPROVALS_DECIDE, kind="approval_near_breach", text=text,
                            actor=SLA, conversation_id=conversation.id)
    record(session, actor=SLA, action="reply.held_near_breach", conversation_id=conversation.id,
           clock=reading.clock, held=held)


def level_1(session: Session, conversation: Conversation, handle: str, reading: Reading) -> str:
    leads = team_lead(session, conversation)
    for lead in leads:
        notify.notify_user(session, user=lead, subject=_subject(conversation, handle, "SLA breached"),
                           body=_body(conversation, handle, reading), conversation_id=conversation.id)
    return "notified " + (", ".join(u.name for u in leads) or "nobody (no team lead)")


def level_2(session: Session, conversation: Conversation, handle: str, reading: Reading) -> str:
    done = []
    new_priority = PRIORITY_UP[conversation.priority]
    if new_priority != conversation.priority:
        done.append(f"priority {conversation.priority} → {new_priority}")
        conversation.priority = new_priority
        conversation.priority_rank = PRIORITY_RANK[new_priority]
    senior = senior_agent(session, conversation)
    if senior is not None:
        previous = conversation.assignee_id
        conversation.assignee_id = senior.user_id
        done.append(f"reassigned to {senior.name} (tier {senior.tier})")
        row = session.get(ConversationRouting, conversation.id)
        if row is not None:
            row.waiting, row.waiting_since = False, None
        record(session, actor=SLA, action="conversation.assigned", conversation_id=conversation.id,
               to=senior.name, previous=previous, reason="SLA level 2: senior agent")
        user = session.get(User, senior.user_id)
        if user is not None:
            notify.notify_user(session, user=user, subject=_subject(conversation, handle, "Escalated to you"),
                               body=_body(conversation, handle, reading), conversation_id=conversation.id)
    else:
        done.append("no senior agent available to take it")
    conversation.updated_at = utc_now()
    return "; ".join(done)


def level_3(session: Session, conversation: Conversation, handle: str, reading: Reading) -> str:
    subject = _subject(conversation, handle, "SLA level 3 escalation")
    body = _body(conversation, handle, reading)
    managers = active_users(session, "escalation_manager")
    for manager in managers:
        notify.notify_user(session, user=manager, subject=subject, body=body, conversation_id=conversation.id)
    people = stakeholders_for(session, conversation)
    for person in people:
        notify.notify_email(session, to=person.email, subject=subject,
                            body=f"Dear {person.name},\n\n{body}", conversation_id=conversation.id)
    posted = notify.notify_webhook(session, text=f"{subject}\n{body}", conversation_id=conversation.id)
    names = [m.name for m in managers] + [f"{p.name} ({p.kind.replace('_', ' ')})" for p in people]
    return "notified " + (", ".join(names) or "nobody") + ("; webhook posted" if posted else "")


LEVELS = {1: level_1, 2: level_2, 3: level_3}


def act(session: Session, conversation: Conversation, clock: ConversationSla, reading: Reading) -> list[int]:
    """Take every step ``reading`` calls for that ``clock`` has not taken yet; returns the levels."""
    handle = session.scalar(select(Author.handle).where(Author.id == conversation.author_id)) or "?"
    now = utc_now()
    if reading.state in ("warning", "breached") and clock.warned_at is None:
        clock.warned_at = now
        if reading.state == "warning":
            warn(session, conversation, handle, reading)
        held_replies_near_breach(session, conversation, handle, reading)
    taken = []
    for level in range(clock.level + 1, reading.level + 1):
        outcome = LEVELS[level](session, conversation, handle, reading)
        record(session, actor=SLA, action="sla.escalated", conversation_id=conversation.id,
               to=f"level {level}", clock=reading.clock, reason=outcome)
        clock.level, clock.level_at = level, now
        clock.breached_at = clock.breached_at or now
        taken.append(level)
    return taken


def executive_case(session: Session, conversation: Conversation) -> None:
    """A threat to cancel, leave or sue: tell the executive team's lead straight away."""
    lead_id = session.scalar(select(Team.lead_user_id).where(Team.kind == "executive").limit(1))
    recipients = [session.get(User, lead_id)] if lead_id else []
    recipients += active_users(session, "escalation_manager")
    handle = session.scalar(select(Author.handle).where(Author.id == conversation.author_id)) or "?"
    seen = set()
    for user in recipients:
        if user is None or user.id in seen or not user.is_active:
            continue
        seen.add(user.id)
        notify.notify_user(session, user=user, subject=_subject(conversation, handle, "Executive escalation"),
                           body=f"@{handle} threatens to cancel, leave or take legal action: "
                                f"“{conversation.preview}”. Open /conversations/{conversation.id}",
                           conversation_id=conversation.id)
    record(session, actor=SLA, action="conversation.executive", conversation_id=conversation.id,
           reason="threat to cancel, leave or sue: executive team notified")

