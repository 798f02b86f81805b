"""Rule conditions and actions on plain data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from escalada.errors import InvalidInput
from escalada.rules import engine
from escalada.rules.text_form import parse_actions, parse_conditions

AT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # Tuesday night


def data(**changes):
    base = engine.facts(triage={"language": "en", "sentiment": -0.6, "categories": ["billing"], "tier": 3,
                                "priority": "high", "troll": 0.1, "needs_private": True, "executive": False},
                        channel="x", brand="acme", visibility="public", text="Charged twice, refund NOW",
                        author={"handle": "jane", "followers": 25000, "verified": True}, at=AT)
    return base | changes


def rule(name, conditions, actions, stop=False, tz="UTC"):
    c, a = engine.check_rule(name=name, conditions=conditions, actions=actions, timezone=tz)
    return engine.RuleSpec(name, tuple(c), tuple(a), stop, tz)


def test_conditions_over_triage_author_text_and_time():
    influencer = rule("influencer", [{"field": "author.followers", "op": "gte", "value": 10000},
                                     {"field": "categories", "op": "contains", "value": "billing"},
                                     {"field": "text", "op": "matches", "value": r"refund|chargeback"}],
                      [{"type": "tag", "value": "vip"}])
    night = rule("night", [{"field": "hour", "op": "between", "value": [22, 6]}], [{"type": "tag", "value": "night"}])
    warsaw_day = rule("pl day", [{"field": "hour", "op": "between", "value": [0, 6]}],
                      [{"type": "tag", "value": "x"}], tz="Europe/Warsaw")
    assert engine.matches(influencer, data())
    assert not engine.matches(influencer, data(**{"author.followers": 50}))
    assert engine.matches(night, data())
    assert engine.matches(warsaw_day, data())  # 00:30 on Wednesday in Warsaw
    weekday = rule("tue", [{"field": "weekday", "op": "in", "value": ["tue"]}], [{"type": "tag", "value": "t"}])
    assert engine.matches(weekday, data())


def test_order_and_stop_processing():
    first = rule("a", [{"field": "tier", "op": "eq", "value": 3}], [{"type": "set_priority", "value": "urgent"}], stop=True)
    second = rule("b", [], [{"type": "tag", "value": "never"}])
    assert [r.name for r in engine.evaluate([first, second], data())] == ["a"]
    assert [r.name for r in engine.evaluate([second, first], data())] == ["b", "a"]
    adjusted = engine.adjust_triage({"tier": 2, "priority": "normal"}, [first])
    assert adjusted["priority"] == "urgent"


@pytest.mark.parametrize(("conditions", "actions", "message"), [
    ([{"field": "mood", "op": "eq", "value": 1}], [{"type": "tag", "value": "x"}], "unknown condition field"),
    ([{"field": "tier", "op": "matches", "value": "3"}], [{"type": "tag", "value": "x"}], "tier takes"),
    ([{"field": "text", "op": "matches", "value": "("}], [{"type": "tag", "value": "x"}], "bad pattern"),
    ([{"field": "categories", "op": "contains", "value": "weather"}], [{"type": "tag", "value": "x"}], "unknown category"),
    ([], [{"type": "launch", "value": "x"}], "unknown action"),
    ([], [{"type": "set_tier", "value": 9}], "set_tier takes"),
    ([], [], "does nothing"),
])
def test_bad_rules_are_refused_with_a_reason(conditions, actions, message):
    with pytest.raises(InvalidInput, match=message):
        engine.check_rule(name="r", conditions=conditions, actions=actions)


def test_form_lines():
    assert parse_conditions("categories contains billing\nauthor.followers gte 10000\nhour between 22,6\n# note") == [
        {"field": "categories", "op": "contains", "value": "billing"},
        {"field": "author.followers", "op": "gte", "value": 10000},
        {"field": "hour", "op": "between", "value": [22, 6]},
    ]
    assert parse_actions("tag vip\nset_tier 3\nauto_acknowledge Thanks, we're on it") == [
        {"type": "tag", "value": "vip"}, {"type": "set_tier", "value": 3},
        {"type": "auto_acknowledge", "value": "Thanks, we're on it"},
    ]
    with pytest.raises(InvalidInput):
        parse_conditions("author.followers gte many")
