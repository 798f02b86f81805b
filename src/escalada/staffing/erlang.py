"""Erlang C queueing maths for staffing: how many agents a load needs.

Pure functions on plain numbers. The model: arrivals are Poisson at ``arrivals_per_hour``,
handle times exponential with mean ``aht_seconds``, ``agents`` identical servers, customers
wait as long as it takes (no abandonment). Erlang C gives the probability that an arrival
waits; from it follow the service level (share answered within the target), the average
speed of answer and the occupancy.

The probability of waiting is computed from the Erlang B recursion, which stays stable for
hundreds of agents where the textbook factorial form overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Sensible ranges for every input. Beyond them the maths means nothing for a care team
#: and its cost grows without bound, so the pure functions refuse them (the API, pages
#: and CLI check the same ranges at the edge, with the same words).
MAX_ARRIVALS_PER_HOUR = 100_000.0
MIN_SECONDS = 1.0
MAX_AHT_SECONDS = 86_400.0  # a day
MAX_WAIT_SECONDS = 7 * 86_400.0  # answer-within targets and customer patience: a week
MAX_AGENTS = 10_000


def check_range(name: str, value: float, low: float, high: float) -> None:
    """``value`` finite and within [low, high]; a ValueError that names the input otherwise."""
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}")


@dataclass(frozen=True, slots=True)
class ErlangResult:
    agents: int
    traffic_erlangs: float
    probability_of_wait: float
    service_level: float
    occupancy: float
    average_speed_of_answer_seconds: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "agents": self.agents,
            "service_level": round(self.service_level, 6),
            "occupancy": round(self.occupancy, 6),
            "average_speed_of_answer_seconds": round(self.average_speed_of_answer_seconds, 3),
            "probability_of_wait": round(self.probability_of_wait, 6),
            "traffic_erlangs": round(self.traffic_erlangs, 6),
        }


def traffic_intensity(*, arrivals_per_hour: float, aht_seconds: float) -> float:
    """Offered load in Erlangs: arrivals per second times the mean handle time."""
    _check_load(arrivals_per_hour, aht_seconds)
    return arrivals_per_hour / 3600.0 * aht_seconds


def probability_of_wait(*, traffic: float, agents: int) -> float:
    """Erlang C: the chance an arrival finds every agent busy (1.0 when overloaded)."""
    if agents < 1:
        raise ValueError("agents must be at least 1")
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    blocking = 1.0
    for servers in range(1, agents + 1):
        blocking = traffic * blocking / (servers + traffic * blocking)
    return agents * blocking / (agents - traffic * (1.0 - blocking))


def erlang_c(*, arrivals_per_hour: float, aht_seconds: float, agents: int,
             answer_within_seconds: float) -> ErlangResult:
    """Service figures for a given number of agents."""
    check_range("answer_within_seconds", answer_within_seconds, 0, MAX_WAIT_SECONDS)
    traffic = traffic_intensity(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds)
    wait = probability_of_wait(traffic=traffic, agents=agents)
    if agents <= traffic and traffic > 0:
        return ErlangResult(agents, traffic, 1.0, 0.0, 1.0, math.inf)
    spare = agents - traffic
    service_level = 1.0 - wait * math.exp(-spare * answer_within_seconds / aht_seconds)
    return ErlangResult(
        agents=agents,
        traffic_erlangs=traffic,
        probability_of_wait=wait,
        service_level=service_level,
        occupancy=traffic / agents,
        average_speed_of_answer_seconds=wait * aht_seconds / spare,
    )


def agents_for_target(*, arrivals_per_hour: float, aht_seconds: float,
                      answer_within_seconds: float, service_level: float,
                      max_occupancy: float = 1.0) -> ErlangResult:
    """The smallest number of agents whose service level meets ``service_level``.

    ``max_occupancy`` optionally caps how busy agents may be (e.g. 0.85), since a team
    kept at 99% occupancy meets the maths but not the people.
    """
    if not 0.0 < service_level < 1.0:
        raise ValueError("service_level must be between 0 and 1 (exclusive)")
    if not 0.0 < max_occupancy <= 1.0:
        raise ValueError("max_occupancy must be in (0, 1]")
    traffic = traffic_intensity(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds)
    agents = max(1, math.floor(traffic) + 1, math.ceil(traffic / max_occupancy))
    while agents <= MAX_AGENTS:
        result = erlang_c(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds,
                          agents=agents, answer_within_seconds=answer_within_seconds)
        if result.service_level >= service_level:
            return result
        agents += 1
    raise ValueError(f"more than {MAX_AGENTS:,} agents would be needed; check the inputs")


def _check_load(arrivals_per_hour: float, aht_seconds: float) -> None:
    check_range("arrivals_per_hour", arrivals_per_hour, 0, MAX_ARRIVALS_PER_HOUR)
    check_range("aht_seconds", aht_seconds, MIN_SECONDS, MAX_AHT_SECONDS)
