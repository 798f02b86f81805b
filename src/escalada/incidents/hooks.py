"""Where incidents meet features that live elsewhere: each is one call site to wire.

- :func:`route_to_owner`: a conversation joins an incident. Until team routing exists
  it gives an unassigned conversation to the incident's owner; team routing replaces
  the body, not the callers.
- :func:`review_draft`: the reply guard (privacy) reviews an update's text before it can
  be approved.
- :func:`send_outside`: email/webhook delivery of a stakeholder alert, after commit.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.models import Conversation, Incident, User
from escalada.replies.guard import check_reply

log = logging.getLogger(__name__)


def route_to_owner(session: Session, *, incident: Incident, conversation: Conversation,
                   actor: Principal) -> None:
    if incident.owner_id is None or conversation.assignee_id is not None:
        return
    owner = session.get(User, incident.owner_id)
    if owner is None or not owner.is_active:
        return
    conversation.assignee_id = owner.id
    conversation.updated_at = utc_now()
    record(session, actor=actor, action="conversation.assigned", conversation_id=conversation.id,
           to=owner.name, previous=None, reason=f"incident #{incident.id} owner")


def review_draft(text: str, *, language: str) -> list[str]:
    """Problems the reply guard finds in an update's text; empty means it may be approved.

    The guard itself is a separate feature (``escalada.replies.guard``); this is the
    one place incident updates call it. An update goes out publicly wherever the customer
    wrote publicly, so it is checked as a public reply; only privacy findings block (tone
    findings are suggestions, as in the composer).
    """
    result = check_reply(text, "public", language, serious=True)
    return [finding.message for finding in result.findings if finding.kind == "privacy"]


def send_outside(*, user_email: str, subject: str, text: str) -> None:
    """Email/webhook delivery of a stakeholder alert; in-app alerts are already stored."""
    log.info("incident alert for a stakeholder: %s", subject)
