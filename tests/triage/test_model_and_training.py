"""The learned model: licensed training data only, reproducible training, held-out kept apart."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from escalada.cli import app
from escalada.triage import accurate, datasets
from escalada.triage.contract import CATEGORIES
from escalada.triage.evaluate import accuracy, macro_f1
from escalada.triage.features import BIAS, hashed
from escalada.triage.model import MODEL_VERSION, OUTPUTS, load_model, model_dir
from escalada.triage.text import tokenize

LANGUAGES = {"en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh"}


@pytest.fixture
def no_shared_data(tmp_path, monkeypatch):
    empty = tmp_path / "empty-shared"
    empty.mkdir()
    monkeypatch.setenv("ESCALADA_SHARED_DATA", str(empty))
    return empty


def test_training_and_evaluation_sources_never_overlap():
    assert not set(datasets.TRAINING_SOURCES) & set(datasets.EVALUATION_ONLY)
    for name in ("complaints-acl2019", "twitter-airline-sentiment", "umsab-multilingual-sentiment",
                 "tweeteval-offensive-sentiment", "synthetic-multilang-tickets"):
        assert name in datasets.EVALUATION_ONLY


def test_shipped_model_was_trained_on_licensed_data_only():
    meta = json.loads(model_dir().joinpath(f"triage-{MODEL_VERSION}.json").read_text())
    allowed = {"own", "bitext", "davidson", "convabuse", "youtube-spam"}
    assert set(meta["examples"]) <= allowed
    assert meta["outputs"] == list(OUTPUTS)
    assert load_model().weights.shape[1] == len(OUTPUTS)
    # The accurate mode's heads (read with numpy alone) learned from the same sources only.
    accurate_meta = accurate.load_heads().meta
    assert set(accurate_meta["examples"]) <= allowed
    assert set(accurate_meta["licences"]) <= allowed | set(datasets.TRAINING_SOURCES)
    assert not set(accurate_meta["licences"]) & set(datasets.EVALUATION_ONLY)
    assert accurate_meta["outputs"] == list(OUTPUTS)


def test_own_labelled_set_covers_every_label_in_every_language_and_keeps_heldout_apart():
    train, held = datasets.own_examples("train"), datasets.own_examples("heldout")
    assert not {e.text for e in train} & {e.text for e in held}
    categories: dict[str, set[str]] = defaultdict(set)
    for example in train + held:
        categories[example.language].update(example.positive)
        assert example.sentiment in ("negative", "neutral", "positive")
    assert set(categories) == LANGUAGES
    for language in LANGUAGES:
        assert categories[language] == set(CATEGORIES), language
    assert {e.language for e in held} == LANGUAGES


def test_features_are_stable_across_processes():
    buckets, value = hashed(tokenize("charged twice"))
    # CRC-32 buckets, not Python's per-process salted hash().
    assert buckets == [37_682, 38_538, 47_067, 53_831, BIAS]
    assert buckets == hashed(tokenize("Charged TWICE"))[0]
    assert value == pytest.approx(1 / len(buckets) ** 0.5)


def test_training_is_reproducible_and_writes_versioned_files(tmp_path, no_shared_data):
    runner = CliRunner()
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((first, 5), (second, 5), (other, 6)):
        result = runner.invoke(app, ["triage", "train", "--out", str(out), "--seed", str(seed)])
        assert result.exit_code == 0, result.output
    name = f"triage-{MODEL_VERSION}.npz"
    assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / name).read_bytes() != (other / name).read_bytes()
    meta = json.loads((first / f"triage-{MODEL_VERSION}.json").read_text())
    assert meta["examples"] == {"own": len(datasets.own_examples("train"))}
    assert meta["seed"] == 5


def test_metrics():
    assert macro_f1([1, 1, 0, 0], [1, 0, 0, 0], (0, 1)) == pytest.approx((0.8 + 2 / 3) / 2)
    assert accuracy(["a", "b"], ["a", "a"]) == 0.5


def test_engine_on_own_heldout_set_beats_a_floor():
    """The shipped engine on messages it never saw, in all ten languages."""
    from escalada.triage import TriageInput, triage

    held = datasets.own_examples("heldout")
    tp = fp = fn = 0
    for example in held:
        found = set(triage(TriageInput(text=example.text)).categories) - {"question"}
        gold = set(example.positive) - {"question"}
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.6


def test_bad_policy_file_is_refused(tmp_path):
    policy = tmp_path / "policy.json"
    policy.write_text('{"keywords": {"shipping": ["x"]}}')
    result = CliRunner().invoke(app, ["triage", "--policy", str(policy), "-"], input="")
    assert result.exit_code == 1
    assert "unknown category" in result.output
