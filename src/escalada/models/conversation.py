from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.author import Author
from escalada.models.base import Base
from escalada.models.brand import Brand, BrandAccount
from escalada.models.user import User

STATUSES = ("new", "open", "pending", "on_hold", "resolved", "closed")
ACTIVE_STATUSES = ("new", "open", "pending", "on_hold")
PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


class Conversation(Base):
    """One customer's thread with one brand account; carries the triage of its worst message."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_urgent_order", "priority_rank", "last_message_at", "id"),
        Index("ix_conversations_newest_order", "last_message_at", "id"),
        Index("ix_conversations_status_urgent", "status", "priority_rank", "last_message_at", "id"),
        Index("ix_conversations_thread_key", "author_id", "brand_account_id", "status"),
        # Agents' open load, counted on every routing decision.
        Index("ix_conversations_assignee_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    brand_account_id: Mapped[int] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    tier: Mapped[int] = mapped_column(default=1, index=True)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    priority_rank: Mapped[int] = mapped_column(default=1)
    language: Mapped[str] = mapped_column(String(8), default="und", index=True)
    sentiment: Mapped[float] = mapped_column(default=0.0)
    troll: Mapped[float] = mapped_column(default=0.0)
    needs_private: Mapped[bool] = mapped_column(default=False)
    executive: Mapped[bool] = mapped_column(default=False)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    preview: Mapped[str] = mapped_column(String(280), default="")
    message_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_message_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_inbound_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]

    brand: Mapped[Brand] = relationship(lazy="raise")
    brand_account: Mapped[BrandAccount] = relationship(lazy="raise")
    author: Mapped[Author] = relationship(lazy="raise")
    assignee: Mapped[User | None] = relationship(lazy="raise")
    tags: Mapped[list[ConversationTag]] = relationship(
        lazy="raise", order_by="ConversationTag.tag", cascade="all, delete-orphan"
    )


class ConversationTag(Base):
    __tablename__ = "conversation_tags"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    # "triage" for tags set from categories on arrival, else the user's id as text.
    added_by: Mapped[str] = mapped_column(String(64), default="triage")
    added_at: Mapped[datetime] = mapped_column(default=utc_now)


class Note(Base):
    """An internal note: visible to the team, never sent to the customer."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
