"""Labels of real customer messages for training: references only, never the evaluation rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from escalada.triage import CATEGORIES
from escalada.triage.realset import load_real_labels

REPO = Path(__file__).resolve().parents[2]
CORPUS_REAL = REPO / "src" / "escalada" / "triage" / "corpus_real"
IBM_LABELS = CORPUS_REAL / "ibm-labels.jsonl"
EVAL_LABELS = REPO / "eval" / "real" / "labels.jsonl"
SHARED_DATA = REPO.parent / "shared" / "data"
FIELDS = {"source", "row", "key", "language", "tier", "executive", "needs_private", "categories"}
IBM_SOURCES = {"ibm-twitter-cdp/dev.json", "ibm-twitter-cdp/test.json"}


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _conversation(row: str) -> int:
    match = re.fullmatch(r"conv (\d+) turn (\d+)", row)
    assert match is not None, row
    return int(match[1])


def test_labels_store_references_and_consistent_labels_only() -> None:
    labels = _read(IBM_LABELS)
    assert len(labels) > 800
    rows, keys = set(), set()
    for label in labels:
        assert set(label) == FIELDS, label  # never a copy of the text
        assert label["source"] in IBM_SOURCES
        assert label["tier"] in (0, 1, 2, 3)
        assert isinstance(label["executive"], bool)
        assert isinstance(label["needs_private"], bool)
        assert set(label["categories"]) <= set(CATEGORIES)
        assert len(label["categories"]) == len(set(label["categories"]))
        assert re.fullmatch(r"[a-z]{2}|und", label["language"])
        if label["executive"]:
            assert label["tier"] == 3
        reference = (label["source"], label["row"])
        assert reference not in rows, reference
        rows.add(reference)
        assert label["key"] not in keys, label["key"]
        keys.add(label["key"])


def test_no_conversation_of_the_evaluation_set_is_used_for_training() -> None:
    held_out = {
        (label["source"], _conversation(label["row"]))
        for label in _read(EVAL_LABELS)
        if label["source"] in IBM_SOURCES
    }
    assert held_out, "the evaluation set is expected to hold IBM conversations"
    used = {(label["source"], _conversation(label["row"])) for label in _read(IBM_LABELS)}
    assert sorted(used & held_out) == []


@pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason=f"public data sets not found at {SHARED_DATA}; the labels only refer to them",
)
def test_every_label_resolves_to_a_customer_text() -> None:
    resolved = load_real_labels(IBM_LABELS, SHARED_DATA)
    assert len(resolved) == len(_read(IBM_LABELS))
    empty = [(r["source"], r["row"]) for r in resolved if not r["text"].strip()]
    assert empty == []
    conversations = {
        source: json.loads((SHARED_DATA / source).read_text(encoding="utf-8"))
        for source in IBM_SOURCES
    }
    for label in resolved:
        conv, turn = map(int, re.findall(r"\d+", label["row"]))
        message = conversations[label["source"]][conv]["dialogContent"][turn]
        assert "client" in message, label["row"]  # a customer's turn, never the agent's
