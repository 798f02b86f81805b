"""``triage()``: one message in, one decision out; pure and fast enough for ingestion.

Steps: lexicon signals and concrete details (explainable evidence in every supported
language), then the learned model over words plus that evidence, then the policy
rules (tier, priority, privacy, executive) that turn both into a decision with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from .categories import SignalHits, find_signals
from .contract import TriageInput, TriageResult
from .features import context_features
from .language import UNDETERMINED, detect_language
from .model import ModelScores, load_model
from .policy import decide
from .sentiment import score_sentiment
from .text import Details, Tokens, clean, find_details, tokenize
from .troll import assess_troll

_SHOUT_MIN_LETTERS = 12
_SHOUT_RATIO = 0.7
# Final sentiment = lexicon × (1 − w) + model × w. The model sees the lexicon score as
# a feature too, but learned sentiment only from the project's small own set.
MODEL_SENTIMENT_WEIGHT = 0.5

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


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything read from the text alone, before any learned model or policy."""

    text: str
    tokens: Tokens
    signals: SignalHits
    details: Details
    shouting: bool
    lexicon_sentiment: float

    def model_context(self) -> list[str]:
        return context_features(
            [signal.name for signal in self.signals.signals],
            self.lexicon_sentiment,
            list(self.details.concrete),
            self.shouting,
        )


def analyse(raw: str) -> Analysis | None:
    """The text evidence of one message, or None when it holds no text at all."""
    text = clean(raw)
    if not text.strip():
        return None
    tokens = tokenize(text)
    signals = find_signals(tokens)
    shouting = _is_shouting(text)
    return Analysis(
        text=text,
        tokens=tokens,
        signals=signals,
        details=find_details(text),
        shouting=shouting,
        lexicon_sentiment=score_sentiment(text, tokens, signals, shouting),
    )


def score_model(analysis: Analysis) -> ModelScores:
    return load_model().score(analysis.tokens, analysis.model_context())


def triage(item: TriageInput) -> TriageResult:
    if not isinstance(item.text, str):
        raise TypeError(f"TriageInput.text must be str, not {type(item.text).__name__}")
    analysis = analyse(item.text)
    if analysis is None:
        return EMPTY_RESULT
    scores = score_model(analysis)
    sentiment = round(
        (1 - MODEL_SENTIMENT_WEIGHT) * analysis.lexicon_sentiment
        + MODEL_SENTIMENT_WEIGHT * scores.sentiment,
        3,
    )
    troll = assess_troll(
        analysis.text,
        analysis.tokens,
        analysis.signals,
        analysis.details,
        sentiment,
        analysis.shouting,
        item.author,
    )
    decision = decide(
        text=analysis.text,
        signals=analysis.signals,
        sentiment=sentiment,
        troll=troll,
        details=analysis.details,
        public=item.visibility != "private",
        author=item.author,
        model=scores,
    )
    return TriageResult(
        language=detect_language(analysis.text),
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
