"""Summaries of a list of durations: count, mean, median and percentiles, in Python or SQL."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


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


PERCENTILE_AGGREGATE = "escalada_percentile"  # the SQLite aggregate ``db.py`` registers


class sql_percentile(FunctionElement[float]):  # noqa: N801  (reads like the SQL function it is)
    """``sql_percentile(value, 0.9)``: :func:`percentile` as an SQL aggregate.

    PostgreSQL's ``percentile_cont`` interpolates between closest ranks as
    :func:`percentile` does; on SQLite the same function runs as an aggregate.
    """

    type = Float()
    inherit_cache = True
    name = "sql_percentile"

    def __init__(self, value: ColumnElement[Any], share: float) -> None:
        # The share is part of the SQL text (and so of the statement cache key).
        super().__init__(value, literal_column(repr(float(share))))


@compiles(sql_percentile, "postgresql")
def _percentile_cont(element: sql_percentile, compiler: SQLCompiler, **kw: Any) -> str:
    value, share = (compiler.process(c, **kw) for c in element.clauses)
    return f"percentile_cont({share}) WITHIN GROUP (ORDER BY {value})"


@compiles(sql_percentile)
def _percentile_aggregate(element: sql_percentile, compiler: SQLCompiler, **kw: Any) -> str:
    value, share = (compiler.process(c, **kw) for c in element.clauses)
    return f"{PERCENTILE_AGGREGATE}({value}, {share})"
