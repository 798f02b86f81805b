"""``triage()``: one message in, one decision out; pure and fast enough for ingestion.

Steps: lexicon signals and concrete details (explainable evidence in every supported
language), then the learned model over words plus that evidence, then the policy
rules (tier, priority, privacy, executive) that turn both into a decision with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from collections import Counter
from functools import lru_cache

from .categories import Signal, SignalHits, find_signals
from .contract import TriageInput, TriageResult
from .features import context_features
from .language import UNDETERMINED, detect_language
from .matcher import PhraseMatcher
from .model import ModelScores, load_model
from .policy import decide
from .sarcasm import is_sarcastic, sarcastic_sentiment
from .settings import CATEGORY_DEFAULTS, DEFAULT_POLICY, TriagePolicy
from .sentiment import score_sentiment
from .text import HAN, Details, Tokens, clean, find_details, tokenize
from .troll import assess_troll

_SHOUT_MIN_LETTERS = 12
_SHOUT_RATIO = 0.7
# Final sentiment = lexicon × (1 − w) + model × w. The model sees the lexicon score as
# a feature too, but learned sentiment only from the project's small own set.
MODEL_SENTIMENT_WEIGHT = 0.3

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


@lru_cache(maxsize=256)
def _keyword_matcher(
    keywords: tuple[tuple[str, tuple[str, ...]], ...],
) -> PhraseMatcher[Signal]:
    entries = []
    for category, phrases in keywords:
        tier, private, executive = CATEGORY_DEFAULTS[category]
        for phrase in phrases:
            signal = Signal(
                name=f"keyword:{category}:{phrase}",
                category=category,
                reason=f"mentions “{phrase}” (brand keyword, {category.replace('_', ' ')})",
                tier=tier,
                valence=0.0,
                private=private,
                executive=executive,
            )
            entries.append(("zh" if HAN.search(phrase) else "any", phrase, signal))
    return PhraseMatcher(entries)


def with_brand_keywords(signals: SignalHits, tokens: Tokens, policy: TriagePolicy) -> SignalHits:
    """The lexicon signals plus hits of the brand's own keywords, if it has any."""
    if not policy.keywords:
        return signals
    hits = _keyword_matcher(policy.keywords).find(tokens)
    if not hits:
        return signals
    found = {signal.name: signal for signal in signals.signals}
    for _, signal in hits:
        found.setdefault(signal.name, signal)
    counts = Counter(signals.counts)
    counts.update(signal.name for _, signal in hits)
    return SignalHits(signals=tuple(found.values()), counts=dict(counts))


def triage(item: TriageInput, policy: TriagePolicy = DEFAULT_POLICY) -> TriageResult:
    """Triage one message under a brand's policy (the documented defaults when omitted)."""
    if not isinstance(item.text, str):
        raise TypeError(f"TriageInput.text must be str, not {type(item.text).__name__}")
    analysis = analyse(item.text)
    if analysis is None:
        return EMPTY_RESULT
    signals = with_brand_keywords(analysis.signals, analysis.tokens, policy)
    # Without a single word (only emoji, a link, a handle) the model has nothing to read.
    scores = score_model(analysis) if analysis.tokens.exact else None
    sentiment = analysis.lexicon_sentiment
    if scores is not None:
        sentiment = (
            1 - MODEL_SENTIMENT_WEIGHT
        ) * sentiment + MODEL_SENTIMENT_WEIGHT * scores.sentiment
    sentiment = round(sentiment, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    sarcastic = is_sarcastic(analysis.tokens, signals)
    if sarcastic:
        sentiment = sarcastic_sentiment(sentiment)
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
        signals=signals,
        sentiment=sentiment,
        troll=troll,
        details=analysis.details,
        public=item.visibility != "private",
        author=item.author,
        model=scores,
        policy=policy,
        sarcastic=sarcastic,
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
