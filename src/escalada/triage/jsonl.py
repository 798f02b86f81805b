"""The core of ``escalada triage``: JSON Lines in, one JSON line out per input, in order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .contract import CHANNELS, VISIBILITIES, AuthorSignals, TriageInput
from .pipeline import triage_many
from .settings import DEFAULT_POLICY, TriagePolicy


class _BadLine(ValueError):
    record_id: Any = None


_AUTHOR_FIELDS: dict[str, type] = {
    "handle": str,
    "followers": int,
    "following": int,
    "verified": bool,
    "has_avatar": bool,
    "account_age_days": int,
    "bio": str,
    "posts_last_7_days": int,
}


BATCH = 256


def run_jsonl(
    lines: Iterable[str],
    write: Callable[[str], None],
    policy: TriagePolicy = DEFAULT_POLICY,
    batch: int = BATCH,
) -> int:
    """Triage each JSON object line; return how many lines were answered with an error.

    Blank lines are skipped. A bad line is answered with ``{"id": ..., "error": ...}``
    and the run goes on, so one malformed record never hides the rest of a file.
    Messages are triaged ``batch`` at a time with ``triage_many`` (the same results,
    cheaper per message); output stays in input order. ``batch=1`` answers each line
    as soon as it is read, for a live stream.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    errors = 0
    # Input order: (id, item to triage) or (id, error message), flushed together.
    pending: list[tuple[Any, TriageInput | str]] = []
    waiting = 0

    def flush() -> None:
        nonlocal waiting
        items = [entry for _, entry in pending if isinstance(entry, TriageInput)]
        results = iter(triage_many(items, policy))
        for record_id, entry in pending:
            if isinstance(entry, TriageInput):
                output = {"id": record_id, **next(results).to_dict()}
            else:
                output = {"id": record_id, "error": entry}
            write(json.dumps(output, ensure_ascii=False))
        pending.clear()
        waiting = 0

    for line in lines:
        if not line.strip():
            continue
        try:
            record_id, item = _read_line(line)
        except _BadLine as exc:
            errors += 1
            record_id, item = exc.record_id, str(exc)
        pending.append((record_id, item))
        if isinstance(item, TriageInput):
            waiting += 1
            if waiting >= batch:
                flush()
    flush()
    return errors


def _read_line(line: str) -> tuple[Any, TriageInput]:
    record_id: Any = None
    try:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _BadLine(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(record, dict):
            raise _BadLine(f"expected a JSON object, got {_json_type(record)}")
        record_id = record.get("id")
        if (
            record_id is not None
            and not isinstance(record_id, (str, int))
            or isinstance(record_id, bool)
        ):
            record_id = None
            raise _BadLine('"id" must be a string')
        return record_id, _parse(record)
    except _BadLine as exc:
        exc.record_id = record_id
        raise


def _parse(record: dict[str, Any]) -> TriageInput:
    if "text" not in record:
        raise _BadLine('missing "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise _BadLine(f'"text" must be a string, got {_json_type(text)}')
    channel = record.get("channel") or "other"
    if channel not in CHANNELS:
        raise _BadLine(f'unknown "channel" {channel!r}; expected one of {", ".join(CHANNELS)}')
    visibility = record.get("visibility") or "public"
    if visibility not in VISIBILITIES:
        raise _BadLine(f'"visibility" must be "public" or "private", got {visibility!r}')
    return TriageInput(
        text=text, channel=channel, visibility=visibility, author=_author(record.get("author"))
    )


def _author(value: Any) -> AuthorSignals | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _BadLine(f'"author" must be an object, got {_json_type(value)}')
    fields: dict[str, Any] = {}
    for name, kind in _AUTHOR_FIELDS.items():
        field = value.get(name)
        if field is None:
            continue
        valid = isinstance(field, kind) and (kind is bool or not isinstance(field, bool))
        if not valid or (kind is int and field < 0):
            expected = {int: "a non-negative integer", bool: "true or false", str: "a string"}[kind]
            raise _BadLine(f'"author.{name}" must be {expected}')
        fields[name] = field
    return AuthorSignals(**fields)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def parse_input(record: dict[str, Any]) -> TriageInput:
    """One triage-contract input object as a :class:`TriageInput`; ValueError when malformed."""
    return _parse(record)
