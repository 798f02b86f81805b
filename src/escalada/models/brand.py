from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.base import Base


class Brand(Base):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    accounts: Mapped[list[BrandAccount]] = relationship(
        back_populates="brand", lazy="raise", order_by="BrandAccount.id"
    )


class BrandAccount(Base):
    """A brand's account on one platform; inbound messages are addressed to one."""

    __tablename__ = "brand_accounts"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    # Stored without a leading "@" and case-folded, so "@AcmeHelp" and "acmehelp" match.
    handle: Mapped[str] = mapped_column(String(120))
    display_handle: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    brand: Mapped[Brand] = relationship(back_populates="accounts", lazy="raise")
