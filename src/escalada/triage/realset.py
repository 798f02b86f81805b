"""Resolve the blind real-traffic label set to the texts it refers to.

``eval/real/labels.jsonl`` holds labels and a reference to a row of a public data set
in ``shared/data`` beside the repository; the text itself is never copied into the
repository (see eval/real/README.md). ``load_real_labels`` reads each reference back:

- CSV files with a header: ``row`` is the 0-based index of the data row as read by
  ``csv.DictReader``; ``key`` is the file's id column (``tweet_id``; the unnamed index
  column of ``inbound_first_msgs_weak_priority.csv``; ``lang/split/line_no`` for
  UMSAB; none for GermEval).
- ``complaints-acl2019/complaints-data.csv`` has no header: ``row`` is the 0-based
  line index, ``key`` the first column (``tweet_id``).
- ``ibm-twitter-cdp/{dev,test}.json``: ``row`` is ``"conv C turn T"``, that is
  ``data[C]["dialogContent"][T]``; ``key`` is the turn's ``tweet_ID``.
- ``laroseda-romanian-reviews/laroseda_test.json``: ``row`` is ``"review R"``, that is
  ``data["reviews"][R]``; ``key`` is the review's ``index``.

A LaRoSeDa text is the review's title and content joined by a newline. When a label
carries a key, the row found must carry the same key, so a reordered or replaced file
is caught instead of silently pairing labels with other texts.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

csv.field_size_limit(1 << 24)


class RealRowMissing(LookupError):
    """A label refers to a file, row or key that ``shared/data`` does not hold."""


@dataclass(frozen=True, slots=True)
class _Row:
    text: str
    key: str | None


def _csv_source(
    *, key: Callable[[dict[str, str]], str] | None, fieldnames: Sequence[str] | None = None
) -> Callable[[Path], Callable[[Any], _Row]]:
    def load(path: Path) -> Callable[[Any], _Row]:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, fieldnames=fieldnames))

        def find(ref: Any) -> _Row:
            if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref < len(rows):
                raise RealRowMissing(f"row {ref!r} is not a data row of {path} ({len(rows)} rows)")
            row = rows[ref]
            return _Row(text=row["text"] or "", key=key(row) if key else None)

        return find

    return load


def _ibm_source(path: Path) -> Callable[[Any], _Row]:
    conversations = json.loads(path.read_text(encoding="utf-8"))

    def find(ref: Any) -> _Row:
        match = re.fullmatch(r"conv (\d+) turn (\d+)", ref) if isinstance(ref, str) else None
        if match is None:
            raise RealRowMissing(f"row {ref!r} is not of the form 'conv C turn T' ({path})")
        conv, turn = int(match[1]), int(match[2])
        try:
            message = conversations[conv]["dialogContent"][turn]
        except IndexError:
            raise RealRowMissing(f"{ref!r} does not exist in {path}") from None
        return _Row(text=message.get("message") or "", key=message.get("tweet_ID"))

    return find


def _laroseda_source(path: Path) -> Callable[[Any], _Row]:
    reviews = json.loads(path.read_text(encoding="utf-8"))["reviews"]

    def find(ref: Any) -> _Row:
        match = re.fullmatch(r"review (\d+)", ref) if isinstance(ref, str) else None
        if match is None or int(match[1]) >= len(reviews):
            raise RealRowMissing(f"row {ref!r} is not a review of {path} ({len(reviews)} reviews)")
        review = reviews[int(match[1])]
        text = "\n".join(part for part in (review.get("title"), review.get("content")) if part)
        return _Row(text=text, key=review.get("index"))

    return find


def _tweet_id(row: dict[str, str]) -> str:
    return row["tweet_id"]


_TWCS = _csv_source(key=_tweet_id)
SOURCES: dict[str, Callable[[Path], Callable[[Any], _Row]]] = {
    "twcs-samples/twcs_head5000.csv": _TWCS,
    "twcs-samples/kaggle_sample.csv": _TWCS,
    "twcs-samples/spotifycares_inbound_requests.csv": _TWCS,
    # Only the unnamed index column and the text are read: the third column is a guess.
    "twcs-samples/inbound_first_msgs_weak_priority.csv": _csv_source(key=lambda row: row[""]),
    "complaints-acl2019/complaints-data.csv": _csv_source(
        key=_tweet_id, fieldnames=("tweet_id", "text", "label", "domain")
    ),
    "twitter-airline-sentiment/Tweets_kaggle_subset_utf8.csv": _csv_source(key=_tweet_id),
    "germeval2017-db-feedback/germeval2017_dev_testsyn.csv": _csv_source(key=None),
    "umsab-multilingual-sentiment/umsab_sentiment.csv": _csv_source(
        key=lambda row: f"{row['lang']}/{row['split']}/{row['line_no']}"
    ),
    "ibm-twitter-cdp/dev.json": _ibm_source,
    "ibm-twitter-cdp/test.json": _ibm_source,
    "laroseda-romanian-reviews/laroseda_test.json": _laroseda_source,
}


def load_real_labels(labels_path: Path | str, shared_dir: Path | str) -> list[dict[str, Any]]:
    """Every label of ``labels_path`` with its ``text`` read from ``shared_dir``.

    ``shared_dir`` is the data folder (``shared/data``). Raises ``RealRowMissing``
    naming the label line when a source, file, row or key cannot be found.
    """
    shared = Path(shared_dir)
    finders: dict[str, Callable[[Any], _Row]] = {}
    resolved = []
    lines = Path(labels_path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        label = json.loads(line)
        where = f"{labels_path} line {number}"
        source = label.get("source")
        if source not in SOURCES:
            raise RealRowMissing(f"{where}: unknown source {source!r}")
        if source not in finders:
            path = shared / source
            if not path.is_file():
                raise RealRowMissing(f"{where}: {path} does not exist")
            finders[source] = SOURCES[source](path)
        try:
            row = finders[source](label.get("row"))
        except RealRowMissing as exc:
            raise RealRowMissing(f"{where}: {exc}") from None
        expected = label.get("key")
        if expected is not None and row.key != expected:
            raise RealRowMissing(
                f"{where}: {source} row {label.get('row')!r} has key {row.key!r}, "
                f"the label expects {expected!r}"
            )
        resolved.append({**label, "text": row.text})
    return resolved
