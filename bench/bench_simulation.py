"""Replay a day of arrivals against examples/team.yaml: SLA attainment per tier.

Days replayed: the demo generator's day, and real arrival timestamps from TWCS
(customer tweets to brands, 31 October 2017, and SpotifyCares' busiest day), read from
../shared/data when present. Each day is replayed, in the same run, with the team's
configured strategies and with plain round robin everywhere, next to the Erlang C
prediction for the same load; the replay's own speed is printed too.

    python bench/bench_simulation.py [--volume 1500] [--full]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

from escalada.demo import generate_day
from escalada.simulation.arrivals import DEFAULT_HANDLE_SECONDS, parse_arrival, arrivals_from_demo
from escalada.simulation.engine import simulate
from escalada.simulation.team_file import load_team_file
from escalada.triage import triage
from escalada.triage.jsonl import parse_input

ROOT = Path(__file__).resolve().parents[1]
TWCS = ROOT.parent / "shared" / "data" / "twcs-samples"
if not TWCS.exists():
    TWCS = ROOT.parents[1] / "shared" / "data" / "twcs-samples"


def demo_day(volume: int) -> list:
    dataset = generate_day(seed=7, day=date(2026, 11, 24), volume=volume)
    return [parse_arrival(record) for record in arrivals_from_demo(dataset, seed=7)]


def twcs_day(path: Path, day: str | None) -> list:
    """Inbound tweets of one day (the busiest when ``day`` is None), with their real timestamps."""
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8")) if r["inbound"] == "True"]
    for r in rows:
        r["at"] = datetime.strptime(r["created_at"], "%a %b %d %H:%M:%S %z %Y")
    days: dict = {}
    for r in rows:
        days.setdefault(r["at"].date(), []).append(r)
    chosen = max(days.values(), key=len) if day is None else days[date.fromisoformat(day)]
    rng = random.Random(f"twcs:{path.name}")
    arrivals = []
    for r in chosen:
        record = {"id": r["tweet_id"], "text": r["text"], "channel": "x", "visibility": "public",
                  "author": {"handle": str(r["author_id"])}, "created_at": r["at"].isoformat()}
        tier = triage(parse_input(record)).tier
        record["handle_seconds"] = max(20.0, rng.expovariate(1 / DEFAULT_HANDLE_SECONDS[tier]))
        arrivals.append(parse_arrival(record))
    return sorted(arrivals, key=lambda a: a.created_at)


def pct(value: float | None) -> str:
    return "   —  " if value is None else f"{value * 100:5.1f}%"


def report(name: str, arrivals: list, team) -> None:  # noqa: ANN001
    tracemalloc.start()
    started = time.perf_counter()
    result = simulate(arrivals, team, strategies=["configured", "round_robin"])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    span = f"{arrivals[0].created_at:%Y-%m-%d %H:%M}–{arrivals[-1].created_at:%H:%M} UTC"
    print(f"\n{name}: {len(arrivals)} arrivals, {span}")
    print("  strategy        tier 1  tier 2  tier 3   first reply p50 / p90   unanswered  noise")
    for strategy, f in result["strategies"].items():
        a, r = f["sla_attainment"], f["first_response_seconds"]
        p50 = "—" if r["p50"] is None else f"{r['p50'] / 60:6.1f}"
        p90 = "—" if r["p90"] is None else f"{r['p90'] / 60:6.1f}"
        print(f"  {strategy:<14} {pct(a['1'])}  {pct(a['2'])}  {pct(a['3'])}   {p50} / {p90} min"
              f"      {f['unanswered']:5d}  {f['noise']:5d}")
    e = result["erlang_c"]
    s = e["service_level"]
    print(f"  {'Erlang C':<14} {pct(s.get('1'))}  {pct(s.get('2'))}  {pct(s.get('3'))}   "
          f"(AHT {e['aht_seconds']:.0f} s, peak {e['peak_arrivals_per_hour']}/h with "
          f"{e['slots_on_shift_at_peak']} slots; 80% needs {e['slots_needed_at_peak_for_80pct']})")
    print(f"  replay: {2 * len(arrivals) / elapsed:,.0f} arrivals/s over both strategies "
          f"({elapsed:.2f} s, peak memory {peak / 1e6:.1f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volume", type=int, default=1500, help="demo day size")
    parser.add_argument("--full", action="store_true", help="a 10,000-message demo day and every TWCS sample day")
    args, _ = parser.parse_known_args()
    team = load_team_file(ROOT / "examples" / "team.yaml")
    report("demo generator", demo_day(10_000 if args.full else args.volume), team)
    if not TWCS.exists():
        print("\n../shared/data/twcs-samples not found: real-timestamp days skipped")
        return 0
    report("TWCS head (all brands), busiest day", twcs_day(TWCS / "twcs_head5000.csv", None), team)
    report("TWCS SpotifyCares, busiest day", twcs_day(TWCS / "spotifycares_inbound_requests.csv", None), team)
    if args.full:
        report("TWCS SpotifyCares, 2017-11-29", twcs_day(TWCS / "spotifycares_inbound_requests.csv", "2017-11-29"), team)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
