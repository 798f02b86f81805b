"""Report facts: each conversation measured by the pure metrics once, stored as rows.

Freshness, in three layers:

1. Every flush that changes a conversation's timeline marks it in the same transaction
   (``models/report_fact.py``), so a committed change always has its mark.
2. Before a report aggregates, :func:`ensure_fresh` recomputes the facts of its period
   that are missing, marked, or computed under other SLA policies or another reporting
   time zone (the digest covers both); a report therefore
   never reads a stale fact, it only waits for the recomputation.
3. The periodic sweep (:class:`FactSweep`) recomputes marked conversations, and after
   an SLA policy or reporting time zone change the facts measured under the old ones,
   in the background,
   so reports seldom have any left to do; ``escalada reports rebuild`` fills the facts
   of existing conversations (backfill) with progress on stderr.

Each conversation is measured twice by the same pure ``measure``: in calendar time, and
in business time (:func:`office_hours`, Mon–Fri 09:00–17:00) in the reporting time zone
(``ESCALADA_REPORT_TIMEZONE``), which fills the ``*_business`` columns.

A refresh deletes a mark only if it still carries the token read before the timeline
was, so a change committed during the refresh keeps its mark for the next one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, text, union
from sqlalchemy.orm import Session

from escalada.config import get_settings
from escalada.errors import InvalidInput
from escalada.kit.clock import utc_now
from escalada.kit.sequences import chunks
from escalada.models import AgentFact, ArrivalFact, Conversation, ConversationFact, FactMark, WaitFact
from escalada.reports import reader
from escalada.reports.engagement import KINDS
from escalada.reports.hours import BusinessCalendar
from escalada.reports.metrics import AgentWork, ConversationMetrics, first_customer_at, measure
from escalada.reports.sla import policy_for
from escalada.reports.timeline import Timeline
from escalada.sla.calendar import Calendar
from escalada.sla.policies import Policy
from escalada.sla.service import load_policies

if TYPE_CHECKING:
    from escalada.db import Database

BATCH = 1000
QUARTER_HOUR = 900
# One refresher at a time: two would write the same conversation's rows twice.
REFRESH_LOCK = 0x65736361  # "esca"
DETAIL_TABLES = (WaitFact, AgentFact, ArrivalFact)
FactTable = type[ConversationFact] | type[WaitFact] | type[AgentFact] | type[ArrivalFact]


def reporting_zone(db: Database | None = None) -> str:
    """The reporting time zone the business columns are measured in (from the settings)."""
    settings = db.settings if db is not None and db.settings is not None else get_settings()
    return settings.report_timezone


def office_hours(zone: str) -> BusinessCalendar:
    """The business calendar of a report in business hours read in ``zone``."""
    return BusinessCalendar(timezone=zone)


def _office_deadlines(zone: str) -> Calendar:
    """:func:`office_hours` as an SLA calendar, to find when a budget runs out."""
    week = office_hours(zone)
    day = ((week.opens, week.closes),)
    return Calendar(timezone=zone, hours=tuple(day if d in week.weekdays else () for d in range(7)))


# Raise when what a fact holds changes (a new measure, a new kind of event counted):
# stored facts then no longer match the digest and are measured again.
MEASURE_VERSION = 2  # 2: resolutions by API integrations and rules count; resolving is an action


def policy_digest(policies: Sequence[Policy], zone: str) -> str:
    """A fingerprint of what a fact depends on besides its timeline: how facts are
    measured, the SLA policies and the reporting time zone of the business columns."""
    parts = [(p.id, p.name, p.first_response_seconds, p.brand_id, p.tier, p.priority, p.channel,
              p.calendar.timezone, p.calendar.hours, sorted(p.calendar.holidays)) for p in policies]
    return hashlib.sha256(repr((MEASURE_VERSION, parts, zone)).encode()).hexdigest()[:16]


@dataclass(slots=True)
class FactRows:
    conversations: list[dict[str, Any]] = field(default_factory=list)
    waits: list[dict[str, Any]] = field(default_factory=list)
    agents: list[dict[str, Any]] = field(default_factory=list)
    arrivals: list[dict[str, Any]] = field(default_factory=list)


def fact_rows(rows: FactRows, timeline: Timeline, m: ConversationMetrics, business: ConversationMetrics, *,
              policies: Sequence[Policy], zone: str, arrivals: Iterable[datetime],
              engagement: Sequence[dict[str, int]], digest: str, computed_at: datetime) -> None:
    """Add one conversation's rows to ``rows`` (pure): ``m`` measured in calendar time,
    ``business`` in business hours in the reporting time zone ``zone``."""
    dims = {"conversation_id": timeline.conversation_id, "created_at": timeline.created_at,
            "brand_id": timeline.brand_id, "channel": timeline.channel, "tier": timeline.tier,
            "assignee_id": timeline.assignee}
    state, breach_at = _sla_fact(timeline, m, policies, None)
    business_state, business_breach_at = _sla_fact(timeline, business, policies, _office_deadlines(zone))
    totals = {kind: sum(c[kind] for c in engagement) for kind in KINDS}
    rows.conversations.append(dims | {
        "resolved": timeline.is_resolved, "responded": m.responded, "first_response": m.first_response,
        "resolution": m.resolution, "reply_work": m.reply_work, "action_work": m.action_work,
        "handle_time": m.handle_time, "sla_state": state, "sla_breach_at": breach_at,
        "sla_target": m.sla_target, "sla_policy": m.sla_policy,
        "first_response_business": business.first_response, "resolution_business": business.resolution,
        "reply_work_business": business.reply_work, "action_work_business": business.action_work,
        "handle_time_business": business.handle_time, "sla_state_business": business_state,
        "sla_breach_at_business": business_breach_at,
        "waiting_since": None if m.waiting_since is None else m.waiting_since.timestamp(),
        "first_sentiment": m.first_sentiment, "last_sentiment": m.last_sentiment,
        "csat": timeline.csat, "csat_agent_id": timeline.csat_agent, "interactions": len(engagement),
        **totals, "policy_digest": digest, "computed_at": computed_at,
    })
    for kind in ("response", "wait"):
        # Both measures list the same messages in the same order: pair them up. The
        # conversation's list holds every agent's times plus those answered by replies
        # from outside Escalada (no agent); the difference is the latter.
        unattributed = Counter(zip(_times(m, kind), _times(business, kind), strict=True))
        for agent, work in m.agents.items():
            pairs = list(zip(_times(work, kind), _times(business.agents[agent], kind), strict=True))
            unattributed.subtract(pairs)
            rows.waits.extend(dims | {"kind": kind, "agent_id": agent, "seconds": t, "seconds_business": b}
                              for t, b in pairs)
        rows.waits.extend(dims | {"kind": kind, "agent_id": None, "seconds": t, "seconds_business": b}
                          for t, b in unattributed.elements())
    rows.agents.extend(dims | {"agent_id": agent, "replies": w.replies, "actions": w.actions,
                               "reply_work": w.reply_work, "action_work": w.action_work,
                               "reply_work_business": business.agents[agent].reply_work,
                               "action_work_business": business.agents[agent].action_work}
                       for agent, w in m.agents.items())
    quarters = Counter(int(at.timestamp() // QUARTER_HOUR) for at in arrivals)
    rows.arrivals.extend(dims | {"quarter_hour": q, "messages": n} for q, n in sorted(quarters.items()))


def _times(work: ConversationMetrics | AgentWork, kind: str) -> list[float]:
    return work.response_times if kind == "response" else work.wait_times


def _sla_fact(timeline: Timeline, m: ConversationMetrics, policies: Sequence[Policy],
              report_hours: Calendar | None) -> tuple[str | None, float | None]:
    """The stored SLA state and breach moment of one measure (``report_hours``: business)."""
    if m.sla in ("breached", "pending") and m.first_replied_at is None:
        # Unanswered and open: which of the two depends on the report's now.
        return "open", _breach_moment(timeline, policies, report_hours)
    return m.sla, None


def _breach_moment(timeline: Timeline, policies: Sequence[Policy],
                   report_hours: Calendar | None) -> float | None:
    """Epoch seconds after which the unanswered conversation is breached (None: never).

    A policy with business hours counts its own working time; a round-the-clock one the
    report's hours (``report_hours``, or calendar time), as ``metrics._sla_state`` does.
    """
    policy = policy_for(policies, tier=timeline.tier, brand_id=timeline.brand_id,
                        priority=timeline.priority, channel=timeline.channel)
    if policy is None:
        return None
    counted = report_hours if policy.calendar.always_open and report_hours is not None else policy.calendar
    start = first_customer_at(timeline.ordered(), timeline)
    try:
        return counted.exceeded_after(start, policy.first_response_seconds).timestamp()
    except InvalidInput:  # a calendar without working time never runs out
        return None


def refresh(session: Session, ids: Sequence[int], *, policies: Sequence[Policy], zone: str) -> int:
    """Recompute the facts of the conversations ``ids``; returns how many were written."""
    digest = policy_digest(policies, zone)
    hours = office_hours(zone)
    written = 0
    for chunk in chunks(list(dict.fromkeys(ids)), BATCH):
        tokens = session.execute(select(FactMark.conversation_id, FactMark.token)
                                 .where(FactMark.conversation_id.in_(chunk))).all()
        read = reader.read(session, select(Conversation.id).where(Conversation.id.in_(chunk)))
        rows = FactRows()
        computed_at = utc_now()
        for cid, timeline in read.timelines.items():
            # SLA states that depend on now are stored as "open".
            m = measure(timeline, now=computed_at, policies=policies)
            business = measure(timeline, now=computed_at, calendar=hours, policies=policies)
            fact_rows(rows, timeline, m, business, policies=policies, zone=zone,
                      arrivals=read.arrivals.get(cid, ()), engagement=read.engagement.get(cid, []),
                      digest=digest, computed_at=computed_at)
        connection = session.connection()
        for table in (ConversationFact, *DETAIL_TABLES):
            connection.execute(delete(table).where(table.conversation_id.in_(chunk)))
        for table, values in ((ConversationFact, rows.conversations), (WaitFact, rows.waits),
                              (AgentFact, rows.agents), (ArrivalFact, rows.arrivals)):
            _write(connection, table, values)
        if tokens:
            connection.execute(
                delete(FactMark).where(FactMark.conversation_id == bindparam("cid"),
                                       FactMark.token == bindparam("seen")),
                [{"cid": cid, "seen": token} for cid, token in tokens])
        written += len(rows.conversations)
    return written


def _write(connection: Connection, table: FactTable, values: list[dict[str, Any]]) -> None:
    if not values:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), values)
        return
    # COPY: a rebuild writes millions of rows, ten times faster than INSERTs.
    columns = list(values[0])
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row([row[c] for c in columns])


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REFRESH_LOCK})
    # SQLite: the unit of work began with BEGIN IMMEDIATE, so writers are already one at a time.


def _stale(digest: str, *where: Any) -> Any:
    """The ids of the conversations (of those ``where`` keeps) whose facts are missing,
    were measured under another digest, or are marked."""
    missing = (select(Conversation.id)
               .outerjoin(ConversationFact, and_(ConversationFact.conversation_id == Conversation.id,
                                                 ConversationFact.policy_digest == digest))
               .where(*where, ConversationFact.conversation_id.is_(None)))
    marked = (select(FactMark.conversation_id)
              .join(Conversation, Conversation.id == FactMark.conversation_id).where(*where))
    return union(missing, marked)


def ensure_fresh(session: Session, *, start: datetime, end: datetime, policies: Sequence[Policy],
                 zone: str) -> int:
    """Recompute the facts of conversations created in [start, end) that are missing or stale.

    The check is one query of three index counts; only when it finds a gap does the
    report take the refresh lock and recompute.
    """
    digest = policy_digest(policies, zone)
    in_period = (Conversation.created_at >= start, Conversation.created_at < end)
    fact_period = (ConversationFact.created_at >= start, ConversationFact.created_at < end)
    conversations, facts, marks = session.execute(select(
        select(func.count()).select_from(Conversation).where(*in_period).scalar_subquery(),
        select(func.count()).select_from(ConversationFact)
        .where(*fact_period, ConversationFact.policy_digest == digest).scalar_subquery(),
        select(func.count()).select_from(FactMark)
        .join(ConversationFact, ConversationFact.conversation_id == FactMark.conversation_id)
        .where(*fact_period).scalar_subquery(),
    )).one()
    if conversations == facts and not marks:
        return 0
    _lock(session)
    stale = session.scalars(_stale(digest, *in_period)).all()
    return refresh(session, stale, policies=policies, zone=zone)


def sweep(db: Database, *, limit: int = 5 * BATCH, zone: str | None = None) -> int:
    """Recompute marked conversations (at most ``limit``) in their own unit of work."""
    with db.unit_of_work() as session:
        _lock(session)
        ids = session.scalars(select(FactMark.conversation_id)
                              .order_by(FactMark.marked_at).limit(limit)).all()
        if not ids:
            return 0
        return refresh(session, ids, policies=load_policies(session), zone=zone or reporting_zone(db))


@dataclass
class FactSweep:
    """The periodic sweep: marked conversations every tick; after an SLA policy or
    reporting time zone change, facts measured under the old ones too, a batch per tick
    until none is left."""

    clean_digest: str | None = None  # every fact was measured under these policies and zone

    def tick(self, db: Database, *, limit: int = 5 * BATCH, zone: str | None = None) -> int:
        zone = zone or reporting_zone(db)
        done = sweep(db, limit=limit, zone=zone)
        with db.unit_of_work() as session:
            policies = load_policies(session)
            digest = policy_digest(policies, zone)
            if digest == self.clean_digest:
                return done
            _lock(session)
            old = session.scalars(select(ConversationFact.conversation_id)
                                  .where(ConversationFact.policy_digest != digest).limit(limit)).all()
            if not old:
                self.clean_digest = digest
            return done + refresh(session, old, policies=policies, zone=zone)


def rebuild(db: Database, *, everything: bool = False, zone: str | None = None,
            progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Write the facts of every conversation that has none, is marked, or has other
    policies or another reporting time zone.

    With ``everything``, recompute all of them. One unit of work per batch, so an
    interrupted rebuild keeps what it wrote and resumes where it stopped.
    """
    zone = zone or reporting_zone(db)
    with db.unit_of_work() as session:
        policies = load_policies(session)
        digest = policy_digest(policies, zone)
        # In creation order: a period's facts then sit together on disk, as they do when
        # conversations are measured as they come in.
        everyone = select(Conversation.id).order_by(Conversation.created_at, Conversation.id)
        if not everything:
            everyone = everyone.where(Conversation.id.in_(_stale(digest)))
        todo = list(session.scalars(everyone))
    done = 0
    progress(done, len(todo))
    for chunk in chunks(todo, BATCH * 5):
        with db.unit_of_work() as session:
            _lock(session)
            done += refresh(session, chunk, policies=policies, zone=zone)
        progress(done, len(todo))
    return done
