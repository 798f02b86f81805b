from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base


class SavedReply(Base):
    """A lead-managed answer template, matched to conversations by category, tag and language.

    ``body`` may use the variables of :mod:`escalada.replies.saved` (``{customer_name}``…).
    """

    __tablename__ = "saved_replies"
    __table_args__ = (Index("ix_saved_replies_match", "is_active", "language", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    # ISO 639-1 code, or "any" for a reply that fits every language.
    language: Mapped[str] = mapped_column(String(8), default="any")
    category: Mapped[str | None] = mapped_column(String(32))
    tag: Mapped[str | None] = mapped_column(String(64))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    usage_count: Mapped[int] = mapped_column(default=0)
    last_used_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
