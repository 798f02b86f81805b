"""Calendar time or business time between two instants.

A business calendar is a time zone plus opening hours per weekday. Durations in business
time count only the seconds inside opening hours, so a message at 16:50 on Friday answered
at 09:10 on Monday waited 20 business minutes (with 09:00-17:00 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    timezone: str = "UTC"
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0

    def seconds_between(self, start: datetime, end: datetime) -> float:
        if end <= start:
            return 0.0
        zone = ZoneInfo(self.timezone)
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        total = 0.0
        day = local_start.date()
        while day <= local_end.date():
            if day.weekday() in self.weekdays:
                open_at = datetime.combine(day, self.opens, zone)
                close_at = datetime.combine(day, self.closes, zone)
                lo, hi = max(open_at, local_start), min(close_at, local_end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return total


CALENDAR_TIME = None  # pass as ``calendar`` for plain elapsed time


def elapsed(start: datetime, end: datetime, calendar: BusinessCalendar | None) -> float:
    """Seconds from ``start`` to ``end``: wall-clock, or business seconds with a calendar."""
    if calendar is None:
        return max(0.0, (end - start).total_seconds())
    return calendar.seconds_between(start, end)
