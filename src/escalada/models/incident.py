"""Incidents: one cause hurting many customers, its linked conversations, updates and alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.base import Base
from escalada.models.brand import Brand
from escalada.models.user import User

INCIDENT_STATUSES = ("suspected", "confirmed", "monitoring", "resolved")
OPEN_INCIDENT_STATUSES = ("suspected", "confirmed", "monitoring")
SEVERITIES = ("sev1", "sev2", "sev3", "sev4")
CAUSE_CATEGORIES = (
    "infrastructure", "deployment", "third_party", "billing_system", "logistics",
    "product_defect", "security", "human_error", "unknown",
)
UPDATE_STATES = ("draft", "approved", "sending", "sent")


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_brand_status", "brand_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    cause: Mapped[str] = mapped_column(Text, default="")
    cause_category: Mapped[str] = mapped_column(String(32), default="unknown")
    severity: Mapped[str] = mapped_column(String(8), default="sev3")
    status: Mapped[str] = mapped_column(String(16), default="suspected", index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    affected_channels: Mapped[list[Any]] = mapped_column(default=list)
    # "auto" when detection opened it, else "manual".
    detected_by: Mapped[str] = mapped_column(String(8), default="manual")
    false_alarm: Mapped[bool] = mapped_column(default=False)
    # What later messages are matched against: categories and cue counts.
    signature: Mapped[dict[str, Any]] = mapped_column(default=dict)
    opened_by_label: Mapped[str] = mapped_column(String(200))
    first_report_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    resolved_at: Mapped[datetime | None]

    brand: Mapped[Brand] = relationship(lazy="raise")
    owner: Mapped[User | None] = relationship(lazy="raise")


class IncidentEvent(Base):
    """The incident's timeline: every status change, link, update and edit."""

    __tablename__ = "incident_events"
    __table_args__ = (Index("ix_incident_events_incident", "incident_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class IncidentConversation(Base):
    __tablename__ = "incident_conversations"
    __table_args__ = (Index("ix_incident_conversations_conversation", "conversation_id"),)

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    linked_at: Mapped[datetime] = mapped_column(default=utc_now)
    linked_by_label: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")


class IncidentUpdate(Base):
    """A customer-facing update: drafted (one text per language), approved, then sent."""

    __tablename__ = "incident_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="update")  # update | resolution
    state: Mapped[str] = mapped_column(String(16), default="draft")
    default_language: Mapped[str] = mapped_column(String(8), default="en")
    texts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Languages of linked customers the drafter chose to send the default text to, on
    # purpose; any other language with customers and no text stops the approval.
    default_for: Mapped[list[Any]] = mapped_column(default=list)
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    drafted_by_label: Mapped[str] = mapped_column(String(200))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_label: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None]
    send_started_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class IncidentDelivery(Base):
    """One update to one conversation; the unique pair is what makes sending exactly-once."""

    __tablename__ = "incident_deliveries"
    __table_args__ = (UniqueConstraint("update_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("incident_updates.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    send_at: Mapped[datetime]
    # Why nothing was queued (a closed conversation); empty when a message was.
    skipped: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class IncidentSignal(Base):
    """A complaint that could be part of an incident, with its language-independent cues."""

    __tablename__ = "incident_signals"
    __table_args__ = (
        Index("ix_incident_signals_brand_at", "brand_id", "at"),
        Index("ix_incident_signals_at", "at"),  # pruning
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    at: Mapped[datetime]
    language: Mapped[str] = mapped_column(String(8))
    categories: Mapped[list[Any]] = mapped_column(default=list)
    cues: Mapped[list[Any]] = mapped_column(default=list)


class IncidentSettings(Base):
    """Detection thresholds for one brand (defaults apply while no row exists)."""

    __tablename__ = "incident_settings"

    brand_id: Mapped[int] = mapped_column(
        ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    window_minutes: Mapped[int] = mapped_column(default=30)
    min_reports: Mapped[int] = mapped_column(default=8)
    rate_multiplier: Mapped[float] = mapped_column(default=4.0)
    baseline_days: Mapped[int] = mapped_column(default=7)
    min_similarity: Mapped[float] = mapped_column(default=0.6)
    updated_by_label: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class IncidentNotification(Base):
    """An in-app alert for one user about one incident (opened, update approved, resolved)."""

    __tablename__ = "incident_notifications"
    __table_args__ = (Index("ix_incident_notifications_user", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    read_at: Mapped[datetime | None]


class PostMortem(Base):
    """The review of a resolved incident, or of an executive escalation (``conversation_id``)."""

    __tablename__ = "postmortems"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), unique=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(16), default="draft")  # draft | published
    root_cause: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="")
    to_improve: Mapped[str] = mapped_column(Text, default="")
    concessions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    published_at: Mapped[datetime | None]

    incident: Mapped[Incident | None] = relationship(lazy="raise")


class ActionItem(Base):
    __tablename__ = "postmortem_action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    postmortem_id: Mapped[int] = mapped_column(
        ForeignKey("postmortems.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    owner: Mapped[User | None] = relationship(lazy="raise")
