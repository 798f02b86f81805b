"""The replay: arrivals meet agents on a simulated clock (pure; no database, no sleeps).

Each arrival goes through the real triage, the lead's rules (when the team file has
any), the routing core and the SLA policies. An agent holds up to ``capacity``
conversations per channel type at once; a conversation's first reply goes out
``compose_seconds`` after an agent picks it up, and the agent's slot is busy for its
``handle_seconds``. Conversations nobody can take wait in their team's queue, highest
tier first, and are picked up as slots free or shifts start (checked every minute).
"""

from __future__ import annotations

import heapq
import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from escalada.models.conversation import PRIORITY_RANK
from escalada.routing import core
from escalada.routing.shifts import on_shift
from escalada.simulation.arrivals import DEFAULT_HANDLE_SECONDS, Arrival
from escalada.simulation.team_file import TeamFile
from escalada.sla.clock import Facts, first_response_met
from escalada.sla.policies import Policy, select_policy
from escalada.triage import triage

TICK = timedelta(minutes=1)
HORIZON = timedelta(hours=48)  # after the last arrival, stop even if work is left
STRATEGIES = ("skills", "least_loaded", "round_robin")
Adjust = Callable[[Arrival, dict], dict]


@dataclass(slots=True)
class Case:
    arrival: Arrival
    work: core.Work
    policy: Policy | None
    handle_seconds: float
    team_id: int | None = None
    agent_id: int | None = None
    first_response_at: datetime | None = None


@dataclass
class StrategyResult:
    strategy: str
    cases: list[Case] = field(default_factory=list)
    noise: int = 0

    def summary(self) -> dict:
        attainment: dict[str, float | None] = {}
        for tier in (1, 2, 3):
            scored = [c for c in self.cases if c.work.tier == tier and c.policy is not None]
            met = sum(1 for c in scored if first_response_met(
                c.policy, Facts(created_at=c.arrival.created_at, status="open",
                                first_response_at=c.first_response_at)))
            attainment[str(tier)] = round(met / len(scored), 4) if scored else None
        waits = [(c.first_response_at - c.arrival.created_at).total_seconds()
                 for c in self.cases if c.first_response_at is not None]
        if len(waits) >= 2:
            deciles = statistics.quantiles(waits, n=10, method="inclusive")
            p50, p90 = statistics.median(waits), deciles[8]
        else:
            p50 = p90 = waits[0] if waits else None
        return {
            "sla_attainment": attainment,
            "first_response_seconds": {"p50": _round(p50), "p90": _round(p90)},
            "conversations": len(self.cases),
            "unanswered": sum(1 for c in self.cases if c.first_response_at is None),
            "noise": self.noise,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class _Replay:
    def __init__(self, team_file: TeamFile, strategy: str | None, compose_seconds: float) -> None:
        self.teams = {t.id: (replace(t, strategy=strategy) if strategy else t) for t in team_file.teams}
        self.specs = team_file.agents
        self.agents = [core.AgentState(a.user_id, a.name, a.team_id, a.tier, a.skills, a.languages,
                                       dict(a.capacity), False, {}) for a in team_file.agents]
        self.compose = timedelta(seconds=compose_seconds)
        self.waiting: dict[int, list[tuple[int, int, int, Case]]] = {}
        self.events: list[tuple[datetime, int, str, object]] = []
        self.seq = itertools.count()

    def refresh(self, at: datetime) -> None:
        for state, spec in zip(self.agents, self.specs):
            state.available = on_shift(spec.shifts, spec.timezone, at)

    def assign(self, case: Case, agent: core.AgentState, team: core.TeamState, at: datetime) -> None:
        core.take(agent, case.work)
        case.agent_id, case.team_id = agent.user_id, team.id
        case.first_response_at = at + self.compose
        self.teams[team.id] = replace(team, last_assigned_user_id=agent.user_id)
        done = at + timedelta(seconds=case.handle_seconds)
        heapq.heappush(self.events, (done, next(self.seq), "done", case))

    def arrive(self, case: Case, at: datetime) -> None:
        decision = core.decide(case.work, list(self.teams.values()), self.agents)
        if decision.agent is not None and decision.team is not None:
            self.assign(case, decision.agent, decision.team, at)
        elif decision.team is not None:
            case.team_id = decision.team.id
            key = (-case.work.tier, -case.work.priority_rank, next(self.seq))
            heapq.heappush(self.waiting.setdefault(decision.team.id, []), (*key, case))

    def drain(self, at: datetime) -> None:
        for team_id, queue in self.waiting.items():
            if not queue:
                continue
            kept = []
            while queue:
                item = heapq.heappop(queue)
                case = item[3]
                agent, _ = core.choose_agent(case.work, self.teams[team_id], self.agents)
                if agent is None:
                    kept.append(item)
                else:
                    self.assign(case, agent, self.teams[team_id], at)
            for item in kept:
                heapq.heappush(queue, item)

    def finish(self, case: Case) -> None:
        for agent in self.agents:
            if agent.user_id == case.agent_id:
                kind = case.work.channel_type
                agent.load[kind] = max(0, agent.load.get(kind, 0) - 1)

    def queued(self) -> int:
        return sum(len(q) for q in self.waiting.values())


def prepare(arrivals: Sequence[Arrival], policies: Sequence[Policy], adjust: Adjust | None = None,
            team_ids: dict[str, int] | None = None) -> tuple[list[Case], int]:
    """Triage (and rules) once per arrival; the same cases then replay under each strategy."""
    cases, noise = [], 0
    for arrival in arrivals:
        result = triage(arrival.input).to_dict()
        if adjust is not None:
            result = adjust(arrival, result)
        if result.get("archived") or result["tier"] <= 0:
            noise += 1
            continue
        kind = core.channel_type(arrival.input.channel, arrival.input.visibility)
        work = core.Work(tier=result["tier"], priority_rank=PRIORITY_RANK.get(result["priority"], 1),
                         language=result["language"], categories=tuple(result["categories"]),
                         channel_type=kind, executive=result["executive"],
                         forced_team_id=(team_ids or {}).get(result.get("team") or ""))
        policy = select_policy(policies, brand_id=None, tier=result["tier"], priority=result["priority"],
                               channel=arrival.input.channel)
        handle = arrival.handle_seconds or DEFAULT_HANDLE_SECONDS[min(result["tier"], 3)]
        cases.append(Case(arrival, work, policy, handle))
    return cases, noise


def replay(cases: Sequence[Case], team_file: TeamFile, *, strategy: str | None,
           compose_seconds: float = 60.0) -> list[Case]:
    """Run prepared cases through routing on a simulated clock; returns fresh copies."""
    state = _Replay(team_file, strategy, compose_seconds)
    copies = [replace(c) for c in cases]
    if not copies:
        return copies
    for case in copies:
        heapq.heappush(state.events, (case.arrival.created_at, next(state.seq), "arrive", case))
    start = copies[0].arrival.created_at.replace(second=0, microsecond=0)
    end = max(c.arrival.created_at for c in copies) + HORIZON
    tick = start
    while tick <= end:
        heapq.heappush(state.events, (tick, next(state.seq), "tick", None))
        tick += TICK
    last_arrival = max(c.arrival.created_at for c in copies)
    while state.events:
        at, _, kind, payload = heapq.heappop(state.events)
        if kind == "tick":
            if at > last_arrival and not state.queued():
                continue
            state.refresh(at)
            state.drain(at)
        elif kind == "arrive":
            state.arrive(payload, at)  # type: ignore[arg-type]
        else:
            state.finish(payload)  # type: ignore[arg-type]
            state.drain(at)
    return copies


def simulate(arrivals: Sequence[Arrival], team_file: TeamFile, *, strategies: Sequence[str] = STRATEGIES,
             compose_seconds: float = 60.0, adjust: Adjust | None = None,
             on_strategy: Callable[[str], None] | None = None) -> dict:
    """The CLI's JSON: each strategy's SLA attainment and first-response times, and Erlang C."""
    from escalada.simulation.erlang import predict

    from escalada.rules.simulation import adjust_for

    policies = list(team_file.policies)
    adjust = adjust or adjust_for(team_file.rules)
    cases, noise = prepare(arrivals, policies, adjust, {t.slug: t.id for t in team_file.teams})
    out: dict = {"strategies": {}}
    for name in strategies:
        if name not in STRATEGIES and name != "configured":
            raise ValueError(f"unknown strategy {name!r}; use {', '.join(STRATEGIES)} or configured")
        result = StrategyResult(name, replay(cases, team_file, strategy=None if name == "configured" else name,
                                             compose_seconds=compose_seconds), noise)
        out["strategies"][name] = result.summary()
        if on_strategy is not None:
            on_strategy(name)
    out["erlang_c"] = predict(cases, team_file, compose_seconds=compose_seconds)
    return out
