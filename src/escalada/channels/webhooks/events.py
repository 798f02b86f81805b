"""What a platform normaliser hands to the processing job: plain data, no database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class InboundEvent:
    """One message found in a delivery.

    ``message`` has the fields of :class:`~escalada.inbox.schemas.InboundMessage`
    except ``brand_account``, which the job resolves from ``account_external_id``.
    ``listening`` marks posts a listening search found; they are stored only while
    they match an enabled query of the brand and do not tag it. ``own`` marks what the
    brand itself posted (stored as a brand reply when it
    answers a stored message, otherwise only counted).
    """

    platform: str
    account_external_id: str
    message: dict[str, Any]
    raw: dict[str, Any]
    own: bool = False
    listening: bool = False  # found by a listening search, not addressed to the brand
    # Set when the notification carries only ids and the content must be read from the
    # platform before storing (Instagram mentions): {"kind": ..., ids...}.
    fetch: dict[str, str] | None = None


@dataclass
class Normalised:
    events: list[InboundEvent] = field(default_factory=list)
    # "ignored.<kind>" for events we know and skip, "unknown.<kind>" for the rest.
    counts: Counter[str] = field(default_factory=Counter)


def from_epoch(value: Any) -> str:
    """Seconds or milliseconds since the epoch (platforms send both) as ISO 8601 UTC."""
    number = float(value)
    if number > 1e11:
        number /= 1000
    return datetime.fromtimestamp(number, UTC).isoformat()
