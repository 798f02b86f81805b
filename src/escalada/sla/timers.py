"""The SLA sweep: find clocks whose next threshold has come; one idempotent job each.

The job reloads the conversation's clock under a row lock, re-reads it and acts only
on levels not yet taken, so two sweeps (or a crash and a retry) never escalate twice.
The same sweep hands queued conversations to agents who have room again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from escalada.models import Conversation, ConversationSla
from escalada.routing import service as routing
from escalada.sla import escalation, service

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)


def check(db: Database, conversation_id: int) -> None:
    """Job: re-read one clock and escalate as far as it now calls for."""
    with db.unit_of_work() as session:
        clock = session.scalar(
            select(ConversationSla).where(ConversationSla.conversation_id == conversation_id).with_for_update()
        )
        conversation = session.get(Conversation, conversation_id)
        if clock is None or conversation is None:
            return
        service.refresh(session, conversation)
        _, reading = service.reading_for(session, conversation)
        if reading.state not in ("met", "paused"):
            escalation.act(session, conversation, clock, reading)
        clock.next_check_at = reading.next_check_at


def sweep(db: Database) -> int:
    """Submit a check for every due clock, then drain the routing queues."""
    with db.unit_of_work() as session:
        due = service.due_for_check(session)
    for conversation_id in due:
        db.runner.submit(check, db, conversation_id)
    with db.unit_of_work() as session:
        if routing.teams_configured(session):
            routing.drain(session)
    return len(due)
