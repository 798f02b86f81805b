"""The rule form's one-line-per-item syntax (pure).

Conditions: ``FIELD OP VALUE`` — ``categories contains billing``, ``author.followers gte 10000``,
``hour between 22,6``, ``channel in x,instagram``, ``text matches refund|chargeback``.
Actions: ``TYPE VALUE`` — ``tag vip``, ``set_priority urgent``, ``auto_acknowledge Thanks, we're on it``;
``auto_acknowledge saved:12 Thanks, we're on it`` acknowledges with saved reply 12 (in the
customer's language), the text being the fallback.
"""

from __future__ import annotations

from typing import Any

from escalada.errors import InvalidInput
from escalada.rules.engine import FIELDS

LIST_OPS = {"in", "not_in", "any_of", "between"}


def _scalar(text: str, kind: str) -> Any:
    text = text.strip()
    if kind == "number":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            raise InvalidInput(f"{text!r} is not a number") from None
    if kind == "bool":
        if text.lower() not in ("true", "false", "yes", "no"):
            raise InvalidInput(f"{text!r} is not true or false")
        return text.lower() in ("true", "yes")
    return text


def parse_conditions(text: str) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = line.strip().split(None, 2)
        if len(parts) < 2:
            raise InvalidInput(f"condition line {number}: write 'field op value'")
        field, op = parts[0], parts[1]
        kind = FIELDS.get(field, "text")
        raw = parts[2] if len(parts) > 2 else ""
        if op in LIST_OPS:
            value: Any = [_scalar(v, "number" if kind == "number" else "text") for v in raw.split(",") if v.strip()]
        elif op == "empty":
            value = None
        else:
            value = _scalar(raw, kind if field != "categories" else "text")
        out.append({"field": field, "op": op, "value": value})
    return out


def parse_actions(text: str) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = line.strip().split(None, 1)
        kind, value = parts[0], (parts[1].strip() if len(parts) > 1 else None)
        if kind == "set_tier" and value is not None:
            value = _scalar(value, "number")
        if kind == "auto_acknowledge" and value is not None and value.startswith("saved:"):
            reference, _, rest = value.partition(" ")
            if not reference.removeprefix("saved:").isdigit():
                raise InvalidInput(f"action line {number}: write 'auto_acknowledge saved:ID [fallback text]'")
            out.append({"type": kind, "value": rest.strip() or None,
                        "saved_reply_id": int(reference.removeprefix("saved:"))})
            continue
        out.append({"type": kind, "value": value})
    if not out:
        raise InvalidInput("add at least one action, e.g. 'tag vip'")
    return out


def conditions_text(conditions: list[dict[str, Any]]) -> str:
    lines = []
    for c in conditions:
        value = c.get("value")
        shown = ",".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))
        lines.append(f"{c['field']} {c['op']} {shown}".rstrip())
    return "\n".join(lines)


def actions_text(actions: list[dict[str, Any]]) -> str:
    def line(a: dict[str, Any]) -> str:
        saved = f"saved:{a['saved_reply_id']} " if a.get("saved_reply_id") is not None else ""
        return f"{a['type']} {saved}{'' if a.get('value') is None else a['value']}".rstrip()
    return "\n".join(line(a) for a in actions)
