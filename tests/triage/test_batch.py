"""triage_many(), the shared lexicon pass and batched JSON Lines give triage()'s answers."""

import json

import pytest

from escalada.triage import (
    AuthorSignals,
    TriageInput,
    policy_from_json,
    run_jsonl,
    triage,
    triage_many,
)
from escalada.triage.categories import find_signals
from escalada.triage.categories import matcher as category_matcher
from escalada.triage.language import detect_language, detect_languages
from escalada.triage.matcher import MatcherGroup
from escalada.triage.sarcasm import markers
from escalada.triage.sentiment import word_matcher
from escalada.triage.text import tokenize
from escalada.triage.troll import absolutes_matcher

MESSAGES = [
    "I was charged twice for my subscription, order #A12345, fix it!!!",
    "",
    "😀😀😀",
    "https://example.com/promo",
    "Me cobraron dos veces, quiero un reembolso",
    "Oh great, another update that breaks the app. Thanks for nothing",
    "我的订单还没到，订单号 12345",
    "快递三天了还没到，太差了",
    "YOU ARE ALL IDIOTS AND FRAUDS",
    "Nie dostałem paczki, zamówienie 778899",
    "Je vais porter plainte auprès de mon avocat",
    "ok",
    "Das Internet ist seit gestern komplett ausgefallen",
    "lol",
    "Привет, как дела",
    "Hi there 你好 mixed scripts, 订单没到",
]


def _inputs():
    author = AuthorSignals(followers=250_000, verified=True)
    return [
        TriageInput(text=text, visibility="private" if i % 3 == 0 else "public",
                    author=author if i % 2 else None)
        for i, text in enumerate(MESSAGES)
    ]


def test_triage_many_equals_triage_one_by_one():
    items = _inputs()
    assert triage_many(items) == [triage(item) for item in items]


def test_triage_many_applies_the_brand_policy():
    policy = policy_from_json(json.dumps({"keywords": {"outage": ["no bars"]},
                                          "category_tiers": {"technical": 3}}))
    items = [*_inputs(), TriageInput(text="no bars since this morning in the city")]
    many = triage_many(items, policy)
    assert many == [triage(item, policy) for item in items]
    assert "outage" in many[-1].categories


def test_triage_many_of_nothing_and_bad_text():
    assert triage_many([]) == []
    with pytest.raises(TypeError):
        triage_many([TriageInput(text="fine"), TriageInput(text=None)])  # type: ignore[arg-type]


def test_detect_languages_equals_detect_language():
    assert detect_languages(MESSAGES) == [detect_language(text) for text in MESSAGES]


@pytest.mark.parametrize("text", ["我的订单还没到", "退款", "太差了！！！"])
def test_han_only_text_is_chinese(text):
    assert detect_language(text) == "zh"


def test_matcher_group_equals_each_matcher():
    matchers = [category_matcher(), word_matcher(), markers(), absolutes_matcher()]
    group = MatcherGroup(matchers)
    for text in MESSAGES:
        tokens = tokenize(text)
        assert group.find(tokens) == [m.find(tokens) for m in matchers]
        assert find_signals(tokens, group.find(tokens)[0]) == find_signals(tokens)


@pytest.mark.parametrize("batch", [1, 2, 256])
def test_run_jsonl_batches_keep_order_errors_and_answers(batch):
    lines = []
    for i, text in enumerate(MESSAGES):
        lines.append(json.dumps({"id": str(i), "text": text}))
        if i % 4 == 1:
            lines.append("{broken")
            lines.append("")
    out: list[str] = []
    errors = run_jsonl(lines, out.append, batch=batch)
    records = [json.loads(line) for line in out]
    assert errors == len([line for line in lines if line == "{broken"])
    good = [r for r in records if "error" not in r]
    assert [r["id"] for r in good] == [str(i) for i in range(len(MESSAGES))]
    for record, text in zip(good, MESSAGES):
        expected = triage(TriageInput(text=text)).to_dict()
        assert {k: v for k, v in record.items() if k != "id"} == expected
    # Each error sits right after the message it followed in the input.
    positions = [i for i, r in enumerate(records) if "error" in r]
    assert all(records[p - 1].get("id") is not None and "error" not in records[p - 1]
               for p in positions)


def test_run_jsonl_rejects_a_batch_below_one():
    with pytest.raises(ValueError):
        run_jsonl([], lambda line: None, batch=0)


def test_cli_triages_a_file_in_batches(tmp_path):
    from typer.testing import CliRunner

    from escalada import cli

    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps({"id": str(i), "text": text}) for i, text in enumerate(MESSAGES))
        + "\n{broken\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli.app, ["triage", "--batch", "3", str(source)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in records] == [str(i) for i in range(len(MESSAGES))] + [None]
    assert records[0]["language"] == triage(TriageInput(text=MESSAGES[0])).language
    assert "error" in records[-1]
    refused = CliRunner().invoke(cli.app, ["triage", "--batch", "0", str(source)])
    assert refused.exit_code != 0
