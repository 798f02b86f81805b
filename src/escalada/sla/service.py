"""SLA clocks on the database: pick the policy, gather the facts, store the reading.

``refresh`` is called whenever something that moves the clock happens (a message
arrives, the brand replies, the status changes); the sweep in ``timers`` re-reads the
clocks whose next threshold has come. The stored reading drives the sweep and keeps the
escalation levels taken; it is as old as its last refresh.

What people see, in the inbox, on the conversation page and through the API, is
:func:`clocks_now`: the clock read at this moment from the same facts with the same
maths (:mod:`escalada.sla.clock`), so every place shows one state and one due time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from escalada.kit.clock import utc_now
from escalada.listening import stream
from escalada.models import (
    AuditEvent,
    BusinessCalendar,
    Conversation,
    ConversationSla,
    Message,
    SlaPolicy,
)
from escalada.sla.calendar import ALWAYS, parse_calendar
from escalada.sla.clock import MET, Facts, Reading, pauses_from_statuses, read
from escalada.sla.policies import Policy, select_policy

MINUTE = 60


def calendar_of(row: BusinessCalendar | None):  # noqa: ANN201
    if row is None:
        return ALWAYS
    return parse_calendar(timezone=row.timezone, hours=row.hours or None, holidays=row.holidays or ())


def policy_of(row: SlaPolicy) -> Policy:
    return Policy(
        name=row.name, id=row.id, brand_id=row.brand_id, tier=row.tier, priority=row.priority,
        channel=row.channel, first_response_seconds=row.first_response_minutes * MINUTE,
        next_response_seconds=row.next_response_minutes * MINUTE,
        resolution_seconds=row.resolution_minutes * MINUTE, calendar=calendar_of(row.calendar),
        warn_percent=row.warn_percent, level2_percent=row.level2_percent,
        level3_percent=row.level3_percent,
    )


def load_policies(session: Session) -> list[Policy]:
    rows = session.scalars(select(SlaPolicy).options(joinedload(SlaPolicy.calendar)).order_by(SlaPolicy.id))
    return [policy_of(row) for row in rows]


def policy_for(session: Session, conversation: Conversation,
               policies: Sequence[Policy] | None = None) -> Policy | None:
    return select_policy(load_policies(session) if policies is None else policies,
                         brand_id=conversation.brand_id, tier=conversation.tier,
                         priority=conversation.priority, channel=conversation.channel)


def facts_for(session: Session, conversation: Conversation) -> Facts:
    return facts_for_many(session, [conversation])[conversation.id]


def facts_for_many(session: Session, conversations: Sequence[Conversation]) -> dict[int, Facts]:
    """What the clocks need, for any number of conversations in two queries. A conversation
    promoted from the listening stream is on the clock from its promotion: nobody was asked
    to answer a listening post before."""
    ids = [c.id for c in conversations]
    events: dict[int, list[tuple[datetime, str, dict]]] = {i: [] for i in ids}
    for conversation_id, at, action, details in session.execute(
        select(AuditEvent.conversation_id, AuditEvent.at, AuditEvent.action, AuditEvent.details)
        .where(AuditEvent.conversation_id.in_(ids),
               AuditEvent.action.in_(("conversation.status", "listening.promoted")))
        .order_by(AuditEvent.conversation_id, AuditEvent.id)
    ):
        events[conversation_id].append((at, action, details))
    last_outbound = dict(session.execute(
        select(Message.conversation_id, func.max(Message.created_at))
        .where(Message.conversation_id.in_(ids), Message.direction == "outbound")
        .group_by(Message.conversation_id)
    ).all())
    return {c.id: _facts(c, events[c.id], last_outbound.get(c.id)) for c in conversations}


def _facts(conversation: Conversation, events: list[tuple[datetime, str, dict]],
           last_outbound_at: datetime | None) -> Facts:
    changes = [(at, details) for at, action, details in events if action == "conversation.status"]
    promoted_at = max((at for at, action, _ in events if action == "listening.promoted"), default=None)
    started_at, last_inbound_at = conversation.created_at, conversation.last_inbound_at
    if promoted_at is not None:
        started_at = max(started_at, promoted_at)
        if last_inbound_at is not None:
            last_inbound_at = max(last_inbound_at, promoted_at)
    return Facts(
        created_at=started_at, status=conversation.status,
        first_response_at=conversation.first_response_at, last_inbound_at=last_inbound_at,
        last_outbound_at=last_outbound_at,
        pauses=pauses_from_statuses([(at, d.get("from", ""), d.get("to", "")) for at, d in changes]),
    )


def reading_for(session: Session, conversation: Conversation, *, now: datetime | None = None
                ) -> tuple[Policy | None, Reading]:
    policy = policy_for(session, conversation)
    return policy, read(policy, facts_for(session, conversation), now or utc_now())


@dataclass(frozen=True, slots=True)
class Clock:
    """A conversation's SLA clock as people see it: read now from the facts, pauses
    included, never from the stored reading, which is only as fresh as the last refresh.
    The inbox, the conversation page and the API all show this."""

    policy: Policy | None
    reading: Reading
    stored: ConversationSla | None = None
    listening: bool = False  # in the listening stream, where no clock runs

    @property
    def level(self) -> int:
        """The escalation level reached: by the clock now, or taken earlier by the sweep."""
        return max(self.reading.level, self.stored.level if self.stored else 0)


def clocks_now(session: Session, conversations: Sequence[Conversation], *,
               now: datetime | None = None) -> dict[int, Clock]:
    """The clocks of a page of conversations at ``now``, in a fixed number of queries."""
    if not conversations:
        return {}
    now = now or utc_now()
    ids = [c.id for c in conversations]
    policies = load_policies(session)
    facts = facts_for_many(session, conversations)
    stored = clocks_for(session, ids)
    listening = stream.listening_among(session, ids)
    clocks = {}
    for c in conversations:
        if c.id in listening:
            clocks[c.id] = Clock(None, MET, stored.get(c.id), listening=True)
            continue
        policy = policy_for(session, c, policies)
        clocks[c.id] = Clock(policy, read(policy, facts[c.id], now), stored.get(c.id))
    return clocks


def clock_now(session: Session, conversation: Conversation, *,
              now: datetime | None = None) -> Clock:
    return clocks_now(session, [conversation], now=now)[conversation.id]


def refresh(session: Session, conversation: Conversation, *, now: datetime | None = None) -> ConversationSla | None:
    """Store the conversation's current reading; schedule its next check.

    When the reading passed a threshold the stored row has not acted on yet (a warning
    or a new level), the check is due at once, so the sweep escalates it.
    """
    if stream.is_listening(session, conversation):
        return None  # the listening stream runs no clock until the conversation is promoted
    now = now or utc_now()
    policy, reading = reading_for(session, conversation, now=now)
    row = session.get(ConversationSla, conversation.id)
    if policy is None and row is None:
        return None
    if row is None:
        row = ConversationSla(conversation_id=conversation.id, policy_name="", clock="", level=0)
        session.add(row)
    if _new_promise(row, reading):
        row.level, row.warned_at, row.breached_at, row.level_at = 0, None, None, None
    row.policy_id = policy.id if policy else None
    row.policy_name = policy.name if policy else ""
    row.clock = reading.clock
    row.state = reading.state
    row.due_at = reading.due_at
    row.updated_at = now
    behind = reading.level > row.level or (reading.state == "warning" and row.warned_at is None)
    row.next_check_at = now if behind and reading.state != "paused" else reading.next_check_at
    session.flush()
    return row


def _new_promise(row: ConversationSla, reading: Reading) -> bool:
    """The first reply came, or the customer wrote again after the last escalation.

    Only then do levels start afresh; the most urgent clock may otherwise alternate
    between next response and resolution without anyone being told twice.
    """
    if row.clock == "first_response" and reading.clock != "first_response":
        return True
    return (reading.clock == "next_response" and reading.started_at is not None
            and row.level_at is not None and reading.started_at > row.level_at)


def clocks_for(session: Session, conversation_ids: Sequence[int]) -> dict[int, ConversationSla]:
    """Stored readings (the levels the sweep took, the next checks), in one query."""
    if not conversation_ids:
        return {}
    rows = session.scalars(select(ConversationSla).where(ConversationSla.conversation_id.in_(conversation_ids)))
    return {row.conversation_id: row for row in rows}


def due_for_check(session: Session, *, now: datetime | None = None, limit: int = 500) -> list[int]:
    return list(session.scalars(
        select(ConversationSla.conversation_id)
        .where(ConversationSla.next_check_at <= (now or utc_now()))
        .order_by(ConversationSla.next_check_at).limit(limit)
    ))
