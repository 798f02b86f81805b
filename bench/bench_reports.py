"""Report queries and report pages on a large PostgreSQL inbox: each under a second, against a baseline.

Builds its own database (default ``escalada_reports_bench``) with generate_series:
conversations spread over the past year, five messages each (customer, reply, customer,
reply, customer), then times the report queries with the indexes reports rely on, and
the same queries with index scans turned off (the baseline: what they cost without).
Then it measures every conversation into report facts (the rebuild) and times the report
pages' own work over a day, a week, 28 days and a quarter from the facts, with the live
path (every timeline measured in Python) as the baseline, and the overview page in
business hours in the reporting time zone (UTC here) over a week and a quarter, also
against its live path.

    python bench/bench_reports.py                # 100,000 conversations / 500,000 messages
    python bench/bench_reports.py --full         # 1,000,000 conversations / 5,000,000 messages
    python bench/bench_reports.py --conversations 300000 --keep   # reuse the data next time
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import Connection

from escalada import migrate
from escalada.auth.principal import Principal
from escalada.db import Database, make_engine
from escalada.kit.clock import utc_now
from escalada.reports import facts, service
from escalada.reports.filters import ReportFilters
from escalada.reports.service import Report

ADMIN_URL = os.environ.get("ESCALADA_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_URL = os.environ.get("ESCALADA_BENCH_REPORTS_URL",
                           "postgresql://postgres@127.0.0.1:5432/escalada_reports_bench")
LEAD = Principal(role="lead", label="bench")
RUNS = 5

GENERATE = [
    "INSERT INTO brands (id, slug, name, created_at) "
    "SELECT g, 'brand' || g, 'Brand ' || g, now() FROM generate_series(1, 4) g",
    "INSERT INTO brand_accounts (id, brand_id, platform, handle, display_handle, created_at) "
    "SELECT (b - 1) * 4 + p, b, (ARRAY['x','facebook','instagram','messenger'])[p], "
    "'acct' || b || '_' || p, 'Acct' || b || '_' || p, now() "
    "FROM generate_series(1, 4) b, generate_series(1, 4) p",
    "INSERT INTO users (id, email, name, role, password_hash, is_active, session_epoch, created_at) "
    "SELECT g, 'agent' || g || '@bench.local', 'Agent ' || g, 'agent', 'x', true, 0, now() "
    "FROM generate_series(1, 40) g",
    "INSERT INTO authors (id, platform, platform_user_id, handle, verified, created_at, updated_at) "
    "SELECT g, 'x', 'u' || g, 'user' || g, false, now(), now() FROM generate_series(1, :authors) g",
    # Conversation i starts at a pseudo-random minute of the past year; the agent answers
    # after 1-240 minutes (hash of i), some never; every 10th is noise (tier 0).
    "INSERT INTO conversations (id, brand_id, brand_account_id, author_id, channel, status, tier, "
    "priority, priority_rank, language, sentiment, troll, needs_private, executive, categories, "
    "reasons, assignee_id, preview, message_count, created_at, updated_at, last_message_at, "
    "first_response_at) "
    "SELECT i, 1 + (i % 16) / 4, 1 + i % 16, 1 + i % :authors, "
    "(ARRAY['x','facebook','instagram','messenger'])[1 + (i % 16) % 4], "
    "CASE WHEN i % 3 = 0 THEN 'open' ELSE 'resolved' END, CASE WHEN i % 10 = 0 THEN 0 ELSE 1 + i % 3 END, "
    "'normal', 1, 'en', ((i % 200) - 100) / 100.0, 0, false, false, '[]'::jsonb, '[]'::jsonb, "
    "1 + i % 40, 'preview', 5, t0, t0, t0 + interval '3 hours', "
    "CASE WHEN i % 7 = 0 THEN NULL ELSE t0 + ((1 + (i::bigint * 7919) % 240) || ' minutes')::interval END "
    "FROM (SELECT i, :now - ((i::bigint * 104729) % 525600 || ' minutes')::interval AS t0 "
    "      FROM generate_series(1, :conversations) i) c",
    "INSERT INTO messages (conversation_id, direction, platform, brand_account_id, author_id, "
    "sender_user_id, text, visibility, created_at, received_at, delivery_state, delivery_attempts, sentiment) "
    "SELECT c.id, CASE WHEN k % 2 = 1 THEN 'inbound' ELSE 'outbound' END, c.channel, c.brand_account_id, "
    "CASE WHEN k % 2 = 1 THEN c.author_id END, CASE WHEN k % 2 = 0 THEN c.assignee_id END, "
    "'message ' || k, 'public', c.created_at + (k * 30 || ' minutes')::interval, "
    "c.created_at + (k * 30 || ' minutes')::interval, CASE WHEN k % 2 = 0 THEN 'sent' END, 0, "
    "CASE WHEN k % 2 = 1 THEN c.sentiment END "
    "FROM conversations c, generate_series(1, 5) k",
    "INSERT INTO audit_events (at, actor_user_id, actor_label, action, conversation_id, details) "
    "SELECT c.created_at + interval '150 minutes', c.assignee_id, 'Agent', 'conversation.status', c.id, "
    "'{\"from\": \"open\", \"to\": \"resolved\"}'::jsonb FROM conversations c WHERE c.status = 'resolved'",
]

QUERIES: dict[str, str] = {
    "volume heatmap, 28 days": (
        "SELECT extract(isodow FROM created_at)::int AS weekday, extract(hour FROM created_at)::int AS hour, "
        "platform, count(*) FROM messages WHERE direction = 'inbound' "
        "AND created_at >= :now - interval '28 days' AND created_at < :now GROUP BY 1, 2, 3"),
    "weekly trend, 12 weeks": (
        "SELECT date_trunc('week', created_at) AS week, count(*) FROM messages "
        "WHERE direction = 'inbound' AND created_at >= :now - interval '84 days' AND created_at < :now "
        "GROUP BY 1 ORDER BY 1"),
    "first response p50/p90 per brand, 7 days": (
        "SELECT brand_id, count(*), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)) "
        "FROM conversations WHERE created_at >= :now - interval '7 days' AND created_at < :now "
        "AND first_response_at IS NOT NULL GROUP BY brand_id"),
    "SLA attainment per tier, 7 days": (
        "SELECT tier, count(*) FILTER (WHERE first_response_at - created_at <= target) AS met, "
        "count(*) FILTER (WHERE coalesce(first_response_at, :now) - created_at > target) AS breached "
        "FROM (SELECT tier, created_at, first_response_at, CASE tier WHEN 3 THEN interval '15 minutes' "
        "WHEN 2 THEN interval '1 hour' ELSE interval '6 hours' END AS target FROM conversations "
        "WHERE created_at >= :now - interval '7 days' AND created_at < :now AND tier > 0) c GROUP BY tier"),
    "backlog and oldest wait, 7 days": (
        "SELECT count(*), min(last_message_at) FROM conversations "
        "WHERE created_at >= :now - interval '7 days' AND created_at < :now "
        "AND status IN ('new', 'open', 'pending', 'on_hold')"),
}
NO_INDEX = ["SET LOCAL enable_indexscan = off", "SET LOCAL enable_bitmapscan = off",
            "SET LOCAL enable_indexonlyscan = off"]


def ensure_database(reset: bool) -> None:
    name = BENCH_URL.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reset:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def timed(run: Callable[[], object], runs: int = RUNS) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - start)
    return samples, result


def line(name: str, samples: list[float], extra: str = "") -> str:
    return (f"  {name:<44} p50 {statistics.median(samples) * 1000:8.1f} ms   "
            f"max {max(samples) * 1000:8.1f} ms {extra}")


def plan_uses(connection: Connection, sql: str, params: dict) -> str:
    plan = connection.execute(text("EXPLAIN " + sql), params).scalars().all()
    for needle in ("Index Only Scan", "Bitmap Index Scan", "Index Scan", "Seq Scan"):
        for row in plan:
            if needle in row:
                return row.strip().split("  (")[0].lstrip("-> ")
    return plan[0]


PERIODS = (1, 7, 28, 91)
BUSINESS_PERIODS = (7, 91)
REPORTING_ZONE = "UTC"
PAGES: dict[str, Callable[[Report], object]] = {
    "overview page": lambda r: (r.overview(), r.breakdown("brand"), r.csat_comments()),
    "team page": lambda r: r.team(),
    "volume page": lambda r: r.volume(),
}


def _page(db: Database, filters: ReportFilters, now: datetime, work: Callable[[Report], object],
          *, live: bool) -> None:
    """One page's own work, in one unit of work."""
    with db.unit_of_work() as session:
        if live:
            report: Report = service.LiveReport(
                session, service.load(session, filters=filters, principal=LEAD, now=now))
        else:
            report = service.open_report(session, filters=filters, principal=LEAD, now=now)
        work(report)


def _live_baseline(db: Database, filters: ReportFilters, now: datetime, days: int, label: str) -> None:
    """The overview page measured live, as often as a period of ``days`` affords."""
    runs = RUNS if days <= 7 else 1
    baseline, _ = timed(lambda: _page(db, filters, now, PAGES["overview page"], live=True), runs=runs)
    print(line(f"   baseline: {label}, live", baseline, f"({runs} run{'s' if runs > 1 else ''})"))


def _size(db: Database, filters: ReportFilters) -> int:
    with db.unit_of_work() as session:
        return session.execute(text(
            "SELECT count(*) FROM conversations WHERE created_at >= :start AND created_at < :end"),
            {"start": filters.start, "end": filters.end}).scalar()


def _progress(done: int, total: int) -> None:
    print(f"\r  {done:,} / {total:,}", end="", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1M conversations / 5M messages")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="reuse the data left by the last run")
    parser.add_argument("--live-quarter", action="store_true",
                        help="also time the live baseline over 91 days (a minute at --full size)")
    args, _ = parser.parse_known_args()
    conversations = 1_000_000 if args.full else args.conversations
    try:
        ensure_database(reset=not args.keep)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL is not answering ({exc}); skipped.")
        return 0
    engine = make_engine(BENCH_URL)
    now = utc_now().replace(second=0, microsecond=0)
    with engine.connect() as connection:
        have = connection.execute(text(
            "SELECT to_regclass('conversations') IS NOT NULL")).scalar()
        count = connection.execute(text("SELECT count(*) FROM conversations")).scalar() if have else 0
    if count != conversations:
        if have:
            ensure_database(reset=True)
            engine.dispose()
            engine = make_engine(BENCH_URL)
        migrate.upgrade(engine)
        print(f"generating {conversations:,} conversations and {conversations * 5:,} messages …",
              file=sys.stderr, flush=True)
        start = time.perf_counter()
        with engine.begin() as connection:
            for statement in GENERATE:
                connection.execute(text(statement), {"now": now, "conversations": conversations,
                                                     "authors": max(1000, conversations // 5)})
        # What autovacuum does to a live database: statistics, and the visibility map that
        # lets the volume counts answer from the index alone.
        with psycopg.connect(BENCH_URL, autocommit=True) as raw:
            raw.execute("VACUUM ANALYZE")
        print(f"  generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    with engine.connect() as connection:
        newest = connection.execute(text("SELECT max(created_at) FROM conversations")).scalar()
        sizes = connection.execute(text(
            "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages)")).one()
    now = newest + timedelta(minutes=1)
    print(f"{sizes[0]:,} conversations, {sizes[1]:,} messages in {BENCH_URL.rsplit('/', 1)[1]}")

    slowest = 0.0
    print("\nSQL report queries (with indexes | baseline: index scans off)")
    for name, sql in QUERIES.items():
        params = {"now": now}
        with engine.connect() as connection:
            uses = plan_uses(connection, sql, params)
            samples, _ = timed(lambda: connection.execute(text(sql), params).all())
        with engine.connect() as connection:
            with connection.begin():
                for setting in NO_INDEX:
                    connection.execute(text(setting))
                baseline, _ = timed(lambda: connection.execute(text(sql), params).all())
        slowest = max(slowest, statistics.median(samples))
        print(line(name, samples, f"[{uses}]"))
        print(line("   baseline", baseline, f"×{statistics.median(baseline) / statistics.median(samples):.1f}"))

    db = Database(engine)
    # Facts missing, or measured under other policies or another reporting time zone (a
    # kept database from an older run): rebuild them before timing the pages.
    print("measuring conversations into report facts (escalada reports rebuild) …",
          file=sys.stderr, flush=True)
    start = time.perf_counter()
    written = facts.rebuild(db, zone=REPORTING_ZONE, progress=_progress)
    elapsed = time.perf_counter() - start
    if written:
        with psycopg.connect(BENCH_URL, autocommit=True) as raw:
            raw.execute("VACUUM ANALYZE")
        print(f"\nrebuild: {written:,} conversations in {elapsed:.1f} s ({written / elapsed:,.0f} per second)")

    print("\nReport pages (p50): from the facts | baseline: the live path measuring every timeline")
    slowest_page = 0.0
    for days in PERIODS:
        filters = ReportFilters(start=now - timedelta(days=days), end=now)
        size = _size(db, filters)
        for page, work in PAGES.items():
            samples, _ = timed(lambda: _page(db, filters, now, work, live=False))
            slowest_page = max(slowest_page, statistics.median(samples))
            print(line(f"{page}, {days} day(s) ({size:,} conversations)", samples))
        if days > 28 and not args.live_quarter:
            print("   baseline: overview page, live: skipped (--live-quarter to time it)")
            continue
        _live_baseline(db, filters, now, days, "overview page")

    print("\nOverview page in business hours, reporting time zone (p50): "
          "from the facts | baseline: live")
    for days in BUSINESS_PERIODS:
        filters = ReportFilters(start=now - timedelta(days=days), end=now, business_hours=True,
                                timezone=REPORTING_ZONE, reporting_zone=REPORTING_ZONE)
        size = _size(db, filters)
        samples, _ = timed(lambda: _page(db, filters, now, PAGES["overview page"], live=False))
        slowest_page = max(slowest_page, statistics.median(samples))
        print(line(f"business overview page, {days} day(s) ({size:,} conversations)", samples))
        if size > 100_000 and not args.live_quarter:
            print("   baseline: business overview page, live: skipped (--live-quarter to time it)")
            continue
        _live_baseline(db, filters, now, days, "business overview page")

    filters = ReportFilters(start=now - timedelta(days=7), end=now)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO report_fact_marks (conversation_id, token, marked_at) "
            "SELECT id, 'bench', now() FROM conversations WHERE created_at >= :start AND created_at < :end "
            "ORDER BY id LIMIT :n ON CONFLICT DO NOTHING"), {"start": filters.start, "end": filters.end, "n": 1000})
    samples, _ = timed(lambda: _page(db, filters, now, PAGES["overview page"], live=False), runs=1)
    print(line("overview page, 7 days, 1,000 changed conversations", samples, "(recomputed first)"))
    engine.dispose()
    verdict = "all SQL report queries under 1 s" if slowest < 1 else "SOME SQL QUERIES OVER 1 s"
    print(f"\n{verdict} (slowest p50 {slowest * 1000:.1f} ms)")
    verdict = "every report page under 1 s" if slowest_page < 1 else "SOME REPORT PAGES OVER 1 s"
    print(f"{verdict} (slowest p50 {slowest_page * 1000:.1f} ms); load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
