"""Team files (YAML): teams, agents with languages, tier, skills, capacity and shifts.

    teams:
      - {slug: social, kind: social, strategy: skills}
    agents:
      - name: Ana
        team: social
        tier: 3
        languages: [pl, en]
        skills: [billing, outage]
        capacity: {public: 3, private: 2}
        timezone: Europe/Dublin
        shifts: ["mon-fri 08:00-16:00"]     # or [{days: [mon, tue], start: "08:00", end: "16:00"}]
        count: 2                           # optional: this many identical agents
    sla:                                   # optional; the seed defaults otherwise
      - {tier: 3, first_response_minutes: 15, next_response_minutes: 15, resolution_minutes: 240}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from escalada.errors import InvalidInput
from escalada.inbox.ingest import describe_validation_error
from escalada.routing import core
from escalada.routing.schemas import Strategy, TeamKind
from escalada.routing.shifts import Shift, parse_shifts, shifts_from_text, zone
from escalada.sla.calendar import parse_calendar
from escalada.sla.policies import Policy
from escalada.triage import CATEGORIES


class TeamSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(min_length=1, max_length=64)
    name: str | None = None
    kind: TeamKind
    strategy: Strategy = "skills"


class AgentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    team: str
    tier: int = Field(default=1, ge=1, le=3)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    skills: list[str] = Field(default_factory=list)
    capacity: dict[str, int] = Field(default_factory=lambda: {"public": 3, "private": 2})
    timezone: str = "UTC"
    shifts: list[str | dict[str, Any]] = Field(default_factory=list)
    count: int = Field(default=1, ge=1, le=1000)
    email: str | None = Field(default=None, max_length=254, description="for `escalada team import`")

    @field_validator("skills")
    @classmethod
    def known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown skill(s) {', '.join(unknown)}")
        return value


class PolicySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    tier: int | None = Field(default=None, ge=1, le=3)
    priority: str | None = None
    channel: str | None = None
    first_response_minutes: int = Field(ge=1)
    next_response_minutes: int | None = Field(default=None, ge=1)
    resolution_minutes: int = Field(default=24 * 60, ge=1)
    timezone: str = "UTC"
    hours: list[list[list[str]]] | None = None
    holidays: list[str] = Field(default_factory=list)


class TeamFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    teams: list[TeamSpec] = Field(min_length=1)
    agents: list[AgentSpec] = Field(min_length=1)
    sla: list[PolicySpec] = Field(default_factory=list)
    rules: list[dict[str, Any]] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SimAgent:
    user_id: int
    name: str
    team_id: int
    tier: int
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: dict[str, int]
    timezone: str
    shifts: tuple[Shift, ...]
    raw_shifts: tuple[dict[str, Any], ...] = ()
    email: str | None = None


@dataclass(frozen=True, slots=True)
class TeamFile:
    teams: tuple[core.TeamState, ...]
    agents: tuple[SimAgent, ...]
    policies: tuple[Policy, ...]
    rules: tuple[dict[str, Any], ...] = ()


def parse_team_file(data: Any) -> TeamFile:
    try:
        spec = TeamFileSpec.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"team file: {describe_validation_error(exc)}") from exc
    teams = tuple(core.TeamState(id=i + 1, slug=t.slug, name=t.name or t.slug.title(), kind=t.kind,
                                 strategy=t.strategy) for i, t in enumerate(spec.teams))
    by_slug = {t.slug: t for t in teams}
    agents = []
    for a in spec.agents:
        if a.team not in by_slug:
            raise InvalidInput(f"team file: agent {a.name} is in unknown team {a.team!r}")
        zone(a.timezone)
        raw_shifts: list[dict[str, Any]] = []
        for shift in a.shifts:
            raw_shifts.extend(shifts_from_text(shift) if isinstance(shift, str) else [shift])
        shifts = parse_shifts(raw_shifts)
        for n in range(a.count):
            agents.append(SimAgent(
                user_id=len(agents) + 1, name=a.name if a.count == 1 else f"{a.name} {n + 1}",
                team_id=by_slug[a.team].id, tier=a.tier, skills=frozenset(a.skills),
                languages=frozenset(x.lower() for x in a.languages),
                capacity={k: int(v) for k, v in a.capacity.items()}, timezone=a.timezone, shifts=shifts,
                raw_shifts=tuple(raw_shifts), email=_email(a, n),
            ))
    policies = tuple(
        Policy(name=p.name or f"tier {p.tier or 'any'}", id=i + 1, tier=p.tier, priority=p.priority,
               channel=p.channel, first_response_seconds=p.first_response_minutes * 60,
               next_response_seconds=(p.next_response_minutes or p.first_response_minutes) * 60,
               resolution_seconds=p.resolution_minutes * 60,
               calendar=parse_calendar(timezone=p.timezone, hours=p.hours, holidays=p.holidays))
        for i, p in enumerate(spec.sla)
    )
    return TeamFile(teams=teams, agents=tuple(agents), policies=policies, rules=tuple(spec.rules))


def _email(agent: AgentSpec, n: int) -> str:
    if agent.email:
        local, _, domain = agent.email.partition("@")
        return agent.email if agent.count == 1 else f"{local}+{n + 1}@{domain}"
    slug = "".join(ch for ch in agent.name.lower() if ch.isalnum()) or "agent"
    return f"{slug}{'' if agent.count == 1 else n + 1}@{agent.team}.team.invalid"


def load_team_file(path: Path) -> TeamFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path.name} is not valid YAML: {exc}") from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    return parse_team_file(data)
