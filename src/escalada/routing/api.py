"""Teams and agents API: leads configure, agents set their own availability."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.routing import service, teams
from escalada.routing.schemas import AgentIn, AgentOut, StatusIn, TeamIn, TeamOut, TeamPatch

router = APIRouter(prefix="/api/v1", tags=["routing"])
Viewer = Annotated[Principal, Depends(require(Permission.USERS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.TEAMS_MANAGE))]
Anyone = Annotated[Principal, Depends(current_principal)]


def _team_out(team, waiting: dict[int, int]) -> TeamOut:  # noqa: ANN001
    return TeamOut(id=team.id, slug=team.slug, name=team.name, kind=team.kind, strategy=team.strategy,
                   lead_user_id=team.lead_user_id, waiting=waiting.get(team.id, 0))


def _agent_out(row: teams.AgentRow) -> AgentOut:
    p = row.profile
    return AgentOut(user_id=p.user_id, name=row.name, team=row.team.slug, tier_level=p.tier_level,
                    skills=p.skills, languages=p.languages, capacity=p.capacity, load=row.load,
                    status=p.status, on_shift=row.on_shift, timezone=p.timezone, shifts=p.shifts)


@router.get("/teams", response_model=list[TeamOut])
def get_teams(session: SessionDep, _: Viewer) -> list[TeamOut]:
    waiting = teams.waiting_counts(session)
    return [_team_out(t, waiting) for t in teams.list_teams(session)]


@router.post("/teams", response_model=TeamOut, status_code=201)
def post_team(body: TeamIn, session: SessionDep, principal: Lead) -> TeamOut:
    return _team_out(teams.create_team(session, data=body, principal=principal), {})


@router.patch("/teams/{slug}", response_model=TeamOut)
def patch_team(slug: str, body: TeamPatch, session: SessionDep, principal: Lead) -> TeamOut:
    team = teams.update_team(session, slug=slug, data=body, principal=principal)
    return _team_out(team, teams.waiting_counts(session))


@router.get("/teams/{slug}/queue", response_model=list[dict])
def get_queue(slug: str, session: SessionDep, _: Viewer) -> list[dict]:
    """Conversations waiting for an agent, in the order they will be served."""
    team = teams.get_team(session, slug=slug)
    return [{"conversation_id": r.conversation_id, "tier": r.tier, "priority_rank": r.priority_rank,
             "channel_type": r.channel_type, "waiting_since": r.waiting_since, "reason": r.reason}
            for r in service.queue(session, team_id=team.id)]


@router.get("/agents", response_model=list[AgentOut])
def get_agents(session: SessionDep, _: Viewer) -> list[AgentOut]:
    return [_agent_out(row) for row in teams.list_agents(session)]


@router.put("/agents/{user_id}", response_model=AgentOut)
def put_agent(user_id: int, body: AgentIn, session: SessionDep, principal: Lead) -> AgentOut:
    teams.set_agent(session, user_id=user_id, data=body, principal=principal)
    return next(_agent_out(r) for r in teams.list_agents(session) if r.profile.user_id == user_id)


@router.put("/agents/{user_id}/status", response_model=AgentOut)
def put_status(user_id: int, body: StatusIn, session: SessionDep, principal: Anyone) -> AgentOut:
    teams.set_status(session, user_id=user_id, status=body.status, principal=principal)
    return next(_agent_out(r) for r in teams.list_agents(session) if r.profile.user_id == user_id)
