"""The pure routing core: teams, strategies, tiers, shifts, queue order and explanations."""

from __future__ import annotations

from datetime import UTC, datetime

from escalada.routing import core
from escalada.routing.shifts import on_shift, parse_shifts

SOCIAL = core.TeamState(1, "social", "Social", "social", "skills")
SUPPORT = core.TeamState(2, "support", "Support", "support", "least_loaded")
SALES = core.TeamState(3, "sales", "Sales", "sales", "round_robin")
ESC = core.TeamState(4, "escalations", "Escalations", "escalations", "skills")
EXEC = core.TeamState(5, "executive", "Executive", "executive", "skills")
TEAMS = [SOCIAL, SUPPORT, SALES, ESC, EXEC]


def agent(uid, team, tier=1, skills=(), langs=("en",), load=0, cap=8, available=True, name=None):
    return core.AgentState(uid, name or f"A{uid}", team.id, tier, frozenset(skills), frozenset(langs),
                           {"public": cap, "private": 4}, available, {"public": load})


def work(tier=1, lang="en", cats=(), kind="public", executive=False, priority=1):
    return core.Work(tier, priority, lang, tuple(cats), kind, executive)


def test_explained_skill_and_language_match():
    ana = agent(1, ESC, tier=3, skills=("billing",), langs=("pl", "en"), load=2, name="Ana")
    bob = agent(2, ESC, tier=3, skills=("delivery",), langs=("en",), load=0, name="Bob")
    decision = core.decide(work(3, "pl", ("billing",)), TEAMS, [bob, ana])
    assert decision.agent is ana
    assert decision.reason.startswith("routed to Ana: pl, billing, tier 3, 2/8 public load")


def test_fallback_when_nobody_speaks_the_language():
    bob = agent(2, SOCIAL, skills=("question",), langs=("en",))
    decision = core.decide(work(1, "zh", ("question",)), TEAMS, [bob])
    assert decision.agent is bob and "fallback: no available zh speaker" in decision.reason


def test_tier_limits_agents_to_their_level_and_prefers_exact_tier():
    junior = agent(1, ESC, tier=1)
    senior = agent(2, ESC, tier=3)
    mid = agent(3, SOCIAL, tier=2)
    assert core.decide(work(3), TEAMS, [junior, senior]).agent is senior
    low_senior = agent(4, SOCIAL, tier=3)
    assert core.choose_agent(work(1), SOCIAL, [low_senior, mid, agent(5, SOCIAL, tier=1)])[0].user_id == 5
    # Tier-3 work never goes to a tier-1 agent; it waits instead.
    decision = core.decide(work(3), [ESC], [junior])
    assert decision.agent is None and decision.waiting


def test_round_robin_takes_turns_and_least_loaded_balances():
    rr = core.TeamState(3, "sales", "Sales", "sales", "round_robin", last_assigned_user_id=11)
    pool = [agent(10, rr), agent(11, rr), agent(12, rr)]
    assert core.choose_agent(work(cats=("sales_lead",)), rr, pool)[0].user_id == 12
    rr_wrap = core.TeamState(3, "sales", "Sales", "sales", "round_robin", last_assigned_user_id=12)
    assert core.choose_agent(work(), rr_wrap, pool)[0].user_id == 10
    busy, idle = agent(20, SUPPORT, load=6), agent(21, SUPPORT, load=1)
    assert core.choose_agent(work(), SUPPORT, [busy, idle])[0] is idle


def test_full_agents_take_nothing_more():
    full = agent(1, SOCIAL, load=8, cap=8)
    decision = core.decide(work(), [SOCIAL], [full])
    assert decision.agent is None and "free public capacity" in decision.reason


def test_off_hours_go_to_the_team_on_shift_but_sales_leads_wait_for_sales():
    night_support = agent(1, SUPPORT, tier=3)
    sleeping_social = agent(2, SOCIAL, available=False)
    sleeping_sales = agent(3, SALES, available=False)
    decision = core.decide(work(1), TEAMS, [night_support, sleeping_social, sleeping_sales])
    assert decision.team is SUPPORT and decision.agent is night_support
    assert "team on shift" in decision.reason
    lead = core.decide(work(1, cats=("sales_lead",)), TEAMS, [night_support, sleeping_sales])
    assert lead.team is SALES and lead.agent is None and "sales leads wait" in lead.reason


def test_executive_cases_go_to_the_executive_team():
    exec_agent = agent(1, EXEC, tier=3)
    decision = core.decide(work(3, executive=True), TEAMS, [agent(2, ESC, tier=3), exec_agent])
    assert decision.team is EXEC and decision.agent is exec_agent


def test_queue_serves_tier_3_before_older_tier_1():
    items = [core.Queued(1, work(1)), core.Queued(2, work(3)), core.Queued(3, work(2))]
    ordered = sorted(items, key=core.queue_order)
    assert [i.conversation_id for i in ordered] == [2, 3, 1]
    junior = agent(9, SOCIAL, tier=1)
    assert core.next_for(junior, ordered).conversation_id == 1


def test_shifts_in_the_agents_time_zone_cross_midnight():
    dublin = parse_shifts([{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "16:00"}])
    manila = parse_shifts([{"days": [0, 1, 2, 3, 4], "start": "22:00", "end": "06:00"}])
    tuesday_noon_utc = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    tuesday_2am_utc = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Manila
    assert on_shift(dublin, "Europe/Dublin", tuesday_noon_utc)
    assert not on_shift(dublin, "Europe/Dublin", tuesday_2am_utc)
    # Manila's night shift starting Monday 22:00 local covers Tuesday 05:00 local.
    assert on_shift(manila, "Asia/Manila", datetime(2026, 11, 23, 21, 0, tzinfo=UTC))
    assert not on_shift(manila, "Asia/Manila", tuesday_2am_utc)
    assert on_shift((), "UTC", tuesday_2am_utc)
