"""The teams page: teams and strategies, agent profiles, availability, queues."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from escalada.auth import service as auth_service
from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.inbox.ingest import describe_validation_error
from escalada.models import AgentProfile, STRATEGIES, TEAM_KINDS
from escalada.routing import service, teams
from escalada.routing.schemas import AgentIn, TeamIn, TeamPatch
from escalada.routing.shifts import describe_shifts, shifts_from_text, shifts_to_text
from escalada.triage import CATEGORIES
from escalada.web import flash, templates

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Permission.USERS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.TEAMS_MANAGE))]
Anyone = Annotated[Principal, Depends(current_principal)]


def _validated(model, **values):  # noqa: ANN001, ANN202
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from exc


@router.get("/teams", response_class=HTMLResponse)
def teams_page(request: Request, session: SessionDep, principal: Viewer, edit: int | None = None) -> Response:
    agents = teams.list_agents(session)
    mine = session.get(AgentProfile, principal.user_id) if principal.user_id else None
    editing = next((a for a in agents if a.profile.user_id == edit), None)
    context = {
        "teams": teams.list_teams(session), "waiting": teams.waiting_counts(session), "agents": agents,
        "users": [u for u in auth_service.list_users(session) if u.is_active],
        "kinds": TEAM_KINDS, "strategies": STRATEGIES, "categories": CATEGORIES, "mine": mine,
        "editing": editing, "edit_shifts": shifts_to_text(editing.profile.shifts) if editing else "mon-fri 09:00-17:00",
        "describe_shifts": describe_shifts,
    }
    return templates.TemplateResponse(request, "routing/teams.html", context)


@router.get("/teams/{slug}/queue", response_class=HTMLResponse)
def queue_page(slug: str, request: Request, session: SessionDep, _: Viewer) -> Response:
    team = teams.get_team(session, slug=slug)
    rows = service.queue(session, team_id=team.id)
    return templates.TemplateResponse(request, "routing/queue.html", {"team": team, "rows": rows})


@router.post("/teams")
def create_team(request: Request, session: SessionDep, principal: Lead,
                slug: Annotated[str, Form(max_length=64)], name: Annotated[str, Form(max_length=120)],
                kind: Annotated[str, Form()], strategy: Annotated[str, Form()],
                lead_user_id: Annotated[str, Form()] = "") -> Response:
    data = _validated(TeamIn, slug=slug.strip().lower(), name=name.strip(), kind=kind, strategy=strategy,
                      lead_user_id=int(lead_user_id) if lead_user_id.isdigit() else None)
    team = teams.create_team(session, data=data, principal=principal)
    flash(request, f"Team {team.name} created.")
    return RedirectResponse("/teams", status_code=303)


@router.post("/teams/{slug}")
def update_team(slug: str, request: Request, session: SessionDep, principal: Lead,
                strategy: Annotated[str, Form()], lead_user_id: Annotated[str, Form()] = "") -> Response:
    data = _validated(TeamPatch, strategy=strategy,
                      lead_user_id=int(lead_user_id) if lead_user_id.isdigit() else None)
    team = teams.update_team(session, slug=slug, data=data, principal=principal)
    flash(request, f"{team.name} now uses {team.strategy.replace('_', ' ')}.")
    return RedirectResponse("/teams", status_code=303)


@router.post("/agents")
def save_agent(request: Request, session: SessionDep, principal: Lead,
               user_id: Annotated[int, Form()], team: Annotated[str, Form()],
               tier_level: Annotated[int, Form()], languages: Annotated[str, Form(max_length=200)],
               capacity_public: Annotated[int, Form()], capacity_private: Annotated[int, Form()],
               timezone: Annotated[str, Form(max_length=64)], shifts: Annotated[str, Form(max_length=500)] = "",
               status: Annotated[str, Form()] = "offline",
               skills: Annotated[list[str] | None, Form()] = None) -> Response:
    data = _validated(AgentIn, team=team, tier_level=tier_level, skills=skills or [],
                      languages=[x for x in languages.replace(",", " ").split()],
                      capacity={"public": capacity_public, "private": capacity_private},
                      timezone=timezone.strip(), shifts=shifts_from_text(shifts), status=status)
    teams.set_agent(session, user_id=user_id, data=data, principal=principal)
    flash(request, "Agent profile saved.")
    return RedirectResponse("/teams", status_code=303)


@router.post("/agents/{user_id}/status")
def agent_status(user_id: int, request: Request, session: SessionDep, principal: Anyone,
                 status: Annotated[str, Form()]) -> Response:
    teams.set_status(session, user_id=user_id, status=status, principal=principal)
    flash(request, f"Availability set to {status}.")
    return RedirectResponse("/teams", status_code=303)
