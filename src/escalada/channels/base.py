"""The protocol every outbound channel implements, and the errors it may raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class OutboundRequest:
    message_id: int  # also the idempotency key: sending the same id twice sends once
    platform: str
    brand_account: str
    recipient_handle: str | None
    recipient_platform_user_id: str | None
    visibility: str
    text: str
    in_reply_to: str | None


@dataclass(frozen=True, slots=True)
class SendResult:
    external_id: str


class ChannelError(Exception):
    """Delivery failed; ``retryable`` says whether trying again later may succeed, and
    ``retry_after`` (seconds) how long the platform asked us to wait, when it said."""

    def __init__(self, reason: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


class Channel(Protocol):
    name: str

    def send(self, session: Session, request: OutboundRequest) -> SendResult: ...
