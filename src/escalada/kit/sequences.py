"""Slices of a sequence, for work done a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of ``size`` (the last one shorter)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
