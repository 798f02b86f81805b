"""Category signals: phrases from the ``lexicon/<category>.json`` files found in a message.

A signal is one kind of evidence (``double_charge``, ``late``, ``legal_threat``...)
with the category it points to, a readable reason, the tier it suggests, whether
answering needs private details, whether it is an executive matter, and how much
it moves sentiment. Policy decides from signals; it never looks at words itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from .contract import CATEGORIES
from .lexicon import load
from .matcher import PhraseMatcher
from .text import Tokens

# Categories that describe something wrong with a product, order or account.
PROBLEM_CATEGORIES = frozenset({"billing", "outage", "delivery", "account", "technical"})


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    category: str
    reason: str
    tier: int
    valence: float
    private: bool
    executive: bool


@dataclass(frozen=True, slots=True)
class SignalHits:
    """Signals found in one message, in order of first appearance, with their counts."""

    signals: tuple[Signal, ...]
    counts: dict[str, int]

    def has(self, category: str) -> bool:
        return any(signal.category == category for signal in self.signals)

    def categories(self) -> set[str]:
        return {signal.category for signal in self.signals}


@cache
def matcher() -> PhraseMatcher[Signal]:
    entries: list[tuple[str, str, Signal]] = []
    for category in CATEGORIES:
        data = load(category)
        if data["category"] != category:
            raise ValueError(f"lexicon {category}.json declares category {data['category']!r}")
        for name, spec in data["signals"].items():
            signal = Signal(
                name=name,
                category=category,
                reason=spec["reason"],
                tier=int(spec["tier"]),
                valence=float(spec["valence"]),
                private=bool(spec["private"]),
                executive=bool(spec["executive"]),
            )
            for language, phrases in spec["phrases"].items():
                entries.extend((language, phrase, signal) for phrase in phrases)
    return PhraseMatcher(entries)


def find_signals(tokens: Tokens, hits: list[tuple[int, Signal]] | None = None) -> SignalHits:
    """The signals in ``tokens``; ``hits`` are the matcher's, when already looked up."""
    if hits is None:
        hits = matcher().find(tokens)
    counts = Counter(signal.name for _, signal in hits)
    ordered = sorted(hits, key=lambda hit: hit[0] if hit[0] >= 0 else 1 << 30)
    unique = tuple({signal.name: signal for _, signal in ordered}.values())  # first occurrence wins
    return SignalHits(signals=unique, counts=dict(counts))
