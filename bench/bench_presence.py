"""Fan-out latency of a presence event to connected browsers (server-sent events).

Run from the repository root:  PYTHONPATH=src python bench/bench_presence.py [--full] [--clients N]

A real server (uvicorn, SQLite) runs in a subprocess. N clients hold the live stream of
one conversation open; a colleague's typing signal (POST /conversations/{id}/typing) is
the event. Latency is measured per client from just before the POST to the moment
that client has read the event, so it includes the request, the hub fan-out and the
stream. Baseline in the same run: the same event to a single connected client. With
Redis answering (ESCALADA_REDIS_URL or redis://127.0.0.1:6379/0), the run is repeated
with the Redis pub/sub hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from escalada import migrate  # noqa: E402
from escalada.auth.principal import Principal  # noqa: E402
from escalada.auth.service import create_token, create_user  # noqa: E402
from escalada.brands.service import add_account, create_brand  # noqa: E402
from escalada.db import Database, make_engine  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import start_server  # noqa: E402

ADMIN = Principal(role="admin", label="bench")
PASSWORD = "bench password 1"
REDIS_URL = os.environ.get("ESCALADA_REDIS_URL", "redis://127.0.0.1:6379/0")


def prepare(url: str) -> str:
    engine = make_engine(url)
    migrate.upgrade(engine)
    db = Database(engine)
    with db.unit_of_work() as session:
        create_user(session, email="viewer@bench.local", name="Viewer", role="agent", password=PASSWORD,
                    actor=ADMIN)
        create_user(session, email="typist@bench.local", name="Typist", role="agent", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="bench", name="Bench", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="BenchHelp", actor=ADMIN)
        _, token = create_token(session, name="bench", role="lead", actor=ADMIN)
    engine.dispose()
    return token


def start(url: str, redis_url: str | None) -> tuple[subprocess.Popen, str]:
    extra = {"ESCALADA_OUTBOX_SWEEP_SECONDS": "0", "ESCALADA_REDIS_URL": redis_url or "",
             "ESCALADA_REDIS_PREFIX": f"escalada-bench-{os.getpid()}:"}
    return start_server(url, extra)


def sign_in(base: str, email: str) -> tuple[httpx.Cookies, str]:
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/login").text
        csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf})
        if response.status_code not in (200, 303):
            raise RuntimeError(f"sign-in failed: {response.status_code}")
        inbox = client.get("/inbox").text
        return client.cookies, inbox.split('name="csrf_token" value="')[1].split('"')[0]


def conversation(base: str, token: str) -> int:
    message = {"platform": "x", "platform_message_id": "1", "brand_account": "BenchHelp",
               "author": {"handle": "customer"}, "text": "Where is my order?",
               "created_at": "2026-11-20T10:00:00Z"}
    response = httpx.post(f"{base}/api/v1/messages", json=message, timeout=120,  # loads the models
                          headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    return response.json()["conversation_id"]


class Listener:
    def __init__(self) -> None:
        self.events = 0
        self.arrived: asyncio.Event = asyncio.Event()
        self.at = 0.0


async def listen(client: httpx.AsyncClient, cid: int, listener: Listener, connected: asyncio.Event) -> None:
    async with client.stream("GET", f"/live/conversations/{cid}") as response:
        async for line in response.aiter_lines():
            if line.startswith("retry:"):
                connected.set()
            elif line.startswith("data: ") and '"presence"' in line:
                listener.events += 1
                listener.at = time.perf_counter()
                listener.arrived.set()


async def measure(base: str, cid: int, clients: int, rounds: int) -> list[float]:
    viewer_cookies, _ = sign_in(base, "viewer@bench.local")
    typist_cookies, typist_csrf = sign_in(base, "typist@bench.local")
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(base_url=base, cookies=viewer_cookies, limits=limits,
                                 timeout=httpx.Timeout(60, read=None)) as streams, \
            httpx.AsyncClient(base_url=base, cookies=typist_cookies, timeout=60,
                              headers={"X-CSRF-Token": typist_csrf}) as typist:
        listeners = [Listener() for _ in range(clients)]
        tasks = []
        for listener in listeners:
            connected = asyncio.Event()
            tasks.append(asyncio.create_task(listen(streams, cid, listener, connected)))
            await asyncio.wait_for(connected.wait(), 30)
        await asyncio.sleep(1.0)  # let the join announcements drain before measuring
        latencies: list[float] = []
        for n in range(rounds):
            for listener in listeners:
                listener.arrived.clear()
            started = time.perf_counter()
            response = await typist.post(f"/conversations/{cid}/typing",
                                         data={"typing": "true" if n % 2 == 0 else "false"})
            response.raise_for_status()
            await asyncio.wait_for(asyncio.gather(*(l.arrived.wait() for l in listeners)), 30)
            latencies += [(listener.at - started) * 1000 for listener in listeners]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return latencies


def summary(latencies: list[float]) -> str:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return (f"p50 {cuts[49]:7.2f} ms   p95 {cuts[94]:7.2f} ms   p99 {cuts[98]:7.2f} ms   "
            f"max {max(latencies):7.2f} ms")


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def run(label: str, redis_url: str | None, clients: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        token = prepare(url)
        process, base = start(url, redis_url)
        try:
            cid = conversation(base, token)
            asyncio.run(measure(base, cid, 1, 5))  # warm up
            baseline = asyncio.run(measure(base, cid, 1, rounds))
            print(f"[{label}] baseline: 1 client      x{rounds:<4} {summary(baseline)}", flush=True)
            fanned = asyncio.run(measure(base, cid, clients, rounds))
            print(f"[{label}] fan-out: {clients} clients  x{rounds:<4} {summary(fanned)}", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="300 rounds instead of 30")
    parser.add_argument("--clients", type=int, default=200)
    args, _ = parser.parse_known_args()
    rounds = 300 if args.full else 30
    print(f"presence event fan-out over server-sent events; {rounds} rounds; latency per client "
          f"from the typing POST to the event read")
    run("memory", None, args.clients, rounds)
    if redis_answers():
        run("redis", REDIS_URL, args.clients, rounds)
    else:
        print("[redis] skipped: Redis does not answer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
