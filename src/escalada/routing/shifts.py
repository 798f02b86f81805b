"""Weekly shifts in an agent's own time zone (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from escalada.errors import InvalidInput

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"unknown time zone {name!r} (use an IANA name such as Europe/Dublin)") from exc


def parse_clock(value: str) -> time:
    try:
        hours, minutes = value.strip().split(":")
        if value.strip() == "24:00":
            return time.max
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a time of day (use HH:MM)") from exc


@dataclass(frozen=True, slots=True)
class Shift:
    """``days`` are weekdays (0 = Monday) the shift starts on; a shift may cross midnight."""

    days: frozenset[int]
    start: time
    end: time

    def covers(self, local: datetime) -> bool:
        moment = local.time()
        weekday = local.weekday()
        if self.start < self.end:
            return weekday in self.days and self.start <= moment < self.end
        # Crosses midnight: the evening part on a shift day, the morning part on the next.
        return (weekday in self.days and moment >= self.start) or (
            (weekday - 1) % 7 in self.days and moment < self.end
        )


def parse_shifts(raw: Iterable[Mapping[str, Any]]) -> tuple[Shift, ...]:
    """``[{"days": ["mon", ...] or [0, ...], "start": "09:00", "end": "17:00"}]``."""
    shifts = []
    for item in raw:
        days = set()
        for day in item.get("days", range(7)):
            if isinstance(day, int) and 0 <= day <= 6:
                days.add(day)
            elif isinstance(day, str) and day.lower()[:3] in DAY_NAMES:
                days.add(DAY_NAMES.index(day.lower()[:3]))
            else:
                raise InvalidInput(f"{day!r} is not a weekday (use mon..sun or 0..6)")
        start, end = parse_clock(str(item.get("start", "00:00"))), parse_clock(str(item.get("end", "24:00")))
        if start == end:
            raise InvalidInput("a shift must not start and end at the same time")
        shifts.append(Shift(frozenset(days), start, end))
    return tuple(shifts)


def on_shift(shifts: tuple[Shift, ...], timezone: str, at: datetime) -> bool:
    """No shifts at all means no calendar: the agent's status alone decides."""
    if not shifts:
        return True
    local = at.astimezone(zone(timezone))
    return any(shift.covers(local) for shift in shifts)


def describe_shifts(raw: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for shift in parse_shifts(raw):
        days = ",".join(DAY_NAMES[d] for d in sorted(shift.days))
        parts.append(f"{days} {shift.start:%H:%M}–{'24:00' if shift.end == time.max else f'{shift.end:%H:%M}'}")
    return "; ".join(parts) or "any time"


def shifts_from_text(text: str) -> list[dict[str, Any]]:
    """Parse the form's shorthand: ``"mon-fri 09:00-17:00; sat 10:00-14:00"`` (``daily`` for all)."""
    shifts = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        try:
            days_text, hours_text = part.rsplit(" ", 1)
            start, end = hours_text.split("-")
        except ValueError as exc:
            raise InvalidInput(f"{part!r}: write shifts like 'mon-fri 09:00-17:00'") from exc
        days: list[int] = []
        for chunk in days_text.lower().replace(" ", "").split(","):
            if chunk in ("daily", "all", "every"):
                days.extend(range(7))
            elif "-" in chunk:
                first, last = (DAY_NAMES.index(d[:3]) if d[:3] in DAY_NAMES else -1 for d in chunk.split("-", 1))
                if first < 0 or last < 0:
                    raise InvalidInput(f"{chunk!r} is not a range of weekdays (mon..sun)")
                days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
            elif chunk[:3] in DAY_NAMES:
                days.append(DAY_NAMES.index(chunk[:3]))
            else:
                raise InvalidInput(f"{chunk!r} is not a weekday (mon..sun)")
        shift = {"days": sorted(set(days)), "start": start, "end": end}
        parse_shifts([shift])
        shifts.append(shift)
    return shifts


def shifts_to_text(raw: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for item in raw:
        days = ",".join(DAY_NAMES[d] if isinstance(d, int) else str(d) for d in item.get("days", ()))
        parts.append(f"{days} {item.get('start', '00:00')}-{item.get('end', '24:00')}")
    return "; ".join(parts)
