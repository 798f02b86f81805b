"""Reports REST API: every chart's data as JSON, or CSV with ``format=csv``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.reports import service, whatif
from escalada.reports.export import flatten, to_csv, volume_rows
from escalada.reports.filters import ReportFilters, parse_filters
from escalada.staffing import erlang
from escalada.staffing import service as staffing_service
from escalada.staffing.service import StaffingPlan, StaffingRequest

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Lead = Annotated[Principal, Depends(require(Permission.REPORTS_VIEW))]
Format = Annotated[Literal["json", "csv"], Query(alias="format")]
Dimension = Literal["brand", "channel", "tier", "tag", "agent", "team"]


def reporting_zone(request: Request) -> str:
    """The workspace's reporting time zone: the reports' default ``tz``."""
    return str(request.app.state.settings.report_timezone)


def report_filters(
    request: Request,
    start: Annotated[str | None, Query(description="First day (YYYY-MM-DD), in tz")] = None,
    end: Annotated[str | None, Query(description="Last day (YYYY-MM-DD), inclusive")] = None,
    brand: Annotated[str | None, Query(description="Brand slug")] = None,
    channel: str | None = None,
    agent: Annotated[str | None, Query(description="Assigned user id")] = None,
    tier: str | None = None,
    tag: str | None = None,
    tz: Annotated[str | None, Query(description="IANA time zone for days, hours and heatmap")] = None,
    hours: Annotated[str | None, Query(description="calendar (default) or business")] = None,
) -> ReportFilters:
    return parse_filters(now=utc_now(), start=start, end=end, brand=brand, channel=channel,
                         agent=agent, tier=tier, tag=tag, tz=tz, hours=hours,
                         reporting_zone=reporting_zone(request))


Filters = Annotated[ReportFilters, Depends(report_filters)]


def _answer(name: str, body: Any, rows: list[dict[str, Any]], fmt: str) -> Response:
    if fmt == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return JSONResponse(body)


def _meta(filters: ReportFilters) -> dict[str, Any]:
    return {"start": filters.start.isoformat(), "end": filters.end.isoformat(),
            "filters": filters.query()}


@router.get("/overview")
def overview(session: SessionDep, principal: Lead, filters: Filters, fmt: Format = "json") -> Response:
    """Response, resolution and handle times (mean, p50, p90), SLA attainment, backlog, sentiment, CSAT."""
    report = service.open_report(session, filters=filters, principal=principal)
    figures = report.overview()
    return _answer("overview", _meta(filters) | figures, flatten(figures), fmt)


@router.get("/breakdown")
def breakdown(session: SessionDep, principal: Lead, filters: Filters,
              by: Dimension = "brand", fmt: Format = "json") -> Response:
    """Headline figures per brand, channel, tier, tag, assigned agent or team.

    A conversation's team is its routing team, else its assignee's team.
    """
    report = service.open_report(session, filters=filters, principal=principal)
    rows = report.breakdown(by)
    return _answer(f"breakdown-{by}", _meta(filters) | {"by": by, "rows": rows}, rows, fmt)


@router.get("/team")
def team(session: SessionDep, principal: Lead, filters: Filters, fmt: Format = "json") -> Response:
    """Per agent: replies, response and wait times, handle time (reply vs action-only), CSAT."""
    report = service.open_report(session, filters=filters, principal=principal)
    rows = report.team()
    return _answer("team", _meta(filters) | {"agents": rows}, rows, fmt)


@router.get("/volume")
def volume(session: SessionDep, principal: Lead, filters: Filters, fmt: Format = "json") -> Response:
    """Customer messages by weekday × hour × channel, reply-needed vs noise, weekly trend."""
    report = service.open_report(session, filters=filters, principal=principal)
    figures = report.volume()
    return _answer("volume", _meta(filters) | figures, volume_rows(figures), fmt)


def staffing_request(
    http: Request,
    weeks: Annotated[int, Query(ge=1, le=26, description="Weeks of history")] = 4,
    days: Annotated[int, Query(ge=1, le=28, description="Days to forecast")] = 7,
    answer_within_seconds: Annotated[float, Query(gt=0, le=erlang.MAX_WAIT_SECONDS, allow_inf_nan=False)] = 900,
    service_level: Annotated[float, Query(gt=0, lt=100, allow_inf_nan=False,
                                          description="0.8 or 80 for 80%")] = 0.8,
    tier: Annotated[str | None, Query(description="1, 2, 3, or empty for every tier needing a reply")] = "3",
    brand: str | None = None,
    channel: str | None = None,
    aht_seconds: Annotated[float | None, Query(
        ge=erlang.MIN_SECONDS, le=erlang.MAX_AHT_SECONDS, allow_inf_nan=False,
        description="Empty: measured from history")] = None,
    patience_seconds: Annotated[float | None, Query(
        ge=erlang.MIN_SECONDS, le=erlang.MAX_WAIT_SECONDS, allow_inf_nan=False,
        description="Set: Erlang A")] = None,
    max_occupancy: Annotated[float, Query(gt=0, le=1, allow_inf_nan=False)] = 1.0,
    tz: str | None = None,
    team: Annotated[str | None, Query(description="Team slug: compare with its agents' shifts only")] = None,
) -> StaffingRequest:
    filters = parse_filters(now=utc_now(), tier=tier, channel=channel, tz=tz,
                            reporting_zone=reporting_zone(http))
    return StaffingRequest(
        history_weeks=weeks, days=days, answer_within_seconds=answer_within_seconds,
        service_level=service_level / 100 if service_level >= 1 else service_level,
        tier=filters.tier, brand=brand or None, channel=filters.channel,
        aht_seconds=aht_seconds, patience_seconds=patience_seconds, max_occupancy=max_occupancy,
        timezone=filters.timezone, team=team or None)


Staffing = Annotated[StaffingRequest, Depends(staffing_request)]


def staffing_body(result: StaffingPlan) -> dict[str, Any]:
    peak = result.peak
    return {
        "forecast_start": result.forecast_start.isoformat(),
        "history_start": result.history_start.isoformat(),
        "aht_seconds": round(result.aht_seconds, 1),
        "aht_measured_from_conversations": result.aht_measured_from,
        "agent_hours": result.agent_hours,
        "peak": None if peak is None else peak.as_dict(),
        "agents_with_shifts": result.roster.agents,
        "agents_without_shifts": result.roster.without_shifts,
        "under_staffed_hours": result.under_staffed_hours,
        "days": result.days(),
        "hours": result.hour_rows(),
    }


@router.get("/staffing")
def staffing(session: SessionDep, principal: Lead, request: Staffing, fmt: Format = "json") -> Response:
    """Hourly forecast from history, agents needed per hour (Erlang C/A), and agents on shift per hour."""
    result = staffing_service.plan(session, request=request, principal=principal)
    body = staffing_body(result)
    return _answer("staffing", body, body["hours"], fmt)


class WhatIfIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str | None = Field(default=None, description="First day (YYYY-MM-DD) of the period to replay")
    end: str | None = Field(default=None, description="Last day (YYYY-MM-DD), inclusive")
    brand: str | None = None
    channel: str | None = None
    tz: str | None = None
    strategies: list[str] = Field(default_factory=lambda: ["configured"], max_length=4,
                                  description="configured, skills, least_loaded, round_robin")
    team_file: dict[str, Any] | str | None = Field(
        default=None, description="Proposed team file (object or YAML text); empty: the current team")
    add_agents: dict[str, int] = Field(default_factory=dict, description="Team slug → agents to add")
    compose_seconds: float = Field(default=whatif.DEFAULT_COMPOSE_SECONDS, ge=0, le=14_400,
                                   allow_inf_nan=False,
                                   description="Seconds from an agent picking a conversation up to the "
                                               "first reply going out (reading and writing), 0 to 14,400")


@router.post("/what-if")
def what_if(request: Request, session: SessionDep, principal: Lead, body: WhatIfIn) -> Response:
    """Replay a past period against the current team and a proposal.

    Returns SLA attainment per tier and first-response p50/p90: actual, current team, proposed.
    """
    filters = parse_filters(now=utc_now(), start=body.start, end=body.end, brand=body.brand,
                            channel=body.channel, tz=body.tz, reporting_zone=reporting_zone(request))
    proposal = whatif.Proposal(team_file=whatif.team_file_from(body.team_file), add_agents=body.add_agents,
                               strategies=whatif.strategies_from(body.strategies),
                               compose_seconds=body.compose_seconds)
    return JSONResponse(whatif.compare(session, filters=filters, proposal=proposal, principal=principal))
