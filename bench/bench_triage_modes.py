"""Triage modes side by side: fast, accurate and the all-MiniLM-L6-v2 + LR baseline.

Run from the repository root:  python bench/bench_triage_modes.py [--messages N]

Pinned to one core, torch on one thread, in one process and one run:

* speed: messages per CPU-second and p50/p99 CPU per message, one at a time and in
  batches of 256 (a message's figure in a batch is its batch's CPU time / size);
* memory: resident memory each engine adds (the baseline shares the accurate mode's
  torch and MiniLM, so its own figure is the accurate mode's minus the heads);
* quality on the same splits as bench_triage.py: the own held-out set (category
  micro-F1, sentiment macro-F1, per-language all-categories-right), complaints-acl2019
  5-fold CV on 800 tweets and TweetEval offensive (600 training tweets → test). For
  the public sets each learner is trained on the same training split: fast = hashed
  features + evidence, accurate = heads over [embedding ; engine evidence], baseline =
  LR over the embedding alone. Needs the [accurate] extra (``make bench`` installs it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

from bench_triage import load_messages, rss_mb  # noqa: E402

from escalada.triage.datasets import own_examples, shared_data_dir  # noqa: E402

MODES = ("fast", "accurate")
BATCH = 256
SINGLE = 300  # accurate and baseline one at a time: ~15 ms each


def timed(units, run) -> tuple[float, list[float]]:
    """CPU seconds of the whole pass and CPU µs of each unit."""
    cpu, clock = [], time.thread_time_ns
    started = clock()
    for unit in units:
        before = clock()
        run(unit)
        cpu.append((clock() - before) / 1000)
    return (clock() - started) / 1e9, cpu


def report(label: str, count: int, elapsed: float, per_message: list[float], note: str = ""):
    cuts = statistics.quantiles(per_message, n=100)
    rate = count / elapsed
    print(f"  {label:<34} {rate:>8,.0f} msg/s   p50 {cuts[49]:>8,.0f} µs   "
          f"p99 {cuts[98]:>8,.0f} µs CPU   ({count:,} messages{note})")
    return rate, cuts[49], cuts[98]


def speed(texts: list[str], mode: str, single: int) -> dict[str, tuple]:
    from escalada.triage import TriageInput, triage, triage_many

    items = [TriageInput(text=text) for text in texts]
    triage_many(items[:BATCH], mode=mode)  # warm up
    found = {}
    elapsed, cpu = timed(items[:single], lambda item: triage(item, mode=mode))
    found["one"] = report(f"{mode}: triage() one at a time", single, elapsed, cpu)
    batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
    elapsed, cpu = timed(batches, lambda batch: triage_many(batch, mode=mode))
    per_message = [spent / len(batch) for spent, batch in zip(cpu, batches)]
    found["batch"] = report(f"{mode}: triage_many() batches of {BATCH}", len(items), elapsed,
                            per_message, f", batch p99 {statistics.quantiles(cpu, n=100)[98] / 1e3:.0f} ms")
    return found


def accurate_x(texts: list[str]):
    """[embedding ; engine evidence] per text (evidence zero for a text without words)."""
    import numpy as np

    from escalada.triage import accurate
    from escalada.triage.pipeline import analyse

    analyses = [analyse(text) for text in texts]
    worded = [i for i, a in enumerate(analyses) if a is not None]
    x = np.zeros((len(texts), accurate.FEATURES), dtype=np.float32)
    x[:, : accurate.EMBEDDING_SIZE] = accurate.embed(texts)
    if worded:
        x[worded] = accurate.features([analyses[i] for i in worded])
    return x


def quality(model) -> None:  # noqa: ANN001
    from baseline_embeddings import (
        SAMPLES,
        baseline_predictions,
        complaints_folds,
        offensive_split,
        own_baseline,
    )

    from escalada.triage import TriageInput, triage_many
    from escalada.triage.evaluate import (
        SENTIMENT,
        _in_domain_binary,
        macro_f1,
        micro_f1,
        sentiment_label,
    )
    from escalada.triage.train_accurate import in_domain_binary

    pct = lambda value: f"{100 * value:.1f}"  # noqa: E731
    row = lambda name, *values: print(f"  {name:<64}" + "".join(f"{v:>14}" for v in values))  # noqa: E731
    print()
    row("quality, side by side", "fast", "accurate", "MiniLM+LR")

    train, held = own_examples("train"), own_examples("heldout")
    results = {mode: triage_many([TriageInput(text=e.text) for e in held], mode=mode)
               for mode in MODES}
    baseline_sets, baseline_sentiment = own_baseline(model, train, held)
    gold_sets = [set(e.positive) - {"question"} for e in held]
    sets = {m: [set(r.categories) - {"question"} for r in results[m]] for m in MODES}
    row(f"own held-out ({len(held)}, 10 languages): category micro-F1 (shipped)",
        *(pct(micro_f1(gold_sets, sets[m])) for m in MODES),
        pct(micro_f1(gold_sets, baseline_sets)))
    gold = [e.sentiment for e in held]
    labels = {m: [sentiment_label(r.sentiment) for r in results[m]] for m in MODES}
    row("own held-out: sentiment 3-way macro-F1",
        *(pct(macro_f1(gold, labels[m], SENTIMENT)) for m in MODES),
        pct(macro_f1(gold, baseline_sentiment, SENTIMENT)))
    by_language = defaultdict(list)
    for index, example in enumerate(held):
        by_language[example.language].append(index)
    for language, indexes in sorted(by_language.items()):
        right = lambda found: pct(sum(found[i] == gold_sets[i] for i in indexes) / len(indexes))  # noqa: E731
        row(f"  {language}: all categories right / sentiment right",
            *(f"{right(sets[m])} / {pct(sum(labels[m][i] == gold[i] for i in indexes) / len(indexes))}"
              for m in MODES),
            f"{right(baseline_sets)} / "
            f"{pct(sum(baseline_sentiment[i] == gold[i] for i in indexes) / len(indexes))}")

    texts, gold, train_idx, parts = complaints_folds(SAMPLES["complaints"])
    fast = _in_domain_binary(texts, gold, train_idx, parts)
    learned = in_domain_binary(accurate_x(texts), gold, train_idx, parts)
    baseline = baseline_predictions(model, texts, gold, train_idx, parts)
    row(f"complaints-acl2019 5-fold CV macro-F1 ({len(texts)} tweets, same folds)",
        pct(macro_f1(gold, [fast[i] for i in range(len(texts))], (0, 1))),
        pct(macro_f1(gold, [learned[i] for i in range(len(texts))], (0, 1))),
        pct(macro_f1(gold, baseline, (0, 1))))

    texts, labels, train_rows, test_rows = offensive_split(SAMPLES["offensive_train"])
    fast = _in_domain_binary(texts, labels, [train_rows], [test_rows])
    learned = in_domain_binary(accurate_x(texts), labels, [train_rows], [test_rows])
    baseline = baseline_predictions(model, texts, labels, [train_rows], [test_rows])
    test = test_rows.tolist()
    gold = [labels[i] for i in test]
    row(f"TweetEval offensive test macro-F1 ({len(train_rows)} train, {len(test)} test)",
        pct(macro_f1(gold, [fast[i] for i in test], (0, 1))),
        pct(macro_f1(gold, [learned[i] for i in test], (0, 1))),
        pct(macro_f1(gold, [baseline[i] for i in test], (0, 1))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000)
    args, _ = parser.parse_known_args()
    if shared_data_dir() is None:
        print("skipped: shared/data not found")
        return 0
    from escalada.triage import accurate

    try:
        accurate.configure("fast", threads=1)
        accurate.require_accurate()
    except accurate.AccurateModeUnavailable as error:
        print(f"skipped: {error}")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = load_messages(args.messages)
    load = os.getloadavg()[0]
    print(f"{len(texts):,} messages; pinned to one core, torch on one thread; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs")

    from escalada.triage import TriageInput, triage
    from escalada.triage.language import warm_up

    before = rss_mb()
    warm_up()
    triage(TriageInput(text="warm up the lexicons and the model"), mode="fast")
    fast_mb = rss_mb() - before
    before = rss_mb()
    accurate.warm_up()
    triage(TriageInput(text="warm up the accurate mode"), mode="accurate")
    accurate_mb = rss_mb() - before
    heads_mb = accurate.load_heads().weights.nbytes / 2**20
    print(f"resident memory added: fast {fast_mb:.0f} MB; accurate +{accurate_mb:.0f} MB on top "
          f"(torch, MiniLM, heads {heads_mb:.2f} MB); baseline = the same torch and MiniLM")

    print("\nspeed, one core (CPU time)")
    speed(texts, "fast", len(texts))
    speed(texts, "accurate", SINGLE)
    model = accurate.load_embedder()
    from baseline_embeddings import _embed, _lr

    head = _lr().fit(_embed(model, ["refund please", "love it"]), [1, 0])
    elapsed, cpu = timed(texts[:SINGLE], lambda text: head.predict(_embed(model, [text])))
    report("MiniLM+LR one at a time", SINGLE, elapsed, cpu)
    chunks = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    elapsed, cpu = timed(chunks, lambda chunk: head.predict(_embed(model, chunk)))
    report(f"MiniLM+LR batches of {BATCH}", len(texts), elapsed,
           [spent / len(chunk) for spent, chunk in zip(cpu, chunks)])
    quality(model)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
