"""Agents on shift per hour, from shifts in each agent's own time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from escalada.staffing.roster import RosterAgent, on_shift_per_hour, shortfall

MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


def hours(start: datetime, count: int) -> list[datetime]:
    return [start + timedelta(hours=i) for i in range(count)]


def test_counts_agents_per_hour_in_their_own_time_zones():
    agents = [
        RosterAgent.of("Ana", "Europe/Madrid", [{"days": ["mon"], "start": "09:00", "end": "17:00"}]),
        RosterAgent.of("Ben", "America/New_York", [{"days": ["mon"], "start": "09:00", "end": "12:00"}]),
    ]
    roster = on_shift_per_hour(agents, hours(MONDAY, 24))
    # Ana: 08:00–16:00 UTC (Madrid is UTC+1 in November); Ben: 14:00–17:00 UTC (UTC−5).
    assert roster.scheduled[7] == 0 and roster.scheduled[8] == 1 and roster.scheduled[15] == 2
    assert roster.scheduled[16] == 1 and roster.scheduled[17] == 0
    assert sum(roster.scheduled) == 8 + 3 and roster.agents == 2


def test_the_plan_time_zone_only_labels_the_hours():
    agents = [RosterAgent.of("Ana", "UTC", [{"days": ["mon"], "start": "09:00", "end": "10:00"}])]
    madrid = hours(MONDAY.astimezone(ZoneInfo("Europe/Madrid")), 24)
    roster = on_shift_per_hour(agents, madrid)
    assert roster.scheduled.index(1) == 9 and madrid[9].hour == 10


def test_part_hours_and_shifts_across_midnight():
    agents = [RosterAgent.of("Cai", "UTC", [{"days": ["sun"], "start": "22:00", "end": "02:30"}])]
    roster = on_shift_per_hour(agents, hours(MONDAY - timedelta(hours=2), 6))
    assert roster.scheduled == [1, 1, 1, 1, 0.5, 0]


def test_agents_without_shifts_are_listed_not_counted():
    agents = [RosterAgent.of("Dee", "UTC", []),
              RosterAgent.of("Eve", "UTC", [{"days": [0], "start": "00:00", "end": "24:00"}])]
    roster = on_shift_per_hour(agents, hours(MONDAY, 2))
    assert roster.scheduled == [1, 1] and roster.agents == 1 and roster.without_shifts == ["Dee"]


def test_shortfall():
    assert shortfall(3, 1.5) == 1.5
    assert shortfall(1, 2) == 0
    assert shortfall(4, None) == 0
