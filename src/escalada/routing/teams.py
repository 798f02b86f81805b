"""Lead operations on teams and agent profiles, and agents' own availability."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from escalada.kit.clock import utc_now
from escalada.models import ACTIVE_STATUSES, AgentProfile, Conversation, ConversationRouting, Team, User
from escalada.routing import service
from escalada.routing.schemas import AgentIn, TeamIn, TeamPatch
from escalada.routing.shifts import on_shift, parse_shifts, zone


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.kind, Team.name)))


def waiting_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(ConversationRouting.team_id, func.count())
        .join(Conversation, Conversation.id == ConversationRouting.conversation_id)
        .where(ConversationRouting.waiting.is_(True), Conversation.assignee_id.is_(None),
               Conversation.status.in_(ACTIVE_STATUSES))
        .group_by(ConversationRouting.team_id)
    )
    return {team_id: count for team_id, count in rows}


def get_team(session: Session, *, slug: str) -> Team:
    team = session.scalar(select(Team).where(Team.slug == slug))
    if team is None:
        raise NotFound(f"team {slug!r} not found")
    return team


def _check_lead(session: Session, user_id: int | None) -> None:
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise InvalidInput(f"user {user_id} does not exist or is deactivated")


def create_team(session: Session, *, data: TeamIn, principal: Principal) -> Team:
    principal.require(Permission.TEAMS_MANAGE)
    if session.scalar(select(Team.id).where(Team.slug == data.slug)) is not None:
        raise Conflict(f"a team called {data.slug!r} already exists")
    _check_lead(session, data.lead_user_id)
    team = Team(**data.model_dump())
    session.add(team)
    session.flush()
    record(session, actor=principal, action="team.created", team=team.slug, kind=team.kind)
    return team


def update_team(session: Session, *, slug: str, data: TeamPatch, principal: Principal) -> Team:
    principal.require(Permission.TEAMS_MANAGE)
    team = get_team(session, slug=slug)
    changes = data.model_dump(exclude_unset=True)
    if "lead_user_id" in changes:
        _check_lead(session, changes["lead_user_id"])
    for name, value in changes.items():
        if value is not None or name == "lead_user_id":
            setattr(team, name, value)
    record(session, actor=principal, action="team.updated", team=team.slug, **changes)
    return team


@dataclass(frozen=True)
class AgentRow:
    profile: AgentProfile
    name: str
    team: Team
    load: dict[str, int]
    on_shift: bool


def list_agents(session: Session, *, team_id: int | None = None) -> list[AgentRow]:
    query = (select(AgentProfile, User.name, Team).join(User, User.id == AgentProfile.user_id)
             .join(Team, Team.id == AgentProfile.team_id).order_by(Team.name, User.name))
    if team_id is not None:
        query = query.where(AgentProfile.team_id == team_id)
    rows = session.execute(query).all()
    counted = service.loads(session, [p.user_id for p, _, _ in rows])
    now = utc_now()
    return [AgentRow(p, name, team, counted.get(p.user_id, {}),
                     on_shift(parse_shifts(p.shifts), p.timezone, now)) for p, name, team in rows]


def set_agent(session: Session, *, user_id: int, data: AgentIn, principal: Principal) -> AgentProfile:
    """Create or replace a user's agent profile."""
    principal.require(Permission.TEAMS_MANAGE)
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound(f"user {user_id} not found")
    team = get_team(session, slug=data.team)
    zone(data.timezone)
    shifts = [s.model_dump() for s in data.shifts]
    parse_shifts(shifts)
    profile = session.get(AgentProfile, user_id)
    if profile is None:
        profile = AgentProfile(user_id=user_id)
        session.add(profile)
    previous_status = profile.status
    profile.team_id = team.id
    profile.tier_level = data.tier_level
    profile.skills = data.skills
    profile.languages = data.languages
    profile.capacity = dict(data.capacity)
    profile.timezone = data.timezone
    profile.shifts = shifts
    profile.status = data.status
    profile.revision = service.new_revision()
    session.flush()
    record(session, actor=principal, action="agent.updated", user=user.name, team=team.slug,
           tier=data.tier_level, status=data.status)
    if previous_status == "online" and data.status != "online":
        service.release_agent(session, user_id=user_id, reason=f"{user.name} went {data.status}",
                              actor=principal)
    elif data.status == "online":
        service.drain(session, actor=principal)
    return profile


def set_status(session: Session, *, user_id: int, status: str, principal: Principal) -> AgentProfile:
    """Agents set their own availability; leads anyone's. Going away hands work back."""
    if principal.user_id != user_id and not principal.can(Permission.TEAMS_MANAGE):
        raise PermissionDenied("you may change only your own availability")
    if status not in ("online", "away", "offline"):
        raise InvalidInput(f"unknown status {status!r}; use online, away or offline")
    profile = session.get(AgentProfile, user_id)
    if profile is None:
        raise NotFound(f"user {user_id} has no agent profile; a lead must add them to a team")
    if profile.status == status:
        return profile
    user = session.get(User, user_id)
    assert user is not None
    old = profile.status
    profile.status = status
    profile.status_changed_at = utc_now()
    profile.revision = service.new_revision()
    session.flush()
    record(session, actor=principal, action="agent.status", user=user.name, to=status, previous=old)
    if status != "online":
        service.release_agent(session, user_id=user_id, reason=f"{user.name} went {status}",
                              actor=principal)
    else:
        service.drain(session, actor=principal)
    return profile
