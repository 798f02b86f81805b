"""Reports for the pages and the API: from the stored facts, or measured live.

:func:`open_report` is the entry point. A report in calendar time, or in business hours
in the reporting time zone (``ESCALADA_REPORT_TIMEZONE``), aggregates the conversation
facts in SQL (``rollup.py``), after recomputing the facts of conversations changed since
they were written (``facts.py``). Business hours in another time zone count other
seconds than the facts hold, so such a report measures the period's timelines on the
request (:func:`load`, the live path); so do what-if replays and staffing, which need
every conversation's handle time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.reports import aggregate, reader, rollup
from escalada.reports.engagement import summarise_engagement
from escalada.reports.filters import ReportFilters
from escalada.reports.metrics import ConversationMetrics, measure
from escalada.sla.service import load_policies


class Report(Protocol):
    """The figures one set of filters gives, whichever way they are computed."""

    filters: ReportFilters
    now: datetime

    def overview(self) -> dict[str, Any]: ...
    def breakdown(self, by: str) -> list[dict[str, Any]]: ...
    def team(self) -> list[dict[str, Any]]: ...
    def volume(self) -> dict[str, Any]: ...
    def csat_comments(self, limit: int = 10) -> list[dict[str, Any]]: ...


def open_report(session: Session, *, filters: ReportFilters, principal: Principal,
                now: datetime | None = None) -> Report:
    principal.require(Permission.REPORTS_VIEW)
    now = now or utc_now()
    if filters.business_hours and filters.timezone != filters.reporting_zone:
        return LiveReport(session, load(session, filters=filters, principal=principal, now=now))
    return rollup.RollupReport.open(session, filters=filters, now=now)


@dataclass(slots=True)
class ReportData:
    filters: ReportFilters
    now: datetime
    items: list[ConversationMetrics]
    arrivals: list[tuple[datetime, str]]
    agent_names: dict[int, str]
    agent_teams: dict[int, str]
    engagement: list[dict[str, int]]
    links: list[tuple[int | None, int]]  # (agent, clicks) per tracked link sent

    def agent_label(self, key: str) -> str:
        return self.agent_names.get(int(key), f"user {key}") if key.isdigit() else key


def load(session: Session, *, filters: ReportFilters, principal: Principal,
         now: datetime | None = None) -> ReportData:
    """Every conversation the filters select, measured (the live path)."""
    principal.require(Permission.REPORTS_VIEW)
    now = now or utc_now()
    ids = reader.conversation_ids(filters)
    read = reader.read(session, ids)
    arrivals = [(at, read.timelines[cid].channel) for cid, ats in read.arrivals.items() for at in ats]
    engagement = [counts for found in read.engagement.values() for counts in found]
    links = reader.link_clicks(session, ids)
    calendar = filters.calendar
    policies = load_policies(session)
    items = [measure(t, now=now, calendar=calendar, policies=policies) for t in read.timelines.values()]
    return ReportData(filters=filters, now=now, items=items, arrivals=arrivals,
                      agent_names=reader.agent_names(session),
                      agent_teams=read.agent_teams, engagement=engagement, links=links)


def overview(data: ReportData) -> dict[str, Any]:
    figures = aggregate.overview(data.items, now=data.now)
    figures["engagement"] = summarise_engagement(data.engagement)
    figures["links"] = aggregate.link_clicks(clicks for _, clicks in data.links)
    return figures


def breakdown(data: ReportData, *, by: str) -> list[dict[str, Any]]:
    label = data.agent_label if by == "agent" else str
    return aggregate.breakdown(data.items, by=by, now=data.now, label=label)


def team(data: ReportData) -> list[dict[str, Any]]:
    links = aggregate.links_by_agent(data.links)
    return [aggregate.team_row(row, links=links.get(row.agent, []), names=data.agent_names,
                               teams=data.agent_teams)
            for row in aggregate.team(data.items)]


def volume(data: ReportData) -> dict[str, Any]:
    zone = ZoneInfo(data.filters.timezone)
    local = [(at.astimezone(zone), channel) for at, channel in data.arrivals]
    return aggregate.volume(local, data.items)


class LiveReport:
    """A report measured from the period's timelines on this request."""

    def __init__(self, session: Session, data: ReportData) -> None:
        self.session = session
        self.data = data
        self.filters = data.filters
        self.now = data.now

    def overview(self) -> dict[str, Any]:
        return overview(self.data)

    def breakdown(self, by: str) -> list[dict[str, Any]]:
        return breakdown(self.data, by=by)

    def team(self) -> list[dict[str, Any]]:
        return team(self.data)

    def volume(self) -> dict[str, Any]:
        return volume(self.data)

    def csat_comments(self, limit: int = 10) -> list[dict[str, Any]]:
        return reader.csat_comments(self.session, filters=self.filters, agent_names=self.data.agent_names,
                                    limit=limit)
