"""Platform connections (credentials, encrypted) and raw webhook deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from escalada.kit.clock import utc_now
from escalada.models.base import Base
from escalada.models.brand import BrandAccount

WEBHOOK_STATES = ("pending", "processed", "failed")


class ChannelConnection(Base):
    """How Escalada talks to the platform for one brand account.

    ``external_id`` is the platform's id of the account (X user id, Facebook Page id,
    Instagram professional account id): webhooks name accounts by it. The secrets
    (consumer secret, access tokens, app secret, verify token) are one Fernet token in
    ``secrets_encrypted``; ``secret_names`` lists which are set, so pages can say so
    without ever decrypting them.
    """

    __tablename__ = "channel_connections"
    __table_args__ = (Index("ix_channel_connections_external", "platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_account_id: Mapped[int] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="CASCADE"), unique=True
    )
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    secrets_encrypted: Mapped[str] = mapped_column(Text)
    secret_names: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(200))
    # The X mentions poller's place: the newest post id seen, and when it last ran.
    poll_since_id: Mapped[str | None] = mapped_column(String(32))
    polled_at: Mapped[datetime | None]
    # The listening search's place (X recent search for the brand's queries).
    listen_since_id: Mapped[str | None] = mapped_column(String(32))

    brand_account: Mapped[BrandAccount] = relationship(lazy="raise")


class WebhookDelivery(Base):
    """One webhook request exactly as received, stored before it is acknowledged.

    Processing happens in a job after the commit; ``state`` goes pending → processed
    (or failed after repeated errors). ``counts`` says what the delivery held: messages
    created, duplicates, events ignored or of unknown type.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state", "state", "received_at"),
        Index("ix_webhook_deliveries_digest", "source", "body_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # "x" or "meta"
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Events stored so far: a large delivery is stored in chunks, each its own
    # transaction, and a retry resumes after the last committed chunk.
    events_done: Mapped[int] = mapped_column(default=0)
    processed_at: Mapped[datetime | None]
