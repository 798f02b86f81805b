"""Lead operations on SLA policies, business calendars and stakeholders."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands.service import get_brand
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.models import Author, Brand, BusinessCalendar, SlaPolicy, Stakeholder
from escalada.sla.calendar import parse_calendar
from escalada.sla.schemas import CalendarIn, PolicyIn, PolicyOut, StakeholderIn


def list_policies(session: Session) -> list[SlaPolicy]:
    return list(session.scalars(select(SlaPolicy).options(joinedload(SlaPolicy.calendar)).order_by(SlaPolicy.id)))


def policy_out(session: Session, row: SlaPolicy) -> PolicyOut:
    brand = session.get(Brand, row.brand_id) if row.brand_id else None
    calendar = session.get(BusinessCalendar, row.calendar_id) if row.calendar_id else None
    return PolicyOut(
        id=row.id, name=row.name, brand=brand.slug if brand else None, tier=row.tier,
        priority=row.priority, channel=row.channel, first_response_minutes=row.first_response_minutes,
        next_response_minutes=row.next_response_minutes, resolution_minutes=row.resolution_minutes,
        calendar=calendar.name if calendar else None, warn_percent=row.warn_percent,
        level2_percent=row.level2_percent, level3_percent=row.level3_percent,
    )


def _calendar_named(session: Session, name: str | None) -> BusinessCalendar | None:
    if not name:
        return None
    calendar = session.scalar(select(BusinessCalendar).where(BusinessCalendar.name == name))
    if calendar is None:
        raise InvalidInput(f"no business calendar called {name!r}")
    return calendar


def create_policy(session: Session, *, data: PolicyIn, principal: Principal) -> SlaPolicy:
    principal.require(Permission.SLA_MANAGE)
    if not data.warn_percent < 100 < data.level2_percent < data.level3_percent:
        raise InvalidInput("levels must rise: warning < 100% < level 2 < level 3")
    brand = get_brand(session, slug=data.brand) if data.brand else None
    calendar = _calendar_named(session, data.calendar)
    values = data.model_dump(exclude={"brand", "calendar"})
    row = SlaPolicy(**values, brand_id=brand.id if brand else None,
                    calendar_id=calendar.id if calendar else None)
    session.add(row)
    session.flush()
    record(session, actor=principal, action="sla.policy_created", policy=row.name, policy_id=row.id)
    return row


def delete_policy(session: Session, *, policy_id: int, principal: Principal) -> None:
    principal.require(Permission.SLA_MANAGE)
    row = session.get(SlaPolicy, policy_id)
    if row is None:
        raise NotFound(f"SLA policy {policy_id} not found")
    record(session, actor=principal, action="sla.policy_deleted", policy=row.name, policy_id=row.id)
    session.delete(row)


def list_calendars(session: Session) -> list[BusinessCalendar]:
    return list(session.scalars(select(BusinessCalendar).order_by(BusinessCalendar.name)))


def create_calendar(session: Session, *, data: CalendarIn, principal: Principal) -> BusinessCalendar:
    principal.require(Permission.SLA_MANAGE)
    parse_calendar(timezone=data.timezone, hours=data.hours, holidays=data.holidays)
    if session.scalar(select(BusinessCalendar.id).where(BusinessCalendar.name == data.name)) is not None:
        raise Conflict(f"a calendar called {data.name!r} already exists")
    row = BusinessCalendar(name=data.name, timezone=data.timezone, hours=data.hours,
                           holidays=sorted(set(data.holidays)))
    session.add(row)
    session.flush()
    record(session, actor=principal, action="sla.calendar_created", calendar=row.name)
    return row


def list_stakeholders(session: Session) -> list[Stakeholder]:
    return list(session.scalars(select(Stakeholder).order_by(Stakeholder.brand_id, Stakeholder.kind, Stakeholder.name)))


def add_stakeholder(session: Session, *, data: StakeholderIn, principal: Principal) -> Stakeholder:
    principal.require(Permission.SLA_MANAGE)
    brand = get_brand(session, slug=data.brand)
    if data.author_id is not None and session.get(Author, data.author_id) is None:
        raise InvalidInput(f"customer {data.author_id} not found")
    row = Stakeholder(brand_id=brand.id, kind=data.kind, name=data.name, email=data.email.lower(),
                      author_id=data.author_id)
    session.add(row)
    session.flush()
    record(session, actor=principal, action="stakeholder.added", name=row.name, kind=row.kind)
    return row


def remove_stakeholder(session: Session, *, stakeholder_id: int, principal: Principal) -> None:
    principal.require(Permission.SLA_MANAGE)
    row = session.get(Stakeholder, stakeholder_id)
    if row is None:
        raise NotFound(f"stakeholder {stakeholder_id} not found")
    record(session, actor=principal, action="stakeholder.removed", name=row.name, kind=row.kind)
    session.delete(row)
