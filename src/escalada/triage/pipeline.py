"""``triage()``: one message in, one decision out; pure and fast enough for ingestion."""

from __future__ import annotations

from .categories import find_signals
from .contract import TriageInput, TriageResult
from .language import UNDETERMINED, detect_language
from .policy import decide
from .sentiment import score_sentiment
from .text import clean, find_details, tokenize
from .troll import assess_troll

_SHOUT_MIN_LETTERS = 12
_SHOUT_RATIO = 0.7

EMPTY_RESULT = TriageResult(
    language=UNDETERMINED,
    sentiment=0.0,
    categories=(),
    tier=0,
    priority="low",
    troll=0.0,
    needs_private=False,
    executive=False,
    reasons=("empty message",),
)


def triage(item: TriageInput) -> TriageResult:
    if not isinstance(item.text, str):
        raise TypeError(f"TriageInput.text must be str, not {type(item.text).__name__}")
    text = clean(item.text)
    if not text.strip():
        return EMPTY_RESULT
    tokens = tokenize(text)
    signals = find_signals(tokens)
    details = find_details(text)
    shouting = _is_shouting(text)
    sentiment = score_sentiment(text, tokens, signals, shouting)
    troll = assess_troll(text, tokens, signals, details, sentiment, shouting, item.author)
    decision = decide(
        text=text,
        signals=signals,
        sentiment=sentiment,
        troll=troll,
        details=details,
        public=item.visibility != "private",
        author=item.author,
    )
    return TriageResult(
        language=detect_language(text),
        sentiment=sentiment,
        categories=decision.categories,
        tier=decision.tier,
        priority=decision.priority,
        troll=troll.score,
        needs_private=decision.needs_private,
        executive=decision.executive,
        reasons=decision.reasons,
    )


def _is_shouting(text: str) -> bool:
    """Most letters sit in all-capital words (handles, hashtags and links aside)."""
    upper = letters = 0
    for word in text.split():
        if word.startswith(("@", "#", "http")):
            continue
        size = len(word)
        letters += size
        if word.isupper():
            upper += size
    return letters >= _SHOUT_MIN_LETTERS and upper >= _SHOUT_RATIO * letters
