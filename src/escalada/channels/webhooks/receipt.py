"""Acknowledge first, process after, lose nothing.

:func:`store_delivery` writes the raw request in the request's own transaction, so
the platform is answered 200 only once the delivery is durable. The
:func:`process_delivery` job runs after that commit; it is idempotent (a delivery
leaves ``pending`` once) and messages are deduplicated by platform id, so a replayed
delivery or a job run twice stores each message once. :func:`sweep` re-submits
deliveries left pending by a process that died after acknowledging.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.channels.credentials import account_by_external_id
from escalada.channels.webhooks import fetch, meta, x
from escalada.channels.webhooks.events import InboundEvent, Normalised
from escalada.config import Settings
from escalada.errors import DuplicateMessage, EscaladaError, NotFound
from escalada.inbox.batch_triage import PreparedTriage
from escalada.inbox.ingest import (
    prepare_batch,
    record_brand_reply,
    store,
    valid_messages,
    validate_item,
)
from escalada.kit.clock import as_utc, utc_now
from escalada.listening import service as listening
from escalada.models import WebhookDelivery
from escalada.workers.jobs import enqueue

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
NORMALISERS: dict[str, Callable[[Any], Normalised]] = {
    "x": x.normalise, "meta": meta.normalise, "x_poll": x.normalise_v2,
    "x_listen": x.normalise_listening,
}
#: Request headers worth keeping with a delivery; signatures and cookies are not kept.
KEPT_HEADERS = ("content-type", "user-agent", "x-forwarded-for")


def store_delivery(session: Session, *, source: str, body: bytes, headers: dict[str, str]) -> WebhookDelivery:
    """Keep the delivery and queue its processing. A replay of a stored body is not kept twice."""
    digest = hashlib.sha256(body).hexdigest()
    existing = session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.source == source, WebhookDelivery.body_sha256 == digest
        ).limit(1)
    )
    if existing is not None:
        log.info("%s webhook delivery replayed; already stored as %s", source, existing.id)
        return existing
    delivery = WebhookDelivery(
        source=source,
        body=body.decode("utf-8", errors="replace"),
        body_sha256=digest,
        headers={k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS},
        received_at=utc_now(),
    )
    session.add(delivery)
    session.flush()
    enqueue(session, process_delivery, delivery.id)
    return delivery


def _store_event(session: Session, event: InboundEvent, settings: Settings | None,
                 counts: Counter[str], account: Any, prepared: PreparedTriage) -> None:
    if account is None:
        counts["unknown_account"] += 1
        log.warning("%s event for unconnected account id %s", event.platform,
                    event.account_external_id)
        return
    data = {**event.message, "brand_account": account.handle}
    queries = []
    if event.listening:
        queries = listening.matching_queries(session, brand_id=account.brand_id, text=data["text"])
        if not queries:
            counts["ignored.listening_no_match"] += 1
            return
    if event.own:
        _store_own(session, event, account, data, counts)
        return
    try:
        message = validate_item(data, settings=settings or Settings())
        stored = store(session, message, raw=event.raw, listening=tuple(q.term for q in queries),
                       prepared=prepared)
        if queries:
            listening.mark(session, stored, queries)
    except DuplicateMessage:
        counts["duplicates"] += 1
    except EscaladaError as exc:
        counts["rejected"] += 1
        log.warning("%s message %s rejected: %s", event.platform,
                    data.get("platform_message_id"), exc.message)
    else:
        counts["created"] += 1


def _store_own(session: Session, event: InboundEvent, account: Any, data: dict[str, Any],
               counts: Counter[str]) -> None:
    """The brand's own post: a reply to a stored message joins its thread; the rest is counted."""
    if not data.get("in_reply_to"):
        counts["ignored.own_post"] += 1
        return
    try:
        created_at = as_utc(datetime.fromisoformat(data["created_at"]))
    except (TypeError, ValueError):
        counts["rejected"] += 1
        log.warning("%s brand post %s has no readable time", event.platform,
                    data.get("platform_message_id"))
        return
    try:
        with session.begin_nested():
            record_brand_reply(
                session, platform=event.platform, platform_message_id=data["platform_message_id"],
                brand_account=account, in_reply_to=data["in_reply_to"], text=data["text"],
                visibility=data["visibility"],
                created_at=created_at,
                raw=event.raw,
            )
    except DuplicateMessage:
        counts["duplicates"] += 1  # usually our own outbox reply, already stored
    except EscaladaError:
        counts["ignored.own_post"] += 1
    else:
        counts["brand_replies"] += 1


def _read(db: Database, delivery_id: int) -> tuple[str, Normalised, int] | None:
    """The delivery's source, events and events already stored, read in a short
    transaction; None unless pending."""
    with db.unit_of_work(read_only=True) as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.state != "pending":
            return None
        source, body, done = delivery.source, delivery.body, delivery.events_done
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as exc:
        with db.unit_of_work() as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is not None and delivery.state == "pending":
                delivery.attempts += 1
                delivery.state = "failed"
                delivery.error = f"body is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                delivery.processed_at = utc_now()
        return None
    return source, NORMALISERS[source](payload), done


#: Events stored per transaction: a 10,000-post delivery must not hold SQLite's write
#: lock for minutes, so each chunk commits on its own (other requests run in between).
CHUNK = 200


def _store_chunk(session: Session, delivery_id: int, normalised: Normalised, start: int,
                 settings: Settings | None) -> bool:
    """Store events ``start`` … ``start + CHUNK`` of a pending delivery; False when another
    run has moved the delivery on (it owns the rest)."""
    delivery = session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update()
    )
    if delivery is None or delivery.state != "pending" or delivery.events_done != start:
        return False
    if start == 0:
        delivery.attempts += 1
    events = normalised.events[start:start + CHUNK]
    counts: Counter[str] = Counter(delivery.counts or {})
    accounts = {
        key: account_by_external_id(session, platform=key[0], external_id=key[1])
        for key in {(event.platform, event.account_external_id) for event in events}
    }
    # The chunk's customer messages are triaged at once (listening posts too: most
    # match, since the platform filtered them by the same terms).
    prepared = prepare_batch(session, valid_messages(
        [{**event.message, "brand_account": account.handle}
         for event in events
         if not event.own
         and (account := accounts[(event.platform, event.account_external_id)]) is not None],
        settings=settings or Settings(),
    ))
    for event in events:
        account = accounts[(event.platform, event.account_external_id)]
        _store_event(session, event, settings, counts, account, prepared)
    delivery.counts = dict(counts)
    delivery.events_done = start + len(events)
    return True


def _finish(session: Session, delivery_id: int, normalised: Normalised) -> None:
    delivery = session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update()
    )
    if delivery is None or delivery.state != "pending" or delivery.events_done != len(normalised.events):
        return
    if not normalised.events:
        delivery.attempts += 1
    counts: Counter[str] = Counter(delivery.counts or {})
    counts.update(normalised.counts)
    for kind, number in counts.items():
        if kind.startswith("unknown."):
            log.info("%s webhook delivery %s: %s unknown event(s) %s", delivery.source,
                     delivery.id, number, kind.removeprefix("unknown."))
    delivery.counts = dict(counts)
    delivery.state = "processed"
    delivery.error = None
    delivery.processed_at = utc_now()


def process_delivery(db: Database, delivery_id: int) -> None:
    """Job: turn one stored delivery into messages. Idempotent, and resumable.

    Reading and normalising (and any platform read an event needs) happen before any
    storing transaction opens. Events are stored ``CHUNK`` at a time, each chunk in its
    own transaction that re-checks the delivery under a lock and records how far it
    got; a retry after a crash resumes at the first chunk not committed.
    """
    try:
        read = _read(db, delivery_id)
        if read is None:
            return
        _, normalised, done = read
        fetch.complete(db, normalised)
        for start in range(done, len(normalised.events), CHUNK):
            with db.unit_of_work() as session:
                if not _store_chunk(session, delivery_id, normalised, start, db.settings):
                    return
        with db.unit_of_work() as session:
            _finish(session, delivery_id, normalised)
    except Exception as exc:
        if not isinstance(exc, fetch.FetchFailed):
            log.exception("webhook delivery %s failed", delivery_id)
        with db.unit_of_work() as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is not None and delivery.state == "pending":
                delivery.attempts += 1
                delivery.error = f"{type(exc).__name__}: {exc}"[:1000]
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.state = "failed"


def sweep(db: Database, *, older_than: timedelta = timedelta(seconds=60)) -> int:
    """Re-submit deliveries still pending ``older_than`` after arrival (the process died)."""
    with db.unit_of_work() as session:
        ids = list(session.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.state == "pending",
                   WebhookDelivery.received_at <= utc_now() - older_than)
            .order_by(WebhookDelivery.id)
            .limit(500)
        ))
    for delivery_id in ids:
        db.runner.submit(process_delivery, db, delivery_id)
    return len(ids)


def retry_delivery(session: Session, *, delivery_id: int, principal: Principal) -> WebhookDelivery:
    """Process a failed delivery again (after fixing a connection, say)."""
    principal.require(Permission.CHANNELS_MANAGE)
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound(f"webhook delivery {delivery_id} not found")
    delivery.state = "pending"
    delivery.attempts = 0
    delivery.error = None
    session.flush()
    enqueue(session, process_delivery, delivery.id)
    return delivery


def list_deliveries(session: Session, *, principal: Principal, state: str | None = None,
                    limit: int = 100) -> list[WebhookDelivery]:
    principal.require(Permission.CHANNELS_MANAGE)
    query = select(WebhookDelivery)
    if state:
        query = query.where(WebhookDelivery.state == state)
    return list(session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)))


def delivery_totals(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(WebhookDelivery.state, func.count()).group_by(WebhookDelivery.state)
    )
    return {state: count for state, count in rows}
