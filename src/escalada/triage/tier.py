"""The learned tier decision: one calibrated model, asymmetric costs, policy on top.

The rules of ``policy.decide`` see each piece of evidence alone (a phrase, a question
mark, a sentiment threshold) and cap each other; real messages that match no phrase
fell to "no reply needed". Here the same evidence — the words, the lexicon signals,
the rule decision, the category model's scores, sentiment, troll score — feeds one
linear model with a softmax over the four tiers and a sigmoid for executive intent,
trained on the labelled corpus (tier_train.py). Its probabilities are calibrated by
log-loss, and the tier chosen is the one with the lowest expected cost under
``COSTS``: an urgent message read as tier 0–1 costs far more than a tier-2 one raised.

Policy stays rules where the policy is the point (pipeline.py): a brand's own category
tiers, executive cases at tier 3, privacy; each says so in the reasons.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import linear_logits, model_dir

TIER_MODEL_VERSION = "v1"
TIERS = (0, 1, 2, 3)
OUTPUTS = ("tier:0", "tier:1", "tier:2", "tier:3", "executive")
#: COSTS[true][chosen]. Missing an urgent message (3 read as 0 or 1) is the costliest
#: error; raising a tier-2 message to 3 costs an agent a minute.
#: Calling a sincere message noise (2 read as 0) costs a customer ignored, so an unclear
#: case leans sincere, as the triage contract asks.
COSTS = (
    (0.0, 1.0, 1.5, 2.5),
    (2.0, 0.0, 1.0, 2.0),
    (5.0, 3.0, 0.0, 1.0),
    (10.0, 8.0, 5.0, 0.0),
)
#: A tier-2 message this likely to be urgent gets priority "high", so it sorts first in
#: tier 2; a tier-3 message less likely than SURE_URGENT sorts after the sure ones.
HIGH_CERTAINTY = 0.35
SURE_URGENT = 0.6


@dataclass(frozen=True, slots=True)
class TierEvidence:
    """What the rules and the category model concluded, as the tier model reads it."""

    rule_tier: int
    categories: tuple[str, ...]
    rule_executive: bool
    sentiment: float
    troll: float
    asks: bool
    sarcastic: bool
    model_categories: dict[str, float] | None

    def features(self) -> list[str]:
        found = [f"rt {self.rule_tier}", f"se {round(self.sentiment * 2) / 2:+.1f}",
                 f"tr {round(self.troll * 4) / 4:.2f}"]
        found.extend(f"rc {category}" for category in self.categories)
        if self.rule_executive:
            found.append("rex")
        if self.asks:
            found.append("ask")
        if self.sarcastic:
            found.append("sarc")
        for category, probability in (self.model_categories or {}).items():
            if probability >= 0.3:
                found.append(f"mc {category} {min(int(probability * 5), 4)}")
        return found


@dataclass(frozen=True, slots=True)
class TierScores:
    probabilities: tuple[float, float, float, float]
    executive: float  # P(executive intent)

    def best_tier(self, costs: Sequence[Sequence[float]] = COSTS) -> int:
        """The tier with the lowest expected cost (the higher tier on a tie)."""
        p0, p1, p2, p3 = self.probabilities
        best, lowest = 0, math.inf
        for chosen in TIERS:
            expected = (p0 * costs[0][chosen] + p1 * costs[1][chosen] + p2 * costs[2][chosen]
                        + p3 * costs[3][chosen])
            if expected <= lowest:
                best, lowest = chosen, expected
        return best


@dataclass(frozen=True, slots=True)
class TierModel:
    weights: np.ndarray  # (buckets + bias) × OUTPUTS
    meta: dict

    @property
    def executive_threshold(self) -> float:
        return float(self.meta.get("executive_threshold", 0.5))

    def score(self, base: frozenset[int], context: Sequence[str]) -> TierScores:
        return self.score_many([(base, context)])[0]

    def score_many(self, items: Sequence[tuple[frozenset[int], Sequence[str]]]) -> list[TierScores]:
        """Verdicts for (text buckets, context) pairs, with one gather and one sum for all."""
        return [_scores(row) for row in linear_logits(self.weights, items)]


def _scores(logits: list[float]) -> TierScores:
    tiers = logits[:4]
    top = max(tiers)
    exps = [math.exp(z - top) for z in tiers]
    total = sum(exps)
    z = max(-30.0, min(30.0, logits[4]))
    return TierScores(probabilities=tuple(e / total for e in exps),  # type: ignore[arg-type]
                      executive=1.0 / (1.0 + math.exp(-z)))


_loaded: TierModel | None = None
_missing = False
_lock = threading.Lock()


def load_tier_model() -> TierModel | None:
    """The shipped tier model, or None when the package holds none (rules decide alone)."""
    global _loaded, _missing
    if _loaded is None and not _missing:
        with _lock:
            if _loaded is None and not _missing:
                folder = model_dir()
                meta_file = folder.joinpath(f"tier-{TIER_MODEL_VERSION}.json")
                if not meta_file.is_file():
                    _missing = True
                    return None
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
                with folder.joinpath(f"tier-{TIER_MODEL_VERSION}.npz").open("rb") as handle:
                    weights = np.load(handle)["weights"].astype(np.float32)
                if tuple(meta["outputs"]) != OUTPUTS or weights.shape[1] != len(OUTPUTS):
                    raise ValueError(f"tier model {TIER_MODEL_VERSION} does not match this code")
                _loaded = TierModel(weights=weights, meta=meta)
    return _loaded


def reset_cache() -> None:
    """Forget the loaded model (after training writes a new one)."""
    global _loaded, _missing
    with _lock:
        _loaded, _missing = None, False
