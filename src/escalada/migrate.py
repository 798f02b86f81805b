"""Run Alembic migrations from code (CLI, tests) with the repository's ``migrations/``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# The text-search index is written by hand in the migration (FTS5 on SQLite, pg_trgm
# on PostgreSQL), not described by a model, so autogenerate must leave it alone.
HAND_MADE = ("messages_fts", "ix_messages_text_trgm")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (name is not None and type_ in ("table", "index") and name.startswith(HAND_MADE))


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option(
        "file_template", "%%(year)d-%%(month).2d-%%(day).2d-%%(hour).2d%%(minute).2d_%%(slug)s"
    )
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
