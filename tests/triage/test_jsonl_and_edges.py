"""The CLI core and inputs that must never crash."""

import json

import pytest

from escalada.triage import CATEGORIES, PRIORITIES, TriageInput, TriageResult, run_jsonl, triage
from escalada.triage.policy import format_count

CONTRACT_KEYS = [
    "id",
    "language",
    "sentiment",
    "categories",
    "tier",
    "priority",
    "troll",
    "needs_private",
    "executive",
    "reasons",
]


def collect(lines):
    out = []
    errors = run_jsonl(lines, out.append)
    return errors, [json.loads(line) for line in out]


def test_run_jsonl_keeps_order_and_reports_bad_lines():
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "I was charged twice",
                "channel": "x",
                "author": {"followers": 12, "verified": False},
            }
        ),
        "{not json",
        "",
        "   ",
        json.dumps(["a", "list"]),
        json.dumps({"id": "d"}),
        json.dumps({"id": "e", "text": 42}),
        json.dumps(
            {"id": "f", "text": "Merci beaucoup, service génial !", "visibility": "private"}
        ),
    ]
    errors, rows = collect(lines)
    assert errors == 4
    assert [row["id"] for row in rows] == ["a", None, None, "d", "e", "f"]
    assert list(rows[0]) == CONTRACT_KEYS
    assert rows[0]["categories"][0] == "billing"
    assert rows[1]["error"].startswith("invalid JSON")
    assert rows[2]["error"] == "expected a JSON object, got an array"
    assert rows[3]["error"] == 'missing "text"'
    assert rows[4]["error"] == '"text" must be a string, got a number'
    assert rows[5]["language"] == "fr"
    assert all(set(row) == {"id", "error"} for row in rows[1:5])


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "x", "text": "hi", "channel": "myspace"}, 'unknown "channel"'),
        ({"id": "x", "text": "hi", "visibility": "secret"}, '"visibility" must be'),
        ({"id": "x", "text": "hi", "author": "bob"}, '"author" must be an object'),
        ({"id": "x", "text": "hi", "author": {"followers": "many"}}, '"author.followers" must be'),
        ({"id": "x", "text": "hi", "author": {"followers": -1}}, '"author.followers" must be'),
        ({"id": "x", "text": "hi", "author": {"verified": "yes"}}, '"author.verified" must be'),
    ],
)
def test_run_jsonl_rejects_invalid_fields_with_a_clear_reason(record, message):
    errors, rows = collect([json.dumps(record)])
    assert errors == 1
    assert rows[0]["id"] == "x"
    assert rows[0]["error"].startswith(message)


def test_run_jsonl_empty_input_writes_nothing():
    assert collect([]) == (0, [])
    assert collect(["", "\n"]) == (0, [])


def test_empty_text_is_noise_with_reason():
    for text in ("", "   \n\t", "\x00\x01\x1b"):
        result = triage(TriageInput(text=text))
        assert result.language == "und"
        assert result.tier == 0
        assert result.reasons == ("empty message",)


@pytest.mark.parametrize(
    "text",
    [
        "😡😡😡",
        "https://t.co/rjCLgdfNWv",
        "@AppleSupport",
        "ok",
        "#fail",
    ],
)
def test_undecidable_text_has_undetermined_language(text):
    assert triage(TriageInput(text=text)).language == "und"


@pytest.mark.parametrize(
    "text",
    [
        "a" * 65536,
        ("Charged twice! 我被扣款两次 " * 3000)[:65536],
        "Mixed scripts: Привет, 你好, hello, שלום, مرحبا 🙂",
        "tab\there\x00null\x1bescape\u202eright-to-left\ufeffbom",
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "12345678901234567890123456789",
        "\ud800 lone surrogate",
    ],
)
def test_odd_input_never_crashes_and_respects_ranges(text):
    result = triage(TriageInput(text=text))
    assert isinstance(result, TriageResult)
    assert -1.0 <= result.sentiment <= 1.0
    assert 0.0 <= result.troll <= 1.0
    assert 0 <= result.tier <= 3
    assert result.priority in PRIORITIES
    assert set(result.categories) <= set(CATEGORIES)
    assert len(result.categories) == len(set(result.categories))
    assert result.reasons
    json.dumps(result.to_dict())


def test_to_dict_has_contract_keys_without_id():
    data = triage(TriageInput(text="Where is my order?")).to_dict()
    assert list(data) == CONTRACT_KEYS[1:]
    assert isinstance(data["categories"], list) and isinstance(data["reasons"], list)


def test_emoji_carry_sentiment():
    assert triage(TriageInput(text="😡😡")).sentiment < -0.5
    assert triage(TriageInput(text="❤️👍")).sentiment > 0.5


def test_non_string_text_is_a_type_error():
    with pytest.raises(TypeError):
        triage(TriageInput(text=None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (950, "950"),
        (1234, "1.2k"),
        (10_000, "10k"),
        (250_000, "250k"),
        (1_200_000, "1.2M"),
        (45_000_000, "45M"),
    ],
)
def test_format_count(count, text):
    assert format_count(count) == text


def test_categories_constant_matches_contract():
    assert CATEGORIES == (
        "billing",
        "outage",
        "delivery",
        "account",
        "technical",
        "sales_lead",
        "feature_request",
        "question",
        "praise",
        "reputation",
        "cancellation",
        "legal",
        "spam",
        "abuse",
    )
