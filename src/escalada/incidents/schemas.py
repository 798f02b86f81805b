"""Pydantic shapes of the incidents API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["sev1", "sev2", "sev3", "sev4"]
IncidentStatus = Literal["suspected", "confirmed", "monitoring", "resolved"]
CauseCategory = Literal["infrastructure", "deployment", "third_party", "billing_system", "logistics",
                        "product_defect", "security", "human_error", "unknown"]
Channel = Literal["x", "facebook", "instagram", "messenger", "whatsapp", "email", "other"]


class IncidentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    brand: str | None = Field(default=None, description="Brand slug; or give conversation_id")
    conversation_id: int | None = Field(default=None, description="Open from this conversation")
    severity: Severity = "sev3"
    cause: str = Field(default="", max_length=20_000)
    cause_category: CauseCategory = "unknown"
    owner_id: int | None = None
    affected_channels: list[Channel] = []


class IncidentPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    severity: Severity | None = None
    cause: str | None = Field(default=None, max_length=20_000)
    cause_category: CauseCategory | None = None
    owner_id: int | None = Field(default=None, ge=1, le=2_147_483_647, description="null: no owner")
    affected_channels: list[Channel] | None = None

    @model_validator(mode="after")
    def _no_null_where_a_value_is_required(self) -> IncidentPatch:
        # Leaving a field out keeps it; null is only meaningful for the owner ("nobody").
        nulled = sorted(f for f in self.model_fields_set - {"owner_id"} if getattr(self, f) is None)
        if nulled:
            raise ValueError(f"{', '.join(nulled)} cannot be null: leave the field out to keep it")
        return self


class StatusChange(BaseModel):
    status: IncidentStatus
    note: str = Field(default="", max_length=2000)
    false_alarm: bool = False


class LinkIn(BaseModel):
    conversation_id: int
    note: str = Field(default="", max_length=2000)


class UpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["update", "resolution"] = "update"
    default_language: str = Field(default="en", min_length=2, max_length=8)
    texts: dict[str, str] = Field(description="Language code → text; the default language is required, "
                                              "and every language of the linked customers needs its text…")
    default_for: list[str] = Field(default_factory=list, max_length=20,
                                   description="…or is listed here: those customers get the default text")


class ProgressOut(BaseModel):
    linked: int
    prepared: int
    queued: int
    sent: int
    failed: int
    skipped: int
    percent: int


class UpdateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    state: str
    default_language: str
    texts: dict[str, str]
    default_for: list[str] = []
    drafted_by_label: str
    approved_by_label: str | None
    approved_at: datetime | None
    send_started_at: datetime | None
    sent_at: datetime | None
    progress: ProgressOut | None = None


class LinkedConversationOut(BaseModel):
    conversation_id: int
    author_handle: str
    channel: str
    language: str
    status: str
    linked_at: datetime
    linked_by: str
    reason: str


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_label: str
    kind: str
    text: str


class IncidentOut(BaseModel):
    id: int
    brand: str
    title: str
    cause: str
    cause_category: str
    severity: str
    status: str
    owner_id: int | None
    owner: str | None
    affected_channels: list[str]
    detected_by: str
    false_alarm: bool
    first_report_at: datetime | None
    created_at: datetime
    resolved_at: datetime | None
    conversations: int


class IncidentDetailOut(IncidentOut):
    linked: list[LinkedConversationOut]
    timeline: list[EventOut]
    updates: list[UpdateOut]


class PostMortemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    root_cause: str | None = Field(default=None, max_length=20_000)
    went_well: str | None = Field(default=None, max_length=20_000)
    to_improve: str | None = Field(default=None, max_length=20_000)
    concessions: str | None = Field(default=None, max_length=20_000)
    publish: bool = False


class ActionItemIn(BaseModel):
    description: str = Field(min_length=1, max_length=2000)
    owner_id: int | None = None
    due_on: date | None = None


class ActionItemOut(BaseModel):
    id: int
    incident_id: int | None  # None for an executive escalation's post-mortem
    conversation_id: int | None = None
    description: str
    owner: str | None
    due_on: date | None
    done: bool
    overdue: bool = False


class ActionItemDone(BaseModel):
    done: bool = True


class PostMortemOut(BaseModel):
    incident_id: int
    state: str
    root_cause: str
    went_well: str
    to_improve: str
    concessions: str
    timeline: list[tuple[datetime, str]]
    action_items: list[ActionItemOut]


class ThresholdsOut(BaseModel):
    brand: str
    customised: bool
    enabled: bool
    window_minutes: int
    min_reports: int
    rate_multiplier: float
    baseline_days: int
    min_similarity: float


class ThresholdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    window_minutes: int | None = None
    min_reports: int | None = None
    rate_multiplier: float | None = None
    baseline_days: int | None = None
    min_similarity: float | None = None


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    incident_id: int
    kind: str
    text: str
    created_at: datetime
    read_at: datetime | None


class ReviewRowOut(BaseModel):
    incident: IncidentOut
    postmortem_state: str | None
    time_to_resolve: str


class ReviewOut(BaseModel):
    quarter: str
    incidents: list[ReviewRowOut]
    recurring_causes: list[dict[str, object]]
    recurring_cues: list[dict[str, object]]
    open_action_items: int
    executive_escalations: list[dict[str, object]] = []
