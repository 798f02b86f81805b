"""The incidents' share of the periodic sweep: resume half-sent updates, forget old signals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.orm import Session

from escalada.incidents import updates
from escalada.kit.clock import utc_now
from escalada.models import IncidentSignal

if TYPE_CHECKING:
    from escalada.db import Database

# Detection looks back at most 28 days (the longest baseline) plus one window.
SIGNAL_RETENTION = timedelta(days=35)
PRUNE_EVERY = timedelta(hours=1)
_last_prune: list[datetime] = []


def prune_signals(session: Session, *, now: datetime) -> int:
    result = session.execute(delete(IncidentSignal).where(IncidentSignal.at < now - SIGNAL_RETENTION))
    return result.rowcount or 0


def sweep(db: Database) -> int:
    """Resume interrupted updates; prune old signals at most once an hour. Updates resumed."""
    resumed = updates.sweep(db)
    now = utc_now()
    if not _last_prune or now - _last_prune[-1] >= PRUNE_EVERY:
        with db.unit_of_work() as session:
            prune_signals(session, now=now)
        _last_prune[:] = [now]
    return resumed
