"""Reports aggregated in SQL from the conversation facts (``facts.py``).

Every figure is the one ``aggregate.py`` computes from measured timelines, grouped and
summarised by the database instead: counts and sums as usual, means with ``avg``, and
medians and 90th percentiles with ``percentile_cont`` (PostgreSQL) or the same
interpolation as an SQLite aggregate (``stats.sql_percentile``). Each query reads one
fact table through its ``created_at`` index, whatever the period's length.

A report in business hours in the reporting time zone reads the ``*_business`` columns,
measured by the same code with that business calendar; ``service.open_report`` sends a
business-hours report in any other zone to the live path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Select, and_, case, cast, func, literal, select, text
from sqlalchemy.orm import Session, aliased

from escalada.models import (
    AgentFact,
    ArrivalFact,
    Brand,
    ConversationFact,
    ConversationTag,
    WaitFact,
)
from escalada.models.routing import AgentProfile, ConversationRouting, Team
from escalada.reports import aggregate, facts, reader
from escalada.reports.aggregate import NEGATIVE, NO_TEAM, POSITIVE, percent
from escalada.reports.engagement import summarise_engagement
from escalada.reports.facts import FactTable
from escalada.reports.filters import ReportFilters
from escalada.reports.stats import Summary, share, sql_percentile
from escalada.sla.service import load_policies

F = ConversationFact


def _summary_columns(value: Any, where: Any = None) -> list[Any]:
    """count, mean, p50 and p90 of ``value`` (over the rows ``where`` keeps)."""
    columns = [func.count(value), func.avg(cast(value, Float)), sql_percentile(value, 0.5),
               sql_percentile(value, 0.9)]
    return columns if where is None else [c.filter(where) for c in columns]


def _summary(values: Sequence[Any]) -> dict[str, Any]:
    count, mean, p50, p90 = values
    if not count:
        return Summary(0, None, None, None).as_dict()
    return Summary(count, float(mean), float(p50), float(p90)).as_dict()


def _count(condition: Any) -> Any:
    return func.count().filter(condition)


@dataclass(slots=True)
class RollupReport:
    session: Session
    filters: ReportFilters
    now: datetime

    @classmethod
    def open(cls, session: Session, *, filters: ReportFilters, now: datetime) -> RollupReport:
        if session.get_bind().dialect.name == "postgresql":
            # Percentiles sort each figure's values: a quarter's fit in memory with 64 MB
            # instead of spilling to disk, and these short aggregates lose more to JIT
            # compilation than they gain. For this transaction only.
            session.execute(text("SET LOCAL work_mem = '64MB'"))
            session.execute(text("SET LOCAL jit = off"))
        facts.ensure_fresh(session, start=filters.start, end=filters.end, policies=load_policies(session),
                           zone=filters.reporting_zone)
        return cls(session=session, filters=filters, now=now)

    # -- selection -------------------------------------------------------------------

    def _where(self, table: FactTable) -> list[Any]:
        return reader.filter_conditions(self.filters, table, table.conversation_id)

    def _grouped(self, query: Select[Any], table: FactTable, by: str) -> tuple[Select[Any], Any]:
        """``query`` with what it needs to group by ``by``, and the key column."""
        if by == "brand":
            return query, table.brand_id
        if by == "channel":
            return query, table.channel
        if by == "tier":
            return query, table.tier
        if by == "agent":
            return query, table.assignee_id
        if by == "tag":
            return (query.outerjoin(ConversationTag, ConversationTag.conversation_id == table.conversation_id),
                    ConversationTag.tag)
        if by == "team":
            routed, staffed = aliased(Team), aliased(Team)
            query = (query.outerjoin(ConversationRouting,
                                     ConversationRouting.conversation_id == table.conversation_id)
                     .outerjoin(routed, routed.id == ConversationRouting.team_id)
                     .outerjoin(AgentProfile, AgentProfile.user_id == table.assignee_id)
                     .outerjoin(staffed, staffed.id == AgentProfile.team_id))
            return query, func.coalesce(routed.name, staffed.name)
        raise ValueError(f"unknown dimension {by!r}")

    def _key(self, by: str, value: Any, brands: dict[int, str]) -> str:
        if by == "brand":
            return brands.get(value, str(value))
        if by == "agent":
            return "(unassigned)" if value is None else str(value)
        if by == "tag":
            return "(untagged)" if value is None else value
        if by == "team":
            return value or NO_TEAM
        return str(value)

    # -- expressions -------------------------------------------------------------------

    def _hours(self, table: FactTable, name: str) -> Any:
        """The column ``name`` of ``table`` in the report's hours: calendar or business."""
        return getattr(table, f"{name}_business" if self.filters.business_hours else name)

    def _sla_now(self) -> Any:
        """met / breached / pending as of the report's now (NULL: no target)."""
        now = literal(self.now.timestamp(), Float)
        state, breach_at = self._hours(F, "sla_state"), self._hours(F, "sla_breach_at")
        return case((state == "open", case((breach_at < now, "breached"), else_="pending")), else_=state)

    def _backlog_wait(self) -> list[Any]:
        waiting = and_(F.resolved.is_(False), F.waiting_since.is_not(None))
        return _summary_columns(literal(self.now.timestamp(), Float) - F.waiting_since, waiting)

    # -- reports -----------------------------------------------------------------------

    def overview(self) -> dict[str, Any]:
        first, resolution = self._hours(F, "first_response"), self._hours(F, "resolution")
        reply, action = self._hours(F, "reply_work"), self._hours(F, "action_work")
        worked = self._hours(F, "handle_time") > 0
        sentiment = and_(F.first_sentiment.is_not(None), F.last_sentiment.is_not(None))
        started_negative = and_(sentiment, F.first_sentiment <= NEGATIVE)
        row = self.session.execute(select(
            func.count(), _count(F.tier > 0), _count(and_(F.tier > 0, F.responded.is_(True))),
            *_summary_columns(first), *_summary_columns(resolution),
            *_summary_columns(self._hours(F, "handle_time"), worked),
            *_summary_columns(reply, and_(worked, reply != 0)),
            *_summary_columns(action, and_(worked, action != 0)),
            _count(F.resolved.is_(False)), *self._backlog_wait(),
            _count(sentiment), func.avg(F.last_sentiment - F.first_sentiment).filter(sentiment),
            _count(started_negative), _count(and_(started_negative, F.last_sentiment >= POSITIVE)),
            func.count(F.csat), func.avg(cast(F.csat, Float)), _count(F.csat >= 4),
            func.coalesce(func.sum(F.interactions), 0), func.coalesce(func.sum(F.likes), 0),
            func.coalesce(func.sum(F.replies), 0), func.coalesce(func.sum(F.shares), 0),
        ).where(*self._where(F))).one()
        conversations, needing, responded = row[0:3]
        first, resolution, handle, reply, action = (row[3 + 4 * i:7 + 4 * i] for i in range(5))
        open_count, wait = row[23], row[24:28]
        pairs, change, negative, turned = row[28:32]
        csat_count, csat_mean, satisfied = row[32:35]
        interactions, likes, replies, shares = row[35:39]
        responses = self.session.execute(
            select(*_summary_columns(self._hours(WaitFact, "seconds")))
            .where(*self._where(WaitFact), WaitFact.kind == "response")).one()
        engagement = summarise_engagement([])
        if interactions:
            engagement = {"interactions": interactions, "likes": likes, "replies": replies, "shares": shares,
                          "per_interaction": round((likes + replies + shares) / interactions, 2)}
        return {
            "conversations": conversations,
            "needing_reply": needing,
            "response_rate": percent(share(responded, needing)),
            "first_response_seconds": _summary(first),
            "response_seconds": _summary(responses),
            "resolution_seconds": _summary(resolution),
            "handle_seconds": _summary(handle),
            "reply_work_seconds": _summary(reply),
            "action_work_seconds": _summary(action),
            "sla": self._sla_attainment(),
            "backlog": {"open": open_count, "waiting": wait[0], "wait_seconds": _summary(wait)},
            "sentiment": {
                "conversations": pairs, "mean_change": None if not pairs else round(change, 3),
                "started_negative": negative, "turned_positive": turned,
                "negative_to_positive": percent(share(turned, negative)),
            },
            "csat": {"responses": csat_count, "average": None if not csat_count else round(csat_mean, 2),
                     "satisfied": percent(share(satisfied, csat_count))},
            "engagement": engagement,
            "links": aggregate.link_clicks(clicks for _, clicks in self._links()),
        }

    def _sla_attainment(self) -> dict[str, Any]:
        state = self._sla_now()
        rows = self.session.execute(
            select(F.tier, F.sla_target, F.sla_policy, _count(state == "met"), _count(state == "breached"),
                   _count(state == "pending"))
            .where(*self._where(F), self._hours(F, "sla_state").is_not(None))
            .group_by(F.tier, F.sla_target, F.sla_policy))
        return aggregate.counted_sla(
            (tier, target, policy, {"met": met, "breached": breached, "pending": pending})
            for tier, target, policy, met, breached, pending in rows)

    def breakdown(self, by: str) -> list[dict[str, Any]]:
        state = self._sla_now()
        first = self._hours(F, "first_response")
        query, key = self._grouped(select().select_from(F), F, by)
        groups = self.session.execute(query.add_columns(
            key, func.count(), _count(F.tier > 0), _count(and_(F.tier > 0, F.responded.is_(True))),
            func.count(first), sql_percentile(first, 0.5), sql_percentile(first, 0.9),
            sql_percentile(self._hours(F, "resolution"), 0.5),
            _count(state == "met"), _count(state == "breached"), _count(F.resolved.is_(False)),
            func.count(F.csat), func.avg(cast(F.csat, Float)),
        ).where(*self._where(F)).group_by(key)).all()
        query, key = self._grouped(select().select_from(WaitFact), WaitFact, by)
        responses = dict(self.session.execute(
            query.add_columns(key, sql_percentile(self._hours(WaitFact, "seconds"), 0.5))
            .where(*self._where(WaitFact), WaitFact.kind == "response").group_by(key)).all())
        brands = self._brands() if by == "brand" else {}
        names = reader.agent_names(self.session) if by == "agent" else {}
        rows = []
        for value, count, needing, responded, answered, first_p50, first_p90, resolved_p50, met, breached, \
                backlog, csat_count, csat_mean in groups:
            name = self._key(by, value, brands)
            label = names.get(int(name), f"user {name}") if by == "agent" and name.isdigit() else name
            figures = {
                "conversations": count, "response_rate": percent(share(responded, needing)),
                "first_response_seconds": {"p50": _round(first_p50) if answered else None,
                                           "p90": _round(first_p90) if answered else None},
                "response_seconds": {"p50": _round(responses.get(value))},
                "resolution_seconds": {"p50": _round(resolved_p50)},
                "sla": {"overall": {"attainment": percent(share(met, met + breached))}},
                "backlog": {"open": backlog},
                "csat": {"average": None if not csat_count else round(csat_mean, 2)},
            }
            rows.append(aggregate.breakdown_row(name, label, figures))
        return sorted(rows, key=lambda r: (-r["conversations"], r["key"]))

    def team(self) -> list[dict[str, Any]]:
        work = self.session.execute(
            select(AgentFact.agent_id, func.sum(AgentFact.replies), func.sum(AgentFact.actions), func.count(),
                   func.sum(self._hours(AgentFact, "reply_work")),
                   func.sum(self._hours(AgentFact, "action_work")))
            .where(*self._where(AgentFact)).group_by(AgentFact.agent_id)).all()
        times: dict[tuple[int, str], dict[str, Any]] = {}
        for kind in ("response", "wait"):  # one index range each
            for agent, *summary in self.session.execute(
                    select(WaitFact.agent_id, *_summary_columns(self._hours(WaitFact, "seconds")))
                    .where(WaitFact.kind == kind, *self._where(WaitFact), WaitFact.agent_id.is_not(None))
                    .group_by(WaitFact.agent_id)):
                times[(agent, kind)] = _summary(summary)
        rated = func.coalesce(F.csat_agent_id, F.assignee_id)
        csat = {agent: (count, mean) for agent, count, mean in self.session.execute(
            select(rated, func.count(), func.avg(cast(F.csat, Float)))
            .where(*self._where(F), F.csat.is_not(None)).group_by(rated))}
        links = aggregate.links_by_agent(self._links())
        names = reader.agent_names(self.session)
        teams = reader.agent_teams(self.session)
        empty = Summary(0, None, None, None).as_dict()
        rows = []
        for agent, replies, actions, conversations, reply_work, action_work in work:
            count, mean = csat.get(agent, (0, None))
            row = aggregate.AgentRow(
                agent=agent, replies=replies, actions=actions, conversations=conversations,
                response=times.get((agent, "response"), empty), wait=times.get((agent, "wait"), empty),
                handle_seconds=round(reply_work + action_work, 1), reply_work_seconds=round(reply_work, 1),
                action_work_seconds=round(action_work, 1),
                csat={"responses": count, "average": None if not count else round(mean, 2)})
            rows.append(row)
        rows.sort(key=lambda r: (-r.replies, r.agent))
        return [aggregate.team_row(r, links=links.get(r.agent, []), names=names, teams=teams) for r in rows]

    def volume(self) -> dict[str, Any]:
        zone = ZoneInfo(self.filters.timezone)
        local: dict[int, datetime] = {}  # one conversion per quarter hour, whatever the channels

        def at(quarter: int) -> datetime:
            if quarter not in local:
                local[quarter] = datetime.fromtimestamp(quarter * facts.QUARTER_HOUR, UTC).astimezone(zone)
            return local[quarter]

        counted = [(at(quarter), channel, messages) for quarter, channel, messages in self.session.execute(
            select(ArrivalFact.quarter_hour, ArrivalFact.channel, func.sum(ArrivalFact.messages))
            .where(*self._where(ArrivalFact)).group_by(ArrivalFact.quarter_hour, ArrivalFact.channel))]
        conversations, needing = self.session.execute(
            select(func.count(), _count(F.tier > 0)).where(*self._where(F))).one()
        return aggregate.counted_volume(counted, needing=needing, conversations=conversations)

    def handle_times(self) -> dict[int, float]:
        """Handle time per conversation that had any (what-if replays them)."""
        return dict(self.session.execute(
            select(F.conversation_id, F.handle_time).where(*self._where(F), F.handle_time > 0)).all())

    def mean_handle_time(self) -> tuple[float | None, int]:
        """Mean handle time of the conversations needing a reply that had any, and how many."""
        mean, count = self.session.execute(
            select(func.avg(F.handle_time), func.count())
            .where(*self._where(F), F.handle_time > 0, F.tier > 0)).one()
        return (None if not count else float(mean)), count

    def csat_comments(self, limit: int = 10) -> list[dict[str, Any]]:
        return reader.csat_comments(self.session, filters=self.filters,
                                    agent_names=reader.agent_names(self.session), limit=limit)

    # -- small lookups -----------------------------------------------------------------

    def _links(self) -> list[tuple[int | None, int]]:
        return reader.link_clicks(self.session, reader.conversation_ids(self.filters))

    def _brands(self) -> dict[int, str]:
        return dict(self.session.execute(select(Brand.id, Brand.slug)).all())


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)
