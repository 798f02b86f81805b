"""Routing on the database: load teams and agents as plain data, decide, store, explain.

Every decision lands on the conversation's timeline as a ``conversation.routed`` event
whose reason reads like "routed to Ana: pl, billing, tier 3, 2/8 public load".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
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
from escalada.routing.shifts import on_shift, parse_shifts

# Conversations that occupy an agent. "pending" waits on the customer and "on_hold" on
# someone else, so neither counts against capacity.
LOAD_STATUSES = ("new", "open")


def teams_configured(session: Session) -> bool:
    return session.scalar(select(Team.id).limit(1)) is not None


def team_state(team: Team) -> core.TeamState:
    return core.TeamState(id=team.id, slug=team.slug, name=team.name, kind=team.kind,
                          strategy=team.strategy, last_assigned_user_id=team.last_assigned_user_id)


def agent_state(profile: AgentProfile, name: str, at: datetime) -> core.AgentState:
    available = profile.status == "online" and on_shift(
        parse_shifts(profile.shifts), profile.timezone, at
    )
    return core.AgentState(
        user_id=profile.user_id, name=name, team_id=profile.team_id, tier=profile.tier_level,
        skills=frozenset(profile.skills), languages=frozenset(profile.languages),
        capacity={k: int(v) for k, v in profile.capacity.items()}, available=available,
    )


def loads(session: Session, user_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Open conversations per agent and channel type, in one grouped query."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(Conversation.assignee_id, ConversationRouting.channel_type, func.count())
        .join(ConversationRouting, ConversationRouting.conversation_id == Conversation.id)
        .where(Conversation.assignee_id.in_(user_ids), Conversation.status.in_(LOAD_STATUSES))
        .group_by(Conversation.assignee_id, ConversationRouting.channel_type)
    )
    out: dict[int, dict[str, int]] = {}
    for user_id, kind, count in rows:
        out.setdefault(user_id, {})[kind] = count
    return out


def load_state(session: Session, *, at: datetime | None = None
               ) -> tuple[list[core.TeamState], list[core.AgentState]]:
    at = at or utc_now()
    teams = [team_state(t) for t in session.scalars(select(Team).order_by(Team.id))]
    rows = session.execute(
        select(AgentProfile, User.name).join(User, User.id == AgentProfile.user_id)
        .where(User.is_active.is_(True))
    ).all()
    agents = [agent_state(profile, name, at) for profile, name in rows]
    counted = loads(session, [a.user_id for a in agents])
    for agent in agents:
        agent.load = counted.get(agent.user_id, {})
    return teams, agents


def work_for(conversation: Conversation, *, kind: str, forced_team_id: int | None = None) -> core.Work:
    return core.Work(
        tier=conversation.tier, priority_rank=PRIORITY_RANK.get(conversation.priority, 1),
        language=conversation.language, categories=tuple(conversation.categories or ()),
        channel_type=kind, executive=conversation.executive, forced_team_id=forced_team_id,
    )


def _routing_row(session: Session, conversation: Conversation, kind: str) -> ConversationRouting:
    row = session.get(ConversationRouting, conversation.id)
    if row is None:
        row = ConversationRouting(conversation_id=conversation.id, channel_type=kind)
        session.add(row)
    return row


def apply(session: Session, conversation: Conversation, decision: core.Decision, *,
          kind: str, actor: Principal = SYSTEM) -> None:
    """Store ``decision``: the routing row, the assignee, the team's turn, the timeline."""
    now = utc_now()
    row = _routing_row(session, conversation, kind)
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
        if decision.team is not None:
            team = session.get(Team, decision.team.id)
            if team is not None:
                team.last_assigned_user_id = decision.agent.user_id
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


def route(session: Session, conversation: Conversation, *, visibility: str = "public",
          forced_team_id: int | None = None, actor: Principal = SYSTEM) -> core.Decision | None:
    """Route an unassigned conversation. None when no teams exist or it already has someone."""
    if conversation.assignee_id is not None or conversation.status not in ACTIVE_STATUSES:
        return None
    if not teams_configured(session):
        return None
    existing = session.get(ConversationRouting, conversation.id)
    kind = existing.channel_type if existing else core.channel_type(conversation.channel, visibility)
    teams, agents = load_state(session)
    decision = core.decide(work_for(conversation, kind=kind, forced_team_id=forced_team_id),
                           teams, agents)
    apply(session, conversation, decision, kind=kind, actor=actor)
    return decision


def queue(session: Session, *, team_id: int | None = None, limit: int = 500) -> list[ConversationRouting]:
    """Waiting conversations in queue order: tier, priority, then longest waiting."""
    query = select(ConversationRouting).where(ConversationRouting.waiting.is_(True))
    if team_id is not None:
        query = query.where(ConversationRouting.team_id == team_id)
    query = query.order_by(ConversationRouting.tier.desc(), ConversationRouting.priority_rank.desc(),
                           ConversationRouting.waiting_since, ConversationRouting.conversation_id)
    return list(session.scalars(query.limit(limit)))


def drain(session: Session, *, actor: Principal = SYSTEM, limit: int = 500) -> int:
    """Give queued work to agents with free capacity, highest tier first. Returns how many."""
    teams, agents = load_state(session)
    by_team = {t.id: t for t in teams}
    assigned = 0
    for row in queue(session, limit=limit):
        team = by_team.get(row.team_id) if row.team_id is not None else None
        conversation = session.get(Conversation, row.conversation_id)
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
