"""Load a team file (the simulator's YAML) into the database: teams, users, agent profiles."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.auth.service import create_user
from escalada.models import Team, User
from escalada.routing import teams
from escalada.routing.schemas import AgentIn, ShiftIn, TeamIn
from escalada.simulation.team_file import TeamFile


@dataclass(frozen=True)
class ImportedAgent:
    name: str
    email: str
    password: str | None  # set when the user was created now


def import_team_file(session: Session, team_file: TeamFile, *, principal: Principal,
                     status: str = "online") -> list[ImportedAgent]:
    """Create missing teams and users; create or replace every agent's profile."""
    for team in team_file.teams:
        if session.scalar(select(Team.id).where(Team.slug == team.slug)) is None:
            teams.create_team(session, data=TeamIn(slug=team.slug, name=team.name, kind=team.kind,  # type: ignore[arg-type]
                                                   strategy=team.strategy), principal=principal)  # type: ignore[arg-type]
    slugs = {t.id: t.slug for t in team_file.teams}
    out = []
    for agent in team_file.agents:
        assert agent.email is not None
        user = session.scalar(select(User).where(User.email == agent.email.lower()))
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = create_user(session, email=agent.email, name=agent.name,
                               role="senior_agent" if agent.tier >= 3 else "agent", password=password,
                               actor=principal)
        data = AgentIn(team=slugs[agent.team_id], tier_level=agent.tier, skills=sorted(agent.skills),
                       languages=sorted(agent.languages), capacity=agent.capacity,  # type: ignore[arg-type]
                       timezone=agent.timezone, status=status,  # type: ignore[arg-type]
                       shifts=[ShiftIn(days=list(s["days"]), start=s["start"], end=s["end"])
                               for s in agent.raw_shifts])
        teams.set_agent(session, user_id=user.id, data=data, principal=principal)
        out.append(ImportedAgent(agent.name, user.email, password))
    return out
