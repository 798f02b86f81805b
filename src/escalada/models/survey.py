from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base


class CsatSurvey(Base):
    """One satisfaction survey sent when a conversation was resolved, and its answer.

    The link carries a random token; only its SHA-256 is stored. ``agent_id`` is whoever
    had the conversation when it was resolved, so results stay with them if it moves on.
    """

    __tablename__ = "csat_surveys"
    __table_args__ = (Index("ix_csat_surveys_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    score: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)


class TrackedLink(Base):
    """A link an agent put in a reply, rewritten to a unique short code that counts clicks."""

    __tablename__ = "tracked_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    url: Mapped[str] = mapped_column(Text)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    clicks: Mapped[int] = mapped_column(default=0)
    first_clicked_at: Mapped[datetime | None]
