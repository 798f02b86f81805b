"""Channel work the in-process sweeper runs on its own schedule.

Every tick: webhook deliveries left pending are re-submitted. When enabled in settings
(``ESCALADA_X_POLL_SECONDS``, ``ESCALADA_LISTENING_POLL_SECONDS``; 0 = off, the
default), the X mentions poller and the listening search run when their interval has
passed. In a scaled-out deployment the same functions are scheduled by the task queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx

from escalada.channels.registry import http_client
from escalada.channels.webhooks import receipt
from escalada.channels.x_poll import poll_mentions
from escalada.config import Settings
from escalada.kit.clock import utc_now
from escalada.listening.poll import listen

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)


@dataclass
class ChannelSchedule:
    last_run: dict[str, datetime] = field(default_factory=dict)

    def _due(self, name: str, every_seconds: float) -> bool:
        if every_seconds <= 0:
            return False
        now = utc_now()
        last = self.last_run.get(name)
        if last is not None and now - last < timedelta(seconds=every_seconds):
            return False
        self.last_run[name] = now
        return True

    def tick(self, db: Database) -> list[str]:
        """Run what is due; return the names of what ran."""
        settings = db.settings or Settings()
        ran = []
        receipt.sweep(db, older_than=timedelta(seconds=settings.webhook_retry_after_seconds))
        ran.append("webhook_sweep")
        for name, every, run in (("x_poll", settings.x_poll_seconds, _poll_x),
                                 ("listening", settings.listening_poll_seconds, _listen)):
            if self._due(name, every):
                with http_client(settings) as client:
                    run(db, client)
                ran.append(name)
        return ran


def _poll_x(db: Database, client: httpx.Client) -> None:
    for result in poll_mentions(db, client=client):
        if result.error:
            log.warning("polling X mentions of @%s failed: %s", result.handle, result.error)


def _listen(db: Database, client: httpx.Client) -> None:
    for result in listen(db, client=client):
        if result.error:
            log.warning("listening for %s failed: %s", result.brand, result.error)
