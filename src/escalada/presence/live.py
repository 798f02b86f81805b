"""The process's live-update plumbing: one hub and one presence registry.

``install(settings)`` picks in-memory or Redis (``ESCALADA_REDIS_URL``) and hooks the
database sessions so that every committed change to a conversation is announced to
the inbox pages and to the conversation's viewers. Events are sent only after the
commit; a rollback sends nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from escalada.config import Settings
from escalada.db import after_commit
from escalada.models import Conversation
from escalada.presence.hub import Hub, LocalHub, RedisHub
from escalada.presence.registry import MemoryPresence, Presence, RedisPresence

INBOX = "inbox"
_CHANGED_KEY = "escalada.live.changed"


class Live:
    def __init__(self, hub: Hub, presence: Presence) -> None:
        self.hub = hub
        self.presence = presence


_live = Live(LocalHub(), MemoryPresence())


def install(settings: Settings) -> Live:
    """Choose the backend for this process (called once by ``create_app``)."""
    global _live
    if settings.redis_url:
        prefix = settings.redis_prefix
        _live = Live(RedisHub(settings.redis_url, prefix=f"{prefix}live:"),
                     RedisPresence(settings.redis_url, prefix=f"{prefix}presence:"))
    elif isinstance(_live.hub, RedisHub):
        _live = Live(LocalHub(), MemoryPresence())
    return _live


def current() -> Live:
    return _live


def conversation_channel(conversation_id: int) -> str:
    return f"conversation:{conversation_id}"


def publish_after_commit(session: Session, channel: str, payload: dict[str, Any]) -> None:
    after_commit(session, lambda: current().hub.publish(channel, payload))


@event.listens_for(Session, "after_flush")
def _collect_changed_conversations(session: Session, _context: Any) -> None:
    changed: dict[int, dict[str, Any]] | None = session.info.get(_CHANGED_KEY)
    first = changed is None
    if changed is None:
        changed = session.info[_CHANGED_KEY] = {}
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Conversation) and obj.id is not None:
            changed[obj.id] = {"type": "conversation", "id": obj.id, "status": obj.status,
                               "assignee_id": obj.assignee_id}
            assignee = obj.__dict__.get("assignee")  # only when loaded: never a lazy load here
            if assignee is not None and assignee.id == obj.assignee_id:
                changed[obj.id]["assignee_name"] = assignee.name
    if first and changed is not None:
        after_commit(session, lambda: _announce(session.info.pop(_CHANGED_KEY, None) or changed))


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED_KEY, None)


def _announce(changed: dict[int, dict[str, Any]]) -> None:
    hub = current().hub
    for conversation_id, payload in changed.items():
        hub.publish(INBOX, payload)
        hub.publish(conversation_channel(conversation_id), payload)


class RedactSecrets(logging.Filter):
    """Keeps webhook verification secrets (Meta's ``hub.verify_token``) out of the access log."""

    _SECRET = re.compile(r"((?:hub\.verify_token|hub%2Everify_token)=)[^&\s\"]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(self._SECRET.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                                for a in record.args)  # type: ignore[arg-type]
        return True


def run_server(app: str, **options: Any) -> None:
    """``uvicorn.run``, except that a stop signal first ends the open live streams, which
    would otherwise keep the server waiting for browsers to leave."""
    import uvicorn

    logging.getLogger("uvicorn.access").addFilter(RedactSecrets())
    if options.get("reload"):
        uvicorn.run(app, **options)
        return

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            current().hub.end_streams()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, **options)).run()
