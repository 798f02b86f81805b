"""Incident detection on replayed demo traffic: false alarms on a normal week, latency on an outage.

Replays ``--days`` days of generated demo traffic (the demo's outage burst removed:
an ordinary week) through the real ingest path into a fresh SQLite database, then one
more day with the outage burst left in. It prints, for Escalada's detector and for a
simple baseline (a fixed count of same-category complaints per brand in the same
window, no similarity and no usual-rate check) run over the same messages:

- false alarms: incidents opened on the normal week, and on the outage day outside the burst;
- detection latency: minutes of message time from the burst's first message to the
  suspected incident, and how many burst messages had arrived by then;
- the cost of detection per ingested message (p50/p95/p99), next to the whole ingest.

    python bench/bench_incidents.py [--days 7] [--volume 600] [--full]

The baseline opens an incident per (brand, category) at most every two hours.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict, deque
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from escalada import migrate
from escalada.auth.principal import Principal
from escalada.brands.service import add_account, create_brand
from escalada.config import Settings
from escalada.db import Database, make_engine
from escalada.demo.generator import generate_labelled_day
from escalada.demo.stories import OUTAGE_BURST
from escalada.inbox import ingest as ingest_module
from escalada.inbox.ingest import store, validate_item
from escalada.incidents import detection
from escalada.incidents.cues import INCIDENT_CATEGORIES
from escalada.models import Brand, Conversation

ADMIN = Principal(role="admin", label="bench")
FIRST_DAY = date(2026, 3, 2)


def percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {qs[49] * 1000:6.2f} ms  p95 {qs[94] * 1000:6.2f} ms  p99 {qs[98] * 1000:6.2f} ms"


class FixedCountBaseline:
    """Fires when ``count`` complaints of one category reach a brand within ``window``."""

    def __init__(self, count: int = 8, window: timedelta = timedelta(minutes=30),
                 cooldown: timedelta = timedelta(hours=2)) -> None:
        self.count, self.window, self.cooldown = count, window, cooldown
        self.recent: dict[tuple[str, str], deque[tuple[datetime, bool]]] = defaultdict(deque)
        self.quiet_until: dict[tuple[str, str], datetime] = {}
        self.alarms: list[tuple[datetime, bool]] = []  # (when, caused by the burst)

    def observe(self, brand: str, categories: list[str], at: datetime, in_burst: bool) -> None:
        for category in set(categories) & INCIDENT_CATEGORIES:
            key = (brand, category)
            queue = self.recent[key]
            queue.append((at, in_burst))
            while queue and queue[0][0] < at - self.window:
                queue.popleft()
            if len(queue) >= self.count and at >= self.quiet_until.get(key, at - timedelta(seconds=1)):
                burst_share = sum(1 for _, b in queue if b) / len(queue)
                self.alarms.append((at, burst_share >= 0.5))
                self.quiet_until[key] = at + self.cooldown


class Replay:
    """Feeds demo days through the real ingest path, timing it and noting each opening."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.settings = Settings()
        self.ingest: list[float] = []
        self.detect: list[float] = []
        self.openings: list[tuple[int, datetime, bool, int]] = []  # id, at, from burst, burst so far
        self.burst_seen = 0
        self.burst_start: datetime | None = None
        self.baseline = FixedCountBaseline()
        self._current_in_burst = False
        self._known: set[int] = set()
        original = detection.observe

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            started = time.perf_counter()
            incident = original(*args, **kwargs)
            self.detect.append(time.perf_counter() - started)
            if incident is not None and incident.id not in self._known:
                self._known.add(incident.id)
                at = kwargs["message"].created_at
                self.openings.append((incident.id, at, self._current_in_burst, self.burst_seen))
            return incident

        ingest_module.detection.observe = timed  # type: ignore[attr-defined]

    def day(self, day: date, *, volume: int, with_burst: bool) -> None:
        dataset, labels = generate_labelled_day(seed=21, day=day, volume=volume)
        with self.db.unit_of_work() as session:
            if session.scalar(select(Brand.id).limit(1)) is None:
                for b in dataset.brands:
                    row = create_brand(session, slug=b.slug, name=b.name, actor=ADMIN)
                    for a in b.accounts:
                        add_account(session, brand=row, platform=a.platform, handle=a.handle, actor=ADMIN)
                session.flush()
            slug_of = {b.id: b.slug for b in session.scalars(select(Brand))}
            for item in dataset.inbound:
                label = labels[(item["platform"], item["platform_message_id"])]
                in_burst = label.story == OUTAGE_BURST
                if in_burst and not with_burst:
                    continue
                message = validate_item({**item, "in_reply_to": None}, settings=self.settings)
                if in_burst:
                    self.burst_seen += 1
                    self.burst_start = min(self.burst_start or message.created_at, message.created_at)
                self._current_in_burst = in_burst
                started = time.perf_counter()
                stored = store(session, message, raw=item)
                self.ingest.append(time.perf_counter() - started)
                brand_id = session.get(Conversation, stored.conversation_id).brand_id
                self.baseline.observe(slug_of[brand_id], stored.triage["categories"], message.created_at,
                                      in_burst)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7, help="normal days before the outage day")
    parser.add_argument("--volume", type=int, default=600, help="inbound messages per day")
    parser.add_argument("--full", action="store_true", help="a busier fortnight: 14 days of 2000")
    args, _ = parser.parse_known_args()  # bench/run.py passes every benchmark the same flags
    days, volume = (14, 2000) if args.full else (args.days, args.volume)

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp)}/bench.db")
        migrate.upgrade(engine)
        replay = Replay(Database(engine))
        print(f"replaying {days} normal days + 1 outage day, about {volume} messages a day",
              file=sys.stderr, flush=True)
        for offset in range(days):
            replay.day(FIRST_DAY + timedelta(days=offset), volume=volume, with_burst=False)
        week_ours = len(replay.openings)
        week_baseline = len(replay.baseline.alarms)
        replay.day(FIRST_DAY + timedelta(days=days), volume=volume, with_burst=True)
        engine.dispose()

    ours_day = replay.openings[week_ours:]
    ours_hits = [o for o in ours_day if o[2]]
    base_day = replay.baseline.alarms[week_baseline:]
    base_hits = [a for a in base_day if a[1]]
    start = replay.burst_start

    def latency(at: datetime | None) -> str:
        return "not detected" if at is None or start is None else f"{(at - start).total_seconds() / 60:.1f} min"

    print(f"\nmessages replayed: {len(replay.ingest)} ({days} normal days, then an outage day with "
          f"{replay.burst_seen} burst messages in several languages)")
    header = f"{'detector':<38}{'false alarms':>13}{'false alarms':>13}{'burst':>10}{'latency':>14}"
    print(header)
    print(f"{'':<38}{'(normal week)':>13}{'(outage day)':>13}{'incidents':>10}{'(1st report)':>14}")
    print(f"{'escalada: similarity + usual rate':<38}{week_ours:>13}{len(ours_day) - len(ours_hits):>13}"
          f"{len(ours_hits):>10}{latency(ours_hits[0][1] if ours_hits else None):>14}")
    print(f"{'baseline: 8 same-category in 30 min':<38}{week_baseline:>13}{len(base_day) - len(base_hits):>13}"
          f"{len(base_hits):>10}{latency(base_hits[0][0] if base_hits else None):>14}")
    if ours_hits:
        print(f"escalada opened the incident when {ours_hits[0][3]} burst messages had arrived")
    print(f"ingest per message, detection included: {percentiles(replay.ingest)}")
    print(f"detection alone per message:            {percentiles(replay.detect)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
