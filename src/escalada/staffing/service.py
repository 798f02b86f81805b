"""Staffing plan from history: forecast arrivals per hour, AHT from handled work, Erlang per hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.kit.clock import utc_now
from escalada.models import Brand, Conversation, User
from escalada.models.routing import AgentProfile, Team
from escalada.reports.filters import ReportFilters
from escalada.reports.rollup import RollupReport
from escalada.staffing.erlang import MAX_AHT_SECONDS, MAX_WAIT_SECONDS, MIN_SECONDS, check_range
from escalada.staffing.forecast import HourPlan, hour_floor, seasonal_forecast, staff_plan
from escalada.staffing.roster import Roster, RosterAgent, on_shift_per_hour, shortfall

DEFAULT_AHT_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class StaffingRequest:
    history_weeks: int = 4
    days: int = 7
    answer_within_seconds: float = 900
    service_level: float = 0.8
    tier: int | None = 3  # None: every conversation that needs a reply
    brand: str | None = None
    channel: str | None = None
    aht_seconds: float | None = None  # None: measured from history
    patience_seconds: float | None = None  # set: Erlang A
    max_occupancy: float = 1.0
    timezone: str = "UTC"
    team: str | None = None  # shift plan of this team's agents (slug); None: every agent

    def check(self) -> None:
        if not 1 <= self.history_weeks <= 26:
            raise InvalidInput("history covers 1 to 26 weeks")
        if not 1 <= self.days <= 28:
            raise InvalidInput("forecast 1 to 28 days")
        if not 0 < self.service_level < 1:  # NaN fails every comparison, so it lands here too
            raise InvalidInput("service level is a share between 0 and 1 (e.g. 0.8)")
        try:
            check_range("answer within (seconds)", self.answer_within_seconds, MIN_SECONDS, MAX_WAIT_SECONDS)
            if self.aht_seconds is not None:
                check_range("AHT (seconds)", self.aht_seconds, MIN_SECONDS, MAX_AHT_SECONDS)
            if self.patience_seconds is not None:
                check_range("patience (seconds)", self.patience_seconds, MIN_SECONDS, MAX_WAIT_SECONDS)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        if self.tier is not None and self.tier not in (1, 2, 3):
            raise InvalidInput("tier is 1, 2 or 3")
        if not 0 < self.max_occupancy <= 1:
            raise InvalidInput("maximum occupancy is a share in (0, 1]")


@dataclass(slots=True)
class StaffingPlan:
    request: StaffingRequest
    history_start: datetime
    forecast_start: datetime
    aht_seconds: float
    aht_measured_from: int  # conversations; 0 when the default or the given AHT was used
    hours: list[HourPlan] = field(default_factory=list)
    roster: Roster = field(default_factory=lambda: Roster([], 0, []))

    def scheduled(self, index: int) -> float | None:
        """Agents on shift in the plan's hour ``index``; None when nobody has a shift calendar."""
        return self.roster.scheduled[index] if self.roster.agents else None

    def short(self, index: int) -> float:
        return shortfall(self.hours[index].agents, self.scheduled(index))

    @property
    def under_staffed_hours(self) -> int:
        return sum(1 for i in range(len(self.hours)) if self.short(i) > 0)

    @property
    def agent_hours(self) -> int:
        return sum(h.agents for h in self.hours)

    @property
    def peak(self) -> HourPlan | None:
        return max(self.hours, key=lambda h: h.agents, default=None)

    def days(self) -> list[dict[str, object]]:
        by_day: dict[str, list[HourPlan]] = {}
        for h in self.hours:
            by_day.setdefault(h.starts_at.strftime("%a %Y-%m-%d"), []).append(h)
        short = {h.starts_at: self.short(i) for i, h in enumerate(self.hours)}
        return [{"day": day, "arrivals": round(sum(h.forecast_arrivals for h in hs), 1),
                 "peak_agents": max(h.agents for h in hs), "agent_hours": sum(h.agents for h in hs),
                 "under_staffed_hours": sum(1 for h in hs if short[h.starts_at] > 0)}
                for day, hs in by_day.items()]

    def hour_rows(self) -> list[dict[str, object]]:
        """Each hour's plan with the agents on shift and the shortfall (None without shifts)."""
        return [h.as_dict() | {"on_shift": self.scheduled(i), "short": self.short(i)}
                for i, h in enumerate(self.hours)]


def plan(session: Session, *, request: StaffingRequest, principal: Principal,
         now: datetime | None = None) -> StaffingPlan:
    principal.require(Permission.REPORTS_VIEW)
    request.check()
    zone = ZoneInfo(request.timezone)
    now = (now or utc_now()).astimezone(zone)
    start = hour_floor(now) + timedelta(hours=1)
    history_start = start - timedelta(weeks=request.history_weeks)

    query = select(Conversation.created_at).where(Conversation.created_at >= history_start,
                                                  Conversation.created_at < start)
    query = query.where(Conversation.tier == request.tier) if request.tier else query.where(Conversation.tier > 0)
    if request.brand:
        query = query.join(Brand, Brand.id == Conversation.brand_id).where(Brand.slug == request.brand)
    if request.channel:
        query = query.where(Conversation.channel == request.channel)
    arrivals = [at.astimezone(zone) for at in session.scalars(query)]
    forecast = seasonal_forecast(arrivals, start=start, hours=request.days * 24,
                                 history_weeks=request.history_weeks)

    aht, measured = request.aht_seconds, 0
    if aht is None:
        aht, measured = _measured_aht(session, request, principal, history_start, start)
    try:
        hours = staff_plan(forecast, aht_seconds=aht, answer_within_seconds=request.answer_within_seconds,
                           service_level=request.service_level, patience_seconds=request.patience_seconds,
                           max_occupancy=request.max_occupancy)
    except ValueError as exc:  # a load or target the queueing maths refuses (bounded work)
        raise InvalidInput(str(exc)) from exc
    roster = on_shift_per_hour(roster_agents(session, team=request.team), [h.starts_at for h in hours])
    return StaffingPlan(request=request, history_start=history_start, forecast_start=start,
                        aht_seconds=aht, aht_measured_from=measured, hours=hours, roster=roster)


def roster_agents(session: Session, *, team: str | None = None) -> list[RosterAgent]:
    """Active agents' shift calendars (of one team, by slug, when given)."""
    query = (select(User.name, AgentProfile.timezone, AgentProfile.shifts)
             .join(User, User.id == AgentProfile.user_id).join(Team, Team.id == AgentProfile.team_id)
             .where(User.is_active.is_(True)).order_by(User.name))
    if team:
        if session.scalar(select(Team.id).where(Team.slug == team)) is None:
            raise InvalidInput(f"unknown team {team!r}")
        query = query.where(Team.slug == team)
    return [RosterAgent.of(name, timezone, shifts or []) for name, timezone, shifts in session.execute(query)]


def _measured_aht(session: Session, request: StaffingRequest, principal: Principal,
                  start: datetime, end: datetime) -> tuple[float, int]:
    """Mean handle time of the history's handled conversations (same tier, brand, channel)."""
    filters = ReportFilters(start=start, end=end, brand=request.brand, channel=request.channel,
                            tier=request.tier, timezone=request.timezone)
    principal.require(Permission.REPORTS_VIEW)
    mean, count = RollupReport.open(session, filters=filters, now=utc_now()).mean_handle_time()
    if mean is None:
        return DEFAULT_AHT_SECONDS, 0
    return min(max(mean, MIN_SECONDS), MAX_AHT_SECONDS), count
