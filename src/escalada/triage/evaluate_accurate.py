"""``make eval``, accurate mode: the shipped engine in both modes, zero-shot, on the same sets.

Printed after the fast mode's tables when the ``[accurate]`` extra is installed. Both
columns are the shipped engine as is (neither mode ever saw these sets); only the
learned part differs (accurate.py). The airline set is sampled (seeded) to keep the
embedding time near a minute; every other set is whole unless ``--quick``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .contract import TriageInput, TriageResult
from .datasets import own_examples, read_rows
from .evaluate import (
    SENTIMENT,
    _csv_rows,
    _pct,
    _sample,
    _table,
    accuracy,
    is_complaint,
    macro_f1,
    micro_f1,
    out,
    sentiment_label,
)
from .pipeline import analyse, learned_scores, triage_many
from .policy import MODEL_ABUSE_THRESHOLD

MODES = ("fast", "accurate")
AIRLINE_SAMPLE = 3000
BATCH = 256


def both_modes(texts: Sequence[str]) -> dict[str, list[TriageResult]]:
    items = [TriageInput(text=text) for text in texts]
    return {
        mode: [result for start in range(0, len(items), BATCH)
               for result in triage_many(items[start : start + BATCH], mode=mode)]
        for mode in MODES
    }


def abuse_scores(texts: Sequence[str], mode: str) -> list[float]:
    analyses = [analyse(text) for text in texts]
    worded = [a for a in analyses if a is not None and a.tokens.exact]
    found = {id(a): s.categories["abuse"] for a, s in zip(worded, learned_scores(worded, mode))}
    return [found.get(id(a), 0.0) for a in analyses]


def main(limit: int | None) -> None:
    table = _table("Accurate mode (sentence embeddings + evidence) next to fast, both zero-shot",
                   "benchmark", "metric", "messages", "fast", "accurate")
    held = own_examples("heldout")
    found = both_modes([e.text for e in held])
    gold_sets = [set(e.positive) - {"question"} for e in held]
    gold = [e.sentiment for e in held]
    table.add_row("own held-out (10 languages)", "category micro-F1", str(len(held)),
                  *(_pct(micro_f1(gold_sets, [set(r.categories) - {"question"}
                                              for r in found[m]])) for m in MODES))
    table.add_row("", "sentiment 3-way macro-F1", str(len(held)),
                  *(_pct(macro_f1(gold, [sentiment_label(r.sentiment) for r in found[m]],
                                  SENTIMENT)) for m in MODES))

    data = _sample([(r[1], int(r[2])) for r in _csv_rows("complaints-acl2019/complaints-data.csv")],
                   limit)
    found = both_modes([t for t, _ in data])
    gold = [g for _, g in data]
    for metric, score in (("complaint macro-F1", macro_f1), ("complaint accuracy", None)):
        row = []
        for mode in MODES:
            predicted = [int(is_complaint(r)) for r in found[mode]]
            row.append(_pct(score(gold, predicted, (0, 1)) if score else accuracy(gold, predicted)))
        table.add_row("complaints-acl2019" if score else "", metric, str(len(data)), *row)

    umsab = _sample([r for r in read_rows("umsab-multilingual-sentiment/umsab_sentiment.csv")
                     if r["split"] == "test" and r["lang"] in {"en", "es", "pt", "fr", "de", "it"}],
                    limit)
    found = both_modes([r["text"] for r in umsab])
    gold = [r["label_name"] for r in umsab]
    table.add_row("UMSAB test (6 languages)", "sentiment 3-way macro-F1", str(len(umsab)),
                  *(_pct(macro_f1(gold, [sentiment_label(r.sentiment) for r in found[m]],
                                  SENTIMENT)) for m in MODES))

    airline = _sample(list(read_rows("twitter-airline-sentiment/Tweets_kaggle_subset_utf8.csv")),
                      min(limit or AIRLINE_SAMPLE, AIRLINE_SAMPLE))
    found = both_modes([r["text"] for r in airline])
    gold = [r["airline_sentiment"] for r in airline]
    table.add_row("twitter-airline-sentiment (sample)", "sentiment 3-way macro-F1",
                  str(len(airline)),
                  *(_pct(macro_f1(gold, [sentiment_label(r.sentiment) for r in found[m]],
                                  SENTIMENT)) for m in MODES))

    test = [r for r in read_rows("tweeteval-offensive-sentiment/tweeteval_offensive.csv")
            if r["split"] == "test"]
    texts, gold = [r["text"] for r in test], [int(r["label"]) for r in test]
    found = both_modes(texts)
    table.add_row("TweetEval offensive test", f"model abuse score ≥ {MODEL_ABUSE_THRESHOLD}",
                  str(len(test)),
                  *(_pct(macro_f1(gold, [int(s >= MODEL_ABUSE_THRESHOLD)
                                         for s in abuse_scores(texts, m)], (0, 1)))
                    for m in MODES))
    table.add_row("", "'abuse' category macro-F1", str(len(test)),
                  *(_pct(macro_f1(gold, [int("abuse" in r.categories) for r in found[m]], (0, 1)))
                    for m in MODES))
    out.print(table)
