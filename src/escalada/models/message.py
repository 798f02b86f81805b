from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.author import Author
from escalada.models.base import Base

DELIVERY_STATES = ("queued", "sending", "sent", "failed")


class Message(Base):
    """A public or private message, inbound from a customer or outbound from the brand.

    Inbound messages keep the payload they arrived with (``raw``) and their triage.
    Outbound messages are the outbox: ``delivery_state`` tracks queued → sent/failed.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("platform", "platform_message_id"),
        Index("ix_messages_thread_order", "conversation_id", "created_at", "id"),
        Index("ix_messages_outbox", "delivery_state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(String(8))
    platform: Mapped[str] = mapped_column(String(16))
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    brand_account_id: Mapped[int] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="SET NULL"))
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sender_label: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    in_reply_to_platform_id: Mapped[str | None] = mapped_column(String(200))
    raw: Mapped[dict[str, Any] | None]
    triage: Mapped[dict[str, Any] | None]
    language: Mapped[str | None] = mapped_column(String(8))
    sentiment: Mapped[float | None]
    delivery_state: Mapped[str | None] = mapped_column(String(8))
    delivery_error: Mapped[str | None] = mapped_column(Text)
    delivery_attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    author: Mapped[Author | None] = relationship(lazy="raise")


class SandboxDelivery(Base):
    """What the sandbox channel would have sent to a platform: one row per outbound message."""

    __tablename__ = "sandbox_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    request: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
