"""The "auto-acknowledge" action: a saved reply in the customer's language, else the rule's text.

An action is ``{"type": "auto_acknowledge", "value": "fallback text", "saved_reply_id": 12}``;
either part may be missing, not both. The saved reply named is one of a family: active
saved replies with the same title in other languages (how leads keep translations). The
one in the conversation's language wins, then one for any language; the rule's own
text is the fallback when the family has nothing the customer can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from escalada.kit.clock import utc_now
from escalada.models import Brand, Conversation, SavedReply
from escalada.replies import saved as saved_replies


@dataclass(frozen=True)
class Acknowledgement:
    text: str
    how: str  # for the rule's trail: which saved reply, or the fallback


def choose(session: Session, conversation: Conversation, saved_reply_id: int | None) -> SavedReply | None:
    """The saved reply of ``saved_reply_id``'s family that fits the conversation's language and brand."""
    if saved_reply_id is None:
        return None
    named = session.get(SavedReply, saved_reply_id)
    if named is None:
        return None
    family = session.scalars(
        select(SavedReply).where(
            SavedReply.is_active.is_(True),
            func.lower(SavedReply.title) == named.title.lower(),
            SavedReply.language.in_((conversation.language, "any")),
            or_(SavedReply.brand_id.is_(None), SavedReply.brand_id == conversation.brand_id),
        )
    ).all()
    # Own language before "any"; the reply the lead picked before its siblings.
    ranked = sorted(family, key=lambda s: (s.language != conversation.language, s.id != named.id, s.id))
    return ranked[0] if ranked else None


def acknowledgement(session: Session, conversation: Conversation, action: dict[str, Any]) -> Acknowledgement | None:
    """What to send for one auto-acknowledge action; None when nothing fits."""
    saved = choose(session, conversation, action.get("saved_reply_id"))
    if saved is not None:
        brand = session.get(Brand, conversation.brand_id)
        values = saved_replies.values_for_customer(session, conversation=conversation,
                                                   agent_name=f"{brand.name if brand else ''} team".strip())
        saved.usage_count = SavedReply.usage_count + 1
        saved.last_used_at = utc_now()
        return Acknowledgement(saved_replies.render(saved.body, values),
                               f"saved reply “{saved.title}” ({saved.language})")
    fallback = str(action.get("value") or "").strip()
    if fallback:
        how = "rule text" if action.get("saved_reply_id") is None else \
            f"rule text (no saved reply in {conversation.language})"
        return Acknowledgement(fallback, how)
    return None


def saved_reply_titles(session: Session) -> dict[int, str]:
    """Active saved replies for the rules page: id → "title (language)"."""
    rows = session.execute(select(SavedReply.id, SavedReply.title, SavedReply.language)
                           .where(SavedReply.is_active.is_(True)).order_by(SavedReply.title, SavedReply.language))
    return {row.id: f"{row.title} ({row.language})" for row in rows}
