"""What happens to a conversation after triage, in order: rules, routing, its SLA clock.

Ingestion calls :func:`after_triage` for every stored inbound message. With no rules and
no teams configured nothing changes, and the clock is only recorded.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from escalada.auth.principal import SYSTEM, Principal
from escalada.listening import stream
from escalada.models import Conversation, Message
from escalada.rules import service as rules
from escalada.routing import service as routing
from escalada.sla import escalation
from escalada.sla import service as sla


def after_triage(session: Session, conversation: Conversation, message: Message, *,
                 is_first: bool, was_executive: bool, actor: Principal = SYSTEM) -> None:
    run = rules.apply_rules(session, conversation, message, is_first=is_first)
    session.flush()
    if stream.is_listening(session, conversation):
        return  # listening posts wait in their own stream until a rule or a lead promotes them
    if conversation.executive and not was_executive:
        escalation.executive_case(session, conversation)
    routing.route(session, conversation, visibility=message.visibility,
                  forced_team_id=run.forced_team_id, is_new=is_first, actor=actor)
    sla.refresh(session, conversation)
