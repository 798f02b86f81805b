"""The migrations build exactly the schema the models describe, and go down cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from escalada import migrate
from escalada.models import Base


def test_models_and_migrations_agree(session):
    context = MigrationContext.configure(
        session.connection(), opts={"include_name": migrate.include_name}
    )
    assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_round_trip(tmp_path):
    from escalada.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/roundtrip.db")
    migrate.upgrade(engine)
    assert "conversations" in inspect(engine).get_table_names()
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert "messages_fts" in inspect(engine).get_table_names()
    engine.dispose()


def test_sqlite_file_in_a_missing_folder_is_created(tmp_path):
    from escalada.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/not/yet/here.db")
    migrate.upgrade(engine)
    assert (tmp_path / "not" / "yet" / "here.db").exists()
    engine.dispose()
