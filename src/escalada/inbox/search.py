"""Substring search over message text, backed by a trigram index on both databases.

PostgreSQL: ``pg_trgm`` GIN index on ``messages.text`` serves ``ILIKE``.
SQLite: an FTS5 table with the trigram tokenizer (kept in step by triggers) serves
``LIKE``. Both match case-insensitively anywhere in the text, in any script.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, column, select, table
from sqlalchemy.orm import Session

from escalada.models import Conversation, Message

_fts = table("messages_fts", column("rowid"), column("text"))


def _pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_conversation_ids(session: Session, query: str) -> Select:
    pattern = _pattern(query.strip())
    if session.get_bind().dialect.name == "sqlite" and len(query.strip()) >= 3:
        message_ids = select(_fts.c.rowid).where(_fts.c.text.like(pattern, escape="\\"))
        return select(Message.conversation_id).where(Message.id.in_(message_ids))
    return select(Message.conversation_id).where(Message.text.ilike(pattern, escape="\\"))


def matches(session: Session, query: str) -> ColumnElement[bool]:
    return Conversation.id.in_(matching_conversation_ids(session, query))
