"""Engagement counts (likes, replies, shares) read from stored platform payloads. Pure.

Platforms report engagement in their own shapes; where a payload carries none, the
message simply has no counts (it is not counted as zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

KINDS = ("likes", "replies", "shares")


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return int(value)


def _summary_total(value: Any) -> int | None:
    # Facebook Graph: {"summary": {"total_count": n}}; also {"count": n}.
    if isinstance(value, Mapping):
        summary = value.get("summary")
        if isinstance(summary, Mapping):
            return _number(summary.get("total_count"))
        return _number(value.get("count"))
    return _number(value)


def engagement_counts(raw: Mapping[str, Any] | None) -> dict[str, int] | None:
    if not isinstance(raw, Mapping):
        return None
    found: dict[str, int | None] = {}
    generic = raw.get("engagement")
    if isinstance(generic, Mapping):
        found = {kind: _number(generic.get(kind)) for kind in KINDS}
    elif isinstance(raw.get("public_metrics"), Mapping):  # X
        metrics = raw["public_metrics"]
        shares = [_number(metrics.get(k)) for k in ("retweet_count", "quote_count")]
        found = {"likes": _number(metrics.get("like_count")), "replies": _number(metrics.get("reply_count")),
                 "shares": None if all(s is None for s in shares) else sum(s or 0 for s in shares)}
    elif any(k in raw for k in ("reactions", "likes", "comments", "shares", "like_count", "comments_count")):
        found = {  # Facebook / Instagram Graph
            "likes": _summary_total(raw.get("reactions", raw.get("likes", raw.get("like_count")))),
            "replies": _summary_total(raw.get("comments", raw.get("comments_count"))),
            "shares": _summary_total(raw.get("shares")),
        }
    counts = {k: v for k, v in found.items() if v is not None}
    return {k: counts.get(k, 0) for k in KINDS} if counts else None


def summarise_engagement(counts: Iterable[dict[str, int]]) -> dict[str, Any]:
    rows = list(counts)
    totals = {kind: sum(r[kind] for r in rows) for kind in KINDS}
    per = None if not rows else round(sum(totals.values()) / len(rows), 2)
    return {"interactions": len(rows), **totals, "per_interaction": per}
