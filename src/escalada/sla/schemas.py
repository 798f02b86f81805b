"""SLA policies, calendars and stakeholders in and out of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Priority = Literal["low", "normal", "high", "urgent"]
Channel = Literal["x", "facebook", "instagram", "messenger", "whatsapp", "email", "other"]
StakeholderKind = Literal["customer_success_manager", "account_executive", "executive"]


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    brand: str | None = Field(default=None, description="brand slug; empty for every brand")
    tier: int | None = Field(default=None, ge=1, le=3)
    priority: Priority | None = None
    channel: Channel | None = None
    first_response_minutes: int = Field(ge=1, le=60 * 24 * 30)
    next_response_minutes: int = Field(ge=1, le=60 * 24 * 30)
    resolution_minutes: int = Field(ge=1, le=60 * 24 * 90)
    calendar: str | None = Field(default=None, description="business calendar name; empty for 24/7")
    warn_percent: int = Field(default=75, ge=1, le=99)
    level2_percent: int = Field(default=150, ge=101, le=1000)
    level3_percent: int = Field(default=200, ge=102, le=2000)


class PolicyOut(PolicyIn):
    id: int


class CalendarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    timezone: str = "UTC"
    hours: list[list[list[str]]] = Field(description="seven days, Monday first: [[start, end], ...]")
    holidays: list[str] = Field(default_factory=list)


class CalendarOut(CalendarIn):
    id: int


class StakeholderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    brand: str
    kind: StakeholderKind
    name: str = Field(min_length=1, max_length=120)
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    author_id: int | None = Field(default=None, description="only for this customer")


class StakeholderOut(BaseModel):
    id: int
    brand_id: int
    kind: str
    name: str
    email: str
    author_id: int | None


class ClockOut(BaseModel):
    conversation_id: int
    policy: str | None
    clock: str
    state: str
    level: int
    due_at: datetime | None
    elapsed_seconds: float
    target_seconds: float
    percent: float
