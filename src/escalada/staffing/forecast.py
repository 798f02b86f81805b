"""Forecast hourly volume from history, and the agents each hour needs. Pure.

Social volume repeats by hour of the week (Monday mornings, Sunday evenings), so each
future hour is forecast as a weighted average of the same weekday and hour over the past
weeks, recent weeks weighing more (weights n, n−1, …, 1 for n weeks back). A week in
the history window with no message at that hour counts as zero, not as missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from escalada.staffing.erlang import agents_for_target
from escalada.staffing.erlang_a import agents_for_target_a


@dataclass(frozen=True, slots=True)
class HourPlan:
    starts_at: datetime
    forecast_arrivals: float
    agents: int
    service_level: float
    occupancy: float
    average_speed_of_answer_seconds: float

    def as_dict(self) -> dict[str, object]:
        return {"starts_at": self.starts_at.isoformat(), "forecast_arrivals": round(self.forecast_arrivals, 2),
                "agents": self.agents, "service_level": round(self.service_level, 4),
                "occupancy": round(self.occupancy, 4),
                "average_speed_of_answer_seconds": round(self.average_speed_of_answer_seconds, 1)}


def hour_floor(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def seasonal_forecast(arrivals: Iterable[datetime], *, start: datetime, hours: int,
                      history_weeks: int) -> list[tuple[datetime, float]]:
    """Expected arrivals for each of ``hours`` hours from ``start`` (an hour boundary).

    ``arrivals`` are arrival instants in the local time zone of ``start``; only those in
    the ``history_weeks`` weeks before ``start`` are used.
    """
    if history_weeks < 1:
        raise ValueError("history_weeks must be at least 1")
    start = hour_floor(start)
    earliest = start - timedelta(weeks=history_weeks)
    counts: Counter[datetime] = Counter(hour_floor(a) for a in arrivals if earliest <= a < start)
    weights = list(range(history_weeks, 0, -1))  # one week back weighs most
    total_weight = sum(weights)
    result = []
    for i in range(hours):
        slot = start + timedelta(hours=i)
        weeks_ahead = i // (7 * 24)
        value = sum(w * counts[slot - timedelta(weeks=back + 1 + weeks_ahead)]
                    for back, w in enumerate(weights)) / total_weight
        result.append((slot, value))
    return result


def staff_plan(forecast: list[tuple[datetime, float]], *, aht_seconds: float, answer_within_seconds: float,
               service_level: float, patience_seconds: float | None = None,
               max_occupancy: float = 1.0) -> list[HourPlan]:
    """Agents needed each hour to meet the target (Erlang C, or Erlang A with patience)."""
    plans = []
    for starts_at, arrivals in forecast:
        if arrivals <= 0:
            plans.append(HourPlan(starts_at, 0.0, 0, 1.0, 0.0, 0.0))
            continue
        if patience_seconds is None:
            result = agents_for_target(arrivals_per_hour=arrivals, aht_seconds=aht_seconds,
                                       answer_within_seconds=answer_within_seconds,
                                       service_level=service_level, max_occupancy=max_occupancy)
        else:
            result = agents_for_target_a(arrivals_per_hour=arrivals, aht_seconds=aht_seconds,
                                         patience_seconds=patience_seconds,
                                         answer_within_seconds=answer_within_seconds,
                                         service_level=service_level, max_occupancy=max_occupancy)
        plans.append(HourPlan(starts_at, arrivals, result.agents, result.service_level, result.occupancy,
                              result.average_speed_of_answer_seconds))
    return plans
