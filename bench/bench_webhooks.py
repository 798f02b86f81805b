"""Sustained X webhook ingestion on a real server process: acknowledge first, process after.

For each database (SQLite always; PostgreSQL when it answers, on its own database) it prints:
- baseline: GET /healthz round trips over the same HTTP stack (the floor);
- inline: the same mentions through POST /api/v1/messages, triaged before answering;
- webhooks: signed Account Activity deliveries (one mention each) from concurrent
  clients: acknowledge rate and p50/p95/p99 acknowledge latency;
- drained: how long until every delivery was processed into a triaged message;
and the server's peak memory.

    python bench/bench_webhooks.py [--deliveries 2000] [--concurrency 4] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import (  # noqa: E402
    baseline,
    fresh_database,
    peak_rss_mib,
    percentiles,
    postgres_url,
    start_server,
    timed_posts,
)

from escalada.auth.principal import Principal  # noqa: E402
from escalada.auth.service import create_token  # noqa: E402
from escalada.brands.service import add_account, create_brand  # noqa: E402
from escalada.channels.credentials import SecretBox, connect  # noqa: E402
from escalada.db import Database, make_engine  # noqa: E402
from escalada.models import WebhookDelivery  # noqa: E402

PG_ADMIN_URL = os.environ.get("ESCALADA_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BENCH_URL = os.environ.get("ESCALADA_BENCH_PG_WEBHOOKS_URL",
                              "postgresql://postgres@127.0.0.1:5432/escalada_webhooks_bench")
ADMIN = Principal(role="admin", label="bench")
SECRET = "bench-consumer-secret"
BRAND_ID = "4337869213"
KEY = Fernet.generate_key().decode()
TEXTS = [
    "@AcmeHelp my card was charged twice for order {n}",
    "@AcmeHelp the app crashes when I open my basket, ticket {n}",
    "@AcmeHelp parcel {n} arrived broken, I want a refund",
    "@AcmeHelp love the new update, thanks team!",
    "@AcmeHelp internet down since this morning in Porto, case {n}",
]


def prepare(url: str) -> str:
    engine = fresh_database(url)
    db = Database(engine)
    with db.unit_of_work() as session:
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        account = add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        connect(session, account=account, external_id=BRAND_ID, box=SecretBox(KEY), principal=ADMIN,
                secrets={"consumer_secret": SECRET})
        _, token = create_token(session, name="bench", role="lead", actor=ADMIN)
    engine.dispose()
    return token


def tweet(n: int, tag: str) -> dict:
    user = str(10_000_000 + n % 3000)
    return {
        "id_str": f"{tag}{n:09d}", "text": TEXTS[n % len(TEXTS)].format(n=n),
        "created_at": "Fri Nov 20 10:00:00 +0000 2026", "timestamp_ms": str(1795168800000 + n),
        "in_reply_to_status_id_str": None, "is_quote_status": False,
        "user": {"id_str": user, "screen_name": f"user{user}", "name": "Bench", "followers_count": n % 900,
                 "friends_count": 80, "verified": False, "created_at": "Wed Jan 02 09:00:00 +0000 2019",
                 "default_profile_image": False},
    }


def signed(body: bytes) -> str:
    return "sha256=" + base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def post_webhooks(base: str, bodies: list[bytes], concurrency: int) -> tuple[float, list[float]]:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def worker(chunk: list[bytes]) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for body in chunk:
                headers = {"content-type": "application/json", "x-twitter-webhooks-signature": signed(body)}
                start = time.perf_counter()
                response = client.post("/api/v1/webhooks/x", content=body, headers=headers)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
        return latencies

    chunks = [bodies[i::concurrency] for i in range(concurrency)]
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, chunks))
    return time.perf_counter() - start, [x for r in results for x in r]


def wait_drained(url: str, count: int, started: float) -> float:
    engine = make_engine(url)
    try:
        while True:
            with engine.connect() as connection:
                pending = connection.execute(
                    select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.state == "pending")
                ).scalar_one()
            if pending == 0:
                return time.perf_counter() - started
            time.sleep(0.2)
    finally:
        engine.dispose()


def run(name: str, url: str, count: int, concurrency: int) -> None:
    token = prepare(url)
    process, base = start_server(url, {"ESCALADA_CHANNEL_KEY": KEY})
    try:
        baseline(base, 200)
        elapsed, lat = baseline(base, 2000)
        print(f"[{name}] baseline GET /healthz          {2000 / elapsed:8.0f} req/s   {percentiles(lat)}")
        inline = [json.dumps({"platform": "x", "platform_message_id": f"inline{n}", "brand_account": "AcmeHelp",
                              "author": {"handle": f"user{n % 3000}", "followers": n % 900},
                              "text": TEXTS[n % len(TEXTS)].format(n=n), "visibility": "public",
                              "created_at": "2026-11-20T10:00:00Z"}).encode() for n in range(count)]
        elapsed, lat = timed_posts(base, token, inline, concurrency)
        print(f"[{name}] inline POST /api/v1/messages x{count} {count / elapsed:6.0f} msg/s   "
              f"{percentiles(lat)}   (triaged before answering)")
        bodies = [json.dumps({"for_user_id": BRAND_ID, "tweet_create_events": [tweet(n, "9")]}).encode()
                  for n in range(count)]
        started = time.perf_counter()
        elapsed, lat = post_webhooks(base, bodies, concurrency)
        print(f"[{name}] webhooks acknowledged x{count}   {count / elapsed:8.0f} req/s   {percentiles(lat)}"
              f"   ({concurrency} clients)")
        drained = wait_drained(url, count, started)
        print(f"[{name}] all {count} deliveries processed after {drained:.1f} s "
              f"({count / drained:.0f} messages/s end to end)")
        print(f"[{name}] server peak memory {peak_rss_mib(process.pid):.0f} MiB")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=2000, help="10000 for the full run")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-postgres", action="store_true")
    args, _ = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", f"sqlite:///{tmp}/bench.db", args.deliveries, args.concurrency)
    if not args.skip_postgres and (url := postgres_url(PG_ADMIN_URL, PG_BENCH_URL)):
        run("postgresql", url, args.deliveries, args.concurrency)


if __name__ == "__main__":
    main()
