"""Teams and agent profiles in and out of the API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from escalada.triage import CATEGORIES

TeamKind = Literal["social", "support", "sales", "escalations", "executive"]
Strategy = Literal["round_robin", "least_loaded", "skills"]
AgentStatus = Literal["online", "away", "offline"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


class ShiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: list[int | str] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    start: str = "09:00"
    end: str = "17:00"


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: Slug
    name: str = Field(min_length=1, max_length=120)
    kind: TeamKind
    strategy: Strategy = "skills"
    lead_user_id: int | None = None


class TeamPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=120)
    strategy: Strategy | None = None
    lead_user_id: int | None = None


class AgentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team: str = Field(description="team slug")
    tier_level: int = Field(default=1, ge=1, le=3)
    skills: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    capacity: dict[Literal["public", "private"], int] = Field(
        default_factory=lambda: {"public": 8, "private": 4})
    timezone: str = "UTC"
    shifts: list[ShiftIn] = Field(default_factory=list)
    status: AgentStatus = "offline"

    @field_validator("skills")
    @classmethod
    def known_skills(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown skill(s) {', '.join(unknown)}; skills are triage categories")
        return sorted(set(value))

    @field_validator("languages")
    @classmethod
    def language_codes(cls, value: list[str]) -> list[str]:
        cleaned = sorted({v.strip().lower() for v in value if v.strip()})
        if any(len(v) > 8 for v in cleaned):
            raise ValueError("languages are ISO 639-1 codes such as en, pl, zh")
        return cleaned

    @field_validator("capacity")
    @classmethod
    def non_negative(cls, value: dict[str, int]) -> dict[str, int]:
        if any(v < 0 or v > 500 for v in value.values()):
            raise ValueError("capacity is between 0 and 500 per channel type")
        return value


class StatusIn(BaseModel):
    status: AgentStatus


class TeamOut(BaseModel):
    id: int
    slug: str
    name: str
    kind: str
    strategy: str
    lead_user_id: int | None
    waiting: int = 0


class AgentOut(BaseModel):
    user_id: int
    name: str
    team: str
    tier_level: int
    skills: list[str]
    languages: list[str]
    capacity: dict[str, int]
    load: dict[str, int]
    status: str
    on_shift: bool
    timezone: str
    shifts: list[dict]
