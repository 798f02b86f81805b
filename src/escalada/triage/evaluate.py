"""``make eval``: the triage engine on public benchmarks, next to published figures.

Two kinds of figures per benchmark:

* **zero-shot**: the shipped engine as is. It never saw these sets (their licences
  keep them out of training), so this is what a customer gets on day one.
* **in-domain**: the same learner (hashed features + lexicon evidence, numpy logistic
  regression) trained on the benchmark's own training data, as the papers did; that
  model is thrown away afterwards and never shipped.

Published figures are quoted from the papers named in each table.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from rich.console import Console
from rich.table import Table

from .contract import CATEGORIES, TriageInput, TriageResult
from .datasets import read_rows, own_examples, shared_data_dir
from .language import MAX_DETECTED_CHARS, _lingua_detector, detect_language, warm_up
from .pipeline import analyse, score_model, triage
from .policy import MODEL_ABUSE_THRESHOLD
from .text import strip_for_language
from .train import (
    IN_DOMAIN_BALANCE,
    IN_DOMAIN_BATCH,
    IN_DOMAIN_EPOCHS,
    featurize,
    fit,
    predict_logits,
    rows,
)

out = Console(width=120)
SENTIMENT = ("negative", "neutral", "positive")
NEUTRAL_BAND = 0.2
# What "a complaint" means for the engine: a problem category, or clearly negative.
COMPLAINT_CATEGORIES = frozenset(
    {"billing", "outage", "delivery", "account", "technical", "reputation", "cancellation",
     "legal"}
)


def sentiment_label(score: float) -> str:
    if score < -NEUTRAL_BAND:
        return "negative"
    return "positive" if score > NEUTRAL_BAND else "neutral"


def is_complaint(result: TriageResult) -> bool:
    return bool(COMPLAINT_CATEGORIES & set(result.categories)) or (
        result.sentiment < -NEUTRAL_BAND and "praise" not in result.categories
    )


def macro_f1(gold: Sequence, predicted: Sequence, labels: Sequence) -> float:
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def micro_f1(gold: Sequence[set], predicted: Sequence[set]) -> float:
    """F1 over every (message, label) pair of multi-label answers."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted))
    fp = sum(len(p - g) for g, p in zip(gold, predicted))
    fn = sum(len(g - p) for g, p in zip(gold, predicted))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def accuracy(gold: Sequence, predicted: Sequence) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / max(1, len(gold))


def _sample(items: list, limit: int | None) -> list:
    """A seeded random sample in the original order (sets are often sorted by label)."""
    if not limit or len(items) <= limit:
        return items
    keep = np.random.default_rng(17).permutation(len(items))[:limit]
    return [items[i] for i in sorted(keep)]


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index == 0 else "right")
    return table


def _in_domain_binary(texts: Sequence[str], labels: Sequence[int], train_idx, test_idx):
    matrix = featurize(texts)
    y = np.asarray(labels, dtype=np.float32)[:, None]
    mask = np.ones_like(y)
    no_sentiment = np.full(len(texts), -1, dtype=np.int64)
    weights = np.ones(len(texts), dtype=np.float32)
    predictions = {}
    for train_rows, test_rows in zip(train_idx, test_idx):
        train_rows, test_rows = np.asarray(train_rows), np.asarray(test_rows)
        w = fit(rows(matrix, train_rows), y[train_rows], mask[train_rows],
                no_sentiment[train_rows], weights[train_rows], epochs=IN_DOMAIN_EPOCHS,
                batch=IN_DOMAIN_BATCH, balance=IN_DOMAIN_BALANCE)
        logits = predict_logits(w, rows(matrix, test_rows))[:, 0]
        predictions.update(zip(test_rows.tolist(), (logits > 0).astype(int).tolist()))
    return predictions


def complaints(folds: int) -> None:
    data = [(row_[1], int(row_[2])) for row_ in _csv_rows("complaints-acl2019/complaints-data.csv")]
    texts, gold = [t for t, _ in data], [g for _, g in data]
    rng = np.random.default_rng(13)
    order = rng.permutation(len(data))
    parts = np.array_split(order, folds)
    train_idx = [np.concatenate([p for j, p in enumerate(parts) if j != i]) for i in range(folds)]
    predicted = _in_domain_binary(texts, gold, train_idx, parts)
    cv = [predicted[i] for i in range(len(data))]
    engine = [int(is_complaint(triage(TriageInput(text=t)))) for t in texts]
    table = _table(
        f"complaints-acl2019: complaint vs not ({len(data)} tweets)",
        "system", "macro-F1", "accuracy",
    )
    table.add_row("Preoţiuc-Pietro et al. 2019 (published, best)", "79.0", "80.5")
    table.add_row("Jin & Aletras 2020 (published)", "87.0", "—")
    table.add_row("Jin & Aletras 2021 (published)", "88.2", "—")
    table.add_row(f"this learner, in-domain {folds}-fold CV", _pct(macro_f1(gold, cv, (0, 1))),
                  _pct(accuracy(gold, cv)))
    table.add_row("shipped engine, zero-shot", _pct(macro_f1(gold, engine, (0, 1))),
                  _pct(accuracy(gold, engine)))
    out.print(table)


def _csv_rows(relative: str) -> list[list[str]]:
    import csv

    base = shared_data_dir()
    with (base / relative).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def umsab(limit: int | None) -> None:
    supported = {"en", "es", "pt", "fr", "de", "it"}
    data = [r for r in read_rows("umsab-multilingual-sentiment/umsab_sentiment.csv")
            if r["lang"] in supported]
    train = [r for r in data if r["split"] == "train"]
    test = [r for r in data if r["split"] == "test"]
    test = _sample(test, limit)
    matrix = featurize([r["text"] for r in train])
    sentiment = np.asarray([int(r["label"]) for r in train], dtype=np.int64)  # 0 neg 1 neu 2 pos
    empty = np.zeros((len(train), 0), dtype=np.float32)
    w = fit(matrix, empty, empty, sentiment, np.ones(len(train), dtype=np.float32), epochs=6)
    in_domain = predict_logits(w, featurize([r["text"] for r in test])).argmax(axis=1)
    by_language: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for record, learned in zip(test, in_domain.tolist()):
        engine = sentiment_label(triage(TriageInput(text=record["text"])).sentiment)
        by_language[record["lang"]].append((record["label_name"], engine, SENTIMENT[learned]))
    table = _table("UMSAB multilingual sentiment, test: 3-way macro-F1",
                   "language", "tweets", "engine zero-shot", "learner in-domain")
    everything: list[tuple[str, str, str]] = []
    for language in sorted(by_language):
        items = by_language[language]
        everything.extend(items)
        gold = [g for g, _, _ in items]
        table.add_row(language, str(len(items)),
                      _pct(macro_f1(gold, [e for _, e, _ in items], SENTIMENT)),
                      _pct(macro_f1(gold, [d for _, _, d in items], SENTIMENT)))
    gold = [g for g, _, _ in everything]
    table.add_row("all six", str(len(everything)),
                  _pct(macro_f1(gold, [e for _, e, _ in everything], SENTIMENT)),
                  _pct(macro_f1(gold, [d for _, _, d in everything], SENTIMENT)))
    table.add_row("XLM-T multilingual (published, 8 languages)", "", "", "69.4")
    table.add_row("fastText (published, 8 languages)", "", "", "51.0")
    out.print(table)


# Airline complaint reasons → engine categories that count as catching the reason.
AIRLINE_REASONS = {
    "Late Flight": {"delivery", "outage"},
    "Cancelled Flight": {"outage", "delivery", "cancellation"},
    "Lost Luggage": {"delivery"},
    "Damaged Luggage": {"delivery"},
    "Flight Booking Problems": {"billing", "technical", "account"},
    "Customer Service Issue": COMPLAINT_CATEGORIES,
    "Bad Flight": COMPLAINT_CATEGORIES,
    "Flight Attendant Complaints": {"reputation"} | COMPLAINT_CATEGORIES,
    "longlines": COMPLAINT_CATEGORIES,
}


def airline(limit: int | None) -> None:
    data = read_rows("twitter-airline-sentiment/Tweets_kaggle_subset_utf8.csv")
    data = _sample(list(data), limit)
    results = [triage(TriageInput(text=r["text"])) for r in data]
    gold = [r["airline_sentiment"] for r in data]
    predicted = [sentiment_label(result.sentiment) for result in results]
    table = _table(f"twitter-airline-sentiment: 3-way sentiment ({len(data)} tweets)",
                   "system", "macro-F1", "accuracy")
    table.add_row("shipped engine, zero-shot", _pct(macro_f1(gold, predicted, SENTIMENT)),
                  _pct(accuracy(gold, predicted)))
    out.print(table)
    reasons = _table("twitter-airline-sentiment: complaint reasons, shipped engine",
                     "negative reason", "tweets", "seen as complaint %", "expected category %")
    by_reason: dict[str, list[TriageResult]] = defaultdict(list)
    for record, result in zip(data, results):
        if record["negativereason"] in AIRLINE_REASONS:
            by_reason[record["negativereason"]].append(result)
    for reason, items in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        expected = AIRLINE_REASONS[reason]
        reasons.add_row(
            reason, str(len(items)),
            _pct(sum(is_complaint(r) for r in items) / len(items)),
            _pct(sum(bool(expected & set(r.categories)) for r in items) / len(items)),
        )
    out.print(reasons)


def offensive() -> None:
    data = list(read_rows("tweeteval-offensive-sentiment/tweeteval_offensive.csv"))
    train = [r for r in data if r["split"] == "train"]
    test = [r for r in data if r["split"] == "test"]
    gold = [int(r["label"]) for r in test]
    engine_category, engine_signal = [], []
    for record in test:
        analysis = analyse(record["text"])
        result = triage(TriageInput(text=record["text"]))
        engine_category.append(int("abuse" in result.categories))
        abuse = score_model(analysis).categories["abuse"] if analysis else 0.0
        engine_signal.append(int(abuse >= MODEL_ABUSE_THRESHOLD))
    texts = [r["text"] for r in train] + [r["text"] for r in test]
    labels = [int(r["label"]) for r in train] + gold
    train_rows = np.arange(len(train))
    test_rows = np.arange(len(train), len(texts))
    learned = _in_domain_binary(texts, labels, [train_rows], [test_rows])
    in_domain = [learned[i] for i in test_rows.tolist()]
    table = _table(f"TweetEval offensive, test ({len(test)} tweets): macro-F1",
                   "system", "macro-F1", "accuracy")
    table.add_row("BERTweet (published)", "79.5", "—")
    table.add_row("fastText (published)", "73.4", "—")
    table.add_row("this learner, in-domain (TweetEval train)",
                  _pct(macro_f1(gold, in_domain, (0, 1))),
                  _pct(accuracy(gold, in_domain)))
    table.add_row(f"shipped model's abuse score ≥ {MODEL_ABUSE_THRESHOLD} (policy), zero-shot",
                  _pct(macro_f1(gold, engine_signal, (0, 1))), _pct(accuracy(gold, engine_signal)))
    table.add_row("shipped engine 'abuse' category (insult without a problem), zero-shot",
                  _pct(macro_f1(gold, engine_category, (0, 1))),
                  _pct(accuracy(gold, engine_category)))
    out.print(table)


def languages(limit: int | None) -> None:
    sets: dict[str, list[tuple[str, str]]] = {}
    umsab_rows = [r for r in read_rows("umsab-multilingual-sentiment/umsab_sentiment.csv")
                  if r["split"] == "test" and r["lang"] in {"en", "es", "pt", "fr", "de", "it"}]
    sets["UMSAB test"] = [(r["lang"], r["text"]) for r in umsab_rows]
    tickets = read_rows("synthetic-multilang-tickets/dataset-tickets-multi-lang3-4k_first1167.csv")
    sets["synthetic tickets (subject)"] = [(r["language"], r["subject"] or r["body"][:140])
                                           for r in tickets]
    sets["own labelled set"] = [(e.language, e.text) for e in own_examples()]
    table = _table("Language identification: shipped (fastText, lingua when unsure) vs lingua",
                   "set", "detector", "messages", "right %", "und %", "wrong %", "CPU µs / msg")
    warm_up()
    detectors = {"shipped": detect_language, "lingua high accuracy alone": _lingua_alone}
    for name, items in sets.items():
        items = _sample(items, limit)
        for label, detect in detectors.items():
            started = time.thread_time()
            found = [detect(text) for _, text in items]
            elapsed = time.thread_time() - started
            right = sum(f == g for f, (g, _) in zip(found, items))
            undecided = found.count("und")
            table.add_row(name, label, str(len(items)), _pct(right / len(items)),
                          _pct(undecided / len(items)),
                          _pct((len(items) - right - undecided) / len(items)),
                          f"{elapsed / len(items) * 1e6:.0f}")
    out.print(table)


def _lingua_alone(text: str) -> str:
    """The previous detector, kept here as the yardstick for the shipped one."""
    words = strip_for_language(text)[:MAX_DETECTED_CHARS]
    found = _lingua_detector().detect_language_of(words) if len(words) >= 3 else None
    return found.iso_code_639_1.name.lower() if found is not None else "und"


def own_heldout() -> None:
    held = own_examples("heldout")
    results = [triage(TriageInput(text=e.text)) for e in held]
    table = _table(f"Own held-out set ({len(held)} messages, never trained on): per label",
                   "label", "support", "precision", "recall", "F1")
    for label in CATEGORIES:
        tp = sum(label in e.positive and label in r.categories for e, r in zip(held, results))
        fp = sum(label not in e.positive and label in r.categories for e, r in zip(held, results))
        fn = sum(label in e.positive and label not in r.categories for e, r in zip(held, results))
        support = tp + fn
        if not support and not fp:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table.add_row(label, str(support), _pct(precision), _pct(recall), _pct(f1))
    gold = [e.sentiment for e in held]
    predicted = [sentiment_label(r.sentiment) for r in results]
    table.add_row("sentiment (3-way macro-F1)", str(len(held)), "", "",
                  _pct(macro_f1(gold, predicted, SENTIMENT)))
    out.print(table)
    per_language = _table("Own held-out set: per language", "language", "messages",
                          "language right %", "all categories right %", "sentiment right %")
    grouped: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(held):
        grouped[example.language].append(index)
    for language, indexes in grouped.items():
        n = len(indexes)
        per_language.add_row(
            language, str(n),
            _pct(sum(results[i].language == language for i in indexes) / n),
            _pct(sum(_same_categories(held[i].positive, results[i]) for i in indexes) / n),
            _pct(sum(predicted[i] == gold[i] for i in indexes) / n),
        )
    out.print(per_language)


def _same_categories(gold: frozenset[str], result: TriageResult) -> bool:
    # "question" is added to anything that asks something; score the topics.
    return set(gold) - {"question"} == set(result.categories) - {"question"}


def main(*, quick: bool = False) -> int:
    started = time.perf_counter()
    own_heldout()
    if shared_data_dir() is None:
        out.print("shared/data not found: public benchmarks skipped")
        return 0
    limit = 600 if quick else None
    steps: list[Callable[[], None]] = [
        lambda: languages(limit),
        lambda: complaints(3 if quick else 10),
        lambda: umsab(limit),
        lambda: airline(limit),
        offensive,
    ]
    for step in steps:
        step()
    _accurate_mode(limit)
    out.print(f"[dim]evaluated in {time.perf_counter() - started:.0f} s[/dim]")
    return 0


def _accurate_mode(limit: int | None) -> None:
    """Both modes side by side (evaluate_accurate.py), when the [accurate] extra is installed."""
    from .accurate import AccurateModeUnavailable, require_accurate

    try:
        require_accurate()
    except AccurateModeUnavailable as error:
        out.print(f"accurate mode skipped: {error}", markup=False, soft_wrap=True)
        return
    from .evaluate_accurate import main as accurate_main

    accurate_main(limit)


if __name__ == "__main__":
    raise SystemExit(main())
