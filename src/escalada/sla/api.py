"""SLA API: policies, calendars, stakeholders, a conversation's clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.inbox.service import get_conversation
from escalada.sla import admin, service
from escalada.sla.schemas import (
    CalendarIn,
    CalendarOut,
    ClockOut,
    PolicyIn,
    PolicyOut,
    StakeholderIn,
    StakeholderOut,
)

router = APIRouter(prefix="/api/v1", tags=["sla"])
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Lead = Annotated[Principal, Depends(require(Permission.SLA_MANAGE))]
Anyone = Annotated[Principal, Depends(current_principal)]


@router.get("/sla/policies", response_model=list[PolicyOut])
def get_policies(session: SessionDep, _: Viewer) -> list[PolicyOut]:
    return [admin.policy_out(session, row) for row in admin.list_policies(session)]


@router.post("/sla/policies", response_model=PolicyOut, status_code=201)
def post_policy(body: PolicyIn, session: SessionDep, principal: Lead) -> PolicyOut:
    return admin.policy_out(session, admin.create_policy(session, data=body, principal=principal))


@router.delete("/sla/policies/{policy_id}", status_code=204)
def delete_policy(policy_id: int, session: SessionDep, principal: Lead) -> None:
    admin.delete_policy(session, policy_id=policy_id, principal=principal)


@router.get("/sla/calendars", response_model=list[CalendarOut])
def get_calendars(session: SessionDep, _: Viewer) -> list[CalendarOut]:
    return [CalendarOut(id=c.id, name=c.name, timezone=c.timezone, hours=c.hours, holidays=c.holidays)
            for c in admin.list_calendars(session)]


@router.post("/sla/calendars", response_model=CalendarOut, status_code=201)
def post_calendar(body: CalendarIn, session: SessionDep, principal: Lead) -> CalendarOut:
    c = admin.create_calendar(session, data=body, principal=principal)
    return CalendarOut(id=c.id, name=c.name, timezone=c.timezone, hours=c.hours, holidays=c.holidays)


@router.get("/stakeholders", response_model=list[StakeholderOut])
def get_stakeholders(session: SessionDep, _: Lead) -> list[StakeholderOut]:
    return [StakeholderOut.model_validate(s, from_attributes=True) for s in admin.list_stakeholders(session)]


@router.post("/stakeholders", response_model=StakeholderOut, status_code=201)
def post_stakeholder(body: StakeholderIn, session: SessionDep, principal: Lead) -> StakeholderOut:
    row = admin.add_stakeholder(session, data=body, principal=principal)
    return StakeholderOut.model_validate(row, from_attributes=True)


@router.delete("/stakeholders/{stakeholder_id}", status_code=204)
def delete_stakeholder(stakeholder_id: int, session: SessionDep, principal: Lead) -> None:
    admin.remove_stakeholder(session, stakeholder_id=stakeholder_id, principal=principal)


@router.get("/conversations/{conversation_id}/sla", response_model=ClockOut)
def get_clock(conversation_id: int, session: SessionDep, principal: Viewer) -> ClockOut:
    """The conversation's SLA clock right now, and the escalation level it has reached."""
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    clock = service.clock_now(session, conversation)
    policy, reading = clock.policy, clock.reading
    return ClockOut(conversation_id=conversation.id, policy=policy.name if policy else None,
                    clock=reading.clock, state=reading.state, level=clock.level,
                    due_at=reading.due_at,
                    elapsed_seconds=round(reading.elapsed_seconds, 1), target_seconds=reading.target_seconds,
                    percent=round(reading.percent, 1))

