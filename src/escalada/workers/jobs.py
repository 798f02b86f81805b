"""Jobs queued inside a unit of work run only after it commits.

A job is a plain function taking the :class:`~escalada.db.Database` and ids; it opens
its own unit of work, reloads, locks, re-checks and is idempotent, so running it twice
or after a crash does no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from escalada.db import after_commit

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)

Job = Callable[..., None]


class Runner(Protocol):
    def submit(self, job: Job, db: Database, *args: Any) -> None: ...
    def shutdown(self) -> None: ...


def _run(job: Job, db: Database, *args: Any) -> None:
    try:
        job(db, *args)
    except Exception:  # a failed job is logged; its sweep retries it
        log.exception("job %s%r failed", job.__name__, args)


class InlineRunner:
    """Runs each job right after the commit that queued it (tests, CLI)."""

    def submit(self, job: Job, db: Database, *args: Any) -> None:
        _run(job, db, *args)

    def shutdown(self) -> None:
        return None


class ThreadRunner:
    """Runs jobs on a small in-process pool (the embedded deployment)."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="escalada-job")

    def submit(self, job: Job, db: Database, *args: Any) -> None:
        self._pool.submit(_run, job, db, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def enqueue(session: Session, job: Job, *args: Any) -> None:
    """Queue ``job(db, *args)`` to run once ``session``'s unit of work commits."""
    db: Database = session.info["database"]
    after_commit(session, lambda: db.runner.submit(job, db, *args))
