"""A conversation's SLA clock at a moment (pure).

Three clocks run: first response (from arrival until the first brand reply), next
response (from a customer's message the brand has not answered yet) and resolution
(from arrival until resolved). Each counts working time on the policy's calendar and
stops while the conversation is ``pending`` (waiting on the customer). The reading is
the most urgent running clock.

Levels: a warning at ``warn_percent`` of the target, then level 1 at the deadline,
level 2 at ``level2_percent`` and level 3 at ``level3_percent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from escalada.sla.policies import Policy

CLOSED = ("resolved", "closed")


@dataclass(frozen=True, slots=True)
class Facts:
    created_at: datetime
    status: str
    first_response_at: datetime | None = None
    last_inbound_at: datetime | None = None
    last_outbound_at: datetime | None = None
    # (start, end) spans spent ``pending``; end None = still pending.
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    clock: str  # first_response, next_response, resolution, or "" when nothing runs
    state: str  # ok, warning, breached, paused, met
    level: int  # 0 = not breached; 1..3 escalation levels reached
    started_at: datetime | None
    elapsed_seconds: float
    target_seconds: float
    due_at: datetime | None
    next_check_at: datetime | None

    @property
    def percent(self) -> float:
        return 100.0 * self.elapsed_seconds / self.target_seconds if self.target_seconds else 0.0

    @property
    def remaining_seconds(self) -> float:
        return self.target_seconds - self.elapsed_seconds


MET = Reading("", "met", 0, None, 0.0, 0.0, None, None)


def _paused_now(facts: Facts, now: datetime) -> bool:
    return facts.status == "pending" or any(
        start <= now and (end is None or end > now) for start, end in facts.pauses
    )


def working_seconds(policy: Policy, facts: Facts, start: datetime, now: datetime) -> float:
    """Working time from ``start`` to ``now`` on the policy's calendar, pauses left out."""
    calendar = policy.calendar
    total = calendar.seconds_between(start, now)
    for pause_start, pause_end in facts.pauses:
        lo, hi = max(pause_start, start), min(pause_end or now, now)
        if hi > lo:
            total -= calendar.seconds_between(lo, hi)
    return max(0.0, total)


def _thresholds(policy: Policy, target: float) -> list[tuple[float, str, int]]:
    return [
        (target * policy.warn_percent / 100, "warning", 0),
        (target, "breached", 1),
        (target * policy.level2_percent / 100, "breached", 2),
        (target * policy.level3_percent / 100, "breached", 3),
    ]


def _read(policy: Policy, facts: Facts, clock: str, start: datetime, target: float,
          now: datetime) -> Reading:
    elapsed = working_seconds(policy, facts, start, now)
    state, level, upcoming = "ok", 0, None
    for threshold, name, threshold_level in _thresholds(policy, target):
        if elapsed >= threshold:
            state, level = name, threshold_level
        elif upcoming is None:
            upcoming = threshold
    if _paused_now(facts, now):
        return Reading(clock, "paused", level, start, elapsed, target, None, None)
    due = policy.calendar.add(now, target - elapsed) if elapsed < target else None
    if due is None:
        # Already late: the deadline was when working time reached the target.
        due = _deadline_in_past(policy, facts, start, target, now)
    next_check = policy.calendar.add(now, upcoming - elapsed) if upcoming is not None else None
    return Reading(clock, state, level, start, elapsed, target, due, next_check)


def _deadline_in_past(policy: Policy, facts: Facts, start: datetime, target: float,
                      now: datetime) -> datetime:
    # Walk the working time forward from the start, skipping pauses, until the target.
    moment, remaining = start, target
    for pause_start, pause_end in sorted(facts.pauses):
        if pause_end is None or pause_end <= moment:
            continue
        before = policy.calendar.seconds_between(moment, max(moment, pause_start))
        if before >= remaining:
            break
        remaining -= before
        moment = max(moment, pause_end)
    return min(policy.calendar.add(moment, remaining), now)


def read(policy: Policy | None, facts: Facts, now: datetime) -> Reading:
    """The most urgent running clock of a conversation under ``policy`` at ``now``."""
    if policy is None or facts.status in CLOSED:
        return MET
    readings = []
    if facts.first_response_at is None:
        readings.append(_read(policy, facts, "first_response", facts.created_at,
                              policy.first_response_seconds, now))
    elif (facts.last_inbound_at is not None and facts.last_outbound_at is not None
          and facts.last_inbound_at > facts.last_outbound_at):
        readings.append(_read(policy, facts, "next_response", facts.last_inbound_at,
                              policy.next_response_seconds, now))
    readings.append(_read(policy, facts, "resolution", facts.created_at,
                          policy.resolution_seconds, now))
    return max(readings, key=lambda r: (r.percent, -r.target_seconds))


def pauses_from_statuses(changes: Sequence[tuple[datetime, str, str]]) -> tuple[tuple[datetime, datetime | None], ...]:
    """Pending spans from status changes ``(at, from, to)`` in time order."""
    spans: list[tuple[datetime, datetime | None]] = []
    started: datetime | None = None
    for at, _old, new in changes:
        if new == "pending" and started is None:
            started = at
        elif new != "pending" and started is not None:
            spans.append((started, at))
            started = None
    if started is not None:
        spans.append((started, None))
    return tuple(spans)


def first_response_met(policy: Policy, facts: Facts) -> bool | None:
    """Whether the first reply came within target (None while it has not come)."""
    if facts.first_response_at is None:
        return None
    return working_seconds(policy, facts, facts.created_at, facts.first_response_at) <= policy.first_response_seconds
