"""Inbox queries and agent actions. Services take a session, never commit, raise EscaladaError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels.visibility import reply_visibility
from escalada.errors import InvalidInput, NotFound, PermissionDenied
from escalada.inbox import search, threading
from escalada.inbox.status import transition
from escalada.listening import stream
from escalada.kit.clock import utc_now
from escalada.kit.keyset import decode_cursor, encode_cursor
from escalada.models import (
    ACTIVE_STATUSES,
    STATUSES,
    Brand,
    Conversation,
    ConversationTag,
    Message,
    Note,
    User,
)
from escalada.notifications.service import notify_mentions
from escalada.replies.outbox import queue_reply
from escalada.sla import service as sla
from escalada.surveys.links import track_links

MAX_PAGE = 200


@dataclass(frozen=True)
class InboxFilter:
    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tiers: tuple[int, ...] = ()
    priorities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tag: str | None = None
    brand: str | None = None
    assignee_id: int | None = None
    mine: bool = False
    unassigned: bool = False
    q: str | None = None
    sort: str = "urgent"
    stream: str = "inbox"  # inbox | listening | all (see escalada.listening.stream)


_SORTS = {
    # (columns, descending, kinds of the cursor values)
    "urgent": ((Conversation.priority_rank, Conversation.last_message_at, Conversation.id), True,
               (int, datetime, int)),
    "newest": ((Conversation.last_message_at, Conversation.id), True, (datetime, int)),
    "oldest": ((Conversation.last_message_at, Conversation.id), False, (datetime, int)),
}


def expand_statuses(values: tuple[str, ...]) -> tuple[str, ...]:
    """``active`` stands for every status that still needs work."""
    out: list[str] = []
    for value in values:
        names = ACTIVE_STATUSES if value == "active" else (value,)
        for name in names:
            if name not in STATUSES:
                raise InvalidInput(f"unknown status {name!r}")
            if name not in out:
                out.append(name)
    return tuple(out)


def _filtered(session: Session, query: Select, f: InboxFilter, principal: Principal) -> Select:
    query = query.where(stream.condition(f.stream, tag=f.tag))
    statuses = expand_statuses(f.statuses)
    if statuses:
        query = query.where(Conversation.status.in_(statuses))
    if f.channels:
        query = query.where(Conversation.channel.in_(f.channels))
    if f.tiers:
        query = query.where(Conversation.tier.in_(f.tiers))
    if f.priorities:
        query = query.where(Conversation.priority.in_(f.priorities))
    if f.languages:
        query = query.where(Conversation.language.in_(f.languages))
    if f.tag:
        query = query.where(
            Conversation.id.in_(
                select(ConversationTag.conversation_id).where(ConversationTag.tag == f.tag)
            )
        )
    if f.brand:
        query = query.where(
            Conversation.brand_id.in_(select(Brand.id).where(Brand.slug == f.brand))
        )
    if f.mine:
        if principal.user_id is None:
            raise InvalidInput("'mine' needs a signed-in user, not an API token")
        query = query.where(Conversation.assignee_id == principal.user_id)
    if f.assignee_id is not None:
        query = query.where(Conversation.assignee_id == f.assignee_id)
    if f.unassigned:
        query = query.where(Conversation.assignee_id.is_(None))
    if f.q and f.q.strip():
        query = query.where(search.matches(session, f.q))
    return query


def list_conversations(
    session: Session,
    *,
    principal: Principal,
    filters: InboxFilter,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Conversation], str | None]:
    """One page of the inbox, by keyset on the sort key (no OFFSET), and the next cursor."""
    principal.require(Permission.CONVERSATIONS_VIEW)
    if filters.sort not in _SORTS:
        raise InvalidInput(f"unknown sort {filters.sort!r}; use one of: {', '.join(_SORTS)}")
    limit = max(1, min(limit, MAX_PAGE))
    columns, descending, kinds = _SORTS[filters.sort]
    query = _filtered(session, select(Conversation), filters, principal)
    if cursor:
        after = decode_cursor(cursor, kinds=kinds)
        key = tuple_(*columns)
        query = query.where(key < tuple_(*after) if descending else key > tuple_(*after))
    order = [c.desc() for c in columns] if descending else [c.asc() for c in columns]
    query = query.order_by(*order).limit(limit + 1).options(
        joinedload(Conversation.author),
        joinedload(Conversation.assignee),
        joinedload(Conversation.brand),
        joinedload(Conversation.brand_account),
        selectinload(Conversation.tags),
    )
    rows = list(session.scalars(query).unique())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(tuple(getattr(last, c.key) for c in columns))
    return rows, next_cursor


def get_conversation(session: Session, *, conversation_id: int, principal: Principal) -> Conversation:
    """The access gate for conversations: missing and forbidden look the same."""
    conversation = None
    if principal.can(Permission.CONVERSATIONS_VIEW):
        conversation = session.scalar(
            select(Conversation)
            .where(Conversation.id == conversation_id)
            .options(
                joinedload(Conversation.author),
                joinedload(Conversation.assignee),
                joinedload(Conversation.brand),
                joinedload(Conversation.brand_account),
                selectinload(Conversation.tags),
            )
        )
    if conversation is None:
        raise NotFound(f"conversation {conversation_id} not found")
    return conversation


def thread(session: Session, *, conversation: Conversation) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.created_at, Message.id)
        )
    )


def notes(session: Session, *, conversation: Conversation) -> list[Note]:
    return list(
        session.scalars(
            select(Note).where(Note.conversation_id == conversation.id).order_by(Note.id)
        )
    )


def _gate(session: Session, conversation_id: int, principal: Principal, permission: Permission) -> Conversation:
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    principal.require(permission)
    return conversation


def reply(
    session: Session, *, conversation_id: int, text: str, visibility: str | None,
    principal: Principal,
) -> Message:
    """Queue a reply; ``visibility`` None follows the thread (private on a private thread)."""
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_REPLY)
    if conversation.status == "closed":
        raise InvalidInput("this conversation is closed; reopen it before replying")
    # Refused before anything is written (the outbox checks again, for every sender).
    visibility = reply_visibility(threading.visibility_of(session, conversation), visibility)
    text, links = track_links(session, text=text, conversation_id=conversation.id,
                              agent_id=principal.user_id)
    message = queue_reply(session, conversation=conversation, text=text, visibility=visibility,
                          principal=principal)
    for link in links:
        link.message_id = message.id
    threading.touch(conversation, at=message.created_at, preview=text, inbound=False)
    if conversation.first_response_at is None:
        conversation.first_response_at = message.created_at
    if conversation.status == "new":
        transition(session, conversation, "open", actor=principal, reason="first reply")
    record(session, actor=principal, action="conversation.replied", conversation_id=conversation.id,
           message_id=message.id, visibility=visibility)
    sla.refresh(session, conversation)
    return message


def add_note(session: Session, *, conversation_id: int, text: str, principal: Principal) -> Note:
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_NOTE)
    note = Note(
        conversation_id=conversation.id,
        author_user_id=principal.user_id,
        author_label=principal.label,
        text=text,
    )
    session.add(note)
    session.flush()
    record(session, actor=principal, action="conversation.noted", conversation_id=conversation.id,
           note_id=note.id)
    notify_mentions(session, text=text, conversation_id=conversation.id, actor=principal)
    return note


def add_tag(session: Session, *, conversation_id: int, tag: str, principal: Principal) -> bool:
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_TAG)
    tag = tag.strip().lower()
    if not tag or len(tag) > 64:
        raise InvalidInput("a tag has 1 to 64 characters")
    added = threading.add_tags(session, conversation, [tag], added_by=principal.label)
    if added:
        conversation.updated_at = utc_now()
        record(session, actor=principal, action="conversation.tagged", conversation_id=conversation.id,
               tag=tag)
    return bool(added)


def remove_tag(session: Session, *, conversation_id: int, tag: str, principal: Principal) -> bool:
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_TAG)
    row = session.get(ConversationTag, (conversation.id, tag))
    if row is None:
        return False
    session.delete(row)
    conversation.updated_at = utc_now()
    record(session, actor=principal, action="conversation.untagged", conversation_id=conversation.id,
           tag=tag)
    return True


def set_status(session: Session, *, conversation_id: int, status: str, principal: Principal) -> bool:
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_STATUS)
    if status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}")
    changed = transition(session, conversation, status, actor=principal)
    if changed:
        session.flush()
        sla.refresh(session, conversation)
    return changed


def assign(
    session: Session, *, conversation_id: int, user_id: int | None, principal: Principal
) -> Conversation:
    """Assign to a user (or nobody). Without the assign permission, only to oneself."""
    conversation = _gate(session, conversation_id, principal, Permission.CONVERSATIONS_CLAIM)
    if not principal.can(Permission.CONVERSATIONS_ASSIGN):
        own = user_id is not None and user_id == principal.user_id
        releasing_own = user_id is None and conversation.assignee_id == principal.user_id
        if not (own or releasing_own):
            raise PermissionDenied("you may assign conversations only to yourself")
    assignee = None
    if user_id is not None:
        assignee = session.get(User, user_id)
        if assignee is None or not assignee.is_active:
            raise InvalidInput(f"user {user_id} does not exist or is deactivated")
    if conversation.assignee_id == user_id:
        return conversation
    previous = conversation.assignee.name if conversation.assignee else None
    conversation.assignee_id = user_id
    conversation.assignee = assignee
    conversation.updated_at = utc_now()
    record(session, actor=principal, action="conversation.assigned", conversation_id=conversation.id,
           to=assignee.name if assignee else None, previous=previous)
    return conversation
