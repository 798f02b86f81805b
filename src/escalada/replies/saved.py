"""Saved replies: lead-managed templates with variables, suggested per conversation.

Variables, written ``{name}`` in the body:

    customer_name  the customer's display name (their handle when they have none)
    handle         the customer's handle, with its @
    order_number   the newest order reference the customer wrote (for private replies:
                   the guard stops it in public ones)
    agent_name     the signed-in agent's name
    brand          the brand's name
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput, NotFound
from escalada.kit.clock import utc_now
from escalada.models import Author, Brand, Conversation, Message, SavedReply
from escalada.replies.guard import order_numbers
from escalada.replies.guard_lexicon import LANGUAGES
from escalada.triage.contract import CATEGORIES

VARIABLES = ("customer_name", "handle", "order_number", "agent_name", "brand")
_VARIABLE = re.compile(r"\{([a-z_]+)\}")
MAX_SUGGESTIONS = 9


@dataclass(frozen=True)
class SavedReplyIn:
    title: str
    body: str
    language: str = "any"
    category: str | None = None
    tag: str | None = None


def unknown_variables(body: str) -> list[str]:
    return sorted({m.group(1) for m in _VARIABLE.finditer(body)} - set(VARIABLES))


def render(body: str, values: dict[str, str | None]) -> str:
    """Fill the variables; one without a value stays visible as ``[order number]``."""
    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in VARIABLES:
            return m.group(0)
        return values.get(name) or f"[{name.replace('_', ' ')}]"
    return _VARIABLE.sub(fill, body)


def _validated(data: SavedReplyIn) -> SavedReplyIn:
    title, body = data.title.strip(), data.body.strip()
    if not title or len(title) > 120:
        raise InvalidInput("a saved reply needs a title of 1 to 120 characters")
    if not body:
        raise InvalidInput("a saved reply needs a text")
    unknown = unknown_variables(body)
    if unknown:
        raise InvalidInput(f"unknown variable(s) {', '.join('{' + u + '}' for u in unknown)}; "
                           f"use {', '.join('{' + v + '}' for v in VARIABLES)}")
    if data.language not in ("any", *LANGUAGES):
        raise InvalidInput(f"unknown language {data.language!r}")
    category = (data.category or "").strip() or None
    if category is not None and category not in CATEGORIES:
        raise InvalidInput(f"unknown category {category!r}")
    tag = (data.tag or "").strip().lower() or None
    if tag is not None and len(tag) > 64:
        raise InvalidInput("a tag has at most 64 characters")
    return SavedReplyIn(title=title, body=body, language=data.language, category=category, tag=tag)


def list_all(session: Session, *, principal: Principal) -> list[SavedReply]:
    principal.require(Permission.CONVERSATIONS_VIEW)
    return list(session.scalars(select(SavedReply).where(SavedReply.is_active.is_(True))
                                .order_by(SavedReply.usage_count.desc(), SavedReply.title)))


def get(session: Session, *, saved_reply_id: int, principal: Principal) -> SavedReply:
    principal.require(Permission.CONVERSATIONS_VIEW)
    saved = session.get(SavedReply, saved_reply_id)
    if saved is None or not saved.is_active:
        raise NotFound(f"saved reply {saved_reply_id} not found")
    return saved


def create(session: Session, *, data: SavedReplyIn, principal: Principal) -> SavedReply:
    principal.require(Permission.SAVED_REPLIES_MANAGE)
    data = _validated(data)
    saved = SavedReply(title=data.title, body=data.body, language=data.language,
                       category=data.category, tag=data.tag, created_by_label=principal.label)
    session.add(saved)
    session.flush()
    record(session, actor=principal, action="saved_reply.created", saved_reply_id=saved.id,
           title=saved.title)
    return saved


def update(session: Session, *, saved_reply_id: int, data: SavedReplyIn, principal: Principal) -> SavedReply:
    principal.require(Permission.SAVED_REPLIES_MANAGE)
    saved = get(session, saved_reply_id=saved_reply_id, principal=principal)
    data = _validated(data)
    saved.title, saved.body, saved.language = data.title, data.body, data.language
    saved.category, saved.tag = data.category, data.tag
    saved.updated_at = utc_now()
    record(session, actor=principal, action="saved_reply.updated", saved_reply_id=saved.id,
           title=saved.title)
    return saved


def delete(session: Session, *, saved_reply_id: int, principal: Principal) -> None:
    """Retire a saved reply; its usage count stays for reports."""
    principal.require(Permission.SAVED_REPLIES_MANAGE)
    saved = get(session, saved_reply_id=saved_reply_id, principal=principal)
    saved.is_active = False
    record(session, actor=principal, action="saved_reply.deleted", saved_reply_id=saved.id,
           title=saved.title)


def score(saved: SavedReply, *, language: str, categories: set[str], tags: set[str],
          brand_id: int) -> int | None:
    """Pure: how well a saved reply fits a conversation (None: it does not fit)."""
    if saved.brand_id is not None and saved.brand_id != brand_id:
        return None
    if saved.language not in ("any", language):
        return None
    points = 1 if saved.language == language else 0
    if saved.category is not None:
        if saved.category not in categories:
            return None
        points += 3
    if saved.tag is not None:
        if saved.tag not in tags:
            return None
        points += 2
    return points


def suggestions(session: Session, *, conversation: Conversation, limit: int = MAX_SUGGESTIONS) -> list[SavedReply]:
    """Saved replies for this conversation's triage: category and tag matches first, then
    the language's general replies, most used first."""
    tags = {t.tag for t in conversation.tags}
    candidates = session.scalars(
        select(SavedReply).where(SavedReply.is_active.is_(True),
                                 SavedReply.language.in_(("any", conversation.language)))
    )
    scored = []
    for saved in candidates:
        points = score(saved, language=conversation.language, categories=set(conversation.categories),
                       tags=tags, brand_id=conversation.brand_id)
        if points is not None:
            scored.append((points, saved.usage_count, saved))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].title))
    return [saved for _, _, saved in scored[:limit]]


def values_for(session: Session, *, conversation: Conversation, principal: Principal) -> dict[str, str | None]:
    return values_for_customer(session, conversation=conversation, agent_name=principal.label)


def values_for_customer(session: Session, *, conversation: Conversation, agent_name: str) -> dict[str, str | None]:
    inbound = session.scalars(
        select(Message.text).where(Message.conversation_id == conversation.id,
                                   Message.direction == "inbound")
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(20)
    )
    order = next((found[-1] for text in inbound if (found := order_numbers(text))), None)
    author = session.get(Author, conversation.author_id)
    brand = session.get(Brand, conversation.brand_id)
    assert author is not None and brand is not None
    return {
        "customer_name": (author.name or author.handle).split(" ")[0] if author.name else author.handle,
        "handle": f"@{author.handle}",
        "order_number": order,
        "agent_name": agent_name,
        "brand": brand.name,
    }


def use(session: Session, *, saved_reply_id: int, conversation: Conversation,
        principal: Principal) -> str:
    """The saved reply filled in for this conversation; counts one use."""
    saved = get(session, saved_reply_id=saved_reply_id, principal=principal)
    saved.usage_count = SavedReply.usage_count + 1  # in SQL: concurrent uses all count
    saved.last_used_at = utc_now()
    return render(saved.body, values_for(session, conversation=conversation, principal=principal))
