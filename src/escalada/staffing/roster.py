"""The current shift plan per hour: agents on shift, from their weekly shifts. Pure.

Each agent's shifts are in the agent's own time zone (``escalada.routing.shifts``); an
hour in the plan's time zone counts each agent by the share of that hour they are on
shift, sampled every quarter of an hour (a 09:00–17:30 shift counts 1 in the 16:00 hour
and 0.5 in the 17:00 hour). Agents without any shift have no calendar: they are
not counted and are reported apart, since the plan cannot say when they work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from escalada.routing.shifts import Shift, on_shift, parse_shifts

SAMPLES = tuple(timedelta(minutes=m) for m in (0, 15, 30, 45))


@dataclass(frozen=True, slots=True)
class RosterAgent:
    name: str
    timezone: str
    shifts: tuple[Shift, ...]

    @classmethod
    def of(cls, name: str, timezone: str, raw: Iterable[Mapping[str, Any]]) -> RosterAgent:
        return cls(name, timezone, parse_shifts(raw))


@dataclass(frozen=True, slots=True)
class Roster:
    scheduled: list[float]  # agents on shift, per hour of the plan
    agents: int  # agents with a shift calendar
    without_shifts: list[str]  # agents with none (not counted)


def on_shift_per_hour(agents: Sequence[RosterAgent], hours: Sequence[datetime]) -> Roster:
    """Agents on shift during each hour starting at ``hours`` (aware datetimes)."""
    planned = [a for a in agents if a.shifts]
    # Agents with the same shifts in the same zone are counted once and multiplied.
    patterns = Counter((a.timezone, a.shifts) for a in planned)
    scheduled = []
    for start in hours:
        present = 0.0
        for (timezone, shifts), count in patterns.items():
            inside = sum(on_shift(shifts, timezone, start + step) for step in SAMPLES)
            present += count * inside / len(SAMPLES)
        scheduled.append(round(present, 2))
    return Roster(scheduled=scheduled, agents=len(planned),
                  without_shifts=sorted(a.name for a in agents if not a.shifts))


def shortfall(needed: int, scheduled: float | None) -> float:
    """Agents missing in an hour (0 when the shift plan covers it)."""
    if scheduled is None:
        return 0.0
    return round(max(0.0, needed - scheduled), 2)
