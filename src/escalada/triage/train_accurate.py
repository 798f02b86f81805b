"""``escalada triage train --accurate``: fit the accurate mode's heads and write them to the package.

Same data and rules as the fast model (``datasets.training_examples()``: the own train
split and the licensed public sets; evaluation-only sets never). Each example becomes
[embedding ; evidence] (accurate.py). The fast model's scores inside the evidence are
*out of fold*: five fast models, each trained without one fifth of the examples, score
that fifth, so the heads learn how far to trust the fast model on text it has not seen
(its scores on its own training text would be too good to be true).

Heads are scikit-learn logistic regressions (lbfgs, deterministic): one per category on
the examples whose source labels it, weighted as the fast model weighs sources and
positives, and one multinomial head for sentiment (own examples only). The evidence
columns are standardised to an embedding coordinate's scale and the scaling is folded
into the saved weights, so scoring is one matrix product. Needs the ``[accurate]`` extra.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from . import accurate
from .contract import CATEGORIES
from .datasets import TRAINING_SOURCES, Example, training_examples
from .model import OUTPUTS, SENTIMENT_LABELS
from .policy import MODEL_ABUSE_THRESHOLD, MODEL_SPAM_THRESHOLD
from .settings import DEFAULT_MODEL_THRESHOLD
from .train import SEED, featurize, fit, predict_logits, rows, source_weights, targets

FOLDS = 5
C = 4.0
MAX_ITER = 2000
# Evidence columns are standardised, then shrunk to the typical size of one coordinate
# of a unit-length 384-dimensional embedding, so one C regularises both alike.
EVIDENCE_SCALE = 1.0 / np.sqrt(accurate.EMBEDDING_SIZE)

Progress = Callable[[str, int, int], None]


def out_of_fold_fast_scores(
    texts: Sequence[str], examples: Sequence[Example], *, seed: int = SEED
) -> list:
    """Fast-model ModelScores for each example from a fast model that never saw it."""
    matrix = featurize(texts)
    y, mask, sentiment = targets(examples)
    weights = source_weights(examples)
    parts = np.array_split(np.random.default_rng(seed).permutation(len(texts)), FOLDS)
    logits = np.zeros((len(texts), len(OUTPUTS)), dtype=np.float32)
    for index, held in enumerate(parts):
        kept = np.sort(np.concatenate([p for j, p in enumerate(parts) if j != index]))
        held = np.sort(held)
        w = fit(rows(matrix, kept), y[kept], mask[kept], sentiment[kept], weights[kept],
                seed=seed)
        logits[held] = predict_logits(w, rows(matrix, held))
    return accurate.scores_from_logits(logits)


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x with its evidence columns scaled; returns it with their mean and scale."""
    evidence = x[:, accurate.EMBEDDING_SIZE :]
    mean = evidence.mean(axis=0)
    scale = EVIDENCE_SCALE / np.maximum(evidence.std(axis=0), 1e-3)
    scaled = x.copy()
    scaled[:, accurate.EMBEDDING_SIZE :] = (evidence - mean) * scale
    return scaled, mean, scale


def fold_in(weights: np.ndarray, bias: np.ndarray, mean: np.ndarray, scale: np.ndarray):
    """Weights and bias that take raw features, from those fitted on standardised ones."""
    raw = weights.copy()
    raw[accurate.EMBEDDING_SIZE :] *= scale[:, None]
    return raw, bias - (mean[:, None] * raw[accurate.EMBEDDING_SIZE :]).sum(axis=0)


def logistic(**options):  # noqa: ANN003, ANN201
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=MAX_ITER, random_state=SEED, **options)


def fit_heads(x: np.ndarray, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """(FEATURES × 17) weights and 17 biases over standardised features."""
    y, mask, sentiment = targets(examples)
    weights = source_weights(examples)
    out_w = np.zeros((x.shape[1], len(OUTPUTS)), dtype=np.float64)
    out_b = np.zeros(len(OUTPUTS), dtype=np.float64)
    for column, _category in enumerate(CATEGORIES):
        known = mask[:, column] > 0
        labels = y[known, column]
        if labels.min(initial=1) == labels.max(initial=0):
            # Never labelled both ways: the head says what it saw, with no words.
            out_b[column] = 6.0 if labels.size and labels[0] else -6.0
            continue
        positives = float((weights[known] * labels).sum())
        negatives = float((weights[known] * (1 - labels)).sum())
        balance = np.clip(np.sqrt(negatives / positives), 1.0, 20.0)
        sample = weights[known] * np.where(labels > 0, balance, 1.0)
        head = logistic().fit(x[known], labels.astype(int), sample_weight=sample)
        out_w[:, column], out_b[column] = head.coef_[0], head.intercept_[0]
    known = sentiment >= 0
    head = logistic().fit(x[known], sentiment[known])
    for index, label in enumerate(head.classes_.tolist()):
        out_w[:, len(CATEGORIES) + label] = head.coef_[index]
        out_b[len(CATEGORIES) + label] = head.intercept_[index]
    return out_w, out_b


def train_and_save(
    out_dir: Path, *, seed: int = SEED, progress: Progress | None = None
) -> dict:
    """Train from ``training_examples()`` and write ``triage-accurate-<version>.npz``/``.json``."""
    from .pipeline import analyse

    accurate.require_accurate()
    report = progress or (lambda _stage, _done, _total: None)
    examples, analyses = [], []
    for example in training_examples():
        analysis = analyse(example.text)
        # The pipeline never asks the model about a message without a word.
        if analysis is not None and analysis.tokens.exact:
            examples.append(example)
            analyses.append(analysis)
    texts = [example.text for example in examples]
    report("fast model out of fold", 0, 1)
    fast = out_of_fold_fast_scores(texts, examples, seed=seed)
    report("fast model out of fold", 1, 1)
    parts = []
    for start in range(0, len(analyses), 1024):
        chunk = analyses[start : start + 1024]
        parts.append(accurate.features(chunk, fast[start : start + 1024]))
        report("embeddings", start + len(chunk), len(analyses))
    x, mean, scale = standardise(np.vstack(parts))
    report("heads", 0, 1)
    w, b = fit_heads(x, examples)
    report("heads", 1, 1)
    weights, bias = fold_in(w, b, mean, scale)
    sources = Counter(example.source for example in examples)
    meta = {
        "version": accurate.ACCURATE_VERSION,
        "outputs": list(OUTPUTS),
        "embedding": {"model": accurate.EMBEDDING_MODEL, "size": accurate.EMBEDDING_SIZE,
                      "max_chars": accurate.MAX_EMBEDDED_CHARS, "normalised": True},
        "evidence": list(accurate.EVIDENCE),
        "fast_scores": f"out of fold ({FOLDS} folds) in training, the shipped fast model at run time",
        "heads": {"kind": "logistic regression (scikit-learn, lbfgs)", "C": C,
                  "sentiment": list(SENTIMENT_LABELS)},
        "seed": seed,
        "examples": dict(sorted(sources.items())),
        "licences": {"own": "project's own labelled data",
                     **{name: TRAINING_SOURCES[name] for name in TRAINING_SOURCES}},
        "thresholds": {"model_threshold_default": DEFAULT_MODEL_THRESHOLD,
                       "abuse": MODEL_ABUSE_THRESHOLD, "spam": MODEL_SPAM_THRESHOLD},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weights=weights.astype(np.float32),
                        bias=bias.astype(np.float32))
    name = f"triage-accurate-{accurate.ACCURATE_VERSION}"
    (out_dir / f"{name}.npz").write_bytes(buffer.getvalue())
    (out_dir / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def in_domain_binary(x: np.ndarray, labels: Sequence[int], train_idx, test_idx) -> dict[int, int]:
    """The accurate learner trained on a benchmark's own split: predicted label per test row.

    Used by the evaluation and the bench to compare learners on the same folds; the
    models are thrown away afterwards.
    """
    y = np.asarray(labels, dtype=int)
    predictions: dict[int, int] = {}
    for train_rows, test_rows in zip(train_idx, test_idx):
        train_rows, test_rows = np.asarray(train_rows), np.asarray(test_rows)
        scaled, mean, scale = standardise(x[train_rows])
        head = logistic(class_weight="balanced").fit(scaled, y[train_rows])
        test = x[test_rows].copy()
        test[:, accurate.EMBEDDING_SIZE :] = (test[:, accurate.EMBEDDING_SIZE :] - mean) * scale
        predictions.update(zip(test_rows.tolist(), head.predict(test).tolist()))
    return predictions
