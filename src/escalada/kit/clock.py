"""Aware UTC time. Tests replace the clock with :func:`frozen_clock`; nothing sleeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def utc_now() -> datetime:
    return _now()


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken to be UTC; aware ones are converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@contextmanager
def frozen_clock(at: datetime) -> Iterator[list[datetime]]:
    """Freeze ``utc_now()``; move time by assigning ``holder[0]``."""
    global _now
    holder = [as_utc(at)]
    previous = _now
    _now = lambda: holder[0]  # noqa: E731
    try:
        yield holder
    finally:
        _now = previous
