"""Triage throughput and latency over the TWCS sample of first customer messages.

Run from the repository root:  PYTHONPATH=src python bench/bench_triage.py
Prints messages/second and p50/p95/p99 latency in microseconds for triage() and, as
a baseline over the same texts, for a bare str.casefold pass.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "twcs-samples" / "inbound_first_msgs_weak_priority.csv"
WARM_UP = 200


def load_texts(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row.get("text") is not None]


def measure(label: str, texts: list[str], run: Callable[[str], object]) -> None:
    for text in texts[:WARM_UP]:
        run(text)
    latencies = []
    clock = time.perf_counter_ns
    started = clock()
    for text in texts:
        before = clock()
        run(text)
        latencies.append((clock() - before) / 1000)
    elapsed = (clock() - started) / 1e9
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{label:<16} {len(texts) / elapsed:>12,.0f} msg/s   "
        f"p50 {cuts[49]:>8.1f} µs   p95 {cuts[94]:>8.1f} µs   p99 {cuts[98]:>8.1f} µs   "
        f"mean {statistics.fmean(latencies):>8.1f} µs"
    )


def main() -> int:
    if not SAMPLE.exists():
        print(f"skipped: sample not found at {SAMPLE}")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from escalada.triage import TriageInput, triage

    texts = load_texts(SAMPLE)
    started = time.perf_counter()
    triage(TriageInput(text="warm up: load the lexicons and the language models"))
    print(
        f"{len(texts)} messages from {SAMPLE.name}; first call (lazy set-up) "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    measure("str.casefold", texts, str.casefold)
    measure("triage", texts, lambda text: triage(TriageInput(text=text)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
