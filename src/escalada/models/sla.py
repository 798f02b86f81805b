"""SLA policies and calendars, each conversation's clock, stakeholders, notifications,
and the executive sponsorship programme."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.author import Author
from escalada.models.base import Base
from escalada.models.brand import Brand
from escalada.models.user import User

STAKEHOLDER_KINDS = ("customer_success_manager", "account_executive", "executive")
SLA_STATES = ("ok", "warning", "breached", "paused", "met")


class BusinessCalendar(Base):
    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Seven entries, Monday first: [[start, end], ...] in local "HH:MM"; [] is a day off.
    hours: Mapped[list[Any]] = mapped_column(default=list)
    holidays: Mapped[list[Any]] = mapped_column(default=list)  # "YYYY-MM-DD"


class SlaPolicy(Base):
    """Targets for conversations matching brand × tier × priority × channel (empty = any)."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    tier: Mapped[int | None]
    priority: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    first_response_minutes: Mapped[int]
    next_response_minutes: Mapped[int]
    resolution_minutes: Mapped[int]
    calendar_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="SET NULL")
    )
    warn_percent: Mapped[int] = mapped_column(default=75)
    level2_percent: Mapped[int] = mapped_column(default=150)
    level3_percent: Mapped[int] = mapped_column(default=200)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    calendar: Mapped[BusinessCalendar | None] = relationship(lazy="raise")


class ConversationSla(Base):
    """The conversation's running clock as last computed, and how far it has escalated."""

    __tablename__ = "conversation_sla"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policies.id", ondelete="SET NULL"))
    policy_name: Mapped[str] = mapped_column(String(120))
    clock: Mapped[str] = mapped_column(String(16))  # first_response, next_response, resolution
    state: Mapped[str] = mapped_column(String(8), default="ok")
    due_at: Mapped[datetime | None]
    level: Mapped[int] = mapped_column(default=0)
    warned_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
    level_at: Mapped[datetime | None]
    next_check_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class Stakeholder(Base):
    """Someone outside the care team told at escalation level 3 (per brand or per customer)."""

    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class NotificationDelivery(Base):
    """One e-mail or webhook message to one recipient, kept as the record of what was said.

    In-app notifications are :class:`~escalada.models.Notification` rows (one list per user).
    """

    __tablename__ = "notification_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))  # email, webhook
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(500))


class ExecutiveSponsorship(Base):
    """A customer enrolled in the executive sponsorship programme, with a named sponsor."""

    __tablename__ = "executive_sponsorships"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    sponsor_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    entry_criteria: Mapped[str] = mapped_column(Text)
    exit_criteria: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="active")  # active, exited
    enrolled_at: Mapped[datetime] = mapped_column(default=utc_now)
    exited_at: Mapped[datetime | None]
    exit_note: Mapped[str | None] = mapped_column(Text)

    author: Mapped[Author] = relationship(lazy="raise")
    brand: Mapped[Brand] = relationship(lazy="raise")
    sponsor: Mapped[User] = relationship(lazy="raise")
