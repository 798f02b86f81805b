"""Social listening: what a brand listens for in public posts that do not tag it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base

LISTENING_KINDS = ("keyword", "brand_name", "hashtag")


class ListeningQuery(Base):
    """One term a brand listens for. New queries start disabled: listening is noisy."""

    __tablename__ = "listening_queries"
    __table_args__ = (UniqueConstraint("brand_id", "kind", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    matches: Mapped[int] = mapped_column(default=0)


class ListeningMatch(Base):
    """One inbound post a listening query brought in: what the listening report counts."""

    __tablename__ = "listening_matches"
    __table_args__ = (UniqueConstraint("query_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    query_id: Mapped[int] = mapped_column(ForeignKey("listening_queries.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    matched_at: Mapped[datetime] = mapped_column(index=True)
