"""The replay on a simulated clock, the arrivals format, the team file and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from escalada.cli import app
from escalada.errors import InvalidInput
from escalada.simulation.arrivals import ArrivalError, read_arrivals
from escalada.simulation.engine import simulate
from escalada.simulation.team_file import load_team_file, parse_team_file

ROOT = Path(__file__).resolve().parents[2]
BILLING = "You charged my card twice for order 5531, refund me now"
FAQ = "What are your opening hours on Sunday?"


def arrival(i, text, at, handle=None, channel="x"):
    record = {"id": str(i), "text": text, "channel": channel, "visibility": "public", "created_at": at}
    if handle:
        record["handle_seconds"] = handle
    return json.dumps(record)


TWO_AGENTS = {
    "teams": [{"slug": "social", "kind": "social"}, {"slug": "escalations", "kind": "escalations"}],
    "agents": [
        {"name": "Senior", "team": "social", "tier": 3, "capacity": {"public": 1}},
        {"name": "Junior", "team": "social", "tier": 1, "capacity": {"public": 1}},
    ],
}


def test_seniors_kept_free_beat_round_robin():
    arrivals = read_arrivals([
        arrival(1, FAQ, "2026-11-24T10:00:00+00:00", handle=3600),
        arrival(2, BILLING, "2026-11-24T10:01:00+00:00", handle=600),
    ])
    team = parse_team_file(TWO_AGENTS)
    result = simulate(arrivals, team, strategies=["skills", "round_robin"])
    skills, rr = result["strategies"]["skills"], result["strategies"]["round_robin"]
    # Skills keeps the tier-3 agent free; round robin hands him the FAQ and the
    # billing complaint then waits an hour for him (the junior may not take tier 3).
    assert skills["sla_attainment"]["3"] == 1.0 and rr["sla_attainment"]["3"] == 0.0
    assert skills["sla_attainment"]["1"] == 1.0
    assert rr["first_response_seconds"]["p90"] > 3000
    assert set(result["erlang_c"]["service_level"]) == {"1", "2", "3"}


def test_tier_3_jumps_the_queue_and_shifts_are_followed():
    team = parse_team_file({
        "teams": [{"slug": "social", "kind": "social"}],
        "agents": [{"name": "Early", "team": "social", "tier": 3, "capacity": {"public": 1},
                    "timezone": "Europe/Dublin", "shifts": ["daily 09:00-17:00"]}],
    })
    arrivals = read_arrivals([
        arrival(1, FAQ, "2026-11-24T07:00:00+00:00", handle=300),
        arrival(2, BILLING, "2026-11-24T08:30:00+00:00", handle=300),
    ])
    result = simulate(arrivals, team, strategies=["skills"])["strategies"]["skills"]
    # Nobody until 09:00: the billing case (tier 3) is served first at 09:00 and
    # misses its 15 minutes; the FAQ follows at 09:05 and meets its six hours.
    assert result["sla_attainment"] == {"1": 1.0, "2": None, "3": 0.0}
    assert result["unanswered"] == 0
    assert result["first_response_seconds"]["p50"] == pytest.approx((1800 + 60 + 7500 + 60) / 2)


def test_bad_arrivals_and_team_files_are_named():
    with pytest.raises(ArrivalError, match="line 2"):
        read_arrivals([arrival(1, FAQ, "2026-11-24T10:00:00Z"), '{"id": "2", "text": "hi"}'])
    with pytest.raises(ArrivalError, match="handle_seconds"):
        read_arrivals([arrival(1, FAQ, "2026-11-24T10:00:00Z", handle=-5)])
    with pytest.raises(ArrivalError, match="no arrivals"):
        read_arrivals(["", "  "])
    with pytest.raises(InvalidInput, match="unknown team"):
        parse_team_file({"teams": [{"slug": "a", "kind": "social"}], "agents": [{"name": "x", "team": "b"}]})
    with pytest.raises(InvalidInput, match="cooking"):
        parse_team_file({"teams": [{"slug": "a", "kind": "social"}],
                         "agents": [{"name": "x", "team": "a", "skills": ["cooking"]}]})


def test_example_team_file_loads():
    team = load_team_file(ROOT / "examples" / "team.yaml")
    assert {t.kind for t in team.teams} == {"social", "support", "sales", "escalations", "executive"}
    assert len(team.agents) >= 12 and team.policies


def test_cli_exports_a_demo_day_and_replays_it(tmp_path):
    runner = CliRunner()
    day = tmp_path / "day.jsonl"
    exported = runner.invoke(app, ["demo", "--export-arrivals", str(day), "--volume", "120"])
    assert exported.exit_code == 0, exported.output
    lines = day.read_text().splitlines()
    assert len(lines) >= 100
    first = json.loads(lines[0])
    assert {"id", "text", "channel", "visibility", "created_at", "handle_seconds"} <= set(first)
    result = runner.invoke(app, ["simulate", str(day), "--team", str(ROOT / "examples" / "team.yaml"),
                                 "--strategy", "skills", "--strategy", "round_robin", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout[result.stdout.index("{"):])
    assert set(data["strategies"]) == {"skills", "round_robin"}
    for figures in data["strategies"].values():
        assert set(figures["sla_attainment"]) == {"1", "2", "3"}
        assert set(figures["first_response_seconds"]) == {"p50", "p90"}
    assert data["erlang_c"]["arrivals"] > 0
    bad = runner.invoke(app, ["simulate", str(day), "--team", str(ROOT / "examples" / "team.yaml"),
                              "--strategy", "fastest"])
    assert bad.exit_code == 1 and "unknown strategy" in bad.output


def test_team_file_rules_run_in_the_replay():
    arrivals = read_arrivals([arrival(1, FAQ, "2026-11-24T10:00:00+00:00"),
                              arrival(2, BILLING, "2026-11-24T10:00:30+00:00")])
    plain = simulate(arrivals, parse_team_file(TWO_AGENTS), strategies=["skills"])["strategies"]["skills"]
    with_rules = parse_team_file({**TWO_AGENTS, "rules": [
        {"name": "FAQ is noise here", "conditions": [{"field": "text", "op": "matches", "value": "opening hours"}],
         "actions": [{"type": "archive"}]}]})
    ruled = simulate(arrivals, with_rules, strategies=["skills"])["strategies"]["skills"]
    assert (plain["noise"], plain["conversations"]) == (0, 2)
    assert (ruled["noise"], ruled["conversations"]) == (1, 1)


def test_team_file_imports_into_the_database(session):
    from escalada.models import AgentProfile, Team
    from escalada.routing.import_team import import_team_file
    from tests.conftest import ADMIN

    team = load_team_file(ROOT / "examples" / "team.yaml")
    imported = import_team_file(session, team, principal=ADMIN)
    assert len(imported) == len(team.agents) and all(a.password for a in imported)
    again = import_team_file(session, team, principal=ADMIN, status="offline")
    assert all(a.password is None for a in again)
    assert session.query(Team).count() == 5
    profiles = session.query(AgentProfile).all()
    assert len(profiles) == len(team.agents) and {p.status for p in profiles} == {"offline"}
    conor = next(p for p in profiles if p.timezone == "Europe/Dublin" and p.tier_level == 2)
    assert conor.shifts[0]["start"] == "14:00"
