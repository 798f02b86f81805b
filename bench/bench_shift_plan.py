"""Agents on shift per hour for the staffing page: the roster against the forecast hours.

A contact centre's roster: agents in several time zones on a handful of shift patterns.
Counted for every hour of a 7-day forecast (28 days with ``--full``), sampled every
quarter hour. The baseline, in the same run, counts every agent one by one; the roster
counts each distinct (time zone, shifts) pattern once and multiplies.

    python bench/bench_shift_plan.py [--agents 300] [--full]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from escalada.routing.shifts import on_shift
from escalada.staffing.roster import SAMPLES, RosterAgent, on_shift_per_hour

ZONES = ("Europe/Dublin", "Europe/Madrid", "America/New_York", "Asia/Manila", "UTC")
PATTERNS = (
    [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "07:00", "end": "15:00"}],
    [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "14:00", "end": "22:00"}],
    [{"days": ["sat", "sun"], "start": "08:00", "end": "14:00"}],
    [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "22:00", "end": "06:30"}],
    [{"days": ["mon", "wed", "fri"], "start": "09:00", "end": "17:30"}],
)


def roster(count: int) -> list[RosterAgent]:
    rng = random.Random(7)
    return [RosterAgent.of(f"agent {i}", rng.choice(ZONES), rng.choice(PATTERNS)) for i in range(count)]


def one_by_one(agents: list[RosterAgent], hours: list[datetime]) -> list[float]:
    return [round(sum(sum(on_shift(a.shifts, a.timezone, h + s) for s in SAMPLES) / len(SAMPLES)
                      for a in agents if a.shifts), 2) for h in hours]


def timed(fn, *args, repeat: int = 3) -> tuple[float, list[float], object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--full", action="store_true", help="28 forecast days instead of 7")
    args, _ = parser.parse_known_args()
    days = 28 if args.full else 7
    hours = [datetime(2026, 11, 23, tzinfo=UTC) + timedelta(hours=i) for i in range(days * 24)]
    agents = roster(args.agents)
    fast, fast_runs, grouped = timed(on_shift_per_hour, agents, hours)
    tracemalloc.start()  # a separate run: tracing slows everything down
    on_shift_per_hour(agents, hours)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    slow, _, plain = timed(one_by_one, agents, hours, repeat=1)
    assert grouped.scheduled == plain, "the roster and the baseline disagree"  # type: ignore[union-attr]
    print(f"{args.agents} agents, {len(hours)} hours ({days} days), 4 samples an hour")
    print(f"  baseline, agent by agent : {slow * 1000:8.1f} ms")
    print(f"  roster, by shift pattern : {fast * 1000:8.1f} ms median of {len(fast_runs)} "
          f"(max {max(fast_runs) * 1000:.1f} ms), {slow / fast:.0f}× faster, peak memory {peak / 1024:.0f} KiB")
    print(f"  agent-hours on shift     : {sum(grouped.scheduled):.0f}")  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
