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
    if answer_within_seconds < 0:
        raise ValueError("answer_within_seconds must not be negative")
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
    while True:
        result = erlang_c(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds,
                          agents=agents, answer_within_seconds=answer_within_seconds)
        if result.service_level >= service_level:
            return result
        agents += 1


def _check_load(arrivals_per_hour: float, aht_seconds: float) -> None:
    if not math.isfinite(arrivals_per_hour) or arrivals_per_hour < 0:
        raise ValueError("arrivals_per_hour must be a finite number >= 0")
    if not math.isfinite(aht_seconds) or aht_seconds <= 0:
        raise ValueError("aht_seconds must be a finite number > 0")
