"""The unit of work on a SQLite file: reads never hold the write lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from escalada.db import Database, make_engine


def test_a_read_only_unit_of_work_does_not_block_a_writer(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/lock.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    database = Database(engine)
    with database.unit_of_work(read_only=True) as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
        # Short busy timeout: a writer blocked by the reader would fail at once.
        writer = sqlite3.connect(tmp_path / "lock.db", timeout=0.1)
        writer.execute("INSERT INTO t VALUES (1)")
        writer.commit()
        writer.close()
    with database.unit_of_work() as session:  # a writing unit of work still writes
        session.execute(text("INSERT INTO t VALUES (2)"))
    with database.unit_of_work(read_only=True) as reader:
        assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()


def test_a_writing_unit_of_work_takes_the_lock_up_front(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/lock.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    database = Database(engine)
    with database.unit_of_work() as session:
        session.execute(text("SELECT 1"))
        writer = sqlite3.connect(tmp_path / "lock.db", timeout=0.05)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            writer.execute("INSERT INTO t VALUES (1)")
        writer.close()
    engine.dispose()


def test_the_database_file_is_readable_by_its_owner_only(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}/private.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    assert (tmp_path / "private.db").stat().st_mode & 0o077 == 0
    engine.dispose()
