"""Teams, agent profiles and where each conversation was routed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.base import Base
from escalada.models.user import User

TEAM_KINDS = ("social", "support", "sales", "escalations", "executive")
STRATEGIES = ("round_robin", "least_loaded", "skills")
AGENT_STATUSES = ("online", "away", "offline")
CHANNEL_TYPES = ("public", "private")


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    strategy: Mapped[str] = mapped_column(String(16), default="skills")
    lead_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The last agent round robin gave work to; the next turn goes to the one after.
    last_assigned_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    lead: Mapped[User | None] = relationship(lazy="raise")


class AgentProfile(Base):
    """A user who takes conversations: tier, skills, languages, capacity, status, shifts."""

    __tablename__ = "agent_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    tier_level: Mapped[int] = mapped_column(default=1)
    skills: Mapped[list[Any]] = mapped_column(default=list)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    # Max open conversations per channel type, e.g. {"public": 8, "private": 4}.
    capacity: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(8), default="offline")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Weekly shifts in the agent's own time zone: [{"days": [0..6], "start": "09:00", "end": "17:00"}].
    shifts: Mapped[list[Any]] = mapped_column(default=list)
    status_changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    # A fresh random number on every change: routing keeps the roster in memory and
    # reloads it when the sum of revisions moves (see routing.service.roster).
    revision: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship(lazy="raise")
    team: Mapped[Team] = relationship(lazy="raise")


class ConversationRouting(Base):
    """The team a conversation belongs to and, while nobody has it, its place in the queue."""

    __tablename__ = "conversation_routing"
    __table_args__ = (
        # The queue: highest tier first, then priority, then the longest waiting.
        Index("ix_conversation_routing_queue", "team_id", "waiting", "tier", "priority_rank",
              "waiting_since"),
    )

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    channel_type: Mapped[str] = mapped_column(String(8), default="public")
    waiting: Mapped[bool] = mapped_column(default=False)
    tier: Mapped[int] = mapped_column(default=1)
    priority_rank: Mapped[int] = mapped_column(default=1)
    waiting_since: Mapped[datetime | None]
    routed_at: Mapped[datetime] = mapped_column(default=utc_now)
    reason: Mapped[str] = mapped_column(String(500), default="")

    team: Mapped[Team | None] = relationship(lazy="raise")
