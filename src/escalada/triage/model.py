"""The shipped learned model: one hashed-feature linear layer, read once, scored in numpy.

``models/triage-<version>.npz`` holds ``weights`` (buckets + bias × outputs, float16 on
disk, float32 in memory) and ``meta.json`` beside it says what each output column is,
which data trained it and the decision thresholds. Outputs are one sigmoid per
category (multi-label) and a softmax over negative / neutral / positive.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import numpy as np

from .contract import CATEGORIES
from .features import with_context

MODEL_VERSION = "v1"
SENTIMENT_LABELS = ("negative", "neutral", "positive")
OUTPUTS = (*CATEGORIES, *(f"sentiment:{label}" for label in SENTIMENT_LABELS))


@dataclass(frozen=True, slots=True)
class ModelScores:
    categories: dict[str, float]  # probability per category
    sentiment: float  # P(positive) − P(negative), in [-1, 1]


@dataclass(frozen=True, slots=True)
class LoadedModel:
    weights: np.ndarray
    meta: dict

    def score(self, base: frozenset[int], context: Sequence[str] = ()) -> ModelScores:
        """Scores of one message from its text buckets (``features.text_buckets``) and context."""
        buckets, value = with_context(base, context)
        rows = np.fromiter(buckets, dtype=np.intp, count=len(buckets))
        return _scores((self.weights.take(rows, axis=0).sum(axis=0) * value).tolist())

    def score_many(self, items: Sequence[tuple[frozenset[int], Sequence[str]]]) -> list[ModelScores]:
        """``score`` of each (text buckets, context) pair, with one gather and one sum for all."""
        return [_scores(row) for row in linear_logits(self.weights, items)]


def linear_logits(weights: np.ndarray, items: Sequence[tuple[frozenset[int], Sequence[str]]]) -> list[list[float]]:
    """The outputs of a hashed-feature linear layer for each (text buckets, context) pair:
    one gather and one sum for the whole batch (both shipped models score this way)."""
    if not items:
        return []
    hashed_items = [with_context(base, context) for base, context in items]
    rows = np.fromiter(
        (bucket for buckets, _ in hashed_items for bucket in buckets),
        dtype=np.intp,
        count=sum(len(buckets) for buckets, _ in hashed_items),
    )
    starts = np.cumsum([0, *(len(buckets) for buckets, _ in hashed_items[:-1])])
    sums = np.add.reduceat(weights.take(rows, axis=0), starts, axis=0)
    values = np.fromiter((value for _, value in hashed_items), dtype=np.float32)
    return (sums * values[:, None]).tolist()


_SIGMOID_LOW = 1.0 / (1.0 + math.exp(30.0))
_SIGMOID_HIGH = 1.0 / (1.0 + math.exp(-30.0))


def _scores(logits: list[float]) -> ModelScores:
    # Seventeen numbers: plain Python is faster here than numpy's per-call overhead.
    # Logits are clamped to ±30 (NaN counts as +30) before the sigmoid.
    exp, low, high = math.exp, _SIGMOID_LOW, _SIGMOID_HIGH
    probabilities = [
        1.0 / (1.0 + exp(-z)) if -30.0 <= z <= 30.0 else low if z < 0 else high
        for z in logits[: len(CATEGORIES)]
    ]
    categories = dict(zip(CATEGORIES, probabilities))
    neg, neu, pos = logits[len(CATEGORIES) :]
    top = max(neg, neu, pos)
    e_neg, e_neu, e_pos = math.exp(neg - top), math.exp(neu - top), math.exp(pos - top)
    sentiment = (e_pos - e_neg) / (e_neg + e_neu + e_pos)
    return ModelScores(categories=categories, sentiment=sentiment)


def model_dir():
    return files(__package__).joinpath("models")


_loaded: LoadedModel | None = None
_lock = threading.Lock()


def load_model() -> LoadedModel:
    """The shipped model, read on first use and kept for the life of the process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                folder = model_dir()
                meta = json.loads(
                    folder.joinpath(f"triage-{MODEL_VERSION}.json").read_text(encoding="utf-8")
                )
                with folder.joinpath(f"triage-{MODEL_VERSION}.npz").open("rb") as handle:
                    weights = np.load(handle)["weights"].astype(np.float32)
                if tuple(meta["outputs"]) != OUTPUTS or weights.shape[1] != len(OUTPUTS):
                    raise ValueError(f"model triage-{MODEL_VERSION} does not match this code")
                _loaded = LoadedModel(weights=weights, meta=meta)
    return _loaded
