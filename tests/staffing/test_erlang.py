"""Erlang C against the textbook worked example (10 Erlangs, 80% in 20 seconds)."""

import math

import pytest

from escalada.staffing.erlang import (
    agents_for_target,
    erlang_c,
    probability_of_wait,
    traffic_intensity,
)


def test_traffic_is_arrivals_per_second_times_handle_time():
    assert traffic_intensity(arrivals_per_hour=200, aht_seconds=180) == pytest.approx(10.0)


@pytest.mark.parametrize(("agents", "wait", "service_level", "asa"), [
    (11, 0.6821, 0.3896, 122.8),
    (12, 0.4494, 0.6402, 40.4),
    (13, 0.2853, 0.7956, 17.1),
    (14, 0.1741, 0.8884, 7.8),
])
def test_published_worked_example(agents, wait, service_level, asa):
    # 200 contacts an hour, 3-minute handle time: the standard Erlang C worked example.
    result = erlang_c(arrivals_per_hour=200, aht_seconds=180, agents=agents,
                      answer_within_seconds=20)
    assert result.probability_of_wait == pytest.approx(wait, abs=5e-4)
    assert result.service_level == pytest.approx(service_level, abs=5e-4)
    assert result.average_speed_of_answer_seconds == pytest.approx(asa, abs=0.05)
    assert result.occupancy == pytest.approx(10 / agents)


def test_smallest_team_meeting_the_target():
    assert agents_for_target(arrivals_per_hour=200, aht_seconds=180,
                             answer_within_seconds=20, service_level=0.8).agents == 14
    assert agents_for_target(arrivals_per_hour=200, aht_seconds=180,
                             answer_within_seconds=20, service_level=0.75).agents == 13


def test_occupancy_cap_adds_agents():
    capped = agents_for_target(arrivals_per_hour=200, aht_seconds=180,
                               answer_within_seconds=20, service_level=0.5, max_occupancy=0.7)
    assert capped.agents == 15 and capped.occupancy <= 0.7


def test_overloaded_team_always_waits():
    result = erlang_c(arrivals_per_hour=200, aht_seconds=180, agents=10, answer_within_seconds=20)
    assert result.probability_of_wait == 1.0 and result.service_level == 0.0
    assert math.isinf(result.average_speed_of_answer_seconds)


def test_large_teams_do_not_overflow():
    result = agents_for_target(arrivals_per_hour=36_000, aht_seconds=300,
                               answer_within_seconds=60, service_level=0.9)
    assert 3000 < result.agents < 3100
    assert probability_of_wait(traffic=0, agents=1) == 0.0


@pytest.mark.parametrize("kwargs", [
    {"arrivals_per_hour": -1, "aht_seconds": 10},
    {"arrivals_per_hour": 10, "aht_seconds": 0},
    {"arrivals_per_hour": float("nan"), "aht_seconds": 10},
])
def test_bad_load_is_refused(kwargs):
    with pytest.raises(ValueError):
        traffic_intensity(**kwargs)
