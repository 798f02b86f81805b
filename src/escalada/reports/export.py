"""Report data as CSV: the same numbers the pages chart and the JSON API returns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def to_csv(rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> str:
    rows = list(rows)
    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def flatten(data: Mapping[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """Nested figures as (metric, value) rows: ``first_response_seconds.p50, 420``."""
    rows: list[dict[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(flatten(value, f"{name}."))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Mapping) and "target" in item:
                    rows.extend(flatten({k: v for k, v in item.items() if k != "target"},
                                        f"{name}.{item['target']}."))
        else:
            rows.append({"metric": name, "value": value})
    return rows


def volume_rows(volume: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for channel, grid in volume["heatmap_by_channel"].items():
        for day, hours in enumerate(grid):
            for hour, count in enumerate(hours):
                if count:
                    rows.append({"weekday": WEEKDAYS[day], "hour": hour, "channel": channel,
                                 "messages": count})
    return rows
