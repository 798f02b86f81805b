"""Routing decisions with 10,000 conversations queued and 200 agents on shift.

For each database (SQLite always; PostgreSQL when it answers) it prints the latency of
``routing.service.route`` for fresh conversations (p50/p95/p99, ms per decision), and
two baselines measured in the same run: the pure decision alone on the same state (no
database), and a ``SELECT 1`` round trip (the floor of any database call).

    python bench/bench_routing.py [--queued 10000] [--agents 200] [--decisions 500] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from sqlalchemy import insert, select, text

from bench_ingest import postgres_url
from escalada import migrate
from escalada.auth.principal import Principal
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from escalada.kit.clock import utc_now
from escalada.models import (
    AgentProfile,
    Author,
    Conversation,
    ConversationRouting,
    Team,
    User,
)
from escalada.routing import core
from escalada.routing import service as routing

PG_URL = os.environ.get("ESCALADA_BENCH_ROUTING_PG_URL",
                        "postgresql://postgres@127.0.0.1:5432/escalada_routing_bench")
PG_ADMIN_URL = os.environ.get("ESCALADA_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN = Principal(role="admin", label="bench")
LANGUAGES = ["en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh"]
CATEGORIES = ["billing", "outage", "delivery", "account", "technical", "sales_lead", "question"]
KINDS = ["social", "support", "sales", "escalations", "executive"]
STRATEGIES = ["round_robin", "least_loaded", "skills"]


def percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {qs[49] * 1000:6.2f} ms  p95 {qs[94] * 1000:6.2f} ms  p99 {qs[98] * 1000:6.2f} ms"


def build(db: Database, *, queued: int, agents: int, rng: random.Random) -> list[int]:
    """Teams, agents, a long queue and some open work; returns ids of fresh conversations."""
    now = utc_now()
    with db.unit_of_work() as session:
        brand = create_brand(session, slug="bench", name="Bench", actor=ADMIN)
        account = add_account(session, brand=brand, platform="x", handle="@Bench", actor=ADMIN)
        teams = []
        for i, kind in enumerate(KINDS):  # every strategy, round robin's turn changing each time
            team = Team(slug=kind, name=kind.title(), kind=kind, strategy=STRATEGIES[i % len(STRATEGIES)])
            session.add(team)
            teams.append(team)
        session.flush()
        users = [{"email": f"agent{i}@bench.example", "name": f"Agent {i}", "role": "agent",
                  "password_hash": "x"} for i in range(agents)]
        session.execute(insert(User), users)
        user_ids = list(session.scalars(select(User.id).order_by(User.id)))[-agents:]
        session.execute(insert(AgentProfile), [{
            "user_id": uid, "team_id": teams[i % len(teams)].id, "tier_level": 1 + i % 3,
            "skills": rng.sample(CATEGORIES, 2), "languages": ["en", rng.choice(LANGUAGES)],
            "capacity": {"public": 8, "private": 4}, "status": "online", "timezone": "Europe/Dublin",
            "shifts": [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "00:00", "end": "24:00"}],
        } for i, uid in enumerate(user_ids)])
        total = queued + agents * 4 + 2000
        session.execute(insert(Author), [{"platform": "x", "platform_user_id": f"u{i}", "handle": f"u{i}"}
                                         for i in range(total)])
        author_ids = list(session.scalars(select(Author.id).order_by(Author.id)))
        rows = []
        for i, author_id in enumerate(author_ids):
            tier = rng.choice([1, 1, 2, 2, 3])
            rows.append({"brand_id": brand.id, "brand_account_id": account.id, "author_id": author_id,
                         "channel": "x", "status": "new", "tier": tier, "priority": "normal",
                         "language": rng.choice(LANGUAGES), "categories": [rng.choice(CATEGORIES)],
                         "created_at": now - timedelta(minutes=total - i), "last_message_at": now,
                         "assignee_id": user_ids[i % agents] if queued <= i < queued + agents * 4 else None})
        session.execute(insert(Conversation), rows)
        ids = list(session.scalars(select(Conversation.id).order_by(Conversation.id)))
        session.execute(insert(ConversationRouting), [{
            "conversation_id": cid, "team_id": teams[i % len(teams)].id, "channel_type": "public",
            "waiting": i < queued, "tier": rows[i]["tier"], "priority_rank": 1,
            "waiting_since": rows[i]["created_at"] if i < queued else None, "reason": "bench",
        } for i, cid in enumerate(ids[: queued + agents * 4])])
        fresh = ids[queued + agents * 4:]
    if db.dialect == "postgresql":
        with db.engine.begin() as connection:  # what autovacuum would have done by now
            connection.execute(text("ANALYZE"))
    return fresh


def run(url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    db = Database(engine)
    rng = random.Random(6)
    started = time.perf_counter()
    fresh = build(db, queued=args.queued, agents=args.agents, rng=rng)[: args.decisions]
    print(f"[{engine.dialect.name}] built {args.queued} queued conversations, {args.agents} agents "
          f"in {time.perf_counter() - started:.1f}s", flush=True)

    floor, pure, decisions, stored, whole = [], [], [], [], []
    with db.unit_of_work() as session:
        teams, agents = routing.load_state(session)
        conversations = list(session.scalars(select(Conversation).where(Conversation.id.in_(fresh))))
    for conversation in conversations:
        work = routing.work_for(conversation, kind="public")
        t0 = time.perf_counter()
        core.decide(work, teams, agents)
        pure.append(time.perf_counter() - t0)
    routed = 0
    for conversation_id in fresh:
        with db.unit_of_work() as session:
            t0 = time.perf_counter()
            session.execute(text("SELECT 1"))
            floor.append(time.perf_counter() - t0)
        t_start = time.perf_counter()
        with db.unit_of_work() as session:
            conversation = session.get(Conversation, conversation_id)
            t0 = time.perf_counter()
            decided = routing.decide_for(session, conversation, is_new=True)
            t1 = time.perf_counter()
            assert decided is not None
            decision, kind = decided
            routing.apply(session, conversation, decision, kind=kind, is_new=True)
            decisions.append(t1 - t0)
            stored.append(time.perf_counter() - t0)
            routed += decision.agent is not None
        whole.append(time.perf_counter() - t_start)
    name = engine.dialect.name
    print(f"[{name}] baseline SELECT 1        {percentiles(floor)}")
    print(f"[{name}] baseline pure decision   {percentiles(pure)}")
    print(f"[{name}] decision (reads+choice)  {percentiles(decisions)}   ({routed}/{len(fresh)} assigned)")
    print(f"[{name}] decision + stored        {percentiles(stored)}")
    print(f"[{name}] decision + stored + commit {percentiles(whole)}")
    p99 = statistics.quantiles(decisions, n=100, method="inclusive")[98] * 1000
    ratio = statistics.median(decisions) / statistics.median(floor)
    print(f"[{name}] a decision costs {ratio:.1f}× a SELECT 1 round trip at the median")
    verdict = "within" if p99 < 5 else "OVER"
    print(f"[{name}] decision p99 {p99:.2f} ms: {verdict} the 5 ms budget "
          f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queued", type=int, default=10_000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=500)
    parser.add_argument("--skip-postgres", action="store_true")
    args, _ = parser.parse_known_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench-routing.db", args)
    if not args.skip_postgres and (url := postgres_url(PG_ADMIN_URL, PG_URL)):
        try:
            run(url, args)
        except Exception as exc:  # noqa: BLE001 - a missing server is reported, not fatal
            print(f"[postgresql] skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
