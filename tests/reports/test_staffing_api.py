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


def test_numbers_that_once_hung_the_service_are_refused_at_the_edge(client, week):
    for name, value in [("patience_seconds", "5e-324"), ("patience_seconds", "inf"),
                        ("patience_seconds", "nan"), ("answer_within_seconds", "1e308"),
                        ("aht_seconds", "Infinity"), ("service_level", "nan"), ("max_occupancy", "nan"),
                        ("patience_seconds", str(8 * 86_400))]:
        response = get(client, week.headers, **{name: value})
        assert response.status_code == 422, (name, value)
    # and the service still answers the next request
    assert get(client, week.headers, patience_seconds=600).status_code == 200


def test_staffing_page(client, session, week):
    login(client, "ana@example.com")
    with frozen_clock(at(MONDAY)):
        html = client.get("/reports/staffing?aht_seconds=600").text
    assert "Erlang C" in html and "Fri 2026-11-27" in html and "<svg" in html
    assert "as given" in html


def _shifts(session, week) -> None:
    from escalada.models.routing import AgentProfile, Team
    care = Team(slug="care", name="Care", kind="social")
    other = Team(slug="other", name="Other", kind="social")
    session.add_all([care, other])
    session.flush()
    # Ana works Friday 09:00–10:00 in Madrid = 08:00–09:00 UTC: not when Friday 10:00 needs someone.
    session.add(AgentProfile(user_id=week.ana.id, team_id=care.id, timezone="Europe/Madrid",
                             shifts=[{"days": ["fri"], "start": "09:00", "end": "10:00"}]))
    session.add(AgentProfile(user_id=week.ben.id, team_id=other.id, timezone="UTC", shifts=[]))
    session.commit()


def test_forecast_against_the_shift_plan(client, session, week):
    _shifts(session, week)
    body = get(client, week.headers).json()
    hours = {h["starts_at"]: h for h in body["hours"]}
    assert hours["2026-11-27T08:00:00+00:00"]["on_shift"] == 1
    friday_10 = hours["2026-11-27T10:00:00+00:00"]
    assert friday_10["agents"] == 1 and friday_10["on_shift"] == 0 and friday_10["short"] == 1
    assert body["under_staffed_hours"] == 2  # the two hours that need an agent, nobody on shift
    assert body["agents_with_shifts"] == 1 and body["agents_without_shifts"] == ["Ben"]
    # In Madrid time the same Friday shift shows at 09:00 local.
    madrid = {h["starts_at"]: h for h in get(client, week.headers, tz="Europe/Madrid").json()["hours"]}
    assert madrid["2026-11-27T09:00:00+01:00"]["on_shift"] == 1
    only_other = get(client, week.headers, team="other").json()
    assert only_other["agents_with_shifts"] == 0 and only_other["under_staffed_hours"] == 0
    assert get(client, week.headers, team="nope").status_code == 422


def test_staffing_page_highlights_under_staffed_hours(client, session, week):
    _shifts(session, week)
    login(client, "ana@example.com")
    with frozen_clock(at(MONDAY)):
        html = client.get("/reports/staffing").text
    assert 'id="under-staffed">2<' in html and html.count('class="under-staffed"') == 2
    assert "agents on shift" in html and "no shift calendar: Ben" in html
