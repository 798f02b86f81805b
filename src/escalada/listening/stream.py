"""The listening stream: conversations a listening search started live apart from the inbox.

A conversation is in the stream while it carries the ``listening`` tag. There it is not
routed to agents, runs no SLA clock and is left out of the default inbox and its "needs
work" counts. A rule with the ``promote`` action (or a lead on the inbox's Listening view)
moves it into the normal inbox: the tag becomes ``listening-promoted``, then the
conversation is routed and its clock starts like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.models import Conversation, ConversationTag

LISTENING_TAG = "listening"
PROMOTED_TAG = "listening-promoted"
STREAMS = ("inbox", "listening", "all")


def _in_stream() -> ColumnElement[bool]:
    return exists().where(ConversationTag.conversation_id == Conversation.id,
                          ConversationTag.tag == LISTENING_TAG)


def effective(name: str, *, tag: str | None = None) -> str:
    """The stream a filter shows: asking for the ``listening`` tag means the listening stream."""
    if name == "inbox" and tag == LISTENING_TAG:
        name = "listening"
    if name not in STREAMS:
        raise InvalidInput(f"unknown stream {name!r}; use one of: {', '.join(STREAMS)}")
    return name


def condition(name: str, *, tag: str | None = None) -> ColumnElement[bool]:
    """The inbox's WHERE clause for a stream."""
    name = effective(name, tag=tag)
    if name == "inbox":
        return ~_in_stream()
    if name == "listening":
        return _in_stream()
    return true()


def is_listening(session: Session, conversation: Conversation) -> bool:
    return session.get(ConversationTag, (conversation.id, LISTENING_TAG)) is not None


def listening_among(session: Session, conversation_ids: Sequence[int]) -> set[int]:
    """Which of these conversations are in the listening stream (one query)."""
    if not conversation_ids:
        return set()
    return set(session.scalars(
        select(ConversationTag.conversation_id)
        .where(ConversationTag.conversation_id.in_(conversation_ids),
               ConversationTag.tag == LISTENING_TAG)
    ))


def leave_stream(session: Session, conversation: Conversation, *, actor: Principal, reason: str) -> bool:
    """Take the conversation out of the listening stream (no routing here); False if it was not in it."""
    from escalada.inbox import threading

    row = session.get(ConversationTag, (conversation.id, LISTENING_TAG))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    threading.add_tags(session, conversation, [PROMOTED_TAG], added_by=actor.label)
    record(session, actor=actor, action="listening.promoted", conversation_id=conversation.id, reason=reason)
    return True


def promote(session: Session, conversation: Conversation, *, actor: Principal, reason: str) -> bool:
    """Move a listening conversation into the inbox: routed, and under its brand's SLA policy."""
    from escalada.routing import service as routing
    from escalada.sla import service as sla

    if not leave_stream(session, conversation, actor=actor, reason=reason):
        return False
    routing.route(session, conversation, visibility="public", actor=actor)
    sla.refresh(session, conversation)
    return True
