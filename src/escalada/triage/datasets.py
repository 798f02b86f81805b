"""Readers for the labelled data that trains and evaluates the triage model.

The project's own multilingual examples ship in ``labelled/messages.jsonl`` (see
docs/labelling.md). Public sets are read from ``shared/data`` beside the repository
(``ESCALADA_SHARED_DATA`` overrides it) and never copied. ``TRAINING_SOURCES`` lists
the only public sets whose licence lets a shipped model learn from them; every other
reader here is for evaluation.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

csv.field_size_limit(1 << 24)

# folder → licence, as stated in its SOURCE.md. Only these may train a shipped model.
TRAINING_SOURCES = {
    "bitext-customer-support": "CDLA-Sharing-1.0",
    "davidson-hate-offensive": "MIT",
    "convabuse": "CC BY 4.0",
    "youtube-spam": "CC BY 4.0",
}
EVALUATION_ONLY = {
    "complaints-acl2019": "no licence (research release)",
    "umsab-multilingual-sentiment": "per source dataset",
    "twitter-airline-sentiment": "CC BY-NC-SA 4.0",
    "tweeteval-offensive-sentiment": "SemEval/OffensEval terms",
    "synthetic-multilang-tickets": "CC BY-NC 4.0",
}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    source: str
    language: str = "en"
    # Known labels only: a category missing from both sets is unknown for this example.
    positive: frozenset[str] = field(default_factory=frozenset)
    negative: frozenset[str] = field(default_factory=frozenset)
    sentiment: str | None = None  # negative / neutral / positive, or unknown


def shared_data_dir() -> Path | None:
    """``shared/data`` next to the repository (or a parent of it), if present."""
    override = os.environ.get("ESCALADA_SHARED_DATA")
    if override:
        return Path(override) if Path(override).is_dir() else None
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def read_rows(relative: str) -> Iterator[dict[str, str]]:
    base = shared_data_dir()
    if base is None or not (base / relative).exists():
        raise FileNotFoundError(f"shared data not found: {relative}")
    with (base / relative).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def own_examples(split: str | None = None) -> list[Example]:
    """The project's labelled messages; ``split`` is ``train``, ``heldout`` or None for all."""
    from .contract import CATEGORIES

    text = files(__package__).joinpath("labelled", "messages.jsonl").read_text(encoding="utf-8")
    examples = []
    for line in text.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if split is not None and record["split"] != split:
            continue
        positive = frozenset(record["categories"])
        examples.append(
            Example(
                text=record["text"],
                source="own",
                language=record["language"],
                positive=positive,
                negative=frozenset(CATEGORIES) - positive,
                sentiment=record["sentiment"],
            )
        )
    return examples


# Bitext intents → categories. Bitext utterances are customer-support requests, so they
# are known not to be spam or abuse; praise, reputation and legal stay unknown.
_BITEXT = {
    "get_refund": {"billing"},
    "track_refund": {"billing"},
    "payment_issue": {"billing"},
    "check_cancellation_fee": {"billing", "question"},
    "check_invoice": {"question"},
    "get_invoice": {"question"},
    "check_payment_methods": {"question"},
    "check_refund_policy": {"question"},
    "delivery_options": {"question"},
    "delivery_period": {"question", "delivery"},
    "track_order": {"delivery"},
    "recover_password": {"account"},
    "registration_problems": {"account", "technical"},
    "edit_account": {"account"},
    "create_account": {"account"},
    "switch_account": {"account"},
    "delete_account": {"account", "cancellation"},
    "place_order": {"sales_lead"},
    "contact_customer_service": {"question"},
    "contact_human_agent": {"question"},
    "newsletter_subscription": {"question"},
    "set_up_shipping_address": {"question"},
    "change_shipping_address": {"question"},
    "change_order": {"question"},
    "cancel_order": {"question"},
    "complaint": set(),
    "review": set(),
}
_BITEXT_KNOWN = frozenset(
    {"billing", "outage", "delivery", "account", "technical", "sales_lead", "feature_request",
     "question", "cancellation", "spam", "abuse"}
)


def bitext_examples() -> list[Example]:
    examples = []
    path = "bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv"
    for row in read_rows(path):
        mapped = _BITEXT.get(row["intent"])
        if mapped is None:
            continue
        positive = frozenset(mapped)
        examples.append(
            Example(row["instruction"], "bitext", positive=positive,
                    negative=_BITEXT_KNOWN - positive)
        )
    return examples


def davidson_examples() -> list[Example]:
    """Hate or offensive tweets (classes 0 and 1) as abuse; class 2 as not abuse."""
    return [
        Example(
            row["tweet"],
            "davidson",
            positive=frozenset({"abuse"}) if row["class"] in ("0", "1") else frozenset(),
            negative=frozenset() if row["class"] in ("0", "1") else frozenset({"abuse"}),
        )
        for row in read_rows("davidson-hate-offensive/labeled_data.csv")
    ]


def convabuse_examples() -> list[Example]:
    """User turns; abusive when most annotators rated them below 0 (−1 … −3)."""
    examples = []
    for row in read_rows("convabuse/ConvAbuseEMNLPtrain.csv"):
        votes = []
        for annotator in range(1, 9):
            for level in ("1", "0", "-1", "-2", "-3"):
                if row.get(f"Annotator{annotator}_is_abuse.{level}") == "1":
                    votes.append(int(level) < 0)
        if not votes or not row["user"].strip():
            continue
        abusive = sum(votes) * 2 > len(votes)
        label = frozenset({"abuse"})
        examples.append(
            Example(row["user"], "convabuse",
                    positive=label if abusive else frozenset(),
                    negative=frozenset() if abusive else label)
        )
    return examples


def youtube_spam_examples() -> list[Example]:
    examples = []
    for name in ("Psy", "KatyPerry", "LMFAO", "Eminem", "Shakira"):
        number = ("Psy", "KatyPerry", "LMFAO", "Eminem", "Shakira").index(name) + 1
        for row in read_rows(f"youtube-spam/Youtube0{number}-{name}.csv"):
            spam = row["CLASS"] == "1"
            label = frozenset({"spam"})
            examples.append(
                Example(row["CONTENT"], "youtube-spam",
                        positive=label if spam else frozenset(),
                        negative=frozenset() if spam else label)
            )
    return examples


_READERS = {
    "bitext-customer-support": bitext_examples,
    "davidson-hate-offensive": davidson_examples,
    "convabuse": convabuse_examples,
    "youtube-spam": youtube_spam_examples,
}


def missing_training_sources() -> list[str]:
    base = shared_data_dir()
    return [name for name in TRAINING_SOURCES if base is None or not (base / name).is_dir()]


def training_examples() -> list[Example]:
    """Everything a shipped model may learn from: own train split plus licensed public sets.

    Public sets that are not on this machine are left out (``missing_training_sources``
    names them; the model's metadata records what it was trained on).
    """
    examples = own_examples("train")
    missing = set(missing_training_sources())
    for name, reader in _READERS.items():
        if name not in missing:
            examples.extend(reader())
    return examples
