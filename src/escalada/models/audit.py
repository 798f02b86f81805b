from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base


class AuditEvent(Base):
    """Append-only record of who did what; a conversation's timeline is its events."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
