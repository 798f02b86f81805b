"""Sending a reply from the agent workspace: collision check, guard, approvals, outbox.

:func:`send_reply` is the one path every reply takes (API and pages):

1. the conversation gate, then a row lock on the conversation, so two agents'
   replies are checked one after the other;
2. the visibility follows the thread: a private thread takes private replies only, a
   public reply there is refused; without a visibility asked for, the thread's own;
3. optimistic concurrency: with ``seen_reply_id`` (the newest reply the agent saw),
   a reply is refused when another reply went out, or is waiting for approval, since;
   without it (API callers that keep no version), when someone else's reply went out
   or was held within ``RECENT_REPLY`` — the same rule, with "recently" standing in for
   "since you looked";
4. the privacy guard: a public reply that asks for or shows personal data is refused;
5. approval rules: a matching reply is held for an approver instead of sent;
6. otherwise the reply is queued in the outbox, and viewers are told after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels.visibility import PRIVATE, PUBLIC, reply_visibilities, reply_visibility
from escalada.errors import Conflict, InvalidInput, PrivateThread, ReplyBlocked, ReplyConflict
from escalada.inbox import service as inbox
from escalada.inbox import threading
from escalada.kit.clock import utc_now
from escalada.models import Conversation, Message, ReplyApproval, User
from escalada.presence.live import conversation_channel, publish_after_commit
from escalada.replies import approvals, phrases
from escalada.replies.guard import GuardResult, check_reply

SERIOUS_CATEGORIES = frozenset({"billing", "outage", "legal", "reputation", "cancellation", "delivery"})


@dataclass(frozen=True)
class SendOutcome:
    message: Message | None = None
    approval: ReplyApproval | None = None

    @property
    def visibility(self) -> str:
        sent = self.message or self.approval
        assert sent is not None
        return sent.visibility


def is_serious(conversation: Conversation) -> bool:
    """Where humour is out of place: high tier, executive, an unhappy customer, a hard topic."""
    return (conversation.tier >= 3 or conversation.executive or conversation.sentiment <= -0.3
            or bool(SERIOUS_CATEGORIES & set(conversation.categories)))


def guard(conversation: Conversation, text: str, visibility: str) -> GuardResult:
    return check_reply(text, visibility, conversation.language, serious=is_serious(conversation))


def check_draft(session: Session, *, conversation: Conversation, text: str,
                visibility: str | None) -> GuardResult:
    """The composer's inline check, on the visibility the reply can have on this thread
    (on a private thread only a private message can go, whatever the form said)."""
    thread = threading.visibility_of(session, conversation)
    allowed = reply_visibilities(thread)
    return guard(conversation, text, visibility if visibility in allowed else thread)


def latest_reply_id(session: Session, *, conversation_id: int) -> int:
    """The version an agent's reply is based on: the newest outbound message's id (0: none)."""
    return session.scalar(
        select(Message.id).where(Message.conversation_id == conversation_id,
                                 Message.direction == "outbound")
        .order_by(Message.id.desc()).limit(1)
    ) or 0


def _lock(session: Session, conversation_id: int) -> None:
    # PostgreSQL: a row lock. SQLite: every write transaction already holds the database
    # lock (BEGIN IMMEDIATE), which serialises replies the same way.
    session.execute(select(Conversation.id).where(Conversation.id == conversation_id).with_for_update())


def check_no_collision(session: Session, *, conversation_id: int, seen_reply_id: int,
                       principal: Principal) -> None:
    newer = list(session.scalars(
        select(Message).where(Message.conversation_id == conversation_id,
                              Message.direction == "outbound", Message.id > seen_reply_id)
        .order_by(Message.id)
    ))
    held = [a for a in approvals.pending_for(session, conversation_id=conversation_id)
            if a.requested_by_user_id != principal.user_id or principal.user_id is None]
    if not newer and not held:
        return
    replies = [{"id": m.id, "sender": m.sender_label, "text": m.text, "visibility": m.visibility,
                "created_at": m.created_at.isoformat(), "state": "sent"} for m in newer]
    replies += [{"id": a.id, "sender": a.requested_by_label, "text": a.text,
                 "visibility": a.visibility, "created_at": a.created_at.isoformat(),
                 "state": "awaiting approval"} for a in held]
    who = ", ".join(sorted({r["sender"] or "the brand" for r in replies}))
    raise ReplyConflict(
        f"{who} replied while you were writing; read their reply before sending yours",
        details={"latest_reply_id": newer[-1].id if newer else seen_reply_id, "replies": replies},
    )


#: Without ``seen_reply_id``, another sender's reply this recent is one the caller cannot
#: have read: the reply is refused with the other reply, as the page would.
RECENT_REPLY = timedelta(minutes=2)


def _newest_seen_by_default(session: Session, *, conversation_id: int, principal: Principal) -> int | None:
    """The ``seen_reply_id`` a caller without one is taken to have: everything up to their
    own newest reply, and before the first recent reply of someone else after it; None
    when nobody else replied recently (nothing to collide with)."""
    since = utc_now() - RECENT_REPLY
    recent = session.execute(
        select(Message.id, Message.sender_user_id, Message.sender_label).where(
            Message.conversation_id == conversation_id, Message.direction == "outbound",
            Message.created_at >= since).order_by(Message.id)).all()
    others: list[int] = []
    for row in recent:
        if _same_sender(row.sender_user_id, row.sender_label, principal):
            others = []  # replying after them, the caller had seen them
        else:
            others.append(row.id)
    if others:
        return others[0] - 1
    held = [a for a in approvals.pending_for(session, conversation_id=conversation_id)
            if a.created_at >= since and not _same_sender(a.requested_by_user_id, a.requested_by_label, principal)]
    if held:
        newest = session.scalar(select(func.max(Message.id)).where(
            Message.conversation_id == conversation_id, Message.direction == "outbound"))
        return newest or 0
    return None


def _same_sender(user_id: int | None, label: str | None, principal: Principal) -> bool:
    if principal.user_id is not None:
        return user_id == principal.user_id
    return user_id is None and label == principal.label


def send_reply(session: Session, *, conversation_id: int, text: str, visibility: str | None = None,
               principal: Principal, seen_reply_id: int | None = None) -> SendOutcome:
    """Send (or hold for approval) a reply; ``visibility`` None follows the thread."""
    conversation = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    principal.require(Permission.CONVERSATIONS_REPLY)
    text = text.strip()
    if not text:
        raise InvalidInput("write a reply before sending")
    _lock(session, conversation.id)
    visibility = reply_visibility(threading.visibility_of(session, conversation), visibility)
    if seen_reply_id is None:
        seen_reply_id = _newest_seen_by_default(session, conversation_id=conversation.id, principal=principal)
    if seen_reply_id is not None:
        check_no_collision(session, conversation_id=conversation.id, seen_reply_id=seen_reply_id,
                           principal=principal)
    result = guard(conversation, text, visibility)
    if result.blocked:
        raise ReplyBlocked(result.advice or "", details=result.to_dict())
    rule = approvals.rule_for(session, conversation=conversation, principal=principal)
    if rule is not None:
        if conversation.status == "closed":
            raise InvalidInput("this conversation is closed; reopen it before replying")
        approval = approvals.hold(session, conversation=conversation, text=text, visibility=visibility,
                                  principal=principal, rule=rule)
        return SendOutcome(approval=approval)
    message = inbox.reply(session, conversation_id=conversation.id, text=text, visibility=visibility,
                          principal=principal)
    publish_after_commit(session, conversation_channel(conversation.id), {
        "type": "reply", "id": message.id, "by_user_id": principal.user_id, "by": principal.label,
        "visibility": visibility, "text": text[:500],
    })
    return SendOutcome(message=message)


def invite_to_private(session: Session, *, conversation_id: int, principal: Principal,
                      seen_reply_id: int | None = None) -> SendOutcome:
    """One click: a public reply asking the customer to continue by private message.

    Only a public thread has anyone to ask: on a private one the customer already writes
    privately, and the invite would be a public post about them.
    """
    conversation = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    if threading.visibility_of(session, conversation) == PRIVATE:
        raise PrivateThread("this conversation is already private: there is nobody to ask to "
                            "DM us; answer with a private message")
    return send_reply(session, conversation_id=conversation.id,
                      text=phrases.dm_invite(conversation.language), visibility=PUBLIC,
                      principal=principal, seen_reply_id=seen_reply_id)


def claim(session: Session, *, conversation_id: int, principal: Principal) -> Conversation:
    """Take a conversation for oneself; refused when a colleague holds it (unless the
    claimer may assign others, who then takes it over, audited as a reassignment)."""
    if principal.user_id is None:
        raise InvalidInput("only a signed-in user can claim a conversation")
    conversation = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    _lock(session, conversation.id)
    session.refresh(conversation, ["assignee_id"])
    holder = conversation.assignee_id
    if holder not in (None, principal.user_id) and not principal.can(Permission.CONVERSATIONS_ASSIGN):
        holder_user = session.get(User, holder)
        name = holder_user.name if holder_user else "a colleague"
        raise Conflict(f"{name} already has this conversation")
    return inbox.assign(session, conversation_id=conversation.id, user_id=principal.user_id,
                        principal=principal)
