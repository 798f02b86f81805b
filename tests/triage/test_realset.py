"""The blind real-traffic label set: references only, and every reference resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from escalada.triage import CATEGORIES
from escalada.triage.realset import RealRowMissing, load_real_labels

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "eval" / "real" / "labels.jsonl"
SHARED_DATA = REPO.parent / "shared" / "data"
FIELDS = {"source", "row", "key", "language", "tier", "executive", "needs_private",
          "categories", "urgent", "note"}


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]


def test_labels_store_references_and_consistent_labels_only() -> None:
    labels = _labels()
    assert len(labels) == 600
    seen = set()
    for label in labels:
        assert set(label) <= FIELDS, label  # never a copy of the text
        assert {"source", "row", "language", "tier", "executive", "categories"} <= set(label)
        assert label["tier"] in (0, 1, 2, 3)
        assert label["urgent"] is (label["tier"] == 3)
        assert set(label["categories"]) <= set(CATEGORIES)
        if label["executive"]:
            assert label["tier"] == 3
        reference = (label["source"], label["row"])
        assert reference not in seen, reference
        seen.add(reference)


@pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason=f"public data sets not found at {SHARED_DATA}; the real label set only refers to them",
)
def test_every_real_label_resolves_to_a_text() -> None:
    resolved = load_real_labels(LABELS, SHARED_DATA)
    assert len(resolved) == len(_labels())
    empty = [(r["source"], r["row"]) for r in resolved if not r["text"].strip()]
    assert empty == []


def _fake_shared(tmp_path: Path) -> Path:
    twcs = tmp_path / "twcs-samples"
    twcs.mkdir()
    (twcs / "twcs_head5000.csv").write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "7,115712,True,now,my parcel never came,,\n",
        encoding="utf-8",
    )
    ibm = tmp_path / "ibm-twitter-cdp"
    ibm.mkdir()
    conversation = {"dialogContent": [{"client": "a", "message": "app is down", "tweet_ID": "99"}]}
    (ibm / "dev.json").write_text(json.dumps([conversation]), encoding="utf-8")
    return tmp_path


def _write_labels(tmp_path: Path, *labels: dict) -> Path:
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(label) + "\n" for label in labels), encoding="utf-8")
    return path


def test_resolves_csv_rows_and_json_turns(tmp_path: Path) -> None:
    shared = _fake_shared(tmp_path)
    labels = _write_labels(
        tmp_path,
        {"source": "twcs-samples/twcs_head5000.csv", "row": 0, "key": "7", "tier": 3},
        {"source": "ibm-twitter-cdp/dev.json", "row": "conv 0 turn 0", "key": "99", "tier": 3},
    )
    texts = [label["text"] for label in load_real_labels(labels, shared)]
    assert texts == ["my parcel never came", "app is down"]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ({"source": "twcs-samples/twcs_head5000.csv", "row": 1, "key": "8"}, "not a data row"),
        ({"source": "twcs-samples/twcs_head5000.csv", "row": 0, "key": "8"}, "has key '7'"),
        ({"source": "ibm-twitter-cdp/dev.json", "row": "conv 3 turn 0"}, "does not exist"),
        ({"source": "ibm-twitter-cdp/test.json", "row": "conv 0 turn 0"}, "does not exist"),
        ({"source": "elsewhere/file.csv", "row": 0}, "unknown source"),
    ],
)
def test_a_missing_reference_names_the_label_line(
    tmp_path: Path, label: dict, message: str
) -> None:
    labels = _write_labels(tmp_path, label)
    with pytest.raises(RealRowMissing, match=message) as caught:
        load_real_labels(labels, _fake_shared(tmp_path))
    assert "line 1" in str(caught.value)
