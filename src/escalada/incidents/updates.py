"""Approved customer updates: draft, approve, then send once to every linked conversation.

Sending is a job that works in batches. Each batch, in one transaction, locks the
update, picks linked conversations that have no delivery row yet, and for each one
writes the delivery row and queues the reply in the outbox. The pair (update,
conversation) is unique, so a sender killed half-way and restarted (by the sweep, or
``escalada incidents resume``) continues where the last committed batch ended and
never writes to a conversation twice. Replies are spaced per platform
(:data:`SENDS_PER_MINUTE`): each gets a ``send_at`` and the outbox delivers it then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from escalada.inbox import threading
from escalada.inbox.status import transition as conversation_transition
from escalada.incidents import hooks, service
from escalada.incidents.cues import INCIDENT_CATEGORIES
from escalada.incidents.postmortems import ensure_postmortem
from escalada.kit.clock import utc_now
from escalada.models import (
    OPEN_INCIDENT_STATUSES,
    Conversation,
    Incident,
    IncidentConversation,
    IncidentDelivery,
    IncidentUpdate,
    Message,
)
from escalada.channels.limits import check_length
from escalada.channels.visibility import PRIVATE, PUBLIC, thread_visibility
from escalada.replies.outbox import queue_reply
from escalada.workers.jobs import enqueue

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)

# Outbound pace per platform, well inside each platform's published rate limits.
SENDS_PER_MINUTE = {"x": 30, "facebook": 60, "instagram": 30, "messenger": 60, "whatsapp": 60,
                    "email": 120, "other": 60}
BATCH_SIZE = 50
MAX_TEXT = 4000
# Categories that mean the customer has a problem of their own besides the incident.
OWN_ISSUE_CATEGORIES = INCIDENT_CATEGORIES | {"cancellation", "legal", "reputation"}


def _get_update(session: Session, *, incident: Incident, update_id: int,
                for_update: bool = False) -> IncidentUpdate:
    query = select(IncidentUpdate).where(IncidentUpdate.id == update_id,
                                         IncidentUpdate.incident_id == incident.id)
    if for_update:
        query = query.with_for_update()
    update = session.scalar(query)
    if update is None:
        raise NotFound(f"update {update_id} not found")
    return update


def list_updates(session: Session, *, incident: Incident) -> list[IncidentUpdate]:
    return list(session.scalars(
        select(IncidentUpdate).where(IncidentUpdate.incident_id == incident.id).order_by(IncidentUpdate.id)
    ))


def _clean_texts(texts: dict[str, str], default_language: str) -> dict[str, str]:
    cleaned = {}
    for language, text in texts.items():
        language = language.strip().lower()
        text = text.strip()
        if not text:
            continue
        if not (2 <= len(language) <= 8 and language.replace("-", "").isalpha()):
            raise InvalidInput(f"{language!r} is not a language code")
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"the {language} text has {len(text)} characters; the limit is {MAX_TEXT}")
        cleaned[language] = text
    if default_language not in cleaned:
        raise InvalidInput(f"write the update in its default language ({default_language})")
    return cleaned


def customer_languages(session: Session, *, incident: Incident) -> dict[str, int]:
    """Linked customers per language they wrote in (undetermined left out)."""
    rows = session.execute(
        select(Conversation.language, func.count())
        .join(IncidentConversation, IncidentConversation.conversation_id == Conversation.id)
        .where(IncidentConversation.incident_id == incident.id, Conversation.language != "und")
        .group_by(Conversation.language))
    return {language: count for language, count in rows}


def check_languages(session: Session, *, incident: Incident, texts: dict[str, str],
                    default_for: list[str]) -> None:
    """Every language with linked customers has its text, or was chosen on purpose to get
    the default one: nobody is sent a language they did not write in by accident."""
    missing = {language: count for language, count in customer_languages(session, incident=incident).items()
               if language not in texts and language not in default_for}
    if missing:
        listed = ", ".join(f"{language} ({count} customer{'' if count == 1 else 's'})"
                           for language, count in sorted(missing.items()))
        raise InvalidInput(f"write the update in {listed}, or choose to send them the default text",
                           details={"missing_languages": sorted(missing)})


def draft_update(session: Session, *, incident_id: int, principal: Principal, texts: dict[str, str],
                 default_language: str = "en", kind: str = "update",
                 default_for: list[str] | None = None) -> IncidentUpdate:
    """The owner's draft; one text per language of the linked customers (or, chosen per
    language, the default one)."""
    principal.require(Permission.INCIDENTS_MANAGE)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    if kind not in ("update", "resolution"):
        raise InvalidInput("kind must be 'update' or 'resolution'")
    if incident.status == "resolved":
        raise Conflict("this incident is resolved; reopen it to send another update")
    cleaned = _clean_texts(texts, default_language)
    chosen = sorted({language.strip().lower() for language in default_for or []} - set(cleaned))
    check_languages(session, incident=incident, texts=cleaned, default_for=chosen)
    update = IncidentUpdate(incident_id=incident.id, kind=kind, default_language=default_language,
                            texts=cleaned, default_for=chosen,
                            drafted_by_id=principal.user_id, drafted_by_label=principal.label)
    session.add(update)
    session.flush()
    service.add_event(session, incident, actor=principal, kind="update_drafted",
                      text=f"{kind} drafted in {', '.join(sorted(update.texts))}", update_id=update.id)
    return update


def edit_draft(session: Session, *, incident_id: int, update_id: int, principal: Principal,
               texts: dict[str, str], default_language: str,
               default_for: list[str] | None = None) -> IncidentUpdate:
    principal.require(Permission.INCIDENTS_MANAGE)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    update = _get_update(session, incident=incident, update_id=update_id, for_update=True)
    if update.state != "draft":
        raise Conflict("an approved update cannot change; draft a new one")
    cleaned = _clean_texts(texts, default_language)
    chosen = sorted({language.strip().lower() for language in default_for or []} - set(cleaned))
    check_languages(session, incident=incident, texts=cleaned, default_for=chosen)
    update.texts, update.default_for = cleaned, chosen
    update.default_language = default_language
    service.add_event(session, incident, actor=principal, kind="update_edited",
                      text=f"{update.kind} #{update.id} edited", update_id=update.id)
    return update


def approve_update(session: Session, *, incident_id: int, update_id: int,
                   principal: Principal) -> IncidentUpdate:
    """A lead or escalation manager other than the author approves the exact text."""
    principal.require(Permission.INCIDENTS_APPROVE)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal)
    update = _get_update(session, incident=incident, update_id=update_id, for_update=True)
    if update.state != "draft":
        raise Conflict(f"this update is already {update.state}")
    same_user = principal.user_id is not None and principal.user_id == update.drafted_by_id
    same_token = principal.user_id is None and principal.label == update.drafted_by_label
    if same_user or same_token:
        raise PermissionDenied("a second person must approve an update; ask another manager or lead")
    # Customers linked since the draft need their language too.
    check_languages(session, incident=incident, texts=update.texts, default_for=list(update.default_for or []))
    problems = [f"{language}: {problem}" for language, text in update.texts.items()
                for problem in hooks.review_draft(text, language=language)]
    problems += _length_problems(session, incident=incident, texts=update.texts)
    if problems:
        raise InvalidInput("the reply guard found problems: " + "; ".join(problems))
    update.state = "approved"
    update.approved_by_id = principal.user_id
    update.approved_by_label = principal.label
    update.approved_at = utc_now()
    service.add_event(session, incident, actor=principal, kind="update_approved",
                      text=f"{update.kind} #{update.id} approved", update_id=update.id)
    service.alert_stakeholders(session, incident=incident, kind="update",
                               text=f"Incident #{incident.id}: customer {update.kind} approved by "
                                    f"{principal.label}")
    return update


def _length_problems(session: Session, *, incident: Incident, texts: dict[str, str]) -> list[str]:
    """Texts too long for a platform of the linked conversations, checked as public replies."""
    platforms = set(session.scalars(
        select(Conversation.channel)
        .join(IncidentConversation, IncidentConversation.conversation_id == Conversation.id)
        .where(IncidentConversation.incident_id == incident.id)))
    problems = []
    for language, text in texts.items():
        for platform in sorted(platforms):
            try:
                check_length(platform, "public", text)
            except InvalidInput as exc:
                problems.append(f"{language}: {exc.message}")
    return problems


def send_update(session: Session, *, incident_id: int, update_id: int,
                principal: Principal) -> IncidentUpdate:
    """One action: send an approved update to every linked conversation (in the background).

    Sending the resolution update resolves the incident.
    """
    principal.require(Permission.INCIDENTS_APPROVE)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal,
                                    for_update=True)
    update = _get_update(session, incident=incident, update_id=update_id, for_update=True)
    if update.state == "sending":
        return update
    if update.state == "sent":
        # Conversations linked since the update went out get it too (and only they do).
        waiting = not_yet_sent(session, update=update)
        if not waiting:
            return update
        service.add_event(session, incident, actor=principal, kind="update_sending",
                          text=f"{update.kind} #{update.id} sending to {waiting} conversations linked since",
                          update_id=update.id)
        update.state = "sending"
        enqueue(session, fan_out, update.id)
        return update
    if update.state != "approved":
        raise Conflict("approve the update before sending it")
    update.state = "sending"
    update.send_started_at = utc_now()
    linked = session.scalar(select(func.count()).select_from(IncidentConversation)
                            .where(IncidentConversation.incident_id == incident.id))
    service.add_event(session, incident, actor=principal, kind="update_sending",
                      text=f"{update.kind} #{update.id} sending to {linked} conversations",
                      update_id=update.id)
    if update.kind == "resolution":
        service.transition(session, incident, "resolved", actor=principal,
                           note=f"resolution update #{update.id} sent")
        ensure_postmortem(session, incident=incident)
    enqueue(session, fan_out, update.id)
    return update


def resolve(session: Session, *, incident_id: int, principal: Principal) -> IncidentUpdate | None:
    """Resolve with the approved resolution update; without linked conversations none is needed."""
    principal.require(Permission.INCIDENTS_APPROVE)
    incident = service.get_incident(session, incident_id=incident_id, principal=principal,
                                    for_update=True)
    ready = session.scalar(select(IncidentUpdate).where(
        IncidentUpdate.incident_id == incident.id, IncidentUpdate.kind == "resolution",
        IncidentUpdate.state == "approved").order_by(IncidentUpdate.id.desc()).limit(1))
    if ready is not None:
        return send_update(session, incident_id=incident.id, update_id=ready.id, principal=principal)
    linked = session.scalar(select(func.count()).select_from(IncidentConversation)
                            .where(IncidentConversation.incident_id == incident.id))
    if linked:
        raise Conflict("draft and approve a resolution update first: every linked customer gets it")
    service.transition(session, incident, "resolved", actor=principal)
    ensure_postmortem(session, incident=incident)
    return None


# Sending ------------------------------------------------------------------------------


def visibility_for(conversation: Conversation, last_inbound_visibility: str | None) -> str:
    """Public where the customer wrote publicly; private where they wrote privately or
    where answering needs their details."""
    if thread_visibility(conversation.channel, last_inbound_visibility) == PRIVATE:
        return PRIVATE
    return PRIVATE if conversation.needs_private else PUBLIC


def has_other_issue(session: Session, *, conversation: Conversation, incident: Incident) -> bool:
    """True when the conversation should stay open after the incident is resolved."""
    others = session.scalar(
        select(func.count()).select_from(IncidentConversation)
        .join(Incident, Incident.id == IncidentConversation.incident_id)
        .where(IncidentConversation.conversation_id == conversation.id,
               Incident.id != incident.id, Incident.status.in_(OPEN_INCIDENT_STATUSES))
    )
    if others:
        return True
    covered = service.main_categories(incident.signature or {})
    return bool((set(conversation.categories) & OWN_ISSUE_CATEGORIES) - covered)


def fan_out(db: Database, update_id: int, *, batch_size: int = BATCH_SIZE,
            after_batch: Callable[[int], None] | None = None) -> int:
    """Job: write the update's remaining deliveries, a batch per transaction. Idempotent.

    Returns how many deliveries this run wrote. ``after_batch`` (tests) runs after each
    committed batch with the running count.
    """
    written = 0
    while True:
        with db.unit_of_work() as session:
            count = _fan_out_batch(session, update_id, batch_size)
        written += count
        if count == 0:
            return written
        if after_batch is not None:
            after_batch(written)


def _fan_out_batch(session: Session, update_id: int, batch_size: int) -> int:
    update = session.scalar(select(IncidentUpdate).where(IncidentUpdate.id == update_id).with_for_update())
    if update is None or update.state != "sending":
        return 0
    incident = session.get(Incident, update.incident_id)
    assert incident is not None
    done = select(IncidentDelivery.conversation_id).where(IncidentDelivery.update_id == update.id)
    pending = list(session.scalars(
        select(Conversation)
        .join(IncidentConversation, IncidentConversation.conversation_id == Conversation.id)
        .where(IncidentConversation.incident_id == incident.id, Conversation.id.not_in(done))
        .order_by(Conversation.id).limit(batch_size)
    ))
    if not pending:
        update.state = "sent"
        update.sent_at = utc_now()
        service.add_event(session, incident, actor=_sender(update), kind="update_sent",
                          text=f"{update.kind} #{update.id} queued for every linked conversation",
                          update_id=update.id)
        return 0
    # Each platform's next free slot: after the last reply already scheduled, never in the past.
    next_free = {platform: last + _spacing(platform) for platform, last in session.execute(
        select(IncidentDelivery.platform, func.max(IncidentDelivery.send_at))
        .where(IncidentDelivery.update_id == update.id).group_by(IncidentDelivery.platform)).all()}
    last_visibility = dict(session.execute(
        select(Message.conversation_id, Message.visibility)
        .where(Message.conversation_id.in_([c.id for c in pending]), Message.direction == "inbound")
        .order_by(Message.created_at, Message.id)).all())  # later rows win: the last inbound
    sender = _sender(update)
    now = utc_now()
    for conversation in pending:
        platform = conversation.channel
        send_at = max(next_free.get(platform, now), now)
        next_free[platform] = send_at + _spacing(platform)
        language = conversation.language if conversation.language in update.texts else update.default_language
        visibility = visibility_for(conversation, last_visibility.get(conversation.id))
        delivery = IncidentDelivery(update_id=update.id, conversation_id=conversation.id,
                                    platform=platform, visibility=visibility, language=language,
                                    send_at=send_at)
        session.add(delivery)
        if conversation.status == "closed":
            delivery.skipped = "conversation closed"
            continue
        text = update.texts[language]
        try:
            message = queue_reply(session, conversation=conversation, text=text,
                                  visibility=visibility, principal=sender, send_at=send_at)
        except InvalidInput as exc:  # over this platform's length limit: say so, send the rest
            delivery.skipped = exc.message[:200]
            continue
        delivery.message_id = message.id
        threading.touch(conversation, at=message.created_at, preview=text, inbound=False)
        if conversation.first_response_at is None:
            conversation.first_response_at = message.created_at
        record(session, actor=sender, action="conversation.replied", conversation_id=conversation.id,
               message_id=message.id, visibility=visibility, incident_id=incident.id,
               update_id=update.id)
        if update.kind == "resolution" and not has_other_issue(session, conversation=conversation,
                                                               incident=incident):
            conversation_transition(session, conversation, "resolved", actor=sender,
                                    reason=f"incident #{incident.id} resolved")
        elif conversation.status == "new":
            conversation_transition(session, conversation, "open", actor=sender,
                                    reason=f"incident #{incident.id} update")
    session.flush()
    return len(pending)


def _spacing(platform: str) -> timedelta:
    return timedelta(seconds=60 / SENDS_PER_MINUTE.get(platform, 60))


def not_yet_sent(session: Session, *, update: IncidentUpdate) -> int:
    """Linked conversations this update has not been written to yet."""
    done = select(IncidentDelivery.conversation_id).where(IncidentDelivery.update_id == update.id)
    return session.scalar(
        select(func.count()).select_from(IncidentConversation)
        .where(IncidentConversation.incident_id == update.incident_id,
               IncidentConversation.conversation_id.not_in(done))) or 0


def _sender(update: IncidentUpdate) -> Principal:
    label = f"{update.approved_by_label or 'incident team'} (incident update)"
    return Principal(role="admin", label=label, user_id=update.approved_by_id)


def sweep(db: Database) -> int:
    """Restart every update left half-sent (after a crash or restart)."""
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(IncidentUpdate.id).where(IncidentUpdate.state == "sending")))
    for update_id in ids:
        db.runner.submit(fan_out, db, update_id)
    return len(ids)


@dataclass(frozen=True)
class Progress:
    linked: int
    prepared: int
    queued: int
    sent: int
    failed: int
    skipped: int

    @property
    def percent(self) -> int:
        return round(100 * (self.sent + self.failed + self.skipped) / self.linked) if self.linked else 100


def progress(session: Session, *, update: IncidentUpdate) -> Progress:
    linked = session.scalar(select(func.count()).select_from(IncidentConversation)
                            .where(IncidentConversation.incident_id == update.incident_id)) or 0
    rows = session.execute(
        select(Message.delivery_state, IncidentDelivery.skipped, func.count())
        .select_from(IncidentDelivery)
        .outerjoin(Message, Message.id == IncidentDelivery.message_id)
        .where(IncidentDelivery.update_id == update.id)
        .group_by(Message.delivery_state, IncidentDelivery.skipped)
    ).all()
    counts = {"queued": 0, "sent": 0, "failed": 0}
    skipped = prepared = 0
    for state, skip, n in rows:
        prepared += n
        if skip or state is None:
            skipped += n
        else:
            counts[state] = counts.get(state, 0) + n
    # Once sent, the update went to the conversations linked at the time.
    total = prepared if update.state == "sent" else max(linked, prepared)
    return Progress(linked=total, prepared=prepared, skipped=skipped, **counts)
