"""A channel that records what it would send instead of calling a platform."""

from __future__ import annotations

import dataclasses
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.channels.base import OutboundRequest, SendResult
from escalada.models import SandboxDelivery


class SandboxChannel:
    name = "sandbox"

    def send(self, session: Session, request: OutboundRequest) -> SendResult:
        existing = session.scalar(
            select(SandboxDelivery).where(SandboxDelivery.message_id == request.message_id)
        )
        if existing is not None:
            return SendResult(external_id=existing.external_id)
        delivery = SandboxDelivery(
            message_id=request.message_id,
            platform=request.platform,
            external_id=f"sandbox-{uuid.uuid4().hex}",
            request=dataclasses.asdict(request),
        )
        session.add(delivery)
        session.flush()
        return SendResult(external_id=delivery.external_id)


def channel_for(platform: str) -> SandboxChannel:
    """Every platform delivers to the sandbox until its real channel is connected."""
    return SandboxChannel()
