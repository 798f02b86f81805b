"""Arrival files: JSON Lines of triage-contract inputs plus ``created_at`` and ``handle_seconds``."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from escalada.demo.dataset import DemoDataset
from escalada.kit.clock import as_utc
from escalada.triage import TriageInput
from escalada.triage.jsonl import parse_input

# Typical handling effort per triage tier, in seconds (the mean of an exponential
# draw), used when an arrival does not say how long it took.
DEFAULT_HANDLE_SECONDS = {0: 30.0, 1: 180.0, 2: 420.0, 3: 900.0}


class ArrivalError(ValueError):
    """A line of an arrivals file that cannot be replayed, with its line number."""


@dataclass(frozen=True, slots=True)
class Arrival:
    id: str
    created_at: datetime
    input: TriageInput
    handle_seconds: float | None = None


def parse_arrival(record: Any, *, line: int = 0) -> Arrival:
    where = f"line {line}: " if line else ""
    if not isinstance(record, dict):
        raise ArrivalError(f"{where}expected a JSON object")
    try:
        item = parse_input(record)
    except ValueError as exc:
        raise ArrivalError(f"{where}{exc}") from None
    created = record.get("created_at")
    if not isinstance(created, str):
        raise ArrivalError(f'{where}"created_at" (ISO 8601) is required')
    try:
        created_at = as_utc(datetime.fromisoformat(created.replace("Z", "+00:00")))
    except ValueError:
        raise ArrivalError(f'{where}"created_at" {created!r} is not ISO 8601') from None
    handle = record.get("handle_seconds")
    if handle is not None and (isinstance(handle, bool) or not isinstance(handle, (int, float)) or handle <= 0):
        raise ArrivalError(f'{where}"handle_seconds" must be a positive number')
    return Arrival(id=str(record.get("id") or line), created_at=created_at, input=item,
                   handle_seconds=float(handle) if handle is not None else None)


def read_arrivals(lines: Iterable[str]) -> list[Arrival]:
    """Every arrival, sorted by time. Raises ArrivalError naming the first bad line."""
    arrivals = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ArrivalError(f"line {number}: invalid JSON ({exc.msg})") from None
        arrivals.append(parse_arrival(record, line=number))
    if not arrivals:
        raise ArrivalError("the file holds no arrivals")
    return sorted(arrivals, key=lambda a: (a.created_at, a.id))


def _age_days(author: dict[str, Any], at: str) -> int | None:
    created = author.get("account_created_at")
    if not created:
        return None
    return max(0, (datetime.fromisoformat(at) - datetime.fromisoformat(created)).days)


def arrivals_from_demo(dataset: DemoDataset, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """The demo day's inbound messages as arrival records, with a drawn handle time.

    The handle time follows the tier the message was written to be, so heavy cases
    take longer; it is drawn from a seeded generator so the export is reproducible.
    """
    from escalada.triage import triage

    rng = random.Random(f"arrivals:{seed}")
    for message in dataset.inbound:
        author = message["author"]
        record: dict[str, Any] = {
            "id": f"{message['platform']}:{message['platform_message_id']}",
            "text": message["text"],
            "channel": message["platform"],
            "visibility": message["visibility"],
            "author": {k: v for k, v in {
                "handle": author.get("handle"), "followers": author.get("followers"),
                "following": author.get("following"), "verified": author.get("verified"),
                "has_avatar": author.get("has_avatar"), "bio": author.get("bio"),
                "account_age_days": _age_days(author, message["created_at"]),
            }.items() if v is not None},
            "created_at": message["created_at"],
        }
        tier = triage(parse_input(record)).tier
        record["handle_seconds"] = round(max(20.0, rng.expovariate(1 / DEFAULT_HANDLE_SECONDS[tier])), 1)
        yield record
