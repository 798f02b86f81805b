"""The query layer: rows for the filtered conversations → timelines → pure metrics.

A report runs a fixed number of queries whatever its size (conversations, tags,
messages, audit events, survey answers, agent names), each selecting the conversations
through the same filtered subquery instead of a long list of ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.models import (
    AuditEvent,
    Brand,
    Conversation,
    ConversationTag,
    CsatSurvey,
    Message,
    TrackedLink,
    User,
)
from escalada.models.routing import AgentProfile, ConversationRouting, Team
from escalada.reports import aggregate
from escalada.reports.engagement import engagement_counts, summarise_engagement
from escalada.reports.filters import ReportFilters
from escalada.reports.metrics import ConversationMetrics, measure
from escalada.reports.timeline import Event, Timeline
from escalada.sla.service import load_policies
from escalada.surveys.service import SURVEYOR

RESOLVED = ("resolved", "closed")
AGENT_ACTIONS = ("conversation.tagged", "conversation.untagged", "conversation.assigned",
                 "conversation.noted", "conversation.status")


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


def _conversations(filters: ReportFilters) -> Select[Any]:
    query = (
        select(Conversation.id)
        .where(Conversation.created_at >= filters.start, Conversation.created_at < filters.end)
    )
    if filters.brand:
        query = query.join(Brand, Brand.id == Conversation.brand_id).where(Brand.slug == filters.brand)
    if filters.channel:
        query = query.where(Conversation.channel == filters.channel)
    if filters.agent is not None:
        query = query.where(Conversation.assignee_id == filters.agent)
    if filters.tier is not None:
        query = query.where(Conversation.tier == filters.tier)
    if filters.tag:
        tagged = select(ConversationTag.conversation_id).where(ConversationTag.tag == filters.tag)
        query = query.where(Conversation.id.in_(tagged))
    return query


def load(session: Session, *, filters: ReportFilters, principal: Principal,
         now: datetime | None = None) -> ReportData:
    """Every conversation the filters select, measured."""
    principal.require(Permission.REPORTS_VIEW)
    now = now or utc_now()
    ids = _conversations(filters)
    timelines: dict[int, Timeline] = {}
    rows = session.execute(
        select(Conversation.id, Conversation.created_at, Conversation.tier, Conversation.status,
               Conversation.channel, Conversation.assignee_id, Brand.slug, Conversation.brand_id,
               Conversation.priority, Team.name)
        .join(Brand, Brand.id == Conversation.brand_id)
        .outerjoin(ConversationRouting, ConversationRouting.conversation_id == Conversation.id)
        .outerjoin(Team, Team.id == ConversationRouting.team_id)
        .where(Conversation.id.in_(ids))
    )
    agent_teams = dict(session.execute(
        select(AgentProfile.user_id, Team.name).join(Team, Team.id == AgentProfile.team_id)).all())
    for cid, created, tier, status, channel, assignee, brand, brand_id, priority, team_name in rows:
        timelines[cid] = Timeline(conversation_id=cid, created_at=created, tier=tier, status=status,
                                  channel=channel, assignee=assignee, brand=brand, brand_id=brand_id,
                                  priority=priority or "normal",
                                  team=team_name or (agent_teams.get(assignee) if assignee else None))
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, tag in session.execute(
        select(ConversationTag.conversation_id, ConversationTag.tag)
        .where(ConversationTag.conversation_id.in_(ids))
    ):
        tags[cid].append(tag)
    for cid, values in tags.items():
        timelines[cid].tags = tuple(sorted(values))

    arrivals: list[tuple[datetime, str]] = []
    engagement: list[dict[str, int]] = []
    for cid, direction, at, sender, sentiment, state, raw in session.execute(
        select(Message.conversation_id, Message.direction, Message.created_at, Message.sender_user_id,
               Message.sentiment, Message.delivery_state, Message.raw)
        .where(Message.conversation_id.in_(ids),
               or_(Message.direction == "inbound", Message.sender_label.is_distinct_from(SURVEYOR.label)))
    ):
        timeline = timelines[cid]
        counts = engagement_counts(raw)
        if counts is not None:
            engagement.append(counts)
        if direction == "inbound":
            timeline.events.append(Event(at, "customer", sentiment=sentiment))
            arrivals.append((at, timeline.channel))
        elif state != "failed":
            timeline.events.append(Event(at, "reply", sender))

    for cid, at, actor, action, details in session.execute(
        select(AuditEvent.conversation_id, AuditEvent.at, AuditEvent.actor_user_id, AuditEvent.action,
               AuditEvent.details)
        .where(AuditEvent.conversation_id.in_(ids), AuditEvent.action.in_(AGENT_ACTIONS),
               AuditEvent.actor_user_id.is_not(None))
    ):
        timelines[cid].events.append(_audit_event(at, actor, action, details or {}))

    for cid, score, agent in session.execute(
        select(CsatSurvey.conversation_id, CsatSurvey.score, CsatSurvey.agent_id)
        .where(CsatSurvey.conversation_id.in_(ids), CsatSurvey.score.is_not(None))
        .order_by(CsatSurvey.id)
    ):
        timelines[cid].csat = score  # the latest answer counts
        timelines[cid].csat_agent = agent

    links = [(agent, clicks) for agent, clicks in session.execute(
        select(TrackedLink.agent_id, TrackedLink.clicks).where(TrackedLink.conversation_id.in_(ids)))]
    agent_names = dict(session.execute(select(User.id, User.name)).all())
    calendar = filters.calendar
    policies = load_policies(session)
    items = [measure(t, now=now, calendar=calendar, policies=policies) for t in timelines.values()]
    return ReportData(filters=filters, now=now, items=items, arrivals=arrivals, agent_names=agent_names,
                      agent_teams=agent_teams,
                      engagement=engagement, links=links)


def _audit_event(at: datetime, actor: int, action: str, details: dict[str, Any]) -> Event:
    if action == "conversation.status":
        if details.get("to") in RESOLVED and details.get("from") not in RESOLVED:
            return Event(at, "resolved", actor)
        if details.get("from") in RESOLVED and details.get("to") not in RESOLVED:
            return Event(at, "reopened", actor)
    return Event(at, "action", actor)


def csat_comments(session: Session, *, data: ReportData, limit: int = 10) -> list[dict[str, Any]]:
    """The latest survey comments of the report's conversations, newest first."""
    ids = _conversations(data.filters)
    rows = session.execute(
        select(CsatSurvey.conversation_id, CsatSurvey.score, CsatSurvey.comment, CsatSurvey.answered_at,
               CsatSurvey.agent_id)
        .where(CsatSurvey.conversation_id.in_(ids), CsatSurvey.comment.is_not(None))
        .order_by(CsatSurvey.answered_at.desc(), CsatSurvey.id.desc()).limit(limit))
    return [{"conversation_id": cid, "score": score, "comment": comment, "answered_at": answered,
             "agent": data.agent_names.get(agent) if agent is not None else None}
            for cid, score, comment, answered, agent in rows]


def overview(data: ReportData) -> dict[str, Any]:
    figures = aggregate.overview(data.items, now=data.now)
    figures["engagement"] = summarise_engagement(data.engagement)
    figures["links"] = aggregate.link_clicks(clicks for _, clicks in data.links)
    return figures


def breakdown(data: ReportData, *, by: str) -> list[dict[str, Any]]:
    label = data.agent_label if by == "agent" else str
    return aggregate.breakdown(data.items, by=by, now=data.now, label=label)


def team(data: ReportData) -> list[dict[str, Any]]:
    links: dict[int, list[int]] = defaultdict(list)
    for agent, clicks in data.links:
        if agent is not None:
            links[agent].append(clicks)
    rows = []
    for row in aggregate.team(data.items):
        sent = aggregate.link_clicks(links.get(row.agent, []))
        rows.append({
            "agent_id": row.agent, "agent": data.agent_names.get(row.agent, f"user {row.agent}"),
            "replies": row.replies, "actions": row.actions, "conversations": row.conversations,
            "response_mean": row.response["mean"], "response_p50": row.response["p50"],
            "response_p90": row.response["p90"], "wait_mean": row.wait["mean"],
            "wait_p50": row.wait["p50"], "handle_seconds": row.handle_seconds,
            "reply_work_seconds": row.reply_work_seconds, "action_work_seconds": row.action_work_seconds,
            "csat_average": row.csat["average"], "csat_responses": row.csat["responses"],
            "links_sent": sent["sent"], "links_clicked": sent["clicked"],
            "team": data.agent_teams.get(row.agent, aggregate.NO_TEAM),
        })
    return rows


def volume(data: ReportData) -> dict[str, Any]:
    zone = ZoneInfo(data.filters.timezone)
    local = [(at.astimezone(zone), channel) for at, channel in data.arrivals]
    return aggregate.volume(local, data.items)

