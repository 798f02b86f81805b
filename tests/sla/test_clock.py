"""SLA maths on plain data: calendars, holidays, time zones, pauses and levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from escalada.errors import InvalidInput
from escalada.sla.calendar import ALWAYS, parse_calendar, weekday_hours
from escalada.sla.clock import Facts, pauses_from_statuses, read
from escalada.sla.policies import DEFAULTS, Policy, select_policy


def utc(*args):
    return datetime(*args, tzinfo=UTC)


OFFICE = parse_calendar(timezone="Europe/Warsaw", hours=weekday_hours("09:00", "17:00"),
                        holidays=["2026-12-25"])


def test_business_hours_skip_nights_weekends_and_holidays():
    friday_1630_warsaw = utc(2026, 11, 27, 15, 30)  # UTC+1
    # 30 minutes left on Friday; the other 30 come on Monday 09:00–09:30 local.
    assert OFFICE.add(friday_1630_warsaw, 3600) == utc(2026, 11, 30, 8, 30)
    assert OFFICE.seconds_between(friday_1630_warsaw, utc(2026, 11, 30, 8, 30)) == 3600
    christmas_eve_1630 = utc(2026, 12, 24, 15, 30)  # Thursday; Friday 25th is a holiday
    assert OFFICE.add(christmas_eve_1630, 3600) == utc(2026, 12, 28, 8, 30)
    assert not OFFICE.is_open(utc(2026, 12, 25, 10, 0))
    assert OFFICE.is_open(utc(2026, 12, 28, 10, 0))


def test_a_budget_spent_at_closing_time_is_exceeded_when_work_resumes():
    friday_1630_warsaw = utc(2026, 11, 27, 15, 30)
    closing = utc(2026, 11, 27, 16, 0)
    assert OFFICE.add(friday_1630_warsaw, 1800) == closing
    monday_opening = utc(2026, 11, 30, 8, 0)
    assert OFFICE.exceeded_after(friday_1630_warsaw, 1800) == monday_opening
    assert OFFICE.seconds_between(friday_1630_warsaw, monday_opening) == 1800
    assert OFFICE.seconds_between(friday_1630_warsaw, monday_opening + timedelta(seconds=1)) > 1800
    assert OFFICE.exceeded_after(friday_1630_warsaw, 600) == OFFICE.add(friday_1630_warsaw, 600)


def test_time_zone_and_daylight_saving():
    new_york = parse_calendar(timezone="America/New_York", hours=weekday_hours("09:00", "17:00"))
    # Friday 30 October 2026, 16:00 EDT (20:00 UTC); clocks go back on Sunday 1 November.
    start = utc(2026, 10, 30, 20, 0)
    assert new_york.add(start, 2 * 3600) == utc(2026, 11, 2, 15, 0)  # Monday 10:00 EST


def test_always_open_is_plain_arithmetic():
    start = utc(2026, 11, 24, 3, 0)
    assert ALWAYS.add(start, 900) == start + timedelta(minutes=15)
    assert ALWAYS.seconds_between(start, start + timedelta(hours=2)) == 7200


def test_bad_calendars_are_refused():
    with pytest.raises(InvalidInput):
        parse_calendar(timezone="Mars/Olympus", hours=None)
    with pytest.raises(InvalidInput):
        parse_calendar(timezone="UTC", hours=[[["17:00", "09:00"]]] + [[]] * 6)
    with pytest.raises(InvalidInput):
        parse_calendar(timezone="UTC", hours=None, holidays=["25/12/2026"])


def test_default_policies_follow_the_seeds():
    assert DEFAULTS[3].first_response_seconds == 15 * 60
    assert DEFAULTS[2].first_response_seconds == 3600
    assert DEFAULTS[1].first_response_seconds == 6 * 3600
    assert select_policy([], brand_id=1, tier=0, priority="low", channel="x") is None
    specific = Policy("VIP X", 300, 300, 3600, id=7, brand_id=1, tier=3, channel="x")
    broad = Policy("Brand", 600, 600, 3600, id=8, brand_id=1)
    assert select_policy([broad, specific], brand_id=1, tier=3, priority="urgent", channel="x") is specific
    assert select_policy([broad, specific], brand_id=1, tier=3, priority="urgent", channel="messenger") is broad
    assert select_policy([broad, specific], brand_id=2, tier=2, priority="normal", channel="x") is DEFAULTS[2]


T3 = DEFAULTS[3]  # 15 minutes, warning at 75%, level 2 at 150%, level 3 at 200%
ARRIVED = utc(2026, 11, 24, 10, 0)


def facts(**changes):
    return Facts(created_at=ARRIVED, status=changes.pop("status", "new"), **changes)


@pytest.mark.parametrize(("minutes", "state", "level"), [
    (5, "ok", 0), (12, "warning", 0), (15, "breached", 1), (23, "breached", 2), (30, "breached", 3),
])
def test_each_escalation_level(minutes, state, level):
    reading = read(T3, facts(), ARRIVED + timedelta(minutes=minutes))
    assert (reading.clock, reading.state, reading.level) == ("first_response", state, level)
    assert reading.due_at == ARRIVED + timedelta(minutes=15)


def test_next_check_is_the_next_threshold():
    reading = read(T3, facts(), ARRIVED + timedelta(minutes=5))
    assert reading.next_check_at == ARRIVED + timedelta(minutes=11, seconds=15)
    assert read(T3, facts(), ARRIVED + timedelta(minutes=31)).next_check_at is None


def test_pending_pauses_the_clock():
    changes = [(ARRIVED + timedelta(minutes=5), "new", "pending"),
               (ARRIVED + timedelta(minutes=65), "pending", "open")]
    pauses = pauses_from_statuses(changes)
    assert pauses == ((ARRIVED + timedelta(minutes=5), ARRIVED + timedelta(minutes=65)),)
    during = read(T3, facts(status="pending", pauses=pauses[:1][:1] and ((pauses[0][0], None),)),
                  ARRIVED + timedelta(minutes=30))
    assert during.state == "paused" and during.elapsed_seconds == 300 and during.due_at is None
    after = read(T3, facts(status="open", pauses=pauses), ARRIVED + timedelta(minutes=70))
    assert after.elapsed_seconds == 600 and after.state == "ok"
    assert after.due_at == ARRIVED + timedelta(minutes=75)
    late = read(T3, facts(status="open", pauses=pauses), ARRIVED + timedelta(minutes=80))
    assert late.state == "breached" and late.due_at == ARRIVED + timedelta(minutes=75)


def test_business_hours_policy_waits_for_opening():
    policy = Policy("Office", 3600, 3600, 8 * 3600, calendar=OFFICE)
    saturday = utc(2026, 11, 28, 12, 0)
    reading = read(policy, Facts(created_at=saturday, status="new"), saturday + timedelta(hours=30))
    assert reading.state == "ok" and reading.elapsed_seconds == 0
    assert reading.due_at == utc(2026, 11, 30, 9, 0)


def test_replies_switch_clocks_and_resolution_stops_them():
    replied = ARRIVED + timedelta(minutes=5)
    answered = read(T3, facts(status="open", first_response_at=replied, last_outbound_at=replied),
                    ARRIVED + timedelta(minutes=20))
    assert answered.clock == "resolution" and answered.state == "ok"
    wrote_again = ARRIVED + timedelta(minutes=10)
    waiting = read(T3, facts(status="open", first_response_at=replied, last_outbound_at=replied,
                             last_inbound_at=wrote_again), ARRIVED + timedelta(minutes=26))
    assert waiting.clock == "next_response" and waiting.level == 1
    assert read(T3, facts(status="resolved"), ARRIVED + timedelta(days=3)).state == "met"
