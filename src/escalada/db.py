"""Engine, sessions and the unit of work.

One :class:`Database` per process (the app keeps it on ``app.state.db``). A unit of
work commits on success and rolls back on error; services never commit. Work queued
with :func:`after_commit` runs only once the transaction has committed and is dropped
on rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from escalada.config import Settings
from escalada.reports.stats import PERCENTILE_AGGREGATE, percentile

if TYPE_CHECKING:
    from escalada.workers.jobs import Runner

_AFTER_COMMIT = "escalada.after_commit"
#: Execution option of a unit of work that only reads (SQLite: no write lock taken).
READ_ONLY = "escalada_read_only"


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        if engine.url.database not in (None, "", ":memory:"):
            path = Path(engine.url.database)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Private messages live in this file: readable by its owner only (SQLite
            # gives the -wal and -shm files the same permissions).
            path.touch(mode=0o600, exist_ok=True)
            path.chmod(0o600)
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # PostgreSQL has percentile_cont; SQLite gets the same interpolation from Python.
        dbapi_connection.create_aggregate(PERCENTILE_AGGREGATE, 2, _Percentile)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A unit of work that writes takes the write lock up front, so two writers queue
        # instead of failing on upgrade; one that only reads never blocks the writers.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class _Percentile:
    """``escalada_percentile(value, share)``: the report percentile as an SQLite aggregate."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.share = 0.5

    def step(self, value: float | None, share: float) -> None:
        self.share = share
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return percentile(sorted(self.values), self.share)


class Database:
    def __init__(
        self,
        engine: Engine,
        *,
        runner: Runner | None = None,
        session_factory: Callable[[], Session] | None = None,
        settings: Settings | None = None,
    ) -> None:
        from escalada.workers.jobs import InlineRunner

        self.engine = engine
        # Jobs read settings (API base URLs, the credentials key) from here.
        self.settings = settings
        self.runner: Runner = runner or InlineRunner()
        self.session_factory = session_factory or sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings, *, runner: Runner | None = None) -> Database:
        return cls(make_engine(settings.database_url), runner=runner, settings=settings)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def unit_of_work(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction. ``read_only`` (page and API reads) starts it without SQLite's
        write lock; a write inside it still works, taking the lock when it happens."""
        session = self.session_factory()
        session.info["database"] = self
        if read_only:
            session.execution_options = session.execution_options.union({READ_ONLY: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            session.info.pop(_AFTER_COMMIT, None)
            raise
        else:
            callbacks = session.info.pop(_AFTER_COMMIT, [])
            for callback in callbacks:
                callback()
        finally:
            session.close()


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the unit of work owning ``session`` has committed."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)
