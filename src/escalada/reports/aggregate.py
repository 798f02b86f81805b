"""Reports over many conversations: overview, breakdowns, team, volume, sentiment. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from escalada.reports.metrics import AgentWork, ConversationMetrics
from escalada.reports.stats import share, summarise

NEGATIVE = -0.2
POSITIVE = 0.2
DIMENSIONS = ("brand", "channel", "tier", "tag", "agent", "team")
NO_TEAM = "(no team)"


def overview(items: list[ConversationMetrics], *, now: datetime) -> dict[str, Any]:
    needing = [m for m in items if m.timeline.needs_reply]
    worked = [m for m in items if m.handle_time > 0]
    return {
        "conversations": len(items),
        "needing_reply": len(needing),
        "response_rate": percent(share(sum(1 for m in needing if m.responded), len(needing))),
        "first_response_seconds": summarise(m.first_response for m in items
                                            if m.first_response is not None).as_dict(),
        "response_seconds": summarise(t for m in items for t in m.response_times).as_dict(),
        "resolution_seconds": summarise(m.resolution for m in items
                                        if m.resolution is not None).as_dict(),
        "handle_seconds": summarise(m.handle_time for m in worked).as_dict(),
        "reply_work_seconds": summarise(m.reply_work for m in worked if m.reply_work).as_dict(),
        "action_work_seconds": summarise(m.action_work for m in worked if m.action_work).as_dict(),
        "sla": sla_attainment(items),
        "backlog": backlog(items, now=now),
        "sentiment": sentiment_change(items),
        "csat": csat(items),
    }


def sla_attainment(items: Iterable[ConversationMetrics]) -> dict[str, Any]:
    """Per target (tier) and overall: met, breached, pending, and met / (met + breached).

    Each tier row names the SLA policies that set its conversations' targets;
    ``target_seconds`` is their first-response target when they all agree, else None.
    """
    return counted_sla((m.timeline.tier, m.sla_target, m.sla_policy, Counter({m.sla: 1}))
                       for m in items if m.sla is not None)


def counted_sla(
    groups: Iterable[tuple[int, int | None, str | None, Mapping[str, int]]],
) -> dict[str, Any]:
    """:func:`sla_attainment` from (tier, target, policy, counts by SLA state) groups."""
    by_tier: dict[int, Counter[str]] = defaultdict(Counter)
    targets: dict[int, set[int]] = defaultdict(set)
    policies: dict[int, set[str]] = defaultdict(set)
    for tier, target, policy, counts in groups:
        by_tier[tier].update(counts)
        if target is not None:
            targets[tier].add(target)
        if policy:
            policies[tier].add(policy)
    rows = []
    total: Counter[str] = Counter()
    for tier in sorted(by_tier, reverse=True):
        counts = by_tier[tier]
        total.update(counts)
        target = next(iter(targets[tier])) if len(targets[tier]) == 1 else None
        rows.append(sla_row(f"tier {tier}", counts, target, sorted(policies[tier])))
    return {"targets": rows, "overall": sla_row("all", total, None, [])}


def sla_row(label: str, counts: Counter[str], target: int | None, policies: list[str]) -> dict[str, Any]:
    decided = counts["met"] + counts["breached"]
    return {"target": label, "target_seconds": target, "met": counts["met"], "breached": counts["breached"],
            "pending": counts["pending"], "attainment": percent(share(counts["met"], decided)),
            "policies": ", ".join(policies)}


def backlog(items: Iterable[ConversationMetrics], *, now: datetime) -> dict[str, Any]:
    open_items = [m for m in items if not m.timeline.is_resolved]
    waiting = [m for m in open_items if m.waiting_since is not None]
    return {
        "open": len(open_items),
        "waiting": len(waiting),
        "wait_seconds": summarise((now - m.waiting_since).total_seconds() for m in waiting
                                  if m.waiting_since is not None).as_dict(),
    }


def sentiment_change(items: Iterable[ConversationMetrics]) -> dict[str, Any]:
    pairs = [(m.first_sentiment, m.last_sentiment) for m in items
             if m.first_sentiment is not None and m.last_sentiment is not None]
    started_negative = [(a, b) for a, b in pairs if a <= NEGATIVE]
    turned = sum(1 for _, b in started_negative if b >= POSITIVE)
    changes = [b - a for a, b in pairs]
    return {
        "conversations": len(pairs),
        "mean_change": None if not changes else round(sum(changes) / len(changes), 3),
        "started_negative": len(started_negative),
        "turned_positive": turned,
        "negative_to_positive": percent(share(turned, len(started_negative))),
    }


def csat(items: Iterable[ConversationMetrics]) -> dict[str, Any]:
    scores = [m.timeline.csat for m in items if m.timeline.csat is not None]
    satisfied = sum(1 for s in scores if s >= 4)
    return {"responses": len(scores),
            "average": None if not scores else round(sum(scores) / len(scores), 2),
            "satisfied": percent(share(satisfied, len(scores)))}


def link_clicks(clicks: Iterable[int]) -> dict[str, Any]:
    """Tracked links sent in replies: how many, how many were opened, and the click rate."""
    counts = list(clicks)
    opened = sum(1 for c in counts if c > 0)
    return {"sent": len(counts), "clicked": opened, "clicks": sum(counts),
            "click_rate": percent(share(opened, len(counts)))}


def _keys(m: ConversationMetrics, dimension: str) -> list[str]:
    t = m.timeline
    if dimension == "brand":
        return [t.brand]
    if dimension == "channel":
        return [t.channel]
    if dimension == "tier":
        return [str(t.tier)]
    if dimension == "tag":
        return list(t.tags) or ["(untagged)"]
    if dimension == "agent":
        return [str(t.assignee) if t.assignee is not None else "(unassigned)"]
    if dimension == "team":
        return [t.team or NO_TEAM]
    raise ValueError(f"unknown dimension {dimension!r}")


def breakdown(items: list[ConversationMetrics], *, by: str, now: datetime,
              label: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The headline figures per brand, channel, tier, tag, assigned agent or team."""
    groups: dict[str, list[ConversationMetrics]] = defaultdict(list)
    for m in items:
        for key in _keys(m, by):
            groups[key].append(m)
    return [breakdown_row(key, label(key), overview(group, now=now))
            for key, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def breakdown_row(key: str, label: str, figures: dict[str, Any]) -> dict[str, Any]:
    """One group's line of a breakdown, from its overview figures."""
    return {
        "key": key, "label": label, "conversations": figures["conversations"],
        "response_rate": figures["response_rate"],
        "first_response_p50": figures["first_response_seconds"]["p50"],
        "first_response_p90": figures["first_response_seconds"]["p90"],
        "response_p50": figures["response_seconds"]["p50"],
        "resolution_p50": figures["resolution_seconds"]["p50"],
        "sla_attainment": figures["sla"]["overall"]["attainment"],
        "backlog": figures["backlog"]["open"],
        "csat": figures["csat"]["average"],
    }


@dataclass(frozen=True, slots=True)
class AgentRow:
    agent: int
    replies: int
    actions: int
    conversations: int
    response: dict[str, Any]
    wait: dict[str, Any]
    handle_seconds: float
    reply_work_seconds: float
    action_work_seconds: float
    csat: dict[str, Any]


def team(items: list[ConversationMetrics]) -> list[AgentRow]:
    """Per agent: replies, response and wait times, handle time, CSAT.

    A survey answer counts for the agent who had the conversation when the survey was sent.
    """
    work: dict[int, AgentWork] = defaultdict(AgentWork)
    touched: dict[int, set[int]] = defaultdict(set)
    for m in items:
        for agent, w in m.agents.items():
            total = work[agent]
            total.replies += w.replies
            total.actions += w.actions
            total.response_times.extend(w.response_times)
            total.wait_times.extend(w.wait_times)
            total.reply_work += w.reply_work
            total.action_work += w.action_work
            touched[agent].add(m.timeline.conversation_id)
    assigned: dict[int, list[ConversationMetrics]] = defaultdict(list)
    for m in items:
        rated = m.timeline.csat_agent if m.timeline.csat is not None else None
        agent = rated if rated is not None else m.timeline.assignee
        if agent is not None:
            assigned[agent].append(m)
    rows = [
        AgentRow(agent=agent, replies=w.replies, actions=w.actions, conversations=len(touched[agent]),
                 response=summarise(w.response_times).as_dict(), wait=summarise(w.wait_times).as_dict(),
                 handle_seconds=round(w.reply_work + w.action_work, 1),
                 reply_work_seconds=round(w.reply_work, 1), action_work_seconds=round(w.action_work, 1),
                 csat=csat(assigned.get(agent, [])))
        for agent, w in work.items()
    ]
    return sorted(rows, key=lambda r: (-r.replies, r.agent))


def links_by_agent(links: Iterable[tuple[int | None, int]]) -> dict[int, list[int]]:
    """The clicks of each agent's tracked links, from (agent, clicks) pairs."""
    found: dict[int, list[int]] = defaultdict(list)
    for agent, clicks in links:
        if agent is not None:
            found[agent].append(clicks)
    return found


def team_row(row: AgentRow, *, links: list[int], names: dict[int, str], teams: dict[int, str]) -> dict[str, Any]:
    """One agent's line of the team report, with the tracked links they sent."""
    sent = link_clicks(links)
    return {
        "agent_id": row.agent, "agent": names.get(row.agent, f"user {row.agent}"),
        "replies": row.replies, "actions": row.actions, "conversations": row.conversations,
        "response_mean": row.response["mean"], "response_p50": row.response["p50"],
        "response_p90": row.response["p90"], "wait_mean": row.wait["mean"],
        "wait_p50": row.wait["p50"], "handle_seconds": row.handle_seconds,
        "reply_work_seconds": row.reply_work_seconds, "action_work_seconds": row.action_work_seconds,
        "csat_average": row.csat["average"], "csat_responses": row.csat["responses"],
        "links_sent": sent["sent"], "links_clicked": sent["clicked"],
        "team": teams.get(row.agent, NO_TEAM),
    }


def volume(arrivals: Iterable[tuple[datetime, str]], items: list[ConversationMetrics]) -> dict[str, Any]:
    """Customer messages by weekday × hour (and channel), reply-needed vs noise, weekly trend.

    ``arrivals`` is (sent at, channel) per customer message, in the report's time zone.
    """
    needing = sum(1 for m in items if m.timeline.needs_reply)
    return counted_volume(((at, channel, 1) for at, channel in arrivals), needing=needing,
                          conversations=len(items))


def counted_volume(arrivals: Iterable[tuple[datetime, str, int]], *, needing: int,
                   conversations: int) -> dict[str, Any]:
    """:func:`volume` from (local time, channel, customer messages) counts."""
    heat: Counter[tuple[int, int]] = Counter()
    by_channel: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    weeks: Counter[str] = Counter()
    total = 0
    for at, channel, count in arrivals:
        key = (at.weekday(), at.hour)
        heat[key] += count
        by_channel[channel][key] += count
        weeks[(at.date() - timedelta(days=at.weekday())).isoformat()] += count
        total += count
    return {
        "messages": total,
        "heatmap": [[heat[(d, h)] for h in range(24)] for d in range(7)],
        "heatmap_by_channel": {c: [[v[(d, h)] for h in range(24)] for d in range(7)]
                               for c, v in sorted(by_channel.items())},
        "needs_reply": needing,
        "noise": conversations - needing,
        "needs_reply_share": percent(share(needing, conversations)),
        "weekly": [{"week": w, "messages": n} for w, n in sorted(weeks.items())],
    }


def percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
