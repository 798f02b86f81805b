"""The outbox: replies are stored as queued outbound messages, then delivered by a job.

Delivery runs after the commit that queued the reply. It reloads the message under a
lock, re-checks its state and sends with the message id as idempotency key, so a
job run twice (or re-run by the sweep after a crash) never sends twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels.base import ChannelError, OutboundRequest
from escalada.channels.sandbox import channel_for
from escalada.kit.clock import utc_now
from escalada.models import Author, BrandAccount, Conversation, Message
from escalada.workers.jobs import enqueue

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(seconds=30)


def queue_reply(
    session: Session, *, conversation: Conversation, text: str, visibility: str, principal: Principal,
    send_at: datetime | None = None,
) -> Message:
    """Store a queued outbound message; delivered after commit, or by the sweep from ``send_at``."""
    last_inbound = session.scalar(
        select(Message.platform_message_id)
        .where(Message.conversation_id == conversation.id, Message.direction == "inbound")
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
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
        in_reply_to_platform_id=last_inbound,
        delivery_state="queued",
        next_attempt_at=max(send_at, utc_now()) if send_at else utc_now(),
    )
    session.add(message)
    session.flush()
    if send_at is None or send_at <= utc_now():
        enqueue(session, deliver, message.id)
    return message


def deliver(db: Database, message_id: int) -> None:
    """Job: send one queued outbound message. Idempotent."""
    with db.unit_of_work() as session:
        message = session.scalar(
            select(Message).where(Message.id == message_id).with_for_update()
        )
        if message is None or message.delivery_state != "queued":
            return
        account = session.get(BrandAccount, message.brand_account_id)
        conversation = session.get(Conversation, message.conversation_id)
        assert account is not None and conversation is not None
        author = session.get(Author, conversation.author_id)
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
        message.delivery_attempts += 1
        try:
            result = channel_for(message.platform).send(session, request)
        except ChannelError as exc:
            message.delivery_error = exc.reason
            if exc.retryable and message.delivery_attempts < MAX_ATTEMPTS:
                message.delivery_state = "queued"
                message.next_attempt_at = utc_now() + RETRY_BASE * 2 ** (message.delivery_attempts - 1)
            else:
                message.delivery_state = "failed"
                message.next_attempt_at = None
            log.warning("delivery of message %s failed: %s", message.id, exc.reason)
            return
        message.delivery_state = "sent"
        message.platform_message_id = result.external_id
        message.delivered_at = utc_now()
        message.delivery_error = None
        message.next_attempt_at = None


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
