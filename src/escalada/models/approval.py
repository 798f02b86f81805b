from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base

APPROVAL_STATES = ("pending", "approved", "rejected")


class ApprovalRule(Base):
    """Which replies need a second pair of eyes, set by a lead.

    A rule matches a reply when every condition it sets holds: the sender's role is in
    ``roles`` (empty: any role), the conversation's tier is at least ``min_tier`` (null:
    any tier), and the conversation has one of ``categories`` (empty: any category).
    """

    __tablename__ = "approval_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    min_tier: Mapped[int | None]
    categories: Mapped[list[Any]] = mapped_column(default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ReplyApproval(Base):
    """A reply held for approval; approved ones go to the outbox as ``message_id``."""

    __tablename__ = "reply_approvals"
    __table_args__ = (
        Index("ix_reply_approvals_queue", "status", "created_at"),
        Index("ix_reply_approvals_conversation", "conversation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("approval_rules.id", ondelete="SET NULL"))
    rule_name: Mapped[str] = mapped_column(String(120))
    requested_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    requested_by_label: Mapped[str] = mapped_column(String(200))
    requested_by_role: Mapped[str] = mapped_column(String(32))
    original_text: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_label: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
