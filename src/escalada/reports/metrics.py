"""Per-conversation measures, computed from a :class:`Timeline` alone.

Definitions (also in docs/metrics.md); every duration is calendar seconds, or business
seconds when a :class:`BusinessCalendar` is given:

- first response: first customer message → first agent reply after it
- response times: each customer message → the next agent reply (social is asynchronous,
  so every message the customer sends waits for an answer, not only the first)
- wait times: each customer message → the next reply or resolution (whichever handles it)
- resolution: first customer message → the last move into resolved/closed, when the
  conversation is resolved or closed now
- handle time: each agent event (reply, action, resolution) is credited with the time since
  the later of that agent's previous event and the latest customer message, at most
  ``session_gap`` seconds (the agent could not have started before reading it, and is not
  assumed to have worked longer than a session). Consecutive events of one agent no more
  than ``session_gap`` apart form a session; a session with a reply is reply work, one
  without is action-only work (tagging, assigning, archiving).
- first-response SLA: met / breached against the target of the SLA policy that applies
  (most specific match, else the tier's default; in the policy's business hours if it has
  any); unanswered and past the target is breached, still within it pending; noise (tier 0)
  and conversations resolved without any reply have none
- waiting since: the oldest customer message nobody has handled yet, on an open conversation
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from escalada.reports.hours import BusinessCalendar, elapsed
from escalada.reports.sla import policy_for
from escalada.reports.timeline import Event, Timeline
from escalada.sla.policies import Policy

SESSION_GAP_SECONDS = 600.0
SlaState = Literal["met", "breached", "pending"]


@dataclass(slots=True)
class AgentWork:
    replies: int = 0
    actions: int = 0
    response_times: list[float] = field(default_factory=list)
    wait_times: list[float] = field(default_factory=list)
    reply_work: float = 0.0
    action_work: float = 0.0


@dataclass(slots=True)
class ConversationMetrics:
    timeline: Timeline
    first_response: float | None = None
    response_times: list[float] = field(default_factory=list)
    wait_times: list[float] = field(default_factory=list)
    resolution: float | None = None
    reply_work: float = 0.0
    action_work: float = 0.0
    sla: SlaState | None = None
    sla_target: int | None = None
    sla_policy: str | None = None
    first_replied_at: datetime | None = None
    waiting_since: datetime | None = None
    first_sentiment: float | None = None
    last_sentiment: float | None = None
    agents: dict[int, AgentWork] = field(default_factory=dict)

    @property
    def responded(self) -> bool:
        return self.first_response is not None

    @property
    def handle_time(self) -> float:
        return self.reply_work + self.action_work


def first_customer_at(events: Sequence[Event], timeline: Timeline) -> datetime:
    """When the customer first wrote (the conversation's creation if they never did)."""
    return next((e.at for e in events if e.kind == "customer"), timeline.created_at)


def measure(timeline: Timeline, *, now: datetime, calendar: BusinessCalendar | None = None,
            session_gap: float = SESSION_GAP_SECONDS, policies: Sequence[Policy] = ()) -> ConversationMetrics:
    result = ConversationMetrics(timeline=timeline)
    agents: dict[int, AgentWork] = defaultdict(AgentWork)
    events = timeline.ordered()
    first_customer = first_customer_at(events, timeline)
    unanswered: list[datetime] = []  # waiting for a reply
    unhandled: list[datetime] = []  # waiting for a reply or a resolution
    last_customer: datetime | None = None
    last_by_agent: dict[int, datetime] = {}
    session: dict[int, tuple[datetime, bool, float]] = {}  # agent → (last event, has reply, seconds)
    last_resolved: datetime | None = None

    def close_session(agent: int) -> None:
        if agent in session:
            _, has_reply, seconds = session.pop(agent)
            if has_reply:
                agents[agent].reply_work += seconds
            else:
                agents[agent].action_work += seconds

    for event in events:
        if event.kind == "customer":
            unanswered.append(event.at)
            unhandled.append(event.at)
            last_customer = event.at
            if event.sentiment is not None:
                if result.first_sentiment is None:
                    result.first_sentiment = event.sentiment
                result.last_sentiment = event.sentiment
            continue
        agent = event.agent
        if event.kind == "reply":
            if result.first_response is None and event.at >= first_customer and unanswered:
                result.first_response = elapsed(first_customer, event.at, calendar)
                result.first_replied_at = event.at
            times = [elapsed(t, event.at, calendar) for t in unanswered]
            result.response_times.extend(times)
            if agent is not None:
                agents[agent].replies += 1
                agents[agent].response_times.extend(times)
            unanswered.clear()
        if event.kind in ("reply", "resolved"):
            waits = [elapsed(t, event.at, calendar) for t in unhandled]
            result.wait_times.extend(waits)
            if agent is not None:
                agents[agent].wait_times.extend(waits)
            unhandled.clear()
        if event.kind == "resolved":
            last_resolved = event.at
        if event.kind in ("action", "resolved", "reopened") and agent is not None:
            agents[agent].actions += 1  # tagging, assigning, noting, resolving, archiving
        if agent is None:
            continue
        anchors = [t for t in (last_by_agent.get(agent), last_customer) if t is not None]
        anchor = max(anchors) if anchors else event.at
        credited = min(elapsed(anchor, event.at, calendar), session_gap)
        previous = session.get(agent)
        if previous is not None and elapsed(previous[0], event.at, calendar) > session_gap:
            close_session(agent)
            previous = None
        if previous is None:
            session[agent] = (event.at, event.kind == "reply", credited)
        else:
            session[agent] = (event.at, previous[1] or event.kind == "reply", previous[2] + credited)
        last_by_agent[agent] = event.at

    for agent in list(session):
        close_session(agent)
    result.agents = dict(agents)
    result.reply_work = sum(a.reply_work for a in agents.values())
    result.action_work = sum(a.action_work for a in agents.values())
    if timeline.is_resolved and last_resolved is not None:
        result.resolution = elapsed(first_customer, last_resolved, calendar)
    if not timeline.is_resolved and unhandled:
        result.waiting_since = unhandled[0]
    policy = policy_for(policies, tier=timeline.tier, brand_id=timeline.brand_id,
                        priority=timeline.priority, channel=timeline.channel)
    if policy is not None:
        result.sla_target = policy.first_response_seconds
        result.sla_policy = policy.name
        result.sla = _sla_state(result, policy, first_customer, now, calendar)
    return result


def _sla_state(result: ConversationMetrics, policy: Policy, first_customer: datetime, now: datetime,
               calendar: BusinessCalendar | None) -> SlaState | None:
    """Met, breached or pending against the policy's first-response target.

    A policy with business hours counts only its own working time (as the live SLA clock
    does); a round-the-clock policy counts in the report's hours (calendar or business).
    """
    target = policy.first_response_seconds

    def spent(end: datetime) -> float:
        if policy.calendar.always_open:
            return elapsed(first_customer, end, calendar)
        return policy.calendar.seconds_between(first_customer, end)

    if result.first_replied_at is not None:
        return "met" if spent(result.first_replied_at) <= target else "breached"
    if result.timeline.is_resolved:
        return None  # closed without a reply: the lead decided no answer was owed
    return "breached" if spent(now) > target else "pending"
