"""Summaries of a list of durations: count, mean, median and percentiles."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    mean: float | None
    p50: float | None
    p90: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"count": self.count, "mean": _round(self.mean), "p50": _round(self.p50),
                "p90": _round(self.p90)}


def percentile(ordered: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (the spreadsheet PERCENTILE.INC)."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * share
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: Iterable[float]) -> Summary:
    ordered = sorted(values)
    if not ordered:
        return Summary(0, None, None, None)
    return Summary(len(ordered), math.fsum(ordered) / len(ordered), percentile(ordered, 0.5),
                   percentile(ordered, 0.9))


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
