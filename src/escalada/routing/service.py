"""Routing on the database: load teams and agents as plain data, decide, store, explain.

Every decision lands on the conversation's timeline as a ``conversation.routed`` event
whose reason reads like "routed to Ana: pl, billing, tier 3, 2/8 public load".
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import SYSTEM, Principal
from escalada.kit.clock import utc_now
from escalada.models import (
    ACTIVE_STATUSES,
    PRIORITY_RANK,
    AgentProfile,
    Conversation,
    ConversationRouting,
    Team,
    User,
)
from escalada.routing import core
from escalada.routing.shifts import Shift, on_shift, parse_shifts

# Conversations that occupy an agent. "pending" waits on the customer and "on_hold" on
# someone else, so neither counts against capacity.
LOAD_STATUSES = ("new", "open")


def teams_configured(session: Session) -> bool:
    return session.scalar(select(Team.id).limit(1)) is not None


def team_state(team: Team) -> core.TeamState:
    return core.TeamState(id=team.id, slug=team.slug, name=team.name, kind=team.kind,
                          strategy=team.strategy, last_assigned_user_id=team.last_assigned_user_id)


def new_revision() -> int:
    """Stamp for a changed agent profile (see :func:`roster`)."""
    return secrets.randbelow(2**31)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """An agent's settings, parsed once and kept until a profile changes."""

    user_id: int
    name: str
    team_id: int
    tier: int
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: tuple[tuple[str, int], ...]
    online: bool
    timezone: str
    shifts: tuple[Shift, ...]

    def state(self, at: datetime, available: bool | None = None) -> core.AgentState:
        if available is None:
            available = self.online and on_shift(self.shifts, self.timezone, at)
        return core.AgentState(
            user_id=self.user_id, name=self.name, team_id=self.team_id, tier=self.tier,
            skills=self.skills, languages=self.languages, capacity=dict(self.capacity),
            available=available,
        )


_ROSTERS: dict[tuple[str, int, int, int], tuple[RosterEntry, ...]] = {}
_ROSTER_LOCK = threading.Lock()
_AVAILABLE: dict[tuple[int, datetime], frozenset[int]] = {}


def available_ids(entries: tuple[RosterEntry, ...], at: datetime) -> frozenset[int]:
    """Who is online and on shift at ``at``; shifts change on the minute, so it is kept per minute."""
    minute = at.replace(second=0, microsecond=0)
    key = (id(entries), minute)
    found = _AVAILABLE.get(key)
    if found is None:
        found = frozenset(e.user_id for e in entries
                          if e.online and on_shift(e.shifts, e.timezone, at))
        with _ROSTER_LOCK:
            if len(_AVAILABLE) > 256:
                _AVAILABLE.clear()
            _AVAILABLE[key] = found
    return found


def _active_revisions():  # noqa: ANN202
    """The profile revision of every active agent: their count and sum fingerprint the roster."""
    return (select(AgentProfile.revision).join(User, User.id == AgentProfile.user_id)
            .where(User.is_active.is_(True)).subquery())


def _roster_fingerprint():  # noqa: ANN202
    active = _active_revisions()
    return (select(func.count()).select_from(active).scalar_subquery(),
            select(func.coalesce(func.sum(active.c.revision), 0)).scalar_subquery())


def roster(session: Session, fingerprint: tuple[int, int] | None = None) -> tuple[RosterEntry, ...]:
    """Every active agent's settings, from memory unless a profile changed.

    Each decision costs one aggregate (count and sum of revisions, usually read along
    with the teams) instead of loading and parsing every profile; any change to a
    profile writes a fresh random revision.
    """
    if fingerprint is None:
        count_q, sum_q = _roster_fingerprint()
        fingerprint = tuple(session.execute(select(count_q, sum_q)).one())  # type: ignore[assignment]
    count, revisions = fingerprint
    bind = session.get_bind()
    key = (str(bind.engine.url), id(bind.engine), int(count), int(revisions))
    cached = _ROSTERS.get(key)
    if cached is not None:
        return cached
    rows = session.execute(
        select(AgentProfile.user_id, User.name, AgentProfile.team_id, AgentProfile.tier_level,
               AgentProfile.skills, AgentProfile.languages, AgentProfile.capacity, AgentProfile.status,
               AgentProfile.timezone, AgentProfile.shifts)
        .join(User, User.id == AgentProfile.user_id).where(User.is_active.is_(True))
        .order_by(AgentProfile.user_id)
    ).all()
    entries = tuple(
        RosterEntry(user_id=r[0], name=r[1], team_id=r[2], tier=r[3], skills=frozenset(r[4]),
                    languages=frozenset(r[5]), capacity=tuple((k, int(v)) for k, v in r[6].items()),
                    online=r[7] == "online", timezone=r[8], shifts=parse_shifts(r[9]))
        for r in rows
    )
    with _ROSTER_LOCK:
        if len(_ROSTERS) > 64:
            _ROSTERS.clear()
        _ROSTERS[key] = entries
    return entries


def _load_kind():  # noqa: ANN202
    # A correlated lookup by primary key, not a join: a join makes PostgreSQL hash the
    # whole routing table (every queued conversation) for a few hundred open ones.
    return func.coalesce(
        select(ConversationRouting.channel_type)
        .where(ConversationRouting.conversation_id == Conversation.id)
        .scalar_subquery(),
        "public",
    )


def _among(dialect: str):  # noqa: ANN202
    # One SQL text however many agents are counted: PostgreSQL gets an array (so the
    # driver prepares the statement once per connection), SQLite an expanding IN.
    if dialect == "postgresql":
        return Conversation.assignee_id == any_(bindparam("user_ids", type_=ARRAY(Integer)))
    return Conversation.assignee_id.in_(bindparam("user_ids", expanding=True))


def loads(session: Session, user_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Open conversations per agent and channel type, in one grouped query."""
    if not user_ids:
        return {}
    kind = _load_kind().label("kind")
    rows = session.execute(
        select(Conversation.assignee_id, kind, func.count())
        .where(_among(session.get_bind().dialect.name), Conversation.status.in_(LOAD_STATUSES))
        .group_by(Conversation.assignee_id, kind),
        {"user_ids": list(user_ids)},
    )
    out: dict[int, dict[str, int]] = {}
    for user_id, channel_kind, count in rows:
        out.setdefault(user_id, {})[channel_kind] = count
    return out


def load_teams(session: Session) -> list[core.TeamState]:
    return [team_state(t) for t in session.scalars(select(Team).order_by(Team.id))]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a decision reads: the teams, the roster's fingerprint and some agents' loads."""

    teams: list[core.TeamState]
    fingerprint: tuple[int, int] | None
    loads: dict[int, dict[str, int]]


@functools.cache
def _snapshot_statement(dialect: str):  # noqa: ANN202
    """Three differently shaped results in one ``UNION ALL`` of uniform rows, told apart by
    their first column: ``t`` a team, ``f`` the fingerprint, ``l`` an agent's open
    conversations of one channel type. Built once per dialect: building it is most of a
    decision's Python time."""
    big, text_ = BigInteger, String
    active = _active_revisions()
    kind = _load_kind()
    no_text = cast(null(), text_)
    return union_all(
        select(literal_column("'t'"), cast(Team.id, big), cast(Team.last_assigned_user_id, big),
               cast(Team.slug, text_), cast(Team.name, text_), cast(Team.kind, text_),
               cast(Team.strategy, text_)),
        select(literal_column("'f'"), cast(func.count(), big),
               cast(func.coalesce(func.sum(active.c.revision), 0), big),
               no_text, no_text, no_text, no_text).select_from(active),
        select(literal_column("'l'"), cast(Conversation.assignee_id, big), cast(func.count(), big),
               cast(kind, text_), no_text, no_text, no_text)
        .where(_among(dialect), Conversation.status.in_(LOAD_STATUSES))
        .group_by(Conversation.assignee_id, kind),
    )


def snapshot(session: Session, user_ids: Sequence[int]) -> Snapshot:
    """The teams, the roster's fingerprint and the load of ``user_ids``, in ONE round trip."""
    statement = _snapshot_statement(session.get_bind().dialect.name)
    teams: list[core.TeamState] = []
    fingerprint: tuple[int, int] = (0, 0)
    counted: dict[int, dict[str, int]] = {}
    for tag, a, b, c, d, e, f in session.execute(statement, {"user_ids": list(user_ids) or [-1]}):
        if tag == "t":
            teams.append(core.TeamState(id=int(a), slug=c, name=d, kind=e, strategy=f,
                                        last_assigned_user_id=None if b is None else int(b)))
        elif tag == "f":
            fingerprint = (int(a), int(b))
        else:
            counted.setdefault(int(a), {})[c] = int(b)
    teams.sort(key=lambda team: team.id)
    return Snapshot(teams, fingerprint if teams else None, counted)


def with_loads(session: Session, agents: list[core.AgentState],
               counted: dict[int, dict[str, int]] | None = None) -> list[core.AgentState]:
    if counted is None:
        counted = loads(session, [a.user_id for a in agents])
    for agent in agents:
        agent.load = counted.get(agent.user_id, {})
    return agents


def load_state(session: Session, *, at: datetime | None = None
               ) -> tuple[list[core.TeamState], list[core.AgentState]]:
    """Teams and every agent with their current load (for queue draining and escalation)."""
    at = at or utc_now()
    agents = [entry.state(at) for entry in roster(session)]
    return load_teams(session), with_loads(session, agents)


def work_for(conversation: Conversation, *, kind: str, forced_team_id: int | None = None) -> core.Work:
    return core.Work(
        tier=conversation.tier, priority_rank=PRIORITY_RANK.get(conversation.priority, 1),
        language=conversation.language, categories=tuple(conversation.categories or ()),
        channel_type=kind, executive=conversation.executive, forced_team_id=forced_team_id,
    )


def _routing_row(session: Session, conversation: Conversation, kind: str,
                 is_new: bool = False) -> ConversationRouting:
    row = None if is_new else session.get(ConversationRouting, conversation.id)
    if row is None:
        row = ConversationRouting(conversation_id=conversation.id, channel_type=kind)
        session.add(row)
    return row


def apply(session: Session, conversation: Conversation, decision: core.Decision, *,
          kind: str, actor: Principal = SYSTEM, is_new: bool = False) -> None:
    """Store ``decision``: the routing row, the assignee, the team's turn, the timeline.

    ``is_new``: the conversation has no routing row yet, so none is looked for.
    """
    now = utc_now()
    row = _routing_row(session, conversation, kind, is_new)
    row.team_id = decision.team.id if decision.team else None
    row.channel_type = kind
    row.tier = conversation.tier
    row.priority_rank = PRIORITY_RANK.get(conversation.priority, 1)
    row.routed_at = now
    row.reason = decision.reason[:500]
    if decision.agent is not None:
        row.waiting = False
        row.waiting_since = None
        conversation.assignee_id = decision.agent.user_id
        conversation.updated_at = now
        if decision.team is not None and decision.team.strategy == "round_robin":
            session.execute(update(Team).where(Team.id == decision.team.id)
                            .values(last_assigned_user_id=decision.agent.user_id))
        record(session, actor=actor, action="conversation.routed", conversation_id=conversation.id,
               to=decision.agent.name, team=decision.team.name if decision.team else None,
               reason=decision.reason)
    else:
        if not row.waiting:
            row.waiting_since = now
        row.waiting = decision.team is not None
        record(session, actor=actor, action="conversation.queued", conversation_id=conversation.id,
               to=decision.team.name if decision.team else None, reason=decision.reason)
    session.flush()


# Per database: the teams and roster fingerprint the last decision saw. The next decision
# plans with them, reads fresh ones along with its loads, and trusts the plan only when
# nothing but the round-robin turn changed.
_LAST_SEEN: dict[tuple[str, int], Snapshot] = {}


def _config(teams: Sequence[core.TeamState]) -> list[tuple[int, str, str, str, str]]:
    return [(t.id, t.slug, t.name, t.kind, t.strategy) for t in teams]


def _plan(work: core.Work, teams: Sequence[core.TeamState], entries: tuple[RosterEntry, ...],
          now: datetime) -> tuple[core.TeamState | None, str, list[core.AgentState]]:
    """The team for ``work`` and its eligible agents on duty (their loads not yet known)."""
    available = available_ids(entries, now)
    staffed = {e.team_id for e in entries if e.user_id in available}
    team, team_note = core.choose_team(work, teams, staffed)
    pool = [e.state(now, True) for e in entries if team is not None and e.team_id == team.id
            and e.user_id in available and e.tier >= work.tier]
    return team, team_note, pool


def decide_for(session: Session, conversation: Conversation, *, visibility: str = "public",
               forced_team_id: int | None = None, is_new: bool = False) -> tuple[core.Decision, str] | None:
    """Read what routing needs and decide, writing nothing: the decision and channel type.

    One round trip for a new conversation (``is_new``: it has no routing row yet) while
    teams and agents stay as the last decision saw them: the plan (team and pool) is made
    from those, and one statement reads the fresh teams, the roster's fingerprint and the
    pool's loads. When a team or an agent's settings changed meanwhile, the plan is made
    again from the fresh teams and the loads are read a second time.
    """
    if conversation.assignee_id is not None or conversation.status not in ACTIVE_STATUSES:
        return None
    existing = None if is_new else session.get(ConversationRouting, conversation.id)
    kind = existing.channel_type if existing else core.channel_type(conversation.channel, visibility)
    work = work_for(conversation, kind=kind, forced_team_id=forced_team_id)
    now = utc_now()
    bind = session.get_bind()
    key = (str(bind.engine.url), id(bind.engine))
    seen = _LAST_SEEN.get(key)
    plan = None
    if seen is not None and seen.fingerprint is not None:
        plan = _plan(work, seen.teams, roster(session, seen.fingerprint), now)
    fresh = snapshot(session, [agent.user_id for agent in plan[2]] if plan else [])
    _LAST_SEEN[key] = fresh
    if fresh.fingerprint is None:
        return None  # no teams: nothing to route
    if plan is None or fresh.fingerprint != seen.fingerprint or _config(fresh.teams) != _config(seen.teams):
        plan = _plan(work, fresh.teams, roster(session, fresh.fingerprint), now)
        counted = None
    else:
        counted = fresh.loads
    team, team_note, pool = plan
    if team is not None:  # the fresh state of the team, with whose turn it is
        team = next(t for t in fresh.teams if t.id == team.id)
    return core.decide_in_team(work, team, team_note, with_loads(session, pool, counted)), kind


def route(session: Session, conversation: Conversation, *, visibility: str = "public",
          forced_team_id: int | None = None, is_new: bool = False,
          actor: Principal = SYSTEM) -> core.Decision | None:
    """Route an unassigned conversation. None when no teams exist or it already has someone."""
    decided = decide_for(session, conversation, visibility=visibility, forced_team_id=forced_team_id,
                         is_new=is_new)
    if decided is None:
        return None
    decision, kind = decided
    apply(session, conversation, decision, kind=kind, actor=actor, is_new=is_new)
    return decision


def queue(session: Session, *, team_id: int | None = None, limit: int = 500) -> list[ConversationRouting]:
    """Waiting conversations in queue order: tier, priority, then longest waiting."""
    # Someone may have taken it by hand since it queued; such rows leave on the next drain.
    query = (select(ConversationRouting)
             .join(Conversation, Conversation.id == ConversationRouting.conversation_id)
             .where(ConversationRouting.waiting.is_(True), Conversation.assignee_id.is_(None),
                    Conversation.status.in_(ACTIVE_STATUSES)))
    if team_id is not None:
        query = query.where(ConversationRouting.team_id == team_id)
    query = query.order_by(ConversationRouting.tier.desc(), ConversationRouting.priority_rank.desc(),
                           ConversationRouting.waiting_since, ConversationRouting.conversation_id)
    return list(session.scalars(query.limit(limit)))


def drain(session: Session, *, actor: Principal = SYSTEM, limit: int = 500) -> int:
    """Give queued work to agents with free capacity, highest tier first. Returns how many."""
    teams, agents = load_state(session)
    if not any(a.available and any(a.free(kind) > 0 for kind in a.capacity) for a in agents):
        return 0  # nobody has room: leave the queue alone
    by_team = {t.id: t for t in teams}
    rows = queue(session, limit=limit)
    conversations = {c.id: c for c in session.scalars(
        select(Conversation).where(Conversation.id.in_([r.conversation_id for r in rows])))}
    assigned = 0
    for row in rows:
        team = by_team.get(row.team_id) if row.team_id is not None else None
        conversation = conversations.get(row.conversation_id)
        if team is None or conversation is None:
            continue
        if conversation.assignee_id is not None or conversation.status not in ACTIVE_STATUSES:
            row.waiting = False
            continue
        work = work_for(conversation, kind=row.channel_type)
        agent, how = core.choose_agent(work, team, agents)
        if agent is None:
            continue
        decision = core.Decision(team, agent, core.explain(agent, work, f"{how}, from the queue"))
        apply(session, conversation, decision, kind=row.channel_type, actor=actor)
        core.take(agent, work)
        by_team[team.id] = core.TeamState(team.id, team.slug, team.name, team.kind, team.strategy,
                                          agent.user_id)
        assigned += 1
    return assigned


def release_agent(session: Session, *, user_id: int, reason: str, actor: Principal = SYSTEM) -> int:
    """Take an agent's open work back and route it again (they went away or offline)."""
    conversations = list(session.scalars(
        select(Conversation).where(Conversation.assignee_id == user_id,
                                   Conversation.status.in_(LOAD_STATUSES))
        .order_by(Conversation.priority_rank.desc(), Conversation.id)
    ))
    for conversation in conversations:
        conversation.assignee_id = None
        record(session, actor=actor, action="conversation.unassigned", conversation_id=conversation.id,
               reason=reason)
        session.flush()
        route(session, conversation, actor=actor)
    return len(conversations)
