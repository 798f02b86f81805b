"""What the agent workspace adds to the conversation page (composer, presence, context)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from escalada.auth.principal import Principal
from escalada.channels import limits
from escalada.channels.visibility import PRIVATE, PUBLIC, reply_visibilities
from escalada.inbox import threading
from escalada.models import Conversation
from escalada.replies import approvals, phrases, saved
from escalada.replies.guard import PRIVATE_ADVICE
from escalada.replies.service import latest_reply_id

LINKED_LIMIT = 10


def linked_conversations(session: Session, *, conversation: Conversation) -> list[Conversation]:
    """The same author's other conversations (any brand account), newest first."""
    return list(session.scalars(
        select(Conversation)
        .where(Conversation.author_id == conversation.author_id, Conversation.id != conversation.id)
        .options(joinedload(Conversation.brand))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(LINKED_LIMIT)
    ))


def workspace_context(session: Session, *, conversation: Conversation, principal: Principal) -> dict[str, Any]:
    c = conversation
    thread = threading.visibility_of(session, c)
    return {
        "seen_reply_id": latest_reply_id(session, conversation_id=c.id),
        "thread_visibility": thread,
        "reply_visibilities": reply_visibilities(thread),
        # Only a public thread has a public reply to offer, or anyone to ask to DM us.
        "private_advice": PRIVATE_ADVICE if c.needs_private and thread == PUBLIC else None,
        "dm_invite_text": phrases.dm_invite(c.language),
        "ack_text": phrases.acknowledgement(c.language, c.categories),
        "suggestions": saved.suggestions(session, conversation=c),
        "pending_approvals": approvals.pending_for(session, conversation_id=c.id),
        "linked": linked_conversations(session, conversation=c),
        "draft": "",
        "compose_visibility": PRIVATE if thread == PRIVATE or c.needs_private else PUBLIC,
        "guard_result": None,
        "conflict": None,
        "me_id": principal.user_id,
        "reply_rules": limits.composer_rules(c.channel),
    }
