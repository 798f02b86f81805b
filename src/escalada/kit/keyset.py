"""Opaque keyset cursors: the sort key of the last row of a page, base64 JSON."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from escalada.errors import InvalidInput


def encode_cursor(values: tuple[Any, ...]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, kinds: tuple[type, ...]) -> tuple[Any, ...]:
    """Decode a cursor whose values have the given kinds (int, str or datetime)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong length")
        out: list[Any] = []
        for kind, value in zip(kinds, values, strict=True):
            if kind is datetime:
                out.append(datetime.fromisoformat(value))
            elif kind is int:
                if not isinstance(value, int):
                    raise ValueError("not an int")
                out.append(value)
            else:
                out.append(str(value))
        return tuple(out)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise InvalidInput("cursor is not valid; start again from the first page") from exc
