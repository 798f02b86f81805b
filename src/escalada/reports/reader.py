"""Rows → timelines: the stored messages, actions and surveys of a set of conversations.

Both report paths read through here: the live report measures the timelines of a
period on every request, the facts refresh (``facts.py``) measures those of changed
conversations once and stores the result. A read runs a fixed number of queries
whatever its size, each selecting the conversations through the same subquery instead
of a long list of ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

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
from escalada.reports.engagement import engagement_counts
from escalada.reports.filters import ReportFilters
from escalada.reports.timeline import Event, Timeline
from escalada.surveys.service import SURVEYOR

RESOLVED = ("resolved", "closed")
AGENT_ACTIONS = ("conversation.tagged", "conversation.untagged", "conversation.assigned",
                 "conversation.noted", "conversation.status")


@dataclass(slots=True)
class Timelines:
    timelines: dict[int, Timeline]
    agent_teams: dict[int, str]  # user id → name of the team of their agent profile
    arrivals: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    engagement: dict[int, list[dict[str, int]]] = field(default_factory=lambda: defaultdict(list))


def filter_conditions(filters: ReportFilters, table: Any, conversation_id: Any) -> list[Any]:
    """What the filters keep, as conditions on ``table``: the conversations themselves
    (``conversation_id`` their id) or a report fact table, which carries the same columns."""
    conditions = [table.created_at >= filters.start, table.created_at < filters.end]
    if filters.brand:
        conditions.append(table.brand_id.in_(select(Brand.id).where(Brand.slug == filters.brand)))
    if filters.channel:
        conditions.append(table.channel == filters.channel)
    if filters.agent is not None:
        conditions.append(table.assignee_id == filters.agent)
    if filters.tier is not None:
        conditions.append(table.tier == filters.tier)
    if filters.tag:
        conditions.append(conversation_id.in_(
            select(ConversationTag.conversation_id).where(ConversationTag.tag == filters.tag)))
    return conditions


def conversation_ids(filters: ReportFilters) -> Select[Any]:
    """The ids of the conversations created in the period and matching the filters."""
    return select(Conversation.id).where(*filter_conditions(filters, Conversation, Conversation.id))


def agent_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.name)).all())


def agent_teams(session: Session) -> dict[int, str]:
    """User id → name of the team of their agent profile."""
    return dict(session.execute(
        select(AgentProfile.user_id, Team.name).join(Team, Team.id == AgentProfile.team_id)).all())


def link_clicks(session: Session, ids: Select[Any]) -> list[tuple[int | None, int]]:
    """(agent who sent it, clicks) of each tracked link in the conversations ``ids`` selects."""
    return [(agent, clicks) for agent, clicks in session.execute(
        select(TrackedLink.agent_id, TrackedLink.clicks)
        .where(TrackedLink.conversation_id.in_(ids)))]


def read(session: Session, ids: Select[Any]) -> Timelines:
    """The timelines of the conversations ``ids`` selects, with their arrivals and engagement."""
    rows = session.execute(
        select(Conversation.id, Conversation.created_at, Conversation.tier, Conversation.status,
               Conversation.channel, Conversation.assignee_id, Brand.slug, Conversation.brand_id,
               Conversation.priority, Team.name)
        .join(Brand, Brand.id == Conversation.brand_id)
        .outerjoin(ConversationRouting, ConversationRouting.conversation_id == Conversation.id)
        .outerjoin(Team, Team.id == ConversationRouting.team_id)
        .where(Conversation.id.in_(ids))
    )
    teams = agent_teams(session)
    read = Timelines(timelines={}, agent_teams=teams)
    timelines = read.timelines
    for cid, created, tier, status, channel, assignee, brand, brand_id, priority, team_name in rows:
        timelines[cid] = Timeline(conversation_id=cid, created_at=created, tier=tier, status=status,
                                  channel=channel, assignee=assignee, brand=brand, brand_id=brand_id,
                                  priority=priority or "normal",
                                  team=team_name or (teams.get(assignee) if assignee else None))
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, tag in session.execute(
        select(ConversationTag.conversation_id, ConversationTag.tag)
        .where(ConversationTag.conversation_id.in_(ids))
    ):
        tags[cid].append(tag)
    for cid, values in tags.items():
        timelines[cid].tags = tuple(sorted(values))

    for cid, direction, at, sender, sentiment, state, raw in session.execute(
        select(Message.conversation_id, Message.direction, Message.created_at, Message.sender_user_id,
               Message.sentiment, Message.delivery_state, Message.raw)
        .where(Message.conversation_id.in_(ids),
               or_(Message.direction == "inbound", Message.sender_label.is_distinct_from(SURVEYOR.label)))
    ):
        timeline = timelines[cid]
        counts = engagement_counts(raw)
        if counts is not None:
            read.engagement[cid].append(counts)
        if direction == "inbound":
            timeline.events.append(Event(at, "customer", sentiment=sentiment))
            read.arrivals[cid].append(at)
        elif state != "failed":
            timeline.events.append(Event(at, "reply", sender))

    for cid, at, actor, action, details in session.execute(
        select(AuditEvent.conversation_id, AuditEvent.at, AuditEvent.actor_user_id, AuditEvent.action,
               AuditEvent.details)
        .where(AuditEvent.conversation_id.in_(ids), AuditEvent.action.in_(AGENT_ACTIONS),
               or_(AuditEvent.actor_user_id.is_not(None), AuditEvent.action == "conversation.status"))
    ):
        event = _audit_event(at, actor, action, details or {})
        # A resolution counts whoever made it (an agent, an API integration, a rule), as a
        # reply does; other moves without a person are nobody's work.
        if actor is not None or event.kind != "action":
            timelines[cid].events.append(event)

    for cid, score, agent in session.execute(
        select(CsatSurvey.conversation_id, CsatSurvey.score, CsatSurvey.agent_id)
        .where(CsatSurvey.conversation_id.in_(ids), CsatSurvey.score.is_not(None))
        .order_by(CsatSurvey.id)
    ):
        timelines[cid].csat = score  # the latest answer counts
        timelines[cid].csat_agent = agent
    return read


def _audit_event(at: datetime, actor: int | None, action: str, details: dict[str, Any]) -> Event:
    if action == "conversation.status":
        if details.get("to") in RESOLVED and details.get("from") not in RESOLVED:
            return Event(at, "resolved", actor)
        if details.get("from") in RESOLVED and details.get("to") not in RESOLVED:
            return Event(at, "reopened", actor)
    return Event(at, "action", actor)


def csat_comments(session: Session, *, filters: ReportFilters, agent_names: dict[int, str],
                  limit: int = 10) -> list[dict[str, Any]]:
    """The latest survey comments of the report's conversations, newest first."""
    rows = session.execute(
        select(CsatSurvey.conversation_id, CsatSurvey.score, CsatSurvey.comment, CsatSurvey.answered_at,
               CsatSurvey.agent_id)
        .where(CsatSurvey.conversation_id.in_(conversation_ids(filters)), CsatSurvey.comment.is_not(None))
        .order_by(CsatSurvey.answered_at.desc(), CsatSurvey.id.desc()).limit(limit))
    return [{"conversation_id": cid, "score": score, "comment": comment, "answered_at": answered,
             "agent": agent_names.get(agent) if agent is not None else None}
            for cid, score, comment, answered, agent in rows]
