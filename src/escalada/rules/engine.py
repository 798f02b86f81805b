"""Rule conditions and actions over plain data (pure).

A rule matches when all its conditions hold. Rules run in order; a matching rule with
``stop_processing`` ends the run. The facts a condition can look at:

    language, sentiment, categories, tier, priority, troll, needs_private, executive,
    channel, brand, visibility, text, author.handle, author.followers, author.following,
    author.verified, author.account_age_days, hour (0-23), weekday (mon..sun),
    listening (the conversation is in the listening stream), listening.terms (the
    listening terms the post matched)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from escalada.errors import InvalidInput
from escalada.routing.shifts import DAY_NAMES, zone
from escalada.triage import CATEGORIES, PRIORITIES

FIELDS: dict[str, str] = {
    "language": "text", "sentiment": "number", "categories": "list", "tier": "number",
    "priority": "text", "troll": "number", "needs_private": "bool", "executive": "bool",
    "channel": "text", "brand": "text", "visibility": "text", "text": "text",
    "author.handle": "text", "author.followers": "number", "author.following": "number",
    "author.verified": "bool", "author.account_age_days": "number", "hour": "number", "weekday": "text",
    "listening": "bool", "listening.terms": "list",
}
OPERATORS: dict[str, set[str]] = {
    "text": {"eq", "ne", "in", "not_in", "contains", "matches"},
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "between", "in"},
    "list": {"contains", "not_contains", "any_of", "empty"},
    "bool": {"eq"},
}
ACTIONS = ("tag", "set_tier", "set_priority", "assign_team", "assign_agent", "auto_acknowledge",
           "archive", "notify", "escalate", "promote")


@dataclass(frozen=True, slots=True)
class RuleSpec:
    name: str
    conditions: tuple[dict[str, Any], ...]
    actions: tuple[dict[str, Any], ...]
    stop_processing: bool = False
    timezone: str = "UTC"
    id: int | None = None


@lru_cache(maxsize=512)
def _pattern(value: str) -> re.Pattern[str]:
    return re.compile(value, re.IGNORECASE)


def check_condition(condition: Mapping[str, Any]) -> dict[str, Any]:
    field, op = condition.get("field"), condition.get("op", "eq")
    if field not in FIELDS:
        raise InvalidInput(f"unknown condition field {field!r}; use one of {', '.join(FIELDS)}")
    kind = FIELDS[field]
    if op not in OPERATORS[kind]:
        raise InvalidInput(f"{field} takes {', '.join(sorted(OPERATORS[kind]))}, not {op!r}")
    value = condition.get("value")
    if op == "matches":
        try:
            _pattern(str(value))
        except re.error as exc:
            raise InvalidInput(f"bad pattern for {field}: {exc}") from exc
    if op == "between" and not (isinstance(value, list) and len(value) == 2):
        raise InvalidInput(f"{field} between needs [low, high]")
    if op in ("in", "not_in", "any_of") and not isinstance(value, list):
        raise InvalidInput(f"{field} {op} needs a list of values")
    if field == "categories" and op != "empty":
        values = value if isinstance(value, list) else [value]
        unknown = sorted(set(values) - set(CATEGORIES))
        if unknown:
            raise InvalidInput(f"unknown categor{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}")
    if kind == "number" and op not in ("between", "in") and not isinstance(value, (int, float)):
        raise InvalidInput(f"{field} compares with a number")
    return {"field": field, "op": op, "value": value}


def check_action(action: Mapping[str, Any]) -> dict[str, Any]:
    kind, value = action.get("type"), action.get("value")
    if kind not in ACTIONS:
        raise InvalidInput(f"unknown action {kind!r}; use one of {', '.join(ACTIONS)}")
    if kind == "set_tier" and value not in (0, 1, 2, 3):
        raise InvalidInput("set_tier takes 0, 1, 2 or 3")
    if kind == "set_priority" and value not in PRIORITIES:
        raise InvalidInput(f"set_priority takes {', '.join(PRIORITIES)}")
    if kind == "auto_acknowledge":
        saved = action.get("saved_reply_id")
        if saved is not None and (not isinstance(saved, int) or isinstance(saved, bool) or saved < 1):
            raise InvalidInput("auto_acknowledge saved_reply_id must be a saved reply's id")
        if saved is None and not str(value or "").strip():
            raise InvalidInput("auto_acknowledge needs a text or a saved reply")
        out = {"type": kind, "value": str(value).strip() if value is not None and str(value).strip() else None}
        return out if saved is None else {**out, "saved_reply_id": saved}
    if kind in ("tag", "assign_team", "assign_agent", "notify") and not str(value or "").strip():
        raise InvalidInput(f"{kind} needs a value")
    if kind == "tag" and len(str(value)) > 64:
        raise InvalidInput("a tag has at most 64 characters")
    return {"type": kind, "value": value}


def check_rule(*, name: str, conditions: Sequence[Mapping[str, Any]], actions: Sequence[Mapping[str, Any]],
               timezone: str = "UTC") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not name.strip():
        raise InvalidInput("a rule needs a name")
    if not actions:
        raise InvalidInput(f"rule {name!r} does nothing: add at least one action")
    zone(timezone)
    return [check_condition(c) for c in conditions], [check_action(a) for a in actions]


def facts(*, triage: Mapping[str, Any], channel: str, brand: str, visibility: str, text: str,
          author: Mapping[str, Any], at: datetime, listening: bool = False) -> dict[str, Any]:
    """The flat facts rules look at, from a triaged message and where it came from."""
    out = {k: triage.get(k) for k in ("language", "sentiment", "categories", "tier", "priority", "troll",
                                      "needs_private", "executive")}
    out.update(channel=channel, brand=brand, visibility=visibility, text=text, at=at)
    out["listening.terms"] = list(triage.get("listening") or [])
    out["listening"] = listening or bool(out["listening.terms"])
    for name in ("handle", "followers", "following", "verified", "account_age_days"):
        out[f"author.{name}"] = author.get(name)
    return out


def _value(name: str, data: Mapping[str, Any], timezone: str) -> Any:
    if name in ("hour", "weekday"):
        local = data["at"].astimezone(zone(timezone))
        return local.hour if name == "hour" else DAY_NAMES[local.weekday()]
    return data.get(name)


def holds(condition: Mapping[str, Any], data: Mapping[str, Any], timezone: str = "UTC") -> bool:
    op, expected = condition["op"], condition.get("value")
    actual = _value(condition["field"], data, timezone)
    if op == "empty":
        return not actual
    if actual is None:
        return op in ("ne", "not_in", "not_contains")
    if op == "eq":
        return actual == expected or (isinstance(actual, str) and str(expected).lower() == actual.lower())
    if op == "ne":
        return not holds({**condition, "op": "eq"}, data, timezone)
    if op == "in":
        return actual in expected or str(actual).lower() in {str(v).lower() for v in expected}
    if op == "not_in":
        return not holds({**condition, "op": "in"}, data, timezone)
    if op == "contains":
        if isinstance(actual, list):
            return expected in actual
        return str(expected).lower() in str(actual).lower()
    if op == "not_contains":
        return expected not in actual
    if op == "any_of":
        return bool(set(expected) & set(actual))
    if op == "matches":
        return _pattern(str(expected)).search(str(actual)) is not None
    if op == "between":
        low, high = expected
        if low <= high:
            return low <= actual <= high
        return actual >= low or actual <= high  # e.g. hours 22 to 6 cross midnight
    comparisons = {"gt": actual > expected, "gte": actual >= expected, "lt": actual < expected,
                   "lte": actual <= expected}
    return comparisons[op]


def matches(rule: RuleSpec, data: Mapping[str, Any]) -> bool:
    return all(holds(c, data, rule.timezone) for c in rule.conditions)


def evaluate(rules: Sequence[RuleSpec], data: Mapping[str, Any]) -> list[RuleSpec]:
    """The rules that fire on ``data``, in order, up to the first that stops processing."""
    fired = []
    for rule in rules:
        if matches(rule, data):
            fired.append(rule)
            if rule.stop_processing:
                break
    return fired


def adjust_triage(result: dict[str, Any], fired: Sequence[RuleSpec]) -> dict[str, Any]:
    """The triage as the rules leave it (tier, priority, tags, archive, team) — used by the replay."""
    out = dict(result)
    for rule in fired:
        for action in rule.actions:
            kind, value = action["type"], action.get("value")
            if kind == "set_tier":
                out["tier"] = int(value)
            elif kind == "set_priority":
                out["priority"] = value
            elif kind == "archive":
                out["archived"] = True
            elif kind == "escalate":
                out["tier"], out["priority"] = 3, "urgent"
            elif kind == "assign_team":
                out["team"] = value
    return out
