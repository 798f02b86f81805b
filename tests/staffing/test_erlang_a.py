"""Erlang A against closed forms: Erlang C as patience grows, M/M/∞ when patience = AHT."""

import math

import pytest

from escalada.staffing.erlang import MAX_WAIT_SECONDS, agents_for_target, erlang_c
from escalada.staffing.erlang_a import agents_for_target_a, erlang_a


@pytest.mark.parametrize("agents", [11, 12, 13, 14])
def test_endless_patience_is_erlang_c(agents):
    # The textbook example (200/h, 3 min, 20 s) with customers who wait up to a week on average
    # (the longest patience accepted): within a thousandth of Erlang C.
    a = erlang_a(arrivals_per_hour=200, aht_seconds=180, patience_seconds=MAX_WAIT_SECONDS, agents=agents,
                 answer_within_seconds=20)
    c = erlang_c(arrivals_per_hour=200, aht_seconds=180, agents=agents, answer_within_seconds=20)
    assert a.probability_of_wait == pytest.approx(c.probability_of_wait, abs=1e-3)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-3)
    assert a.abandonment == pytest.approx(0.0, abs=1e-3)


def test_patience_equal_to_handle_time_is_an_infinite_server_queue():
    # With θ = μ every customer present leaves at rate μ, so the number in the system is
    # Poisson(a): P(wait) = P(Poisson(a) >= N) and abandonment = θ·E[queue]/λ.
    traffic, agents = 10.0, 12
    a = erlang_a(arrivals_per_hour=200, aht_seconds=180, patience_seconds=180, agents=agents,
                 answer_within_seconds=20)
    poisson = [math.exp(-traffic) * traffic**n / math.factorial(n) for n in range(80)]
    assert a.probability_of_wait == pytest.approx(sum(poisson[agents:]), abs=1e-9)
    expected_queue = sum((n - agents) * p for n, p in enumerate(poisson) if n > agents)
    assert a.abandonment == pytest.approx(expected_queue / traffic, abs=1e-9)


def test_single_agent_service_level_against_the_hypoexponential_closed_form():
    # One agent, λ = μ = θ = 1/min: the number present is Poisson(1). An arrival finding
    # k others queued is answered after k + 1 steps at rates (j + 2)/60 (j = k … 0), each an
    # advance with probability (j + 1)/(j + 2); the step times form a hypoexponential sum.
    t = 30.0
    a = erlang_a(arrivals_per_hour=60, aht_seconds=60, patience_seconds=60, agents=1,
                 answer_within_seconds=t)

    def hypoexponential_cdf(rates):
        total = 0.0
        for i, r in enumerate(rates):
            term = math.exp(-r * t)
            for j, s in enumerate(rates):
                if j != i:
                    term *= s / (s - r)
            total += term
        return 1.0 - total

    expected = math.exp(-1)  # nobody there: answered at once
    for k in range(12):
        arriving = math.exp(-1) / math.factorial(k + 1)
        rates = [(j + 2) / 60 for j in range(k, -1, -1)]
        advance = math.prod((j + 1) / (j + 2) for j in range(k + 1))
        expected += arriving * advance * hypoexponential_cdf(rates)
    assert a.service_level == pytest.approx(expected, abs=1e-9)


def test_abandonment_needs_no_more_agents_than_erlang_c():
    c = agents_for_target(arrivals_per_hour=200, aht_seconds=180, answer_within_seconds=20,
                          service_level=0.8)
    a = agents_for_target_a(arrivals_per_hour=200, aht_seconds=180, patience_seconds=120,
                            answer_within_seconds=20, service_level=0.8)
    assert a.agents <= c.agents
    assert a.service_level >= 0.8
    fewer = erlang_a(arrivals_per_hour=200, aht_seconds=180, patience_seconds=120,
                     agents=a.agents - 1, answer_within_seconds=20)
    assert fewer.service_level < 0.8


def test_overload_is_stable_and_abandons():
    a = erlang_a(arrivals_per_hour=400, aht_seconds=180, patience_seconds=60, agents=10,
                 answer_within_seconds=20)
    assert 0.3 < a.abandonment < 0.7
    assert a.occupancy <= 1.0


@pytest.mark.parametrize("patience", [0, -1, 5e-324, math.inf, math.nan, MAX_WAIT_SECONDS * 2])
def test_bad_patience_is_refused(patience):
    with pytest.raises(ValueError, match="patience_seconds"):
        erlang_a(arrivals_per_hour=10, aht_seconds=60, patience_seconds=patience, agents=1,
                 answer_within_seconds=10)


@pytest.mark.parametrize("inputs", [
    # Each once ran for hours or forever; every one must now end at once with an error.
    {"arrivals_per_hour": 50, "aht_seconds": 300, "patience_seconds": MAX_WAIT_SECONDS,
     "answer_within_seconds": MAX_WAIT_SECONDS},
    {"arrivals_per_hour": 100_000, "aht_seconds": 86_400, "patience_seconds": 1, "answer_within_seconds": 0},
    {"arrivals_per_hour": 5_000, "aht_seconds": 3_600, "patience_seconds": MAX_WAIT_SECONDS,
     "answer_within_seconds": 60},
])
def test_loads_beyond_the_work_budget_are_refused_not_computed(inputs):
    with pytest.raises(ValueError):
        agents_for_target_a(service_level=0.8, **inputs)


def test_erlang_c_refuses_a_load_beyond_any_team():
    with pytest.raises(ValueError, match="agents would be needed"):
        agents_for_target(arrivals_per_hour=100_000, aht_seconds=86_400, answer_within_seconds=60,
                          service_level=0.8)
