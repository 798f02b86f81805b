"""Routing decisions over plain data: which team, which agent, and why (pure, no I/O).

Rules of the house:

- executive cases go to the executive team, sales leads to sales, tier 3 to
  escalations, private conversations to support, the rest to social;
- a team with nobody on shift hands its work to the team on shift (``FALLBACK``),
  except sales leads, which wait in the sales queue for the morning;
- an agent only takes work up to their own tier, and exact-tier agents are preferred
  so seniors stay free for senior work;
- a full agent (per channel type) takes nothing more; the work waits in its team's
  queue, ordered highest tier first (tier-3 work never waits behind tier-1 work).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from escalada.channels.visibility import thread_visibility

FALLBACK: dict[str, tuple[str, ...]] = {
    "executive": ("escalations", "support", "social"),
    "escalations": ("executive", "support", "social"),
    "support": ("social", "escalations"),
    "social": ("support", "escalations"),
    "sales": (),
}


def channel_type(channel: str, visibility: str) -> str:
    """Which capacity a message takes: a private thread's, or a public one's."""
    return thread_visibility(channel, visibility)


@dataclass(frozen=True, slots=True)
class Work:
    tier: int
    priority_rank: int
    language: str
    categories: tuple[str, ...]
    channel_type: str
    executive: bool = False
    forced_team_id: int | None = None  # a rule may name the team


@dataclass(frozen=True, slots=True)
class TeamState:
    id: int
    slug: str
    name: str
    kind: str
    strategy: str
    last_assigned_user_id: int | None = None


@dataclass(slots=True)
class AgentState:
    user_id: int
    name: str
    team_id: int
    tier: int
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: dict[str, int]
    available: bool  # online and on shift
    load: dict[str, int] = field(default_factory=dict)

    def free(self, kind: str) -> int:
        return self.capacity.get(kind, 0) - self.load.get(kind, 0)

    def load_ratio(self) -> float:
        total = sum(self.capacity.values())
        return sum(self.load.values()) / total if total else 1.0

    def can_take(self, work: Work) -> bool:
        return self.available and self.tier >= work.tier and self.free(work.channel_type) > 0


@dataclass(frozen=True, slots=True)
class Decision:
    team: TeamState | None
    agent: AgentState | None
    reason: str

    @property
    def waiting(self) -> bool:
        return self.team is not None and self.agent is None


def preferred_kind(work: Work) -> str:
    if work.executive:
        return "executive"
    if "sales_lead" in work.categories:
        return "sales"
    if work.tier >= 3:
        return "escalations"
    if work.channel_type == "private":
        return "support"
    return "social"


def choose_team(work: Work, teams: Sequence[TeamState], staffed: set[int]) -> tuple[TeamState | None, str]:
    """The team for ``work`` given which teams have someone available right now."""
    if not teams:
        return None, "no teams are configured"
    if work.forced_team_id is not None:
        for team in teams:
            if team.id == work.forced_team_id:
                return team, f"{team.name} (set by a rule)"
    kind = preferred_kind(work)
    own = [t for t in teams if t.kind == kind]
    for team in own:
        if team.id in staffed:
            return team, team.name
    if own and kind == "sales":
        return own[0], f"{own[0].name} queue (nobody on shift; sales leads wait for sales)"
    for other in FALLBACK.get(kind, ()):
        for team in teams:
            if team.kind == other and team.id in staffed:
                why = f"no {kind} team on shift" if own else f"no {kind} team"
                return team, f"{team.name} ({why}; team on shift)"
    for team in teams:
        if team.id in staffed:
            return team, f"{team.name} (the only team on shift)"
    target = own[0] if own else teams[0]
    return target, f"{target.name} queue (nobody on shift)"


def _tier_excess(agent: AgentState, work: Work) -> int:
    return agent.tier - work.tier


def _round_robin(pool: list[AgentState], last: int | None) -> AgentState:
    ordered = sorted(pool, key=lambda a: a.user_id)
    if last is not None:
        for agent in ordered:
            if agent.user_id > last:
                return agent
    return ordered[0]


def choose_agent(work: Work, team: TeamState, agents: Iterable[AgentState]) -> tuple[AgentState | None, str]:
    """The agent in ``team`` who gets ``work`` under the team's strategy, and a note on fit."""
    pool = [a for a in agents if a.team_id == team.id and a.can_take(work)]
    if not pool:
        return None, ""
    if team.strategy == "round_robin":
        return _round_robin(pool, team.last_assigned_user_id), "round robin"
    if team.strategy == "least_loaded":
        best = min(pool, key=lambda a: (a.load_ratio(), _tier_excess(a, work), a.user_id))
        return best, "least loaded"
    wanted = set(work.categories)

    def fit(agent: AgentState) -> tuple[int, int, int, float, int]:
        speaks = work.language in agent.languages
        skills = len(wanted & agent.skills)
        return (-int(speaks), -skills, _tier_excess(agent, work), agent.load_ratio(), agent.user_id)

    best = min(pool, key=fit)
    speaks = work.language in best.languages
    has_skill = bool(wanted & best.skills) or not wanted
    if speaks and has_skill:
        return best, "skills and language"
    missing = []
    if not speaks and work.language != "und":
        missing.append(f"{work.language} speaker")
    if not has_skill:
        missing.append(f"{'/'.join(sorted(wanted))} skill")
    return best, f"fallback: no available {' with '.join(missing) or 'match'}" if missing else "best fit"


def explain(agent: AgentState, work: Work, how: str) -> str:
    """"routed to Ana: pl, billing, tier 3, 2/8 load (skills and language)"."""
    kind = work.channel_type
    parts = [work.language] if work.language in agent.languages else []
    parts += [c for c in work.categories if c in agent.skills]
    parts.append(f"tier {agent.tier}")
    parts.append(f"{agent.load.get(kind, 0)}/{agent.capacity.get(kind, 0)} {kind} load")
    return f"routed to {agent.name}: {', '.join(parts)} ({how})"


def decide(work: Work, teams: Sequence[TeamState], agents: Sequence[AgentState]) -> Decision:
    """Team, then agent; when nobody can take it now, the team's queue."""
    staffed = {a.team_id for a in agents if a.available}
    team, team_note = choose_team(work, teams, staffed)
    return decide_in_team(work, team, team_note, agents)


def decide_in_team(work: Work, team: TeamState | None, team_note: str,
                   agents: Iterable[AgentState]) -> Decision:
    """The agent half of :func:`decide`, once the team is chosen."""
    if team is None:
        return Decision(None, None, team_note)
    agent, how = choose_agent(work, team, agents)
    if agent is None:
        return Decision(team, None, f"queued for {team_note}: nobody available with tier ≥ {work.tier} "
                                    f"and free {work.channel_type} capacity")
    reason = explain(agent, work, how)
    if team_note != team.name:
        reason += f"; team: {team_note}"
    return Decision(team, agent, reason)


def take(agent: AgentState, work: Work) -> None:
    """Count ``work`` against ``agent``'s load (for callers deciding several in a row)."""
    agent.load[work.channel_type] = agent.load.get(work.channel_type, 0) + 1


@dataclass(frozen=True, slots=True)
class Queued:
    conversation_id: int
    work: Work


def queue_order(item: Queued) -> tuple[int, int]:
    """Sort key: highest tier, then highest priority (the caller keeps arrival order)."""
    return (-item.work.tier, -item.work.priority_rank)


def next_for(agent: AgentState, queue: Sequence[Queued]) -> Queued | None:
    """The first queued item ``agent`` may take; ``queue`` is already in queue order."""
    for item in queue:
        if agent.can_take(item.work):
            return item
    return None
