"""Does triage catch the serious cases? Tier figures on sets the engine never trained on.

Three sets, each labelled before any output was read (docs/labelling.md):

* **real**: public messages written by customers (``eval/real/labels.jsonl``, texts read
  from ``shared/data``); the figure that predicts real traffic.
* **written**: messages written apart from the training corpus (``eval/written/``).
* **consistency**: the same four complaints in ten languages (``eval/consistency/``).

Figures, per set and per language: tier accuracy, tier-3 recall, urgent messages put in
tier 0–1, executive F1, and "urgent in the top N" — sort the messages as the inbox does
(tier, then priority; ties in a fixed shuffled order, so input order cannot help) and
count the urgent ones among the first N, N being the number of urgent messages.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contract import PRIORITY_RANK, TriageInput, TriageResult

REPOSITORY = Path(__file__).resolve().parents[3]
EVAL_DIR = REPOSITORY / "eval"
Triage = Callable[[Sequence[TriageInput]], list[TriageResult]]


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    language: str
    text: str
    tier: int
    executive: bool
    group: str = ""


@dataclass(frozen=True, slots=True)
class TierFigures:
    messages: int
    tier_accuracy: float
    urgent: int
    tier3_recall: float
    urgent_in_tier_0_1: int
    executive_f1: float | None  # None when the set has no executive case and none predicted
    urgent_in_top_n: float | None

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in
                ((f, getattr(self, f)) for f in self.__slots__)}


def f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float | None:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    if tp + fp + fn == 0:
        return None
    return 2 * tp / (2 * tp + fp + fn)


def urgent_in_top_n(gold_urgent: Sequence[bool], results: Sequence[TriageResult], *, seed: int = 7) -> float | None:
    n = sum(gold_urgent)
    if n == 0:
        return None
    order = list(range(len(results)))
    random.Random(seed).shuffle(order)  # ties fall in a fixed random order, not input order
    order.sort(key=lambda i: (-results[i].tier, -PRIORITY_RANK[results[i].priority]))
    return sum(gold_urgent[i] for i in order[:n]) / n


def tier_figures(gold: Sequence[Gold], results: Sequence[TriageResult]) -> TierFigures:
    urgent = [g.tier == 3 for g in gold]
    n_urgent = sum(urgent)
    return TierFigures(
        messages=len(gold),
        tier_accuracy=sum(g.tier == r.tier for g, r in zip(gold, results, strict=True)) / max(len(gold), 1),
        urgent=n_urgent,
        tier3_recall=sum(u and r.tier == 3 for u, r in zip(urgent, results, strict=True)) / max(n_urgent, 1),
        urgent_in_tier_0_1=sum(u and r.tier <= 1 for u, r in zip(urgent, results, strict=True)),
        executive_f1=f1([g.executive for g in gold], [r.executive for r in results]),
        urgent_in_top_n=urgent_in_top_n(urgent, results),
    )


def consistent_groups(gold: Sequence[Gold], results: Sequence[TriageResult]) -> tuple[int, int]:
    """Groups whose every language got the labelled tier and executive flag, of all groups."""
    by_group: dict[str, list[bool]] = defaultdict(list)
    for g, r in zip(gold, results, strict=True):
        by_group[g.group].append(r.tier == g.tier and r.executive == g.executive)
    return sum(all(v) for v in by_group.values()), len(by_group)


def real_set(shared_dir: Path) -> list[Gold]:
    from .realset import load_real_labels

    labels = load_real_labels(EVAL_DIR / "real" / "labels.jsonl", shared_dir)
    return [Gold(id=f"{x['source']}#{x['row']}", language=x["language"], text=x["text"], tier=int(x["tier"]),
                 executive=bool(x["executive"])) for x in labels]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def written_set() -> list[Gold]:
    folder = EVAL_DIR / "written"
    return [Gold(id=x["id"], language=x["language"], text=x["text"], tier=int(x["tier"]),
                 executive=bool(x["executive"]))
            for path in sorted(folder.glob("*.jsonl")) for x in _jsonl(path)]


def consistency_set() -> list[Gold]:
    path = EVAL_DIR / "consistency" / "complaints.jsonl"
    if not path.exists():
        return []
    return [Gold(id=f"{x['group']}/{x['language']}", language=x["language"], text=x["text"],
                 tier=int(x["tier"]), executive=bool(x["executive"]), group=x["group"]) for x in _jsonl(path)]


def evaluate(gold: Sequence[Gold], triage_many: Triage) -> tuple[TierFigures, dict[str, TierFigures],
                                                                list[TriageResult]]:
    """Figures for the whole set and per language, and the results (for error listings)."""
    results = triage_many([TriageInput(text=g.text) for g in gold])
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, g in enumerate(gold):
        by_language[g.language].append(index)
    per_language = {lang: tier_figures([gold[i] for i in idx], [results[i] for i in idx])
                    for lang, idx in sorted(by_language.items())}
    return tier_figures(gold, results), per_language, results


def _fmt(value: float | None, *, pct: bool = True) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if pct else f"{value:.2f}"


def print_report(*, mode: str = "fast", shared_dir: Path | None = None, worst: int = 0) -> dict[str, Any]:
    """The tier tables (whole set and per language) for every set present; returns the figures."""
    from functools import partial

    from rich.console import Console
    from rich.table import Table

    from .pipeline import triage_many

    out = Console(width=130)
    run = partial(triage_many, mode=mode)
    sets: list[tuple[str, list[Gold]]] = []
    if shared_dir is not None and (EVAL_DIR / "real" / "labels.jsonl").exists():
        sets.append(("real public messages, labelled blind", real_set(shared_dir)))
    else:
        out.print("real set skipped: shared/data not found")
    if any((EVAL_DIR / "written").glob("*.jsonl")):
        sets.append(("written apart from the training corpus", written_set()))
    consistency = consistency_set()
    if consistency:
        sets.append(("one complaint in ten languages", consistency))
    figures: dict[str, Any] = {}
    for title, gold in sets:
        whole, per_language, results = evaluate(gold, run)
        table = Table(title=f"Tiers, {mode} mode — {title} ({len(gold)} messages)", title_justify="left")
        for column in ("language", "messages", "tier accuracy", "tier-3 recall", "urgent in tier 0–1",
                       "executive F1", "urgent in top N"):
            table.add_column(column, justify="left" if column == "language" else "right")
        rows = [("all", whole), *per_language.items()]
        for language, f in rows:
            table.add_row(language, str(f.messages), _fmt(f.tier_accuracy), _fmt(f.tier3_recall),
                          f"{f.urgent_in_tier_0_1} of {f.urgent}", _fmt(f.executive_f1, pct=False),
                          _fmt(f.urgent_in_top_n))
        out.print(table)
        entry: dict[str, Any] = {"all": whole.as_dict(), "languages": {k: v.as_dict() for k, v in per_language.items()}}
        if title.startswith("one complaint"):
            same, groups = consistent_groups(gold, results)
            out.print(f"same tier and executive flag in every language: {same} of {groups} complaints")
            entry["consistent_groups"] = [same, groups]
        if worst:
            _print_worst(out, gold, results, worst)
        figures[title] = entry
    return figures


def _print_worst(out: Any, gold: Sequence[Gold], results: Sequence[TriageResult], limit: int) -> None:
    """The costliest misses first: urgent messages put low, then executive misses, then the rest."""
    def cost(pair: tuple[Gold, TriageResult]) -> float:
        g, r = pair
        return (max(g.tier - r.tier, 0) * (3 if g.tier == 3 else 1) + 0.5 * max(r.tier - g.tier, 0)
                + 2 * (g.executive != r.executive))

    pairs = sorted((p for p in zip(gold, results, strict=True) if cost(p) > 0), key=cost, reverse=True)
    for g, r in pairs[:limit]:
        text = " ".join(g.text.split())[:110]
        out.print(f"  gold {g.tier}{' exec' if g.executive else ''} → {r.tier}{' exec' if r.executive else ''}"
                  f" [{g.language}] {text}", markup=False, highlight=False)
