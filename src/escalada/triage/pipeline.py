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
from .contract import PRIORITY_RANK, TriageInput, TriageResult
from .features import context_features, text_buckets
from .language import UNDETERMINED, detect_language, detect_languages
from .matcher import MatcherGroup, PhraseMatcher
from .model import ModelScores, load_model
from .policy import NEGATIVE, Decision, asks, decide, is_influential, priority_for
from .sarcasm import is_sarcastic, markers, sarcastic_sentiment
from .settings import CATEGORY_DEFAULTS, DEFAULT_POLICY, TriagePolicy
from .sentiment import score_sentiment, word_matcher
from .text import HAN, Details, Tokens, clean, find_details, tokenize, without_links
from .tier import HIGH_CERTAINTY, SURE_URGENT, TierEvidence, TierScores, load_tier_model
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
    buckets: frozenset[int]  # the text's hashed features, shared by both learned models
    context: tuple[str, ...]  # language-independent evidence features


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
    details = find_details(text)
    lexicon_sentiment = score_sentiment(text, tokens, signals, shouting, word_hits)
    return Analysis(
        text=text,
        unlinked=unlinked,
        tokens=tokens,
        signals=signals,
        details=details,
        shouting=shouting,
        lexicon_sentiment=lexicon_sentiment,
        sarcasm_markers=tuple(marker_hits),
        absolutes=len(absolute_hits),
        buckets=text_buckets(tokens),
        context=tuple(context_features([signal.name for signal in signals.signals], lexicon_sentiment,
                                       list(details.concrete), shouting)),
    )


@cache
def _lexicons() -> MatcherGroup:
    """Category, sentiment, sarcasm and absolutes lexicons, in the order analyse() reads."""
    return MatcherGroup([category_matcher(), word_matcher(), markers(), absolutes_matcher()])


def score_model(analysis: Analysis) -> ModelScores:
    return load_model().score(analysis.buckets, analysis.context)


def learned_scores(worded: Sequence[Analysis], mode: str = "fast") -> list[ModelScores]:
    """The learned model's scores of analysed messages that have words, in ``mode``."""
    if mode == "accurate":
        return accurate.score_many(worded)
    return load_model().score_many([(analysis.buckets, analysis.context) for analysis in worded])


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
    return _finish([_prepare(item, analysis, scores, language, policy)], policy)[0]


def triage_many(
    items: Sequence[TriageInput], policy: TriagePolicy = DEFAULT_POLICY, mode: str | None = None
) -> list[TriageResult]:
    """``triage()`` of each message, in order, with the same results; cheaper per message.

    Each step runs over the whole batch before the next (all texts read, then all
    languages detected, then the models score every message with one gather and sum),
    so each step's tables stay hot in the CPU caches and the per-call overhead is paid
    once. Callers with many messages at hand (the JSON Lines CLI, bulk imports) batch
    a few hundred at a time; a TypeError for a non-string text is raised before any work.
    """
    prepared = prepare_many(items, policy, mode)
    finished = iter(_finish([p for p in prepared if p is not None], policy))
    return [EMPTY_RESULT if p is None else next(finished) for p in prepared]


def prepare_many(
    items: Sequence[TriageInput], policy: TriagePolicy = DEFAULT_POLICY, mode: str | None = None
) -> list[Prepared | None]:
    """Everything but the tier model's verdict, for each message (None: no text at all)."""
    mode = accurate.resolve_mode(mode)
    for item in items:
        _check(item)
    analyses = [analyse(item.text) for item in items]
    read = [analysis for analysis in analyses if analysis is not None]
    languages = iter(
        detect_languages([a.text for a in read], [a.unlinked for a in read])
    )
    worded = [analysis for analysis in read if analysis.tokens.exact]
    # The accurate mode changes only where the category model's scores come from.
    model_scores = learned_scores(worded, mode)
    scores = {id(analysis): found for analysis, found in zip(worded, model_scores)}
    return [
        None if analysis is None
        else _prepare(item, analysis, scores.get(id(analysis)), next(languages), policy)
        for item, analysis in zip(items, analyses)
    ]


def _check(item: TriageInput) -> None:
    if not isinstance(item.text, str):
        raise TypeError(f"TriageInput.text must be str, not {type(item.text).__name__}")


@dataclass(frozen=True, slots=True)
class Prepared:
    """One message read by the rules and the category model, before the tier model."""

    item: TriageInput
    analysis: Analysis
    language: str
    sentiment: float
    troll: float
    decision: Decision
    evidence: TierEvidence
    keyword_floor: tuple[int, str] | None  # the highest tier the brand's own keywords call for

    def tier_features(self) -> tuple[frozenset[int], list[str]]:
        return self.analysis.buckets, [*self.analysis.context, *self.evidence.features()]


def _prepare(
    item: TriageInput,
    analysis: Analysis,
    scores: ModelScores | None,
    language: str,
    policy: TriagePolicy,
) -> Prepared:
    """The rule decision for one message from its text evidence, model scores and language."""
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
    evidence = TierEvidence(
        rule_tier=decision.tier, categories=decision.categories, rule_executive=decision.executive,
        sentiment=sentiment, troll=troll.score, asks=asks(analysis.text), sarcastic=sarcastic,
        model_categories=None if scores is None else scores.categories)
    keyword_tiers = [(policy.tier_for(s.category, s.tier), s.category) for s in signals.signals
                     if s.name.startswith("keyword:")]
    return Prepared(item=item, analysis=analysis, language=language, sentiment=sentiment,
                    troll=troll.score, decision=decision, evidence=evidence,
                    keyword_floor=max(keyword_tiers) if keyword_tiers else None)


def _finish(prepared: Sequence[Prepared], policy: TriagePolicy) -> list[TriageResult]:
    """The tier model's verdict for every prepared message, under the brand's policy."""
    model = load_tier_model()
    if model is None:
        return [_result(p, p.decision) for p in prepared]
    verdicts = model.score_many([p.tier_features() for p in prepared])
    return [_result(p, final_decision(p, verdict, model.executive_threshold, policy))
            for p, verdict in zip(prepared, verdicts)]


def final_decision(p: Prepared, verdict: TierScores, executive_threshold: float,
                   policy: TriagePolicy) -> Decision:
    """Tier and executive flag from the tier model; policy rules on top, each with its reason."""
    rules = p.decision
    executive = verdict.executive >= executive_threshold
    tier = verdict.best_tier()
    reasons = [r for r in rules.reasons if r not in _RULE_TIER_REASONS]
    reasons.append(_verdict_reason(verdict, tier))
    overridden = [(tier_set, c) for c in rules.categories if (tier_set := policy.tier_for(c, -1)) >= 0]
    if overridden:
        tier, category = max(overridden)
        reasons.append(f"brand policy: {category.replace('_', ' ')} is tier {tier}")
    influential = is_influential(p.item.author, policy.influential_followers)
    if influential and "reputation" in rules.categories and tier < 3:
        tier = 3
        reasons.append("reputation callout from an influential account: tier 3 by policy")
    if tier == 0 and set(rules.categories) & _CONCRETE_PROBLEMS and "abuse" not in rules.categories:
        tier = 2
        reasons.append("names a concrete problem: never noise")
    if tier < 3 and rules.tier == 3 and not rules.executive:
        tier = 3
        reasons.append("the contract's tier-3 evidence named: tier 3 by policy")
    if p.keyword_floor is not None and p.keyword_floor[0] > tier:
        tier, category = p.keyword_floor
        reasons.append(f"brand keyword: {category.replace('_', ' ')} is tier {tier}")
    if executive:
        if not rules.executive:
            reasons.append(f"reads as a threat to cancel, leave or take action ({verdict.executive:.0%})")
        if tier < 3:
            reasons.append("executive case: tier 3 by policy")
        tier = 3
    elif rules.executive:
        reasons = [r for r in reasons if r not in _executive_reasons(rules)]
    public = p.item.visibility != "private"
    priority = priority_for(tier=tier, executive=executive, influential=influential, public=public,
                            sentiment=p.sentiment, categories=rules.categories)
    priority = _with_certainty(priority, tier, verdict.probabilities[3],
                               raised_by_policy=influential and public and p.sentiment < NEGATIVE)
    categories = list(rules.categories)
    if tier == 0:
        categories.sort(key=lambda c: c not in ("spam", "abuse"))
    return Decision(categories=tuple(categories), tier=tier, priority=priority,
                    needs_private=rules.needs_private and tier > 0, executive=executive,
                    reasons=tuple(dict.fromkeys(reasons)))


_CONCRETE_PROBLEMS = frozenset({"billing", "outage", "delivery", "account", "technical"})


def _with_certainty(priority: str, tier: int, urgent: float, *, raised_by_policy: bool) -> str:
    """Order within a tier by how sure the tier model is that the message is urgent.

    A tier-2 message that may well be urgent comes first among tier 2; a tier-3 message
    the model only just put there (a cautious call) comes after the sure ones. "Urgent"
    itself stays the policy's: executive cases and influential authors."""
    if tier == 2 and urgent >= HIGH_CERTAINTY and PRIORITY_RANK[priority] < PRIORITY_RANK["high"]:
        return "high"
    if tier == 3 and priority == "high" and urgent < SURE_URGENT and not raised_by_policy:
        return "normal"
    return priority


# Reasons the rules give for a tier they chose without a specific signal; the tier
# model's own reason replaces them.
_RULE_TIER_REASONS = frozenset({"no reply needed", "asks a question",
                                "negative comment without a specific problem"})
_TIER_WORDS = ("no reply needed", "saved reply", "individual answer", "urgent")


def _verdict_reason(verdict: TierScores, tier: int) -> str:
    return (f"tier model: {_TIER_WORDS[tier]} ({verdict.probabilities[tier]:.0%}; "
            f"urgent {verdict.probabilities[3]:.0%})")


def _executive_reasons(rules: Decision) -> set[str]:
    # The rules' executive phrases ("threat to cancel") that the tier model overruled.
    return {r for r in rules.reasons if "cancel" in r or "legal" in r or "leave" in r}


def _result(p: Prepared, decision: Decision) -> TriageResult:
    return TriageResult(
        language=p.language,
        sentiment=p.sentiment,
        categories=decision.categories,
        tier=decision.tier,
        priority=decision.priority,
        troll=p.troll,
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
