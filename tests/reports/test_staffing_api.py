"""Staffing plan through the API and the page, from the known week of history."""

from __future__ import annotations

from escalada.kit.clock import frozen_clock
from tests.conftest import at, login

MONDAY = "2026-11-23T08:30:00+00:00"


def get(client, headers, **params):
    with frozen_clock(at(MONDAY)):
        return client.get("/api/v1/reports/staffing", headers=headers, params=params)


def test_forecast_from_the_same_hour_last_weeks_and_aht_from_history(client, week):
    body = get(client, week.headers).json()
    assert body["forecast_start"] == "2026-11-23T09:00:00+00:00"
    # Two tier-3 conversations handled in 420 s (Ana: 5 + 1 + 1 min) and 600 s (Ben's late reply).
    assert body["aht_seconds"] == 510 and body["aht_measured_from_conversations"] == 2
    hours = {h["starts_at"]: h for h in body["hours"]}
    friday_10 = hours["2026-11-27T10:00:00+00:00"]
    assert friday_10["forecast_arrivals"] == 0.4  # one week back weighs 4 of 1+2+3+4
    assert friday_10["agents"] == 1
    assert hours["2026-11-27T09:00:00+00:00"]["agents"] == 0
    assert body["agent_hours"] == 2 and len(body["hours"]) == 7 * 24


def test_given_aht_target_and_erlang_a(client, week):
    body = get(client, week.headers, aht_seconds=36000, service_level=80, answer_within_seconds=60).json()
    assert body["aht_seconds"] == 36000
    friday_10 = next(h for h in body["hours"] if h["starts_at"] == "2026-11-27T10:00:00+00:00")
    assert friday_10["agents"] >= 5 and friday_10["service_level"] >= 0.8
    patient = get(client, week.headers, aht_seconds=36000, answer_within_seconds=60,
                  patience_seconds=600).json()
    assert patient["peak"]["agents"] <= body["peak"]["agents"]


def test_staffing_csv_and_bad_input(client, week):
    response = get(client, week.headers, format="csv")
    assert response.text.splitlines()[0].startswith("starts_at,forecast_arrivals,agents")
    assert get(client, week.headers, weeks=0).status_code == 422
    assert get(client, week.headers, tier="0").status_code == 422


def test_staffing_page(client, session, week):
    login(client, "ana@example.com")
    with frozen_clock(at(MONDAY)):
        html = client.get("/reports/staffing?aht_seconds=600").text
    assert "Erlang C" in html and "Fri 2026-11-27" in html and "<svg" in html
    assert "as given" in html
