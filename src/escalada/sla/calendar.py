"""Business-hours calendars with holidays, in the calendar's own time zone (pure).

All arguments and results are aware UTC datetimes; local time is used only inside,
day by day, so daylight-saving changes fall out of ``zoneinfo``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from escalada.errors import InvalidInput
from escalada.routing.shifts import parse_clock, zone

MAX_DAYS = 800  # a calendar with no working time at all would otherwise loop forever


@dataclass(frozen=True, slots=True)
class Calendar:
    """``hours[weekday]`` lists local (start, end) windows, Monday first; empty = day off."""

    timezone: str = "UTC"
    hours: tuple[tuple[tuple[time, time], ...], ...] | None = None  # None = 24/7
    holidays: frozenset[date] = frozenset()

    @property
    def always_open(self) -> bool:
        return self.hours is None and not self.holidays

    def _windows(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        if day in self.holidays:
            return
        tz = zone(self.timezone)
        spans = ((time.min, time.max),) if self.hours is None else self.hours[day.weekday()]
        for start, end in spans:
            a = datetime.combine(day, start, tz)
            b = (datetime.combine(day + timedelta(days=1), time.min, tz) if end == time.max
                 else datetime.combine(day, end, tz))
            yield a.astimezone(UTC), b.astimezone(UTC)

    def _days_from(self, moment: datetime) -> Iterator[date]:
        day = moment.astimezone(zone(self.timezone)).date() - timedelta(days=1)
        for offset in range(MAX_DAYS):
            yield day + timedelta(days=offset)

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Working seconds in [start, end)."""
        if end <= start:
            return 0.0
        if self.always_open:
            return (end - start).total_seconds()
        total = 0.0
        for day in self._days_from(start):
            for a, b in self._windows(day):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            if datetime.combine(day, time.min, zone(self.timezone)) > end:
                break
        return total

    def add(self, start: datetime, seconds: float) -> datetime:
        """The moment ``seconds`` of working time after ``start``."""
        return self._spend(start, seconds, past=False)

    def exceeded_after(self, start: datetime, seconds: float) -> datetime:
        """The moment after which more than ``seconds`` of working time has passed since ``start``.

        ``seconds_between(start, t) > seconds`` exactly when ``t`` is later than it: unlike
        :meth:`add`, a budget used up at closing time is exceeded only when work resumes.
        """
        return self._spend(start, seconds, past=True)

    def _spend(self, start: datetime, seconds: float, *, past: bool) -> datetime:
        if self.always_open:
            return start + timedelta(seconds=seconds)
        remaining = seconds
        for day in self._days_from(start):
            for a, b in self._windows(day):
                lo = max(a, start)
                if b <= lo:
                    continue
                room = (b - lo).total_seconds()
                if remaining < room or (remaining == room and not past):
                    return lo + timedelta(seconds=remaining)
                remaining -= room
        raise InvalidInput("the calendar has no working time in the next two years")

    def is_open(self, moment: datetime) -> bool:
        day = moment.astimezone(zone(self.timezone)).date()
        return any(a <= moment < b for d in (day - timedelta(days=1), day) for a, b in self._windows(d))


ALWAYS = Calendar()


def parse_calendar(*, timezone: str, hours: Sequence[Any] | None, holidays: Sequence[str] = ()) -> Calendar:
    """``hours``: seven lists of ``[start, end]`` ("HH:MM") Monday first, or None for 24/7."""
    zone(timezone)
    parsed_hours = None
    if hours is not None:
        if len(hours) != 7:
            raise InvalidInput("business hours need seven days, Monday first")
        days = []
        for spans in hours:
            day = []
            for span in spans or ():
                start, end = parse_clock(span[0]), parse_clock(span[1])
                if end <= start:
                    raise InvalidInput(f"business hours {span[0]}–{span[1]} end before they start")
                day.append((start, end))
            days.append(tuple(day))
        parsed_hours = tuple(days)
    try:
        parsed_holidays = frozenset(date.fromisoformat(h) for h in holidays)
    except ValueError as exc:
        raise InvalidInput("holidays are dates written YYYY-MM-DD") from exc
    return Calendar(timezone=timezone, hours=parsed_hours, holidays=parsed_holidays)


def weekday_hours(start: str = "09:00", end: str = "17:00", days: int = 5) -> list[list[list[str]]]:
    """Plain office hours, e.g. Monday to Friday 09:00–17:00, in the stored form."""
    return [[[start, end]] if d < days else [] for d in range(7)]


def calendar_from_row(row: Mapping[str, Any] | None) -> Calendar:
    if row is None:
        return ALWAYS
    return parse_calendar(timezone=row["timezone"], hours=row["hours"] or None,
                          holidays=row.get("holidays") or ())
