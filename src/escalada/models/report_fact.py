"""Report facts: each conversation measured once, so report pages aggregate in SQL.

A conversation's facts are what the pure metrics (``reports/metrics.py``) say about its
timeline, stored as narrow rows the report queries group and take
percentiles of. Four tables, each carrying the conversation's creation time and the
filter dimensions (brand, channel, tier, assignee) so every report query reads one
table through one index range on ``created_at``. Each duration is stored twice: in
calendar time, and in business time (Mon–Fri 09:00–17:00) in the reporting time zone
(``ESCALADA_REPORT_TIMEZONE``), the ``*_business`` columns:

- ``report_conversation_facts``: one row per conversation (first response, resolution,
  handle time, SLA, backlog, sentiment, CSAT, engagement)
- ``report_wait_facts``: one row per customer message answered (response time) or
  handled (wait time), with the agent who answered it
- ``report_agent_facts``: one row per agent who worked on the conversation
- ``report_arrival_facts``: customer messages per quarter hour (UTC), for the heatmaps

``report_fact_marks`` lists conversations changed since their facts were written, marked
by the flush that changed them (below); a report recomputes them first
(``reports/facts.py``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.audit import AuditEvent
from escalada.models.base import Base
from escalada.models.conversation import Conversation, ConversationTag
from escalada.models.message import Message
from escalada.models.survey import CsatSurvey


class _Dimensions:
    """What a report filters on, copied from the conversation when the facts are written."""

    @declared_attr
    def conversation_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)

    created_at: Mapped[datetime]
    brand_id: Mapped[int]
    channel: Mapped[str] = mapped_column(String(16))
    tier: Mapped[int]
    assignee_id: Mapped[int | None]


class ConversationFact(Base):
    __tablename__ = "report_conversation_facts"
    __table_args__ = (Index("ix_report_conversation_facts_created", "created_at", "policy_digest"),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime]
    brand_id: Mapped[int]
    channel: Mapped[str] = mapped_column(String(16))
    tier: Mapped[int]
    assignee_id: Mapped[int | None]
    resolved: Mapped[bool]
    responded: Mapped[bool]
    first_response: Mapped[float | None]
    resolution: Mapped[float | None]
    reply_work: Mapped[float]
    action_work: Mapped[float]
    handle_time: Mapped[float]
    # met / breached once answered; "open" while unanswered and not resolved: breached
    # once the report's now passes ``sla_breach_at`` (epoch seconds), else pending.
    sla_state: Mapped[str | None] = mapped_column(String(8))
    sla_breach_at: Mapped[float | None]
    sla_target: Mapped[int | None]
    sla_policy: Mapped[str | None] = mapped_column(String(200))
    # The same measures in business time in the reporting time zone.
    first_response_business: Mapped[float | None]
    resolution_business: Mapped[float | None]
    reply_work_business: Mapped[float]
    action_work_business: Mapped[float]
    handle_time_business: Mapped[float]
    sla_state_business: Mapped[str | None] = mapped_column(String(8))
    sla_breach_at_business: Mapped[float | None]
    waiting_since: Mapped[float | None]  # epoch seconds of the oldest unhandled message
    first_sentiment: Mapped[float | None]
    last_sentiment: Mapped[float | None]
    csat: Mapped[int | None]
    csat_agent_id: Mapped[int | None]
    interactions: Mapped[int] = mapped_column(default=0)
    likes: Mapped[int] = mapped_column(default=0)
    replies: Mapped[int] = mapped_column(default=0)
    shares: Mapped[int] = mapped_column(default=0)
    # Which SLA policies the targets came from and which reporting time zone the business
    # columns were measured in; facts of another digest are stale.
    policy_digest: Mapped[str] = mapped_column(String(16))
    computed_at: Mapped[datetime]


# On PostgreSQL the detail tables' indexes carry every column the reports read, so a
# period is an index-only range scan instead of a visit to each row's page.
DIMENSIONS = ("conversation_id", "brand_id", "channel", "tier", "assignee_id")


class WaitFact(_Dimensions, Base):
    __tablename__ = "report_wait_facts"
    __table_args__ = (Index("ix_report_wait_facts_kind_created", "kind", "created_at",
                            postgresql_include=["seconds", "seconds_business", "agent_id",
                                                *DIMENSIONS]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "response" or "wait"
    agent_id: Mapped[int | None]
    seconds: Mapped[float]
    seconds_business: Mapped[float]


class AgentFact(_Dimensions, Base):
    __tablename__ = "report_agent_facts"
    __table_args__ = (Index("ix_report_agent_facts_created", "created_at", postgresql_include=[
        "agent_id", "replies", "actions", "reply_work", "action_work", "reply_work_business",
        "action_work_business", *DIMENSIONS]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int]
    replies: Mapped[int]
    actions: Mapped[int]
    reply_work: Mapped[float]
    action_work: Mapped[float]
    reply_work_business: Mapped[float]
    action_work_business: Mapped[float]


class ArrivalFact(_Dimensions, Base):
    __tablename__ = "report_arrival_facts"
    __table_args__ = (Index("ix_report_arrival_facts_created", "created_at",
                            postgresql_include=["quarter_hour", "messages", *DIMENSIONS]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Epoch seconds // 900. Every time zone in use is a whole number of quarter hours
    # from UTC, so a quarter hour falls in one local hour wherever the report is read.
    quarter_hour: Mapped[int]
    messages: Mapped[int]


class FactMark(Base):
    """A conversation whose timeline changed after its facts were written.

    ``token`` names the change; a refresh deletes the mark only if the token is still the
    one it read, so a change committed during the refresh keeps its mark.
    """

    __tablename__ = "report_fact_marks"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    marked_at: Mapped[datetime]


def _timeline_owner(instance: object) -> int | None:
    """The conversation whose report facts a change to ``instance`` makes stale, if any."""
    if isinstance(instance, Conversation):
        return instance.id
    if isinstance(instance, (Message, AuditEvent, ConversationTag, CsatSurvey)):
        return instance.conversation_id
    return None


@event.listens_for(Session, "after_flush")
def mark_changed_conversations(session: Session, _context: object) -> None:
    """Mark, in the same transaction, every conversation whose timeline this flush changed.

    Whatever path writes a message, an action, a tag, a survey answer or the conversation
    itself goes through a flush, so a committed change always leaves its mark.
    """
    gone = {c.id for c in session.deleted if isinstance(c, Conversation)}
    changed = {cid for instance in (*session.new, *session.dirty, *session.deleted)
               if (cid := _timeline_owner(instance)) is not None} - gone
    if not changed:
        return
    now = utc_now()
    token = uuid.uuid4().hex
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(FactMark).values(
        [{"conversation_id": cid, "token": token, "marked_at": now} for cid in sorted(changed)])
    connection.execute(statement.on_conflict_do_update(
        index_elements=["conversation_id"],
        set_={"token": statement.excluded.token, "marked_at": statement.excluded.marked_at}))
