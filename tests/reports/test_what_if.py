"""What-if: the known week replayed against the current team and proposals."""

from __future__ import annotations

from escalada.kit.clock import frozen_clock
from escalada.models.routing import AgentProfile, Team
from tests.conftest import at, csrf_from, login
from tests.reports.conftest import NOW

PERIOD = {"start": "2026-11-16", "end": "2026-11-22"}
MONDAYS_ONLY = """
teams:
  - {slug: social, kind: social}
agents:
  - {name: Mo, team: social, languages: [en], timezone: UTC, shifts: ["mon 09:00-17:00"]}
"""


def _team(session, week, shifts=None) -> None:
    social = Team(slug="social", name="Social", kind="social", strategy="skills")
    session.add(social)
    session.flush()
    session.add(AgentProfile(user_id=week.ana.id, team_id=social.id, tier_level=3, languages=["en"],
                             capacity={"public": 3, "private": 2}, timezone="UTC", shifts=shifts or []))
    session.commit()


def post(client, headers, **body):
    with frozen_clock(at(NOW)):
        return client.post("/api/v1/reports/what-if", headers=headers, json=PERIOD | body)


def test_replays_the_period_against_the_current_team(client, session, week):
    _team(session, week)
    body = post(client, week.headers).json()
    # Three conversations; the spam is noise, billing and outage need a reply.
    assert body["arrivals"] == 3 and body["current_agents"] == 1
    assert body["handle_seconds_measured"] == 3  # each was worked on (the spam archived)
    current = body["current"]
    assert current["conversations"] == 2 and current["noise"] == 1 and current["unanswered"] == 0
    # Ana is free for both: each first reply goes out a minute after arrival.
    assert current["first_response_seconds"] == {"p50": 60.0, "p90": 60.0}
    assert current["sla_attainment"]["3"] == 100.0
    # What really happened: billing in 5 minutes, the outage in 90 (tier 3: 50%).
    assert body["actual"]["sla_attainment"]["3"] == 50.0
    assert body["actual"]["first_response_seconds"]["p50"] == (300 + 5400) / 2
    assert body["proposed"]["configured"] == current  # no change proposed
    assert body["compose_seconds"] == 60.0


def test_the_agents_pace_moves_every_replayed_first_response(client, session, week):
    """Twenty minutes from pick-up to first reply: both tier-3 conversations miss their
    15-minute target in the replay too, current team and proposal alike."""
    _team(session, week)
    body = post(client, week.headers, compose_seconds=1200, strategies=["configured", "least_loaded"]).json()
    assert body["compose_seconds"] == 1200
    assert body["current"]["first_response_seconds"] == {"p50": 1200.0, "p90": 1200.0}
    assert body["current"]["sla_attainment"]["3"] == 0.0
    assert all(p["first_response_seconds"]["p50"] == 1200.0 for p in body["proposed"].values())


def test_a_proposal_without_cover_breaches_and_added_agents_restore_it(client, session, week):
    _team(session, week)
    thin = post(client, week.headers, team_file=MONDAYS_ONLY, strategies=["configured", "round_robin"]).json()
    assert set(thin["proposed"]) == {"configured", "round_robin"} and thin["proposed_agents"] == 1
    friday = thin["proposed"]["configured"]
    # Mo works Mondays only: Friday's conversations are still waiting when the replay stops.
    assert friday["sla_attainment"]["3"] == 0.0 and friday["unanswered"] == 2
    assert friday["first_response_seconds"]["p50"] is None
    added = post(client, week.headers, add_agents={"social": 2}).json()
    assert added["proposed_agents"] == 3
    assert added["proposed"]["configured"]["sla_attainment"]["3"] == 100.0


def test_bad_proposals_get_clear_errors(client, session, week):
    _team(session, week)
    assert "YAML" in post(client, week.headers, team_file="teams: [").json()["error"]["message"]
    assert post(client, week.headers, team_file={"teams": []}).status_code == 422
    assert post(client, week.headers, strategies=["fastest"]).status_code == 422
    assert post(client, week.headers, add_agents={"nope": 1}).status_code == 422
    assert post(client, week.headers, start="2026-10-01", end="2026-11-22").status_code == 422
    assert post(client, week.headers, compose_seconds=-1).status_code == 422
    assert post(client, week.headers, compose_seconds=5 * 3600).status_code == 422


def test_what_if_page_form_and_current_team_file(client, session, week):
    _team(session, week, shifts=[{"days": ["fri"], "start": "00:00", "end": "24:00"}])
    login(client, "ana@example.com")
    with frozen_clock(at(NOW)):
        page = client.get("/reports/what-if?start=2026-11-16&end=2026-11-22")
        team_yaml = client.get("/reports/what-if/team.yaml")
    assert page.status_code == 200 and 'name="team_yaml"' in page.text and "Social" in page.text
    assert "name: Ana" in team_yaml.text and "fri" in team_yaml.text


def test_the_form_refuses_a_pace_that_is_not_a_number_and_keeps_the_proposal(client, session, week):
    _team(session, week)
    login(client, "ana@example.com")
    with frozen_clock(at(NOW)):
        token = csrf_from(client.get("/reports/what-if").text)
        form = {"csrf_token": token, "start": "2026-11-16", "end": "2026-11-22", "strategy": "configured",
                "team_yaml": "", "compose_minutes": "soon"}
        refused = client.post("/reports/what-if", data=form)
        too_slow = client.post("/reports/what-if", data=form | {"compose_minutes": "300"})
        paced = client.post("/reports/what-if", data=form | {"compose_minutes": "20"})
    assert refused.status_code == 422 and "must be a number" in refused.text and 'value="soon"' in refused.text
    assert too_slow.status_code == 422 and "0 to 240 minutes" in too_slow.text
    assert paced.status_code == 200 and "20m after an agent picks the conversation up" in paced.text
