"""Turn normalised inbound messages into authors, conversations and triaged messages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import SYSTEM, Principal
from escalada.brands.service import find_account, normalise_handle
from escalada.config import Settings
from escalada.errors import DuplicateMessage, EscaladaError, InvalidInput, PayloadTooLarge
from escalada.inbox import threading
from escalada.incidents import detection
from escalada.inbox.schemas import AuthorIn, InboundMessage, IngestItemResult, IngestReport
from escalada.inbox.status import transition
from escalada.kit.clock import utc_now
from escalada.models import Author, BrandAccount, Conversation, Message
from escalada.listening import stream
from escalada.routing.pipeline import after_triage
from escalada.sla import service as sla
from escalada.brands.triage_policy import load_policy
from escalada.inbox.batch_triage import (
    PreparedTriage,
    author_signals,
    author_user_id,
    merge_profile,
    prepare_triage,
    triage_input,
)
from escalada.triage import triage


class MalformedBody(EscaladaError):
    code = "malformed"


def parse_body(body: bytes, *, settings: Settings) -> tuple[list[Any], bool]:
    """Decode a request body into raw items; ``True`` when it was a batch."""
    if len(body) > settings.max_request_bytes:
        raise PayloadTooLarge(
            f"request body is {len(body)} bytes; the limit is {settings.max_request_bytes}"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedBody(f"body is not valid UTF-8 (bad byte at position {exc.start})") from exc
    if not text.strip():
        raise MalformedBody("body is empty; send a JSON object or an array of objects")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedBody(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        data = data["messages"]
    if isinstance(data, dict):
        return [data], False
    if not isinstance(data, list):
        raise InvalidInput("send a JSON object (one message) or an array of objects (a batch)")
    if not data:
        raise InvalidInput("the batch is empty")
    if len(data) > settings.max_batch_items:
        raise PayloadTooLarge(
            f"batch has {len(data)} messages; the limit is {settings.max_batch_items}"
        )
    return data, True


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "message"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def validate_item(raw: Any, *, settings: Settings) -> InboundMessage:
    if not isinstance(raw, dict):
        raise InvalidInput("each message must be a JSON object")
    try:
        message = InboundMessage.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from exc
    size = len(message.text.encode("utf-8"))
    if size > settings.max_text_bytes:
        raise PayloadTooLarge(f"text is {size} bytes; the limit is {settings.max_text_bytes} bytes")
    return message


def valid_messages(items: Iterable[Any], *, settings: Settings) -> list[InboundMessage]:
    """The items :func:`validate_item` accepts; storing the others rejects them with a reason."""
    found = []
    for raw in items:
        try:
            found.append(validate_item(raw, settings=settings))
        except EscaladaError:
            continue
    return found


@dataclass
class AccountLookups:
    """Per-batch cache of brand accounts, so a batch does not look one up per message."""

    accounts: dict[tuple[str, str], BrandAccount] = field(default_factory=dict)

    def account(self, session: Session, platform: str, handle: str) -> BrandAccount:
        key = (platform, normalise_handle(handle))
        if key not in self.accounts:
            account = find_account(session, platform=platform, handle=handle)
            if account is None:
                raise InvalidInput(
                    f"unknown brand account {platform}:@{key[1]}; connect it to a brand first"
                )
            self.accounts[key] = account
        return self.accounts[key]

    def brand_id(self, session: Session, platform: str, handle: str) -> int | None:
        """The brand the account belongs to; None when no brand connected it."""
        try:
            return self.account(session, platform, handle).brand_id
        except InvalidInput:
            return None


def prepare_batch(
    session: Session,
    messages: Sequence[InboundMessage],
    *,
    lookups: AccountLookups | None = None,
    at: Callable[[InboundMessage], datetime] | None = None,
) -> PreparedTriage:
    """The triage of a batch, computed at once; hand it to :func:`store` for each message."""
    accounts = lookups or AccountLookups()
    return prepare_triage(
        session,
        messages,
        brand_of=lambda message: accounts.brand_id(session, message.platform, message.brand_account),
        at=at,
    )


def upsert_author(session: Session, *, platform: str, data: AuthorIn) -> Author:
    user_id = author_user_id(data)
    author = session.scalar(
        select(Author).where(Author.platform == platform, Author.platform_user_id == user_id)
    )
    if author is None:
        author = Author(platform=platform, platform_user_id=user_id, handle=data.handle)
        session.add(author)
    merge_profile(author, data)
    author.updated_at = utc_now()
    session.flush()
    return author


def ingest_message(
    session: Session,
    message: InboundMessage,
    *,
    raw: dict[str, Any],
    actor: Principal = SYSTEM,
    lookups: AccountLookups | None = None,
    listening: tuple[str, ...] = (),
    prepared: PreparedTriage | None = None,
) -> Message:
    """Store one inbound message, thread it and triage it. Raises DuplicateMessage.

    ``listening`` names the listening terms a public post matched: a conversation it
    starts enters the listening stream (see :mod:`escalada.listening.stream`).
    ``prepared`` holds the triage of a whole batch computed at once
    (:mod:`escalada.inbox.batch_triage`); it is used only when it was computed from
    exactly this message's input and policy.
    """
    existing = session.execute(
        select(Message.id, Message.conversation_id).where(
            Message.platform == message.platform,
            Message.platform_message_id == message.platform_message_id,
        )
    ).first()
    if existing is not None:
        raise DuplicateMessage(
            f"{message.platform} message {message.platform_message_id} is already stored"
            f" as message {existing.id}",
            details={"message_id": existing.id, "conversation_id": existing.conversation_id},
        )
    account = (lookups or AccountLookups()).account(session, message.platform, message.brand_account)
    author = upsert_author(session, platform=message.platform, data=message.author)
    item = triage_input(message, author_signals(author))
    policy = load_policy(session, account.brand_id)
    found = prepared.result(message, item, policy) if prepared is not None else None
    result = (found or triage(item, policy)).to_dict()
    if listening:
        result["listening"] = list(listening)

    conversation = threading.find_conversation(
        session,
        platform=message.platform,
        in_reply_to=message.in_reply_to,
        author_id=author.id,
        brand_account_id=account.id,
    )
    is_first = conversation is None
    was_executive = bool(conversation and conversation.executive)
    if conversation is None:
        conversation = Conversation(
            brand_id=account.brand_id,
            brand_account_id=account.id,
            author_id=author.id,
            channel=message.platform,
            created_at=message.created_at,
            last_message_at=message.created_at,
        )
        session.add(conversation)
        session.flush()
        record(session, actor=actor, action="conversation.created", conversation_id=conversation.id)
    elif conversation.status in ("pending", "resolved"):
        transition(session, conversation, "open", actor=actor, reason="the customer wrote again")

    stored = Message(
        conversation_id=conversation.id,
        direction="inbound",
        platform=message.platform,
        platform_message_id=message.platform_message_id,
        brand_account_id=account.id,
        author_id=author.id,
        sender_label=author.handle,
        text=message.text,
        visibility=message.visibility,
        created_at=message.created_at,
        in_reply_to_platform_id=message.in_reply_to,
        raw=raw,
        triage=result,
        language=result["language"],
        sentiment=result["sentiment"],
    )
    session.add(stored)
    tags = threading.apply_triage(conversation, result, is_first=is_first)
    threading.touch(conversation, at=message.created_at, preview=message.text, inbound=True)
    session.flush()
    threading.add_tags(session, conversation, tags, added_by="triage")
    if listening and is_first:
        threading.add_tags(session, conversation, [stream.LISTENING_TAG], added_by="listening")
    elif not listening and not is_first and stream.is_listening(session, conversation):
        stream.leave_stream(session, conversation, actor=actor, reason="the author wrote to the brand")
    after_triage(session, conversation, stored, is_first=is_first, was_executive=was_executive,
                 actor=actor)
    detection.observe(session, message=stored, conversation=conversation, triage=result)
    return stored


def store(
    session: Session,
    message: InboundMessage,
    *,
    raw: dict[str, Any],
    actor: Principal = SYSTEM,
    lookups: AccountLookups | None = None,
    listening: tuple[str, ...] = (),
    prepared: PreparedTriage | None = None,
) -> Message:
    """:func:`ingest_message` in a savepoint, so a failure leaves the rest of the batch intact.

    A unique-constraint race with a concurrent request (same message, author or tag
    written between our read and our insert) is retried once; the second attempt sees
    the other request's rows and either threads onto them or reports the duplicate.
    """
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return ingest_message(session, message, raw=raw, actor=actor, lookups=lookups,
                                      listening=listening, prepared=prepared)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def ingest_batch(
    session: Session, items: Sequence[Any], *, settings: Settings, actor: Principal
) -> IngestReport:
    """Store every good item; report each bad or duplicate one with its reason."""
    results: list[IngestItemResult] = []
    seen: dict[tuple[str, str], int] = {}
    lookups = AccountLookups()
    accepted: list[tuple[int, Any, InboundMessage]] = []
    for index, raw in enumerate(items):
        try:
            message = validate_item(raw, settings=settings)
        except EscaladaError as exc:
            results.append(IngestItemResult(index=index, status="rejected", error=exc.message))
            continue
        key = (message.platform, message.platform_message_id)
        if key in seen:
            results.append(
                IngestItemResult(
                    index=index, status="duplicate",
                    error=f"same platform_message_id as item {seen[key]} of this batch",
                )
            )
            continue
        seen[key] = index
        accepted.append((index, raw, message))
    prepared = prepare_batch(session, [message for _, _, message in accepted], lookups=lookups)
    for index, raw, message in accepted:
        try:
            stored = store(session, message, raw=raw, actor=actor, lookups=lookups,
                           prepared=prepared)
        except DuplicateMessage as exc:
            results.append(
                IngestItemResult(index=index, status="duplicate", error=exc.message, **exc.details)
            )
        except EscaladaError as exc:
            results.append(IngestItemResult(index=index, status="rejected", error=exc.message))
        else:
            results.append(
                IngestItemResult(
                    index=index, status="created", message_id=stored.id,
                    conversation_id=stored.conversation_id,
                )
            )
    results.sort(key=lambda result: result.index)
    counts = {s: sum(1 for r in results if r.status == s) for s in ("created", "duplicate", "rejected")}
    return IngestReport(
        created=counts["created"], duplicates=counts["duplicate"], rejected=counts["rejected"],
        results=results,
    )


def record_brand_reply(
    session: Session,
    *,
    platform: str,
    platform_message_id: str,
    brand_account: BrandAccount,
    in_reply_to: str,
    text: str,
    visibility: str,
    created_at: datetime,
    raw: dict[str, Any] | None = None,
    actor: Principal = SYSTEM,
) -> Message:
    """Store a reply the brand already sent outside Escalada (imports, demo history)."""
    if session.scalar(
        select(Message.id).where(
            Message.platform == platform, Message.platform_message_id == platform_message_id
        )
    ) is not None:
        raise DuplicateMessage(f"{platform} message {platform_message_id} is already stored")
    conversation_id = session.scalar(
        select(Message.conversation_id).where(
            Message.platform == platform, Message.platform_message_id == in_reply_to
        )
    )
    if conversation_id is None:
        raise InvalidInput(f"brand reply {platform_message_id} answers {in_reply_to}, which is not stored")
    conversation = session.get(Conversation, conversation_id)
    assert conversation is not None
    message = Message(
        conversation_id=conversation.id,
        direction="outbound",
        platform=platform,
        platform_message_id=platform_message_id,
        brand_account_id=brand_account.id,
        sender_label=brand_account.display_handle,
        text=text,
        visibility=visibility,
        created_at=created_at,
        in_reply_to_platform_id=in_reply_to,
        raw=raw,
        delivery_state="sent",
        delivered_at=created_at,
    )
    session.add(message)
    threading.touch(conversation, at=created_at, preview=text, inbound=False)
    if conversation.first_response_at is None or created_at < conversation.first_response_at:
        conversation.first_response_at = created_at
    if conversation.status == "new":
        transition(session, conversation, "open", actor=actor, reason="brand replied")
    session.flush()
    sla.refresh(session, conversation)
    return message
