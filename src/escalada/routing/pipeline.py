"""What happens to a conversation after triage, in order: routing, then its SLA clock.

Ingestion calls :func:`after_triage` for every stored inbound message. With no teams
configured routing does nothing, and the clock is only recorded.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from escalada.auth.principal import SYSTEM, Principal
from escalada.models import Conversation
from escalada.routing import service as routing
from escalada.sla import escalation
from escalada.sla import service as sla


def after_triage(session: Session, conversation: Conversation, *, visibility: str,
                 was_executive: bool, actor: Principal = SYSTEM) -> None:
    if conversation.executive and not was_executive:
        escalation.executive_case(session, conversation)
    routing.route(session, conversation, visibility=visibility, actor=actor)
    sla.refresh(session, conversation)
