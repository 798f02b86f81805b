"""Who is viewing each conversation, and who is typing.

Each open conversation page is a *connection* (one SSE stream). A viewer is listed
once however many tabs they have open; they are typing while any of their
connections said so within ``TYPING_SECONDS``. Connections not seen for
``STALE_SECONDS`` (a replica that died without saying goodbye) are ignored.

``MemoryPresence`` serves one process; ``RedisPresence`` keeps the same data in a
Redis hash per conversation so that every replica sees every viewer.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from escalada.kit.clock import utc_now

TYPING_SECONDS = 6.0
STALE_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: int
    name: str


def _now() -> float:
    return utc_now().timestamp()


def roster_of(entries: dict[str, dict[str, Any]], now: float) -> list[dict[str, Any]]:
    """Collapse connections into viewers: one per user, typing if any connection is."""
    viewers: dict[int, dict[str, Any]] = {}
    for entry in entries.values():
        if now - entry["seen"] > STALE_SECONDS:
            continue
        viewer = viewers.setdefault(entry["user_id"], {"user_id": entry["user_id"],
                                                       "name": entry["name"], "typing": False})
        if entry.get("typing_at") and now - entry["typing_at"] <= TYPING_SECONDS:
            viewer["typing"] = True
    return sorted(viewers.values(), key=lambda v: (v["name"], v["user_id"]))


class Presence(Protocol):
    def join(self, conversation_id: int, connection: str, viewer: Viewer) -> list[dict[str, Any]]: ...
    def touch(self, conversation_id: int, connection: str) -> None: ...
    def typing(self, conversation_id: int, user_id: int, typing: bool) -> list[dict[str, Any]]: ...
    def leave(self, conversation_id: int, connection: str) -> list[dict[str, Any]]: ...
    def roster(self, conversation_id: int) -> list[dict[str, Any]]: ...


class MemoryPresence:
    def __init__(self) -> None:
        self._rooms: dict[int, dict[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def join(self, conversation_id: int, connection: str, viewer: Viewer) -> list[dict[str, Any]]:
        with self._lock:
            room = self._rooms.setdefault(conversation_id, {})
            room[connection] = {"user_id": viewer.user_id, "name": viewer.name, "seen": _now(),
                                "typing_at": None}
            return roster_of(room, _now())

    def touch(self, conversation_id: int, connection: str) -> None:
        with self._lock:
            entry = self._rooms.get(conversation_id, {}).get(connection)
            if entry is not None:
                entry["seen"] = _now()

    def typing(self, conversation_id: int, user_id: int, typing: bool) -> list[dict[str, Any]]:
        with self._lock:
            room = self._rooms.get(conversation_id, {})
            for entry in room.values():
                if entry["user_id"] == user_id:
                    entry["typing_at"] = _now() if typing else None
            return roster_of(room, _now())

    def leave(self, conversation_id: int, connection: str) -> list[dict[str, Any]]:
        with self._lock:
            room = self._rooms.get(conversation_id, {})
            room.pop(connection, None)
            if not room:
                self._rooms.pop(conversation_id, None)
            return roster_of(room, _now())

    def roster(self, conversation_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return roster_of(self._rooms.get(conversation_id, {}), _now())


class RedisPresence:
    """One hash per conversation: field = connection id, value = the entry as JSON."""

    def __init__(self, url: str, *, prefix: str = "escalada:presence:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self.prefix = prefix

    def _key(self, conversation_id: int) -> str:
        return f"{self.prefix}{conversation_id}"

    def _entries(self, conversation_id: int) -> dict[str, dict[str, Any]]:
        raw = self._redis.hgetall(self._key(conversation_id))
        return {k.decode(): json.loads(v) for k, v in raw.items()}

    def _write(self, conversation_id: int, connection: str, entry: dict[str, Any]) -> None:
        key = self._key(conversation_id)
        pipe = self._redis.pipeline()
        pipe.hset(key, connection, json.dumps(entry))
        pipe.expire(key, int(STALE_SECONDS * 2))
        pipe.execute()

    def join(self, conversation_id: int, connection: str, viewer: Viewer) -> list[dict[str, Any]]:
        self._write(conversation_id, connection, {"user_id": viewer.user_id, "name": viewer.name,
                                                  "seen": _now(), "typing_at": None})
        return self.roster(conversation_id)

    def touch(self, conversation_id: int, connection: str) -> None:
        entry = self._entries(conversation_id).get(connection)
        if entry is not None:
            entry["seen"] = _now()
            self._write(conversation_id, connection, entry)

    def typing(self, conversation_id: int, user_id: int, typing: bool) -> list[dict[str, Any]]:
        entries = self._entries(conversation_id)
        for connection, entry in entries.items():
            if entry["user_id"] == user_id:
                entry["typing_at"] = _now() if typing else None
                self._write(conversation_id, connection, entry)
        return roster_of(entries, _now())

    def leave(self, conversation_id: int, connection: str) -> list[dict[str, Any]]:
        self._redis.hdel(self._key(conversation_id), connection)
        return self.roster(conversation_id)

    def roster(self, conversation_id: int) -> list[dict[str, Any]]:
        return roster_of(self._entries(conversation_id), _now())
