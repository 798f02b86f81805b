"""Report pages for leads: overview, team, volume, staffing and what-if, each with its data as CSV/JSON."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import yaml
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth import service as auth_service
from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands import service as brand_service
from escalada.errors import InvalidInput
from escalada.inbox.schemas import PLATFORMS
from escalada.kit.clock import utc_now
from escalada.models.routing import Team
from escalada.reports import charts, service, whatif
from escalada.reports.aggregate import DIMENSIONS
from escalada.reports.api import Filters, Staffing, reporting_zone, staffing_body
from escalada.reports.filters import ReportFilters, parse_filters
from escalada.staffing import service as staffing_service
from escalada.web import templates

router = APIRouter(prefix="/reports", include_in_schema=False)
Lead = Annotated[Principal, Depends(require(Permission.REPORTS_VIEW))]
templates.env.filters["duration"] = charts.duration


def _context(session: Session, filters: ReportFilters, page: str, **extra: Any) -> dict[str, Any]:
    query = filters.query()
    return {
        "page": page,
        "filters": filters,
        "query": urlencode(query),
        "brands": brand_service.list_brands(session),
        "agents": [u for u in auth_service.list_users(session) if u.is_active],
        "channels": PLATFORMS,
        **extra,
    }


@router.get("", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, principal: Lead, filters: Filters,
             by: str = "brand") -> Response:
    if by not in DIMENSIONS:
        raise InvalidInput(f"break down by one of {', '.join(DIMENSIONS)}")
    report = service.open_report(session, filters=filters, principal=principal)
    figures = report.overview()
    rows = report.breakdown(by)
    sla_rows = figures["sla"]["targets"]
    context = _context(
        session, filters, "overview", figures=figures, rows=rows, by=by,
        comments=report.csat_comments(),
        sla_chart=charts.bar_chart([(r["target"], r["attainment"]) for r in sla_rows],
                                   label="First-response SLA attainment per target (%)",
                                   fmt=lambda v: f"{v:.0f}%", maximum=100),
        breakdown_chart=charts.bar_chart([(r["label"], r["first_response_p50"]) for r in rows[:15]],
                                         label=f"Median first response by {by}", fmt=charts.duration),
    )
    return templates.TemplateResponse(request, "reports/overview.html", context)


@router.get("/team", response_class=HTMLResponse)
def team(request: Request, session: SessionDep, principal: Lead, filters: Filters) -> Response:
    report = service.open_report(session, filters=filters, principal=principal)
    rows = report.team()
    context = _context(
        session, filters, "team", rows=rows,
        replies_chart=charts.bar_chart([(r["agent"], r["replies"]) for r in rows],
                                       label="Replies per agent"),
        response_chart=charts.bar_chart([(r["agent"], r["response_p50"]) for r in rows],
                                        label="Median response time per agent", fmt=charts.duration),
    )
    return templates.TemplateResponse(request, "reports/team.html", context)


@router.get("/volume", response_class=HTMLResponse)
def volume(request: Request, session: SessionDep, principal: Lead, filters: Filters) -> Response:
    report = service.open_report(session, filters=filters, principal=principal)
    figures = report.volume()
    weekly = figures["weekly"]
    context = _context(
        session, filters, "volume", figures=figures,
        heatmap=charts.heatmap(figures["heatmap"], label="Customer messages by weekday and hour"),
        channel_heatmaps={c: charts.heatmap(g, label=f"{c}: customer messages by weekday and hour")
                          for c, g in figures["heatmap_by_channel"].items()},
        trend=charts.line_chart([w["week"] for w in weekly],
                                [("messages", [w["messages"] for w in weekly])],
                                label="Customer messages per week"),
    )
    return templates.TemplateResponse(request, "reports/volume.html", context)


@router.get("/staffing", response_class=HTMLResponse)
def staffing(request: Request, session: SessionDep, principal: Lead, wanted: Staffing) -> Response:
    result = staffing_service.plan(session, request=wanted, principal=principal)
    labels = [h.starts_at.strftime("%a %H:00") for h in result.hours]
    series = [("forecast conversations", [round(h.forecast_arrivals, 2) for h in result.hours]),
              ("agents needed", [h.agents for h in result.hours])]
    if result.roster.agents:
        series.append(("agents on shift", [result.scheduled(i) for i in range(len(result.hours))]))
    context = {
        "page": "staffing", "plan": result, "wanted": wanted, "body": staffing_body(result),
        "brands": brand_service.list_brands(session), "channels": PLATFORMS,
        "query": urlencode({k: v for k, v in request.query_params.items() if v}),
        "teams": session.scalars(select(Team).order_by(Team.name)).all(),
        "chart": charts.line_chart(labels, series, steps=False, width=900,
                                   label="Forecast conversations, agents needed and on shift per hour"),
    }
    return templates.TemplateResponse(request, "reports/staffing.html", context)


MAX_TEAM_FILE_BYTES = 1_000_000


def _what_if_page(request: Request, session: Session, filters: ReportFilters, *,
                  result: dict[str, Any] | None, strategies: tuple[str, ...], add: dict[str, int], team_yaml: str,
                  compose_minutes: str, error: str | None = None) -> Response:
    context = _context(
        session, filters, "what-if", result=result, strategies=strategies, add=add, team_yaml=team_yaml,
        compose_minutes=compose_minutes, error=error,
        choices=whatif.CHOICES, tiers=whatif.TIERS,
        teams=session.scalars(select(Team).order_by(Team.name)).all(),
    )
    return templates.TemplateResponse(request, "reports/what_if.html", context)


@router.get("/what-if", response_class=HTMLResponse)
def what_if(request: Request, session: SessionDep, principal: Lead, filters: Filters) -> Response:
    return _what_if_page(request, session, filters, result=None, strategies=("configured",), add={},
                         team_yaml="", compose_minutes=_minutes(whatif.DEFAULT_COMPOSE_SECONDS))


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g}"


def _compose_seconds(minutes: str) -> float:
    if not minutes.strip():
        return whatif.DEFAULT_COMPOSE_SECONDS
    try:
        value = float(minutes)
    except ValueError as exc:
        raise InvalidInput("minutes from pick-up to first reply must be a number") from exc
    return value * 60  # the proposal checks the range (NaN and infinity fail it)


@router.get("/what-if/team.yaml")
def current_team_yaml(session: SessionDep, principal: Lead) -> Response:
    """The current team as a team file, to edit and paste back as a proposal."""
    text = yaml.safe_dump(whatif.current_team_file(session), sort_keys=False, allow_unicode=True)
    return Response(text, media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="team.yaml"'})


@router.post("/what-if", response_class=HTMLResponse)
def run_what_if(request: Request, session: SessionDep, principal: Lead,
                start: Annotated[str, Form()] = "", end: Annotated[str, Form()] = "",
                brand: Annotated[str, Form()] = "", channel: Annotated[str, Form()] = "",
                tz: Annotated[str, Form()] = "", strategy: Annotated[list[str] | None, Form()] = None,
                add_team: Annotated[list[str] | None, Form()] = None,
                add_count: Annotated[list[str] | None, Form()] = None,
                team_yaml: Annotated[str, Form(max_length=MAX_TEAM_FILE_BYTES)] = "",
                compose_minutes: Annotated[str, Form(max_length=20)] = "",
                team_upload: Annotated[UploadFile | None, File()] = None) -> Response:
    filters = parse_filters(now=utc_now(), start=start, end=end, brand=brand, channel=channel, tz=tz,
                            reporting_zone=reporting_zone(request))
    add: dict[str, int] = {}
    for slug, count in zip(add_team or [], add_count or [], strict=False):
        if count.strip():
            try:
                add[slug] = int(count)
            except ValueError as exc:
                raise InvalidInput(f"agents to add to {slug} must be a number") from exc
    if team_upload is not None and team_upload.filename:
        raw = team_upload.file.read(MAX_TEAM_FILE_BYTES + 1)
        if len(raw) > MAX_TEAM_FILE_BYTES:
            raise InvalidInput("the team file is larger than 1 MB")
        try:
            team_yaml = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("the team file must be UTF-8 text") from exc
    strategies = whatif.strategies_from(strategy or [])
    try:
        proposal = whatif.Proposal(team_file=whatif.team_file_from(team_yaml), add_agents=add,
                                   strategies=strategies, compose_seconds=_compose_seconds(compose_minutes))
        result = whatif.compare(session, filters=filters, proposal=proposal, principal=principal)
    except InvalidInput as exc:  # keep the lead's proposal on the page with the reason
        page = _what_if_page(request, session, filters, result=None, strategies=strategies, add=add,
                             team_yaml=team_yaml, compose_minutes=compose_minutes, error=str(exc))
        page.status_code = 422
        return page
    return _what_if_page(request, session, filters, result=result, strategies=strategies, add=add,
                         team_yaml=team_yaml, compose_minutes=compose_minutes or _minutes(proposal.compose_seconds))
