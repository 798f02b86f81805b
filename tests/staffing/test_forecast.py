from datetime import UTC, datetime, timedelta

import pytest

from escalada.staffing.forecast import seasonal_forecast, staff_plan

MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def test_same_hour_of_past_weeks_weighted_towards_recent():
    # Monday 09:00: 10 arrivals one week back, 4 two weeks back; 3 weeks of history.
    arrivals = ([MONDAY - timedelta(weeks=1) + timedelta(hours=9, minutes=m) for m in range(10)]
                + [MONDAY - timedelta(weeks=2) + timedelta(hours=9, minutes=m) for m in range(4)])
    forecast = dict(seasonal_forecast(arrivals, start=MONDAY, hours=24 * 8, history_weeks=3))
    assert forecast[MONDAY + timedelta(hours=9)] == pytest.approx((3 * 10 + 2 * 4 + 1 * 0) / 6)
    assert forecast[MONDAY + timedelta(hours=10)] == 0
    # Later weeks ahead repeat the same weekly pattern, from the same history.
    assert forecast[MONDAY + timedelta(days=7, hours=9)] == forecast[MONDAY + timedelta(hours=9)]


def test_history_outside_the_window_is_ignored():
    old = [MONDAY - timedelta(weeks=5)]
    assert all(v == 0 for _, v in seasonal_forecast(old, start=MONDAY, hours=24, history_weeks=4))


def test_staff_plan_uses_erlang_c_per_hour():
    plan = staff_plan([(MONDAY, 200.0), (MONDAY + timedelta(hours=1), 0.0)], aht_seconds=180,
                      answer_within_seconds=20, service_level=0.8)
    assert plan[0].agents == 14 and plan[1].agents == 0
    with_patience = staff_plan([(MONDAY, 200.0)], aht_seconds=180, answer_within_seconds=20,
                               service_level=0.8, patience_seconds=120)
    assert with_patience[0].agents <= 14
