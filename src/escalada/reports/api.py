"""Reports REST API: every chart's data as JSON, or CSV with ``format=csv``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.reports import service
from escalada.reports.export import flatten, to_csv, volume_rows
from escalada.reports.filters import ReportFilters, parse_filters

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Lead = Annotated[Principal, Depends(require(Permission.REPORTS_VIEW))]
Format = Annotated[Literal["json", "csv"], Query(alias="format")]
Dimension = Literal["brand", "channel", "tier", "tag", "agent"]


def report_filters(
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
                         agent=agent, tier=tier, tag=tag, tz=tz, hours=hours)


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
    data = service.load(session, filters=filters, principal=principal)
    figures = service.overview(data)
    return _answer("overview", _meta(filters) | figures, flatten(figures), fmt)


@router.get("/breakdown")
def breakdown(session: SessionDep, principal: Lead, filters: Filters,
              by: Dimension = "brand", fmt: Format = "json") -> Response:
    """Headline figures per brand, channel, tier, tag or assigned agent."""
    data = service.load(session, filters=filters, principal=principal)
    rows = service.breakdown(data, by=by)
    return _answer(f"breakdown-{by}", _meta(filters) | {"by": by, "rows": rows}, rows, fmt)


@router.get("/team")
def team(session: SessionDep, principal: Lead, filters: Filters, fmt: Format = "json") -> Response:
    """Per agent: replies, response and wait times, handle time (reply vs action-only), CSAT."""
    data = service.load(session, filters=filters, principal=principal)
    rows = service.team(data)
    return _answer("team", _meta(filters) | {"agents": rows}, rows, fmt)


@router.get("/volume")
def volume(session: SessionDep, principal: Lead, filters: Filters, fmt: Format = "json") -> Response:
    """Customer messages by weekday × hour × channel, reply-needed vs noise, weekly trend."""
    data = service.load(session, filters=filters, principal=principal)
    figures = service.volume(data)
    return _answer("volume", _meta(filters) | figures, volume_rows(figures), fmt)
