"""Ingest 10,000 messages through POST /api/v1/messages on a real server process.

For each database (SQLite always; PostgreSQL when it answers) it prints:
- baseline: GET /healthz round trips over the same HTTP stack (the floor);
- single: every message posted on its own by 4 concurrent clients;
- batch: the same number of messages posted in batches of 100;
with throughput, p50/p95/p99 latency and the server's peak memory.

    python bench/bench_ingest.py [--messages 10000] [--concurrency 4] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import text

from escalada import migrate
from escalada.auth.principal import Principal
from escalada.auth.service import create_token
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from escalada.demo import generate_day

PG_ADMIN_URL = os.environ.get("ESCALADA_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
PG_BENCH_URL = os.environ.get("ESCALADA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/escalada_bench")
ADMIN = Principal(role="admin", label="bench")


def percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {qs[49] * 1000:7.2f} ms  p95 {qs[94] * 1000:7.2f} ms  p99 {qs[98] * 1000:7.2f} ms"


def messages(count: int, tag: str) -> list[dict]:
    """Distinct demo messages; ``tag`` keeps ids unique between runs on one database."""
    out: list[dict] = []
    day = 0
    while len(out) < count:
        dataset = generate_day(seed=11 + day, day=date(2026, 3, 1 + day), volume=min(10_000, count))
        for item in dataset.inbound:
            out.append({**item, "platform_message_id": f"{tag}-{day}-{item['platform_message_id']}",
                        "in_reply_to": None})
        day += 1
    return out[:count]


def prepare(url: str) -> str:
    """A migrated, empty database with the demo brands connected; return an ingest token."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    db = Database(engine)
    brands = generate_day(seed=11, day=date(2026, 3, 1), volume=10).brands
    with db.unit_of_work() as session:
        for b in brands:
            brand = create_brand(session, slug=b.slug, name=b.name, actor=ADMIN)
            for a in b.accounts:
                add_account(session, brand=brand, platform=a.platform, handle=a.handle, actor=ADMIN)
        _, token = create_token(session, name="bench", role="lead", actor=ADMIN)
    engine.dispose()
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ESCALADA_DATABASE_URL": url, "ESCALADA_SECRET_KEY": "bench",
           "ESCALADA_COOKIE_SECURE": "false", **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "escalada.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_posts(base: str, token: str, bodies: list[bytes], concurrency: int) -> tuple[float, list[float]]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    chunks = [bodies[i::concurrency] for i in range(concurrency)]

    def worker(chunk: list[bytes]) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for body in chunk:
                start = time.perf_counter()
                response = client.post("/api/v1/messages", content=body)
                latencies.append(time.perf_counter() - start)
                if response.status_code not in (200, 201):
                    raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
        return latencies

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, chunks))
    return time.perf_counter() - start, [x for r in results for x in r]


def baseline(base: str, count: int) -> tuple[float, list[float]]:
    latencies = []
    with httpx.Client(base_url=base) as client:
        start = time.perf_counter()
        for _ in range(count):
            t = time.perf_counter()
            client.get("/healthz")
            latencies.append(time.perf_counter() - t)
    return time.perf_counter() - start, latencies


def run(name: str, url: str, count: int, concurrency: int) -> None:
    token = prepare(url)
    process, base = start_server(url)
    try:
        baseline(base, 200)  # warm up the connection and the server before measuring
        elapsed, lat = baseline(base, 2000)
        print(f"[{name}] baseline GET /healthz     {2000 / elapsed:8.0f} req/s   {percentiles(lat)}")
        items = messages(count, "single")
        bodies = [json.dumps(m).encode() for m in items]
        elapsed, lat = timed_posts(base, token, bodies, concurrency)
        print(f"[{name}] single messages x{count}  {count / elapsed:8.0f} msg/s   {percentiles(lat)}"
              f"   ({concurrency} clients)")
        items = messages(count, "batch")
        batches = [json.dumps(items[i:i + 100]).encode() for i in range(0, len(items), 100)]
        elapsed, lat = timed_posts(base, token, batches, 1)
        print(f"[{name}] batches of 100 x{len(batches)}   {count / elapsed:8.0f} msg/s   {percentiles(lat)}"
              f"   (per batch)")
        print(f"[{name}] server peak memory {peak_rss_mib(process.pid):.0f} MiB")
    finally:
        process.terminate()
        process.wait(timeout=30)


def postgres_url() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as connection:
            name = PG_BENCH_URL.rsplit("/", 1)[1]
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        return PG_BENCH_URL
    except psycopg.Error as exc:
        print(f"[postgresql] skipped: {exc}".splitlines()[0])
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", f"sqlite:///{tmp}/bench.db", args.messages, args.concurrency)
    if not args.skip_postgres and (url := postgres_url()):
        run("postgresql", url, args.messages, args.concurrency)


if __name__ == "__main__":
    main()
