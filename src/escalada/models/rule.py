"""Lead-editable rules run on every inbound message, in order, before routing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from escalada.kit.clock import utc_now
from escalada.models.base import Base


class Rule(Base):
    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0, index=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    stop_processing: Mapped[bool] = mapped_column(default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # for time-of-day conditions
    # [{"field": "categories", "op": "contains", "value": "billing"}, ...]; all must hold.
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    # [{"type": "tag", "value": "vip"}, {"type": "set_priority", "value": "urgent"}, ...]
    actions: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
