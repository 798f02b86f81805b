"""What-if: replay a past period against a proposed team and routing configuration.

The period's conversations become simulation arrivals: each conversation's first
inbound message (the triage-contract input: text, channel, visibility, author signals)
at the time it arrived, with the handle time the team actually spent on it (reply and
action work, ``reports.metrics``), or the engine's default for its tier when nobody
worked on it. The current team is the database's teams, agent profiles and (brand-wide)
SLA policies written as a team file; the proposal is a team file the lead pastes or
uploads, or the current one with agents added. Both replay through
``simulation.engine.simulate`` on the same arrivals, so the comparison is like for like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.inbox.batch_triage import author_signals
from escalada.kit.clock import utc_now
from escalada.models import Brand, Conversation, Message, SlaPolicy
from escalada.reports.filters import ReportFilters
from escalada.reports.rollup import RollupReport
from escalada.routing import teams as routing_teams
from escalada.simulation.arrivals import Arrival
from escalada.simulation.engine import STRATEGIES, simulate
from escalada.simulation.team_file import parse_team_file
from escalada.triage import TriageInput

MAX_DAYS = 14
MAX_ARRIVALS = 20_000
CHOICES = ("configured", *STRATEGIES)
TIERS = ("3", "2", "1")
DEFAULT_COMPOSE_SECONDS = 60.0
MAX_COMPOSE_SECONDS = 4 * 3600.0


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the lead changes: a whole team file, agents added to teams, the strategies to try."""

    team_file: dict[str, Any] | None = None  # None: the current team
    add_agents: dict[str, int] = field(default_factory=dict)  # team slug → agents like its first
    strategies: tuple[str, ...] = ("configured",)
    # From an agent picking a conversation up to the first reply going out: reading and
    # writing time, which the replay cannot see in the stored conversations.
    compose_seconds: float = DEFAULT_COMPOSE_SECONDS

    def check(self) -> None:
        if not self.strategies:
            raise InvalidInput("pick at least one routing strategy")
        unknown = [s for s in self.strategies if s not in CHOICES]
        if unknown:
            raise InvalidInput(f"unknown strategy {unknown[0]!r}; use {', '.join(CHOICES)}")
        for slug, count in self.add_agents.items():
            if not 0 <= count <= 500:
                raise InvalidInput(f"add 0 to 500 agents to {slug}")
        if not 0 <= self.compose_seconds <= MAX_COMPOSE_SECONDS:
            raise InvalidInput("the time from pick-up to first reply must be 0 to 240 minutes")


def parse_yaml(text: str) -> dict[str, Any]:
    """A pasted or uploaded team file; a clear error for anything that is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"team file: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise InvalidInput("team file: expected a mapping with teams and agents")
    return data


def team_file_from(value: dict[str, Any] | str | None) -> dict[str, Any] | None:
    """A proposal's team file given as an object or as YAML text; None (blank) means the current team."""
    if isinstance(value, dict):
        return value
    if value is None or not value.strip():
        return None
    return parse_yaml(value)


def arrivals(session: Session, *, filters: ReportFilters, handle_seconds: dict[int, float]) -> list[Arrival]:
    """The period's conversations as arrivals (first inbound message each), oldest first."""
    query = (
        select(Message, Conversation.id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .options(joinedload(Message.author))
        .where(Message.direction == "inbound", Conversation.created_at >= filters.start,
               Conversation.created_at < filters.end)
        .order_by(Message.created_at, Message.id)
    )
    if filters.brand:
        query = query.join(Brand, Brand.id == Conversation.brand_id).where(Brand.slug == filters.brand)
    if filters.channel:
        query = query.where(Conversation.channel == filters.channel)
    seen: set[int] = set()
    result = []
    for message, conversation_id in session.execute(query):
        if conversation_id in seen:
            continue
        seen.add(conversation_id)
        if len(result) >= MAX_ARRIVALS:
            raise InvalidInput(f"the period holds more than {MAX_ARRIVALS} conversations: pick fewer days")
        author = author_signals(message.author) if message.author is not None else None
        result.append(Arrival(
            id=f"{message.platform}:{message.platform_message_id or message.id}",
            created_at=message.created_at,
            input=TriageInput(text=message.text, channel=message.platform, visibility=message.visibility,
                              author=author),
            handle_seconds=handle_seconds.get(conversation_id) or None,
        ))
    return result


def current_team_file(session: Session) -> dict[str, Any]:
    """The teams, agent profiles and brand-wide SLA policies in the database, as a team file."""
    agents = routing_teams.list_agents(session)
    teams: dict[str, dict[str, Any]] = {}
    for team in routing_teams.list_teams(session):
        teams[team.slug] = {"slug": team.slug, "name": team.name, "kind": team.kind,
                            "strategy": team.strategy}
    data: dict[str, Any] = {
        "teams": list(teams.values()),
        "agents": [{
            "name": a.name, "team": a.team.slug, "tier": a.profile.tier_level,
            "languages": list(a.profile.languages or ["en"]), "skills": list(a.profile.skills or []),
            "capacity": dict(a.profile.capacity or {"public": 3, "private": 2}),
            "timezone": a.profile.timezone, "shifts": list(a.profile.shifts or []),
        } for a in agents],
        "sla": [],
    }
    for policy in session.scalars(select(SlaPolicy).options(joinedload(SlaPolicy.calendar))
                                  .where(SlaPolicy.brand_id.is_(None)).order_by(SlaPolicy.id)):
        spec: dict[str, Any] = {
            "name": policy.name, "tier": policy.tier, "priority": policy.priority, "channel": policy.channel,
            "first_response_minutes": policy.first_response_minutes,
            "next_response_minutes": policy.next_response_minutes,
            "resolution_minutes": policy.resolution_minutes,
        }
        if policy.calendar is not None:
            spec |= {"timezone": policy.calendar.timezone, "hours": policy.calendar.hours or None,
                     "holidays": list(policy.calendar.holidays or [])}
        data["sla"].append({k: v for k, v in spec.items() if v is not None})
    return data


def with_added_agents(data: dict[str, Any], add: dict[str, int]) -> dict[str, Any]:
    """The team file with ``count`` more agents in each team, each like the team's first agent."""
    agents = list(data.get("agents") or [])
    for slug, count in add.items():
        if count <= 0:
            continue
        model = next((a for a in agents if isinstance(a, dict) and a.get("team") == slug), None)
        if model is None:
            if not any(isinstance(t, dict) and t.get("slug") == slug for t in data.get("teams") or []):
                raise InvalidInput(f"unknown team {slug!r}")
            model = {"team": slug}
        added = {k: v for k, v in model.items() if k not in ("name", "email", "count")}
        agents.append(added | {"name": f"New {slug} agent", "count": count})
    return data | {"agents": agents}


def compare(session: Session, *, filters: ReportFilters, proposal: Proposal, principal: Principal,
            now: datetime | None = None) -> dict[str, Any]:
    """Actual, current-team and proposed SLA attainment per tier and first-response p50/p90."""
    principal.require(Permission.REPORTS_VIEW)
    proposal.check()
    if (filters.end - filters.start).days > MAX_DAYS:
        raise InvalidInput(f"replay at most {MAX_DAYS} days at a time")
    report = RollupReport.open(session, filters=filters, now=now or utc_now())
    handle = report.handle_times()
    replayed = arrivals(session, filters=filters, handle_seconds=handle)
    current = current_team_file(session)
    proposed = proposal.team_file if proposal.team_file is not None else current
    proposed = with_added_agents(proposed, proposal.add_agents)
    body: dict[str, Any] = {
        "start": filters.start.isoformat(), "end": filters.end.isoformat(), "filters": filters.query(),
        "arrivals": len(replayed), "handle_seconds_measured": sum(1 for a in replayed if a.handle_seconds),
        "actual": _actual(report.overview()),
        "current": None, "proposed": {},
        "current_agents": len(current["agents"]), "proposed_agents": _count_agents(proposed),
        "compose_seconds": proposal.compose_seconds,
    }
    if not replayed:
        return body
    if current["agents"]:
        body["current"] = _figures(simulate(replayed, parse_team_file(current), strategies=["configured"],
                                            compose_seconds=proposal.compose_seconds)
                                   ["strategies"]["configured"])
    result = simulate(replayed, parse_team_file(proposed), strategies=list(proposal.strategies),
                      compose_seconds=proposal.compose_seconds)
    body["proposed"] = {name: _figures(figures) for name, figures in result["strategies"].items()}
    return body


def _figures(summary: dict[str, Any]) -> dict[str, Any]:
    """The engine's summary with attainment in percent, as the reports show it."""
    return {
        "sla_attainment": {t: None if summary["sla_attainment"].get(t) is None
                           else round(summary["sla_attainment"][t] * 100, 1) for t in TIERS},
        "first_response_seconds": summary["first_response_seconds"],
        "conversations": summary["conversations"], "unanswered": summary["unanswered"],
        "noise": summary["noise"],
    }


def _actual(overview: dict[str, Any]) -> dict[str, Any]:
    tiers = {row["target"].removeprefix("tier "): row["attainment"] for row in overview["sla"]["targets"]}
    first = overview["first_response_seconds"]
    return {"sla_attainment": {t: tiers.get(t) for t in TIERS},
            "first_response_seconds": {"p50": first["p50"], "p90": first["p90"]},
            "conversations": overview["conversations"]}


def _count_agents(data: dict[str, Any]) -> int:
    return sum(int(a.get("count", 1)) for a in data.get("agents") or [] if isinstance(a, dict))


def strategies_from(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v)) or ("configured",)
