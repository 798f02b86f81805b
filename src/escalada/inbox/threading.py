"""Which conversation a new message belongs to, and how its triage updates that conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.channels.visibility import thread_visibility
from escalada.models import PRIORITY_RANK, Conversation, ConversationTag, Message

MAX_REASONS = 12


def find_conversation(
    session: Session,
    *,
    platform: str,
    in_reply_to: str | None,
    author_id: int,
    brand_account_id: int,
) -> Conversation | None:
    """The reply chain wins; otherwise the author's latest unclosed thread with that account."""
    if in_reply_to:
        parent_conversation_id = session.scalar(
            select(Message.conversation_id).where(
                Message.platform == platform, Message.platform_message_id == in_reply_to
            )
        )
        if parent_conversation_id is not None:
            conversation = session.get(Conversation, parent_conversation_id)
            if conversation is not None and conversation.status != "closed":
                return conversation
    return session.scalar(
        select(Conversation)
        .where(
            Conversation.author_id == author_id,
            Conversation.brand_account_id == brand_account_id,
            Conversation.status != "closed",
        )
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(1)
    )


def _merged(existing: list[str], new: list[str] | tuple[str, ...], limit: int | None = None) -> list[str]:
    out = list(existing)
    for item in new:
        if item not in out:
            out.append(item)
    return out[:limit] if limit else out


def apply_triage(conversation: Conversation, triage: dict, *, is_first: bool) -> list[str]:
    """Fold one inbound message's triage into its conversation; return tags to add.

    The conversation keeps its most serious reading (highest tier and priority, any
    executive or privacy flag) and the latest mood (sentiment, troll score, language).
    """
    if is_first:
        conversation.tier = triage["tier"]
        conversation.priority = triage["priority"]
        conversation.categories = list(triage["categories"])
        conversation.reasons = list(triage["reasons"])[:MAX_REASONS]
        conversation.executive = triage["executive"]
        conversation.needs_private = triage["needs_private"]
    else:
        conversation.tier = max(conversation.tier, triage["tier"])
        if PRIORITY_RANK[triage["priority"]] > PRIORITY_RANK[conversation.priority]:
            conversation.priority = triage["priority"]
        conversation.categories = _merged(conversation.categories, triage["categories"])
        conversation.reasons = _merged(conversation.reasons, triage["reasons"], MAX_REASONS)
        conversation.executive = conversation.executive or triage["executive"]
        conversation.needs_private = conversation.needs_private or triage["needs_private"]
    conversation.priority_rank = PRIORITY_RANK[conversation.priority]
    conversation.sentiment = triage["sentiment"]
    conversation.troll = triage["troll"]
    if triage["language"] != "und":
        conversation.language = triage["language"]
    return list(triage["categories"])


def add_tags(session: Session, conversation: Conversation, tags: list[str], *, added_by: str) -> list[str]:
    """Add the tags the conversation does not have yet; return those added."""
    if not tags:
        return []
    have = set(
        session.scalars(
            select(ConversationTag.tag).where(ConversationTag.conversation_id == conversation.id)
        )
    )
    added = []
    for tag in tags:
        if tag not in have:
            session.add(ConversationTag(conversation_id=conversation.id, tag=tag, added_by=added_by))
            have.add(tag)
            added.append(tag)
    return added


def touch(conversation: Conversation, *, at: datetime, preview: str, inbound: bool) -> None:
    conversation.message_count += 1
    if at >= conversation.last_message_at:
        conversation.last_message_at = at
        conversation.preview = preview[:280]
    if inbound and (conversation.last_inbound_at is None or at > conversation.last_inbound_at):
        conversation.last_inbound_at = at


def visibility_of(session: Session, conversation: Conversation) -> str:
    """Whether the thread is public or private, from its channel and the customer's latest
    message (see :mod:`escalada.channels.visibility`)."""
    last = session.scalar(
        select(Message.visibility)
        .where(Message.conversation_id == conversation.id, Message.direction == "inbound")
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
    return thread_visibility(conversation.channel, last)
