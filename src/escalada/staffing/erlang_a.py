"""Erlang A (M/M/N+M): Erlang C plus customers who give up while waiting.

Social customers do abandon: they delete the post, complain elsewhere or simply stop
waiting. With exponential patience of mean ``patience_seconds`` the queue is always
stable, and fewer agents meet a target than Erlang C says.

The model is the birth-death chain on the number of customers in the system: arrivals
at rate λ; with ``n`` present, departures at ``min(n, N)·μ + max(n − N, 0)·θ``. Its
stationary distribution is computed exactly (up to a tail below 1e-13). A customer who
arrives to find ``k`` others queued is answered after ``k + 1`` queue departures, each at
rate ``N·μ + j·θ``, unless their own patience runs out first (rate θ throughout):

- the share answered and the mean wait of those answered follow from a recursion on k;
- the share answered within the target follows by uniformisation of that small chain.

Service level here is the strict one: answered within the target, out of all arrivals
(a customer who abandoned within the target does not count as met).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from escalada.staffing.erlang import (
    MAX_AGENTS,
    MAX_WAIT_SECONDS,
    MIN_SECONDS,
    check_range,
    traffic_intensity,
)

_TAIL = 1e-13
#: Work budgets: the queue's states, and states × uniformisation steps. Inputs within the
#: checked ranges stay far below them for real care teams; beyond, the answer is an error,
#: never a request that computes for hours.
_MAX_STATES = 200_000
_MAX_STEPS = 20_000_000


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    agents: int
    traffic_erlangs: float
    probability_of_wait: float
    service_level: float
    abandonment: float
    occupancy: float
    average_speed_of_answer_seconds: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "agents": self.agents,
            "service_level": round(self.service_level, 6),
            "occupancy": round(self.occupancy, 6),
            "average_speed_of_answer_seconds": round(self.average_speed_of_answer_seconds, 3),
            "probability_of_wait": round(self.probability_of_wait, 6),
            "abandonment": round(self.abandonment, 6),
            "traffic_erlangs": round(self.traffic_erlangs, 6),
        }


def _queue_distribution(arrival: float, service: float, patience: float, agents: int) -> list[float]:
    """Stationary probabilities of 0, 1, 2, … customers in the system (normalised)."""
    weights = [1.0]
    running = 1.0
    n = 0
    while True:
        n += 1
        death = min(n, agents) * service + max(n - agents, 0) * patience
        weight = weights[-1] * arrival / death
        if not math.isfinite(weight):
            raise ValueError("the queue cannot be computed for these inputs")
        weights.append(weight)
        running += weight
        # Beyond the agents the ratio keeps shrinking once deaths exceed arrivals.
        if n > agents and death > arrival and weight < _TAIL * running:
            break
        if n > _MAX_STATES:
            raise ValueError("the queue is too long to compute; check patience and load")
    total = math.fsum(weights)
    return [w / total for w in weights]


def erlang_a(*, arrivals_per_hour: float, aht_seconds: float, patience_seconds: float,
             agents: int, answer_within_seconds: float) -> ErlangAResult:
    """Service figures for ``agents`` when customers wait on average ``patience_seconds``."""
    if not 1 <= agents <= MAX_AGENTS:
        raise ValueError(f"agents must be from 1 to {MAX_AGENTS:,}")
    check_range("patience_seconds", patience_seconds, MIN_SECONDS, MAX_WAIT_SECONDS)
    check_range("answer_within_seconds", answer_within_seconds, 0, MAX_WAIT_SECONDS)
    traffic = traffic_intensity(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds)
    if traffic == 0:
        return ErlangAResult(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)
    arrival = arrivals_per_hour / 3600.0
    service = 1.0 / aht_seconds
    patience = 1.0 / patience_seconds
    states = _queue_distribution(arrival, service, patience, agents)
    queued = states[agents:]  # queued[k]: arrival finds k others waiting

    drain = agents * service
    answered_from = []  # P(answered | k ahead)
    answered_wait_from = []  # E[wait · 1{answered} | k ahead]
    answered, wait = 1.0, 0.0
    for k in range(len(queued)):
        rate = drain + k * patience + patience
        advance = (drain + k * patience) / rate
        answered, wait = advance * answered, advance * (answered / rate + wait)
        answered_from.append(answered)
        answered_wait_from.append(wait)

    immediately = math.fsum(states[:agents])
    share_answered = immediately + math.fsum(p * a for p, a in zip(queued, answered_from, strict=True))
    answered_wait = math.fsum(p * w for p, w in zip(queued, answered_wait_from, strict=True))
    within = immediately + _answered_within(queued, drain, patience, answered_within_seconds=answer_within_seconds)
    served_load = arrival * share_answered * aht_seconds
    return ErlangAResult(
        agents=agents,
        traffic_erlangs=traffic,
        probability_of_wait=1.0 - immediately,
        service_level=min(within, share_answered),
        abandonment=1.0 - share_answered,
        occupancy=served_load / agents,
        average_speed_of_answer_seconds=answered_wait / share_answered,
    )


def _answered_within(queued: list[float], drain: float, patience: float, *,
                     answered_within_seconds: float) -> float:
    """P(a waiting arrival is answered within t), by uniformising the tagged customer's chain."""
    t = answered_within_seconds
    if t == 0:
        return 0.0
    top = len(queued) - 1
    uniform = drain + top * patience + patience
    mass = list(queued)  # probability of being in state "k ahead" after m uniform steps
    answered = 0.0
    log_poisson = -uniform * t
    cumulative_answered = 0.0
    steps = int(uniform * t + 12 * math.sqrt(uniform * t) + 30)
    if steps * len(queued) > _MAX_STEPS:
        raise ValueError("the target is too long for this load to compute; check the inputs")
    for m in range(steps + 1):
        # P(answered by t) = Σ_m P(N(t) = m) · P(answered within m steps); the Poisson
        # weight is kept in log space so long horizons do not underflow to zero early.
        poisson = math.exp(log_poisson) if log_poisson > -745 else 0.0
        cumulative_answered += poisson * answered
        new_mass = [0.0] * len(mass)
        for k, p in enumerate(mass):
            if p == 0.0:
                continue
            advance = (drain + k * patience) / uniform
            stay = 1.0 - advance - patience / uniform
            new_mass[k] += p * stay
            if k == 0:
                answered += p * advance
            else:
                new_mass[k - 1] += p * advance
        mass = new_mass
        log_poisson += math.log(uniform * t) - math.log(m + 1)
    return cumulative_answered


def agents_for_target_a(*, arrivals_per_hour: float, aht_seconds: float, patience_seconds: float,
                        answer_within_seconds: float, service_level: float,
                        max_occupancy: float = 1.0) -> ErlangAResult:
    """The smallest number of agents meeting ``service_level`` under Erlang A."""
    if not 0.0 < service_level < 1.0:
        raise ValueError("service_level must be between 0 and 1 (exclusive)")
    if not 0.0 < max_occupancy <= 1.0:
        raise ValueError("max_occupancy must be in (0, 1]")
    # Answered work never exceeds the agents' capacity and at least ``service_level`` of
    # arrivals must be answered, so fewer agents than that can never meet the target.
    traffic = traffic_intensity(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds)
    agents = max(1, math.floor(traffic * service_level / max_occupancy))
    while agents <= MAX_AGENTS:
        result = erlang_a(arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds,
                          patience_seconds=patience_seconds, agents=agents,
                          answer_within_seconds=answer_within_seconds)
        if result.service_level >= service_level and result.occupancy <= max_occupancy:
            return result
        agents += 1
    raise ValueError(f"more than {MAX_AGENTS:,} agents would be needed; check the inputs")
