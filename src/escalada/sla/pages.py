"""SLA pages: the clock on a conversation, policies and calendars, stakeholders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands.service import list_brands
from escalada.errors import InvalidInput
from escalada.executive.service import for_author
from escalada.inbox.ingest import describe_validation_error
from escalada.inbox.service import get_conversation
from escalada.models import ConversationRouting
from escalada.sla import admin, service
from escalada.sla.calendar import weekday_hours
from escalada.sla.policies import DEFAULTS
from escalada.sla.schemas import CalendarIn, PolicyIn, StakeholderIn
from escalada.web import flash, templates
from escalada.web.routes.inbox import CHANNELS

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.SLA_MANAGE))]
Anyone = Annotated[Principal, Depends(current_principal)]
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _validated(model, **values):  # noqa: ANN001, ANN202
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from exc


def _blank_none(value: str) -> str | None:
    return value.strip() or None


@router.get("/conversations/{conversation_id}/sla-panel", response_class=HTMLResponse)
def panel(conversation_id: int, request: Request, session: SessionDep, principal: Viewer) -> Response:
    c = get_conversation(session, conversation_id=conversation_id, principal=principal)
    clock = service.clock_now(session, c)
    routing = session.get(ConversationRouting, c.id)
    if routing is not None and routing.team_id is not None:
        session.refresh(routing, ["team"])
    context = {"c": c, "clock": clock, "policy": clock.policy, "reading": clock.reading,
               "stored": clock.stored, "level": clock.level, "routing": routing,
               "sponsorship": for_author(session, author_id=c.author_id)}
    return templates.TemplateResponse(request, "sla/panel.html", context)


@router.get("/sla", response_class=HTMLResponse)
def sla_page(request: Request, session: SessionDep, _: Viewer) -> Response:
    context = {
        "policies": [admin.policy_out(session, p) for p in admin.list_policies(session)],
        "defaults": [DEFAULTS[t] for t in (3, 2, 1)], "calendars": admin.list_calendars(session),
        "stakeholders": admin.list_stakeholders(session), "brands": list_brands(session),
        "channels": CHANNELS, "days": DAYS,
    }
    return templates.TemplateResponse(request, "sla/settings.html", context)


@router.post("/sla/policies")
def create_policy(request: Request, session: SessionDep, principal: Lead,
                  name: Annotated[str, Form(max_length=120)],
                  first_response_minutes: Annotated[int, Form()], next_response_minutes: Annotated[int, Form()],
                  resolution_minutes: Annotated[int, Form()], brand: Annotated[str, Form()] = "",
                  tier: Annotated[str, Form()] = "", priority: Annotated[str, Form()] = "",
                  channel: Annotated[str, Form()] = "", calendar: Annotated[str, Form()] = "",
                  warn_percent: Annotated[int, Form()] = 75, level2_percent: Annotated[int, Form()] = 150,
                  level3_percent: Annotated[int, Form()] = 200) -> Response:
    data = _validated(PolicyIn, name=name.strip(), brand=_blank_none(brand),
                      tier=int(tier) if tier.isdigit() else None, priority=_blank_none(priority),
                      channel=_blank_none(channel), first_response_minutes=first_response_minutes,
                      next_response_minutes=next_response_minutes, resolution_minutes=resolution_minutes,
                      calendar=_blank_none(calendar), warn_percent=warn_percent,
                      level2_percent=level2_percent, level3_percent=level3_percent)
    admin.create_policy(session, data=data, principal=principal)
    flash(request, f"Policy “{data.name}” saved; it applies to new readings of matching conversations.")
    return RedirectResponse("/sla", status_code=303)


@router.post("/sla/policies/{policy_id}/delete")
def delete_policy(policy_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    admin.delete_policy(session, policy_id=policy_id, principal=principal)
    flash(request, "Policy deleted.")
    return RedirectResponse("/sla", status_code=303)


@router.post("/sla/calendars")
def create_calendar(request: Request, session: SessionDep, principal: Lead,
                    name: Annotated[str, Form(max_length=120)], timezone: Annotated[str, Form(max_length=64)],
                    start: Annotated[str, Form()], end: Annotated[str, Form()],
                    holidays: Annotated[str, Form(max_length=4000)] = "",
                    days: Annotated[list[int] | None, Form()] = None) -> Response:
    open_days = set(days or [])
    hours = [span if d in open_days else [] for d, span in enumerate(weekday_hours(start, end, days=7))]
    data = _validated(CalendarIn, name=name.strip(), timezone=timezone.strip(), hours=hours,
                      holidays=[h for h in holidays.replace(",", " ").split() if h])
    admin.create_calendar(session, data=data, principal=principal)
    flash(request, f"Calendar “{data.name}” saved.")
    return RedirectResponse("/sla", status_code=303)


@router.post("/stakeholders")
def add_stakeholder(request: Request, session: SessionDep, principal: Lead,
                    brand: Annotated[str, Form()], kind: Annotated[str, Form()],
                    name: Annotated[str, Form(max_length=120)], email: Annotated[str, Form(max_length=254)]) -> Response:
    data = _validated(StakeholderIn, brand=brand, kind=kind, name=name.strip(), email=email.strip())
    admin.add_stakeholder(session, data=data, principal=principal)
    flash(request, f"{data.name} will hear about level-3 escalations.")
    return RedirectResponse("/sla", status_code=303)


@router.post("/stakeholders/{stakeholder_id}/delete")
def remove_stakeholder(stakeholder_id: int, request: Request, session: SessionDep, principal: Lead) -> Response:
    admin.remove_stakeholder(session, stakeholder_id=stakeholder_id, principal=principal)
    flash(request, "Stakeholder removed.")
    return RedirectResponse("/sla", status_code=303)

