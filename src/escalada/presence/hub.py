"""Fan-out of live events to connected browsers.

    Hub (protocol)
    ├── LocalHub   one process: per-subscriber asyncio queues, publish from any thread
    └── RedisHub   several replicas: publish to Redis pub/sub; one listener per process
                   feeds the local subscribers

Events are small JSON-able dicts. A subscriber that falls behind loses its oldest
events rather than slowing the publisher: every event the pages use is either a full
snapshot (presence) or a hint to re-fetch (inbox, conversation changes).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

QUEUE_SIZE = 64
Event = dict[str, Any]
# Handed to every open stream when the server stops, so that streams end by themselves.
CLOSE: Event = {"type": "_close"}


class Subscription:
    """One connected client's queue on one channel; read with ``await next()``."""

    def __init__(self, hub: LocalHub, channel: str, loop: asyncio.AbstractEventLoop) -> None:
        self.hub = hub
        self.channel = channel
        self.loop = loop
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=QUEUE_SIZE)

    def offer(self, event: Event) -> None:
        """Runs on the subscriber's loop."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)

    async def next(self, timeout: float | None = None) -> Event | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    def close(self) -> None:
        self.hub._remove(self)


class Hub(Protocol):
    def publish(self, channel: str, event: Event) -> None: ...
    def subscribe(self, channel: str) -> Subscription: ...
    def end_streams(self) -> None: ...
    def close(self) -> None: ...


class LocalHub:
    """In-memory fan-out inside one process."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}
        self._lock = threading.Lock()

    def subscribe(self, channel: str) -> Subscription:
        subscription = Subscription(self, channel, asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(subscription)
        return subscription

    def _remove(self, subscription: Subscription) -> None:
        with self._lock:
            subscribers = self._subscribers.get(subscription.channel)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscribers[subscription.channel]

    def subscriber_count(self, channel: str) -> int:
        with self._lock:
            return len(self._subscribers.get(channel, ()))

    def publish(self, channel: str, event: Event) -> None:
        self.deliver_locally(channel, event)

    def deliver_locally(self, channel: str, event: Event) -> None:
        """Hand ``event`` to every subscriber of ``channel``; safe from any thread."""
        with self._lock:
            subscribers = list(self._subscribers.get(channel, ()))
        if not subscribers:
            return
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        # One wake-up per loop, not per subscriber: the loop then fans out in one go.
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        for s in subscribers:
            by_loop.setdefault(s.loop, []).append(s)
        for loop, group in by_loop.items():
            if loop is current:
                _offer_all(group, event)
            elif not loop.is_closed():
                loop.call_soon_threadsafe(_offer_all, group, event)

    def end_streams(self) -> None:
        """Tell every local subscriber to finish (server shutdown). Safe from a signal handler."""
        with self._lock:
            subscribers = [s for group in self._subscribers.values() for s in group]
        for s in subscribers:
            if not s.loop.is_closed():
                s.loop.call_soon_threadsafe(s.offer, CLOSE)

    def close(self) -> None:
        with self._lock:
            self._subscribers.clear()


def _offer_all(group: list[Subscription], event: Event) -> None:
    for s in group:
        s.offer(event)


class RedisHub(LocalHub):
    """Publishes through Redis pub/sub so that every replica's browsers get each event."""

    def __init__(self, url: str, *, prefix: str = "escalada:live:") -> None:
        super().__init__()
        import redis

        self.prefix = prefix
        self._redis = redis.Redis.from_url(url)
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()
        self._start_lock = threading.Lock()

    def publish(self, channel: str, event: Event) -> None:
        try:
            self._redis.publish(self.prefix + channel, json.dumps(event))
        except Exception:  # live updates are hints; a Redis hiccup must not fail a request
            log.warning("publishing a live event to Redis failed; delivering locally only")
            self.deliver_locally(channel, event)

    def subscribe(self, channel: str) -> Subscription:
        self._ensure_listener()
        return super().subscribe(channel)

    def _ensure_listener(self) -> None:
        with self._start_lock:
            if self._listener is None or not self._listener.is_alive():
                ready = threading.Event()
                self._listener = threading.Thread(target=self._listen, args=(ready,),
                                                  name="escalada-live-redis", daemon=True)
                self._listener.start()
                ready.wait(timeout=5)

    def _listen(self, ready: threading.Event) -> None:
        while not self._stop.is_set():
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.psubscribe(self.prefix + "*")
                ready.set()
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is None:
                        continue
                    channel = message["channel"].decode()[len(self.prefix):]
                    self.deliver_locally(channel, json.loads(message["data"]))
            except Exception:
                log.warning("the Redis live-event listener lost its connection; reconnecting")
                self._stop.wait(1.0)
            finally:
                pubsub.close()
        ready.set()

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.join(timeout=3)
        super().close()
        self._redis.close()


HubFactory = Callable[[], Hub]
