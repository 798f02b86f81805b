"""``triage()``: one message in, one decision out; pure and fast enough for ingestion.

Steps: lexicon signals and concrete details (explainable evidence in every supported
language), then the learned model over words plus that evidence, then the policy
rules (tier, priority, privacy, executive) that turn both into a decision with reasons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from . import accurate
from .categories import Signal, SignalHits, find_signals
from .categories import matcher as category_matcher
from .contract import TriageInput, TriageResult
from .features import context_features
from .language import UNDETERMINED, detect_language, detect_languages
from .matcher import MatcherGroup, PhraseMatcher
from .model import ModelScores, load_model
from .policy import decide
from .sarcasm import is_sarcastic, markers, sarcastic_sentiment
from .settings import CATEGORY_DEFAULTS, DEFAULT_POLICY, TriagePolicy
from .sentiment import score_sentiment, word_matcher
from .text import HAN, Details, Tokens, clean, find_details, tokenize, without_links
from .troll import absolutes_matcher, assess_troll

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
    unlinked: str  # the text with links, e-mail addresses and handles blanked
    tokens: Tokens
    signals: SignalHits
    details: Details
    shouting: bool
    lexicon_sentiment: float
    sarcasm_markers: tuple[tuple[int, str], ...]
    absolutes: int

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
    unlinked = without_links(text)
    tokens = tokenize(text, unlinked)
    # One walk over the tokens answers every lexicon.
    category_hits, word_hits, marker_hits, absolute_hits = _lexicons().find(tokens)
    signals = find_signals(tokens, category_hits)
    shouting = _is_shouting(text)
    return Analysis(
        text=text,
        unlinked=unlinked,
        tokens=tokens,
        signals=signals,
        details=find_details(text),
        shouting=shouting,
        lexicon_sentiment=score_sentiment(text, tokens, signals, shouting, word_hits),
        sarcasm_markers=tuple(marker_hits),
        absolutes=len(absolute_hits),
    )


@cache
def _lexicons() -> MatcherGroup:
    """Category, sentiment, sarcasm and absolutes lexicons, in the order analyse() reads."""
    return MatcherGroup([category_matcher(), word_matcher(), markers(), absolutes_matcher()])


def score_model(analysis: Analysis) -> ModelScores:
    return load_model().score(analysis.tokens, analysis.model_context())


def learned_scores(worded: Sequence[Analysis], mode: str = "fast") -> list[ModelScores]:
    """The learned model's scores of analysed messages that have words, in ``mode``."""
    if mode == "accurate":
        return accurate.score_many(worded)
    return load_model().score_many(
        [(analysis.tokens, analysis.model_context()) for analysis in worded]
    )


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


def triage(
    item: TriageInput, policy: TriagePolicy = DEFAULT_POLICY, mode: str | None = None
) -> TriageResult:
    """Triage one message under a brand's policy (the documented defaults when omitted).

    ``mode`` is ``fast`` or ``accurate`` (accurate.py); None uses ESCALADA_TRIAGE_MODE.
    """
    if accurate.resolve_mode(mode) == "accurate":
        return triage_many([item], policy, mode="accurate")[0]
    _check(item)
    analysis = analyse(item.text)
    if analysis is None:
        return EMPTY_RESULT
    # Without a single word (only emoji, a link, a handle) the model has nothing to read.
    scores = score_model(analysis) if analysis.tokens.exact else None
    language = detect_language(analysis.text, analysis.unlinked)
    return _result(item, analysis, scores, language, policy)


def triage_many(
    items: Sequence[TriageInput], policy: TriagePolicy = DEFAULT_POLICY, mode: str | None = None
) -> list[TriageResult]:
    """``triage()`` of each message, in order, with the same results; cheaper per message.

    Each step runs over the whole batch before the next (all texts read, then all
    languages detected, then the model scores every message with one gather and sum),
    so each step's tables stay hot in the CPU caches and the per-call overhead is paid
    once. Callers with many messages at hand (the JSON Lines CLI, bulk imports) batch
    a few hundred at a time; a TypeError for a non-string text is raised before any work.
    """
    mode = accurate.resolve_mode(mode)
    for item in items:
        _check(item)
    analyses = [analyse(item.text) for item in items]
    read = [analysis for analysis in analyses if analysis is not None]
    languages = iter(
        detect_languages([a.text for a in read], [a.unlinked for a in read])
    )
    worded = [analysis for analysis in read if analysis.tokens.exact]
    # The accurate mode changes only where the model scores come from.
    model_scores = learned_scores(worded, mode)
    scores = {id(analysis): found for analysis, found in zip(worded, model_scores)}
    return [
        EMPTY_RESULT
        if analysis is None
        else _result(item, analysis, scores.get(id(analysis)), next(languages), policy)
        for item, analysis in zip(items, analyses)
    ]


def _check(item: TriageInput) -> None:
    if not isinstance(item.text, str):
        raise TypeError(f"TriageInput.text must be str, not {type(item.text).__name__}")


def _result(
    item: TriageInput,
    analysis: Analysis,
    scores: ModelScores | None,
    language: str,
    policy: TriagePolicy,
) -> TriageResult:
    """The decision for one message from its text evidence, model scores and language."""
    signals = with_brand_keywords(analysis.signals, analysis.tokens, policy)
    sentiment = analysis.lexicon_sentiment
    if scores is not None:
        sentiment = (
            1 - MODEL_SENTIMENT_WEIGHT
        ) * sentiment + MODEL_SENTIMENT_WEIGHT * scores.sentiment
    sentiment = round(sentiment, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    sarcastic = is_sarcastic(analysis.tokens, signals, list(analysis.sarcasm_markers))
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
        analysis.absolutes,
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
        language=language,
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
