"""Rules in the replay: a team file's ``rules`` list adjusts triage before routing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from escalada.rules import engine
from escalada.simulation.arrivals import Arrival


def adjust_for(rules: Sequence[dict[str, Any]]):  # noqa: ANN201
    """A function the replay calls with each arrival's triage; None when there are no rules."""
    if not rules:
        return None
    specs = []
    for item in rules:
        conditions, actions = engine.check_rule(name=str(item.get("name", "")),
                                                conditions=list(item.get("conditions") or []),
                                                actions=list(item.get("actions") or []),
                                                timezone=str(item.get("timezone", "UTC")))
        specs.append(engine.RuleSpec(name=str(item["name"]), conditions=tuple(conditions), actions=tuple(actions),
                                     stop_processing=bool(item.get("stop_processing", False)),
                                     timezone=str(item.get("timezone", "UTC"))))

    def adjust(arrival: Arrival, result: dict[str, Any]) -> dict[str, Any]:
        author = arrival.input.author
        data = engine.facts(
            triage=result, channel=arrival.input.channel, brand="", visibility=arrival.input.visibility,
            text=arrival.input.text, at=arrival.created_at,
            author={"handle": author.handle, "followers": author.followers, "following": author.following,
                    "verified": author.verified, "account_age_days": author.account_age_days} if author else {},
        )
        return engine.adjust_triage(result, engine.evaluate(specs, data))

    return adjust
