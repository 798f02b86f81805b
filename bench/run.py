"""Run every benchmark in turn (``make bench``); each prints its own figures and baseline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = ["bench_triage.py", "bench_triage_modes.py", "bench_ingest.py", "bench_webhooks.py", "bench_incidents.py",
              "bench_presence.py", "bench_routing.py", "bench_simulation.py", "bench_reports.py",
              "bench_shift_plan.py"]


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / name), *sys.argv[1:]])
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
