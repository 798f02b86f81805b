"""The one place a conversation's status changes; every change lands on its timeline."""

from __future__ import annotations

from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.errors import Conflict
from escalada.kit.clock import utc_now
from escalada.models import Conversation
from escalada.surveys.service import send_after_resolution

# (old → allowed new). "pending" means waiting on the customer; "closed" is final
# except that an agent may reopen it.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"open", "pending", "on_hold", "resolved", "closed"}),
    "open": frozenset({"pending", "on_hold", "resolved", "closed"}),
    "pending": frozenset({"open", "on_hold", "resolved", "closed"}),
    "on_hold": frozenset({"open", "pending", "resolved", "closed"}),
    "resolved": frozenset({"open", "closed"}),
    "closed": frozenset({"open"}),
}


def transition(
    session: Session,
    conversation: Conversation,
    new_status: str,
    *,
    actor: Principal,
    reason: str | None = None,
) -> bool:
    """Move to ``new_status``; False when already there, Conflict when not allowed."""
    old = conversation.status
    if old == new_status:
        return False
    if new_status not in TRANSITIONS.get(old, frozenset()):
        raise Conflict(f"a {old} conversation cannot become {new_status}")
    conversation.status = new_status
    conversation.updated_at = utc_now()
    details = {"from": old, "to": new_status}
    if reason:
        details["reason"] = reason
    record(session, actor=actor, action="conversation.status", conversation_id=conversation.id, **details)
    if new_status == "resolved":
        send_after_resolution(session, conversation)
        if conversation.executive:
            from escalada.executive.postmortems import ensure_postmortem

            ensure_postmortem(session, conversation)
    return True
