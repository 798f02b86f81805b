"""The outbox: replies are stored as queued outbound messages, then delivered by a job.

Delivery runs after the commit that queued the reply. It reloads the message under a
lock, re-checks its state and sends with the message id as idempotency key, so a
job run twice (or re-run by the sweep after a crash) never sends twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels.base import Channel, ChannelError, OutboundRequest, SendResult
from escalada.channels.limits import check_length
from escalada.channels.registry import channel_for_account, http_client
from escalada.channels.visibility import reply_visibility, thread_visibility
from escalada.config import Settings
from escalada.errors import Conflict, NotFound
from escalada.kit.clock import utc_now
from escalada.models import Author, BrandAccount, Conversation, Message
from escalada.workers.jobs import enqueue

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(seconds=30)
# A message still "sending" this long after it was claimed was interrupted mid-call.
SENDING_TIMEOUT = timedelta(minutes=5)


def queue_reply(
    session: Session, *, conversation: Conversation, text: str, visibility: str, principal: Principal,
    send_at: datetime | None = None,
) -> Message:
    """Store a queued outbound message; delivered after commit, or by the sweep from ``send_at``.

    Every outbound message passes here, so here a private thread is kept from ever
    getting a public message, whoever sends it (an agent, an approver, a rule, an
    incident update).
    """
    last_inbound = session.execute(
        select(Message.platform_message_id, Message.visibility)
        .where(Message.conversation_id == conversation.id, Message.direction == "inbound")
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    ).first()
    reply_visibility(thread_visibility(conversation.channel,
                                       last_inbound.visibility if last_inbound else None), visibility)
    check_length(conversation.channel, visibility, text)
    message = Message(
        conversation_id=conversation.id,
        direction="outbound",
        platform=conversation.channel,
        brand_account_id=conversation.brand_account_id,
        sender_user_id=principal.user_id,
        sender_label=principal.label,
        text=text,
        visibility=visibility,
        created_at=utc_now(),
        in_reply_to_platform_id=last_inbound.platform_message_id if last_inbound else None,
        delivery_state="queued",
        next_attempt_at=max(send_at, utc_now()) if send_at else utc_now(),
    )
    session.add(message)
    session.flush()
    if send_at is None or send_at <= utc_now():
        enqueue(session, deliver, message.id)
    return message


def _claim(session: Session, message_id: int, settings: Settings,
           client: httpx.Client) -> tuple[OutboundRequest, Channel] | None:
    """Lock a queued message and mark it ``sending``; None when it is not due."""
    message = session.scalar(select(Message).where(Message.id == message_id).with_for_update())
    if message is None or message.delivery_state != "queued":
        return None
    account = session.get(BrandAccount, message.brand_account_id)
    conversation = session.get(Conversation, message.conversation_id)
    assert account is not None and conversation is not None
    author = session.get(Author, conversation.author_id)
    message.delivery_attempts += 1
    message.delivery_state = "sending"
    message.next_attempt_at = utc_now()  # when it was claimed; see fail_interrupted
    request = OutboundRequest(
        message_id=message.id,
        platform=message.platform,
        brand_account=account.handle,
        recipient_handle=author.handle if author else None,
        recipient_platform_user_id=author.platform_user_id if author else None,
        visibility=message.visibility,
        text=message.text,
        in_reply_to=message.in_reply_to_platform_id,
    )
    return request, channel_for_account(session, account, settings=settings, client=client)


def deliver(db: Database, message_id: int, *, client: httpx.Client | None = None) -> None:
    """Job: send one queued outbound message.

    The message is claimed (``sending``) and committed before the platform is called,
    and no transaction is open during the call: a slow platform never holds a lock.
    If the process dies mid-call the message stays ``sending``; :func:`sweep` then marks
    it failed with a reason to check the platform, rather than risk posting twice.
    """
    settings = db.settings or Settings()
    own_client = client is None
    client = client or http_client(settings)
    try:
        with db.unit_of_work() as session:
            claimed = _claim(session, message_id, settings, client)
        if claimed is None:
            return
        request, channel = claimed
        with db.unit_of_work() as session:
            try:
                outcome: SendResult | ChannelError = channel.send(session, request)
            except ChannelError as exc:
                outcome = exc
            _record_outcome(session, message_id, outcome)
    finally:
        if own_client:
            client.close()


def _record_outcome(session: Session, message_id: int, outcome: SendResult | ChannelError) -> None:
    message = session.scalar(select(Message).where(Message.id == message_id).with_for_update())
    assert message is not None
    if isinstance(outcome, ChannelError):
        message.delivery_error = outcome.reason
        if outcome.retryable and message.delivery_attempts < MAX_ATTEMPTS:
            wait = RETRY_BASE * 2 ** (message.delivery_attempts - 1)
            if outcome.retry_after is not None:
                wait = max(wait, timedelta(seconds=outcome.retry_after))
            message.delivery_state = "queued"
            message.next_attempt_at = utc_now() + wait
        else:
            message.delivery_state = "failed"
            message.next_attempt_at = None
        log.warning("delivery of message %s failed: %s", message.id, outcome.reason)
        return
    message.delivery_state = "sent"
    message.platform_message_id = outcome.external_id
    message.delivered_at = utc_now()
    message.delivery_error = None
    message.next_attempt_at = None


def fail_interrupted(session: Session, *, older_than: timedelta = SENDING_TIMEOUT) -> int:
    """Deliveries stuck in ``sending`` (the process died mid-call) become failed, not resent."""
    stuck = list(session.scalars(
        select(Message).where(
            Message.direction == "outbound", Message.delivery_state == "sending",
            Message.next_attempt_at <= utc_now() - older_than,
        ).with_for_update()
    ))
    for message in stuck:
        message.delivery_state = "failed"
        message.delivery_error = ("sending was interrupted; the platform may or may not have "
                                  "posted it. Check the platform, then retry if it is missing.")
        message.next_attempt_at = None
    return len(stuck)


def retry(session: Session, *, message_id: int, principal: Principal) -> Message:
    """Queue a failed delivery again (the agent checked the platform, or fixed the account)."""
    principal.require(Permission.CONVERSATIONS_REPLY)
    message = session.get(Message, message_id)
    if message is None or message.direction != "outbound":
        raise NotFound(f"outbound message {message_id} not found")
    if message.delivery_state != "failed":
        raise Conflict(f"message {message_id} is {message.delivery_state}, not failed")
    message.delivery_state = "queued"
    message.next_attempt_at = utc_now()
    session.flush()
    enqueue(session, deliver, message.id)
    return message


def due_for_delivery(session: Session, *, limit: int = 100) -> list[int]:
    now = utc_now()
    return list(
        session.scalars(
            select(Message.id)
            .where(
                Message.direction == "outbound",
                Message.delivery_state == "queued",
                Message.next_attempt_at <= now,
            )
            .order_by(Message.next_attempt_at)
            .limit(limit)
        )
    )


def sweep(db: Database) -> int:
    """Re-submit every due delivery (after a restart, or for retries)."""
    with db.unit_of_work() as session:
        fail_interrupted(session)
        ids = due_for_delivery(session)
    for message_id in ids:
        db.runner.submit(deliver, db, message_id)
    return len(ids)


def list_outbox(
    session: Session, *, principal: Principal, states: tuple[str, ...] = (), limit: int = 100
) -> list[Message]:
    principal.require(Permission.OUTBOX_VIEW)
    query = select(Message).where(Message.direction == "outbound")
    if states:
        query = query.where(Message.delivery_state.in_(states))
    return list(session.scalars(query.order_by(Message.id.desc()).limit(limit)))
