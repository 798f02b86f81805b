"""Sarcastic praise: praise words with a negative meaning.

"Oh great, another update that breaks everything" is a complaint.

A lexicon-only word count reads such messages as praise. Two kinds of markers, per
language, in ``lexicon/sarcasm.json``: strong ones ("thanks for nothing", "merci pour
rien") are sarcastic on their own; weak ones ("oh great", "na toll", "que maravilha")
only when the message also names a concrete problem, because "thanks a lot" is
usually sincere.
"""

from __future__ import annotations

from functools import cache

from .categories import PROBLEM_CATEGORIES, SignalHits
from .lexicon import load
from .matcher import PhraseMatcher
from .text import Tokens

SARCASTIC_SENTIMENT = -0.4


@cache
def markers() -> PhraseMatcher[str]:
    data = load("sarcasm")
    return PhraseMatcher(
        (language, phrase, strength)
        for strength in ("strong", "weak")
        for language, phrases in data[strength].items()
        for phrase in phrases
    )


def is_sarcastic(
    tokens: Tokens, signals: SignalHits, marker_hits: list[tuple[int, str]] | None = None
) -> bool:
    """``marker_hits`` are the marker matcher's, when already looked up."""
    if marker_hits is None:
        marker_hits = markers().find(tokens)
    found = {strength for _, strength in marker_hits}
    if "strong" in found:
        return True
    return "weak" in found and any(
        s.category in PROBLEM_CATEGORIES and s.tier >= 2 for s in signals.signals
    )


def sarcastic_sentiment(sentiment: float) -> float:
    """Praise words in a sarcastic message count against the brand, not for it."""
    return min(SARCASTIC_SENTIMENT, -abs(sentiment))
