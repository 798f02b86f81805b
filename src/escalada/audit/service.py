from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.models import AuditEvent


def record(
    session: Session,
    *,
    actor: Principal,
    action: str,
    conversation_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    event = AuditEvent(
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        conversation_id=conversation_id,
        details=details,
    )
    session.add(event)
    return event


def conversation_timeline(session: Session, *, conversation_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.conversation_id == conversation_id)
            .order_by(AuditEvent.id)
        )
    )
