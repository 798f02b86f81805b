"""Notifications: in-app, e-mail (SMTP) and a Slack-compatible webhook.

Callers use :func:`notify_user`, :func:`notify_email` or :func:`notify_webhook` inside their
transaction. In-app alerts join the user's one notification list (the same one that holds
@mentions and approval decisions); e-mail and webhook messages are
:class:`~escalada.models.NotificationDelivery` rows that a job delivers after the commit. The job locks the row and skips it once ``sent_at`` is set, so a
retry never sends twice. Outside systems sit behind :class:`Mailer` and
:class:`WebhookPoster`; tests and the demo use the fakes.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.config import Settings
from escalada.kit.clock import utc_now
from escalada.auth.principal import Principal
from escalada.models import Notification, NotificationDelivery, User
from escalada.notifications import service as user_notifications
from escalada.workers.jobs import enqueue

if TYPE_CHECKING:
    from escalada.db import Database

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    pass


class Mailer(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


class WebhookPoster(Protocol):
    def post(self, *, text: str) -> None: ...


@dataclass
class FakeMailer:
    sent: list[dict[str, str]] = field(default_factory=list)

    def send(self, *, to: str, subject: str, body: str) -> None:
        self.sent.append({"to": to, "subject": subject, "body": body})


@dataclass
class SmtpMailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None

    def send(self, *, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
                smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP to {self.host}:{self.port} failed: {exc.__class__.__name__}") from exc


@dataclass
class HttpWebhook:
    """Posts ``{"text": ...}``, the shape Slack and Mattermost incoming webhooks take."""

    url: str
    transport: httpx.BaseTransport | None = None

    def post(self, *, text: str) -> None:
        try:
            with httpx.Client(transport=self.transport, timeout=10) as client:
                response = client.post(self.url, json={"text": text})
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook failed: {exc.__class__.__name__}") from exc
        if response.status_code >= 300:
            raise DeliveryError(f"webhook answered {response.status_code}")


@dataclass
class FakeWebhook:
    posted: list[str] = field(default_factory=list)

    def post(self, *, text: str) -> None:
        self.posted.append(text)


@dataclass
class Transports:
    mailer: Mailer = field(default_factory=FakeMailer)
    webhook: WebhookPoster | None = None


_transports = Transports()


def configure(transports: Transports) -> Transports:
    """Install the process's transports (the app does this at start); returns the old ones."""
    global _transports
    previous, _transports = _transports, transports
    return previous


def transports_from(settings: Settings) -> Transports:
    mailer: Mailer = FakeMailer()
    if settings.smtp_host:
        mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from,
                            settings.smtp_user, settings.smtp_password)
    webhook = HttpWebhook(settings.escalation_webhook_url) if settings.escalation_webhook_url else None
    return Transports(mailer=mailer, webhook=webhook)


SYSTEM = Principal(role="agent", label="Escalada")


def _add(session: Session, **values: object) -> NotificationDelivery:
    row = NotificationDelivery(**values)
    session.add(row)
    session.flush()
    enqueue(session, deliver, row.id)
    return row


def notify_user(session: Session, *, user: User, subject: str, body: str,
                conversation_id: int | None = None, email: bool = True) -> Notification:
    """Tell a user in the app and, unless ``email`` is False, by e-mail."""
    text = f"{subject.removeprefix('[Escalada] ')}: {body}" if body else subject
    notification = user_notifications.notify(session, user_id=user.id, kind="alert", text=text[:2000],
                                             actor=SYSTEM, conversation_id=conversation_id)
    if email:
        notify_email(session, to=user.email, subject=subject, body=body,
                     conversation_id=conversation_id, user_id=user.id)
    return notification


def notify_email(session: Session, *, to: str, subject: str, body: str,
                 conversation_id: int | None = None, user_id: int | None = None) -> NotificationDelivery:
    return _add(session, channel="email", recipient=to, subject=subject, body=body,
                conversation_id=conversation_id, user_id=user_id)


def notify_webhook(session: Session, *, text: str, conversation_id: int | None = None) -> NotificationDelivery | None:
    """Post to the escalation webhook, when one is configured."""
    if _transports.webhook is None:
        return None
    return _add(session, channel="webhook", recipient="webhook", subject=text[:200], body=text,
                conversation_id=conversation_id)


def deliver(db: Database, notification_id: int) -> None:
    """Job: send one e-mail or webhook notification. Idempotent."""
    with db.unit_of_work() as session:
        row = session.scalar(select(NotificationDelivery)
                            .where(NotificationDelivery.id == notification_id).with_for_update())
        if row is None or row.sent_at is not None:
            return
        try:
            if row.channel == "email":
                _transports.mailer.send(to=row.recipient, subject=row.subject, body=row.body)
            elif row.channel == "webhook" and _transports.webhook is not None:
                _transports.webhook.post(text=row.body)
        except DeliveryError as exc:
            row.error = str(exc)[:500]
            log.warning("notification %s failed: %s", row.id, row.error)
            return
        row.sent_at = utc_now()
        row.error = None
