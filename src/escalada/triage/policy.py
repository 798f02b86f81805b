"""Tier, priority, privacy and executive flags from the signals of one message.

The rules follow DESIGN.md ("Triage contract"): tier 0 is noise, 1 a saved reply,
2 an individual problem that is not pressing, 3 billing, outages, undelivered or
unusable products, reputation callouts from influential accounts and every
executive case. Influence (followers, verification) raises the priority of
negative public messages only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .categories import PROBLEM_CATEGORIES, Signal, SignalHits
from .contract import CATEGORIES, AuthorSignals
from .model import ModelScores
from .settings import (
    CATEGORY_DEFAULTS,
    DEFAULT_INFLUENTIAL_FOLLOWERS,
    DEFAULT_POLICY,
    TriagePolicy,
)
from .text import Details, without_links
from .troll import THRESHOLD as TROLL_THRESHOLD
from .troll import TrollAssessment

INFLUENTIAL_FOLLOWERS = DEFAULT_INFLUENTIAL_FOLLOWERS
PRAISE_MIN_SENTIMENT = 0.2
NEGATIVE = -0.2
STRONGLY_NEGATIVE = -0.5
COMPLAINT_WITHOUT_TOPIC = -0.2
_NOISE_CATEGORIES = ("spam", "abuse")
# Broad signals ("mentions an account") that add nothing to a reason list once a
# specific signal of the same category ("account hacked") explains the message.
_GENERAL_SIGNALS = frozenset({"account_general", "delivery_general", "billing_question", "thanks"})
# The learned model adds a category the lexicons missed when it is sure enough (the
# brand's model_threshold). Question and praise come from punctuation and sentiment;
# abuse and spam have their own thresholds.
MODEL_ABUSE_THRESHOLD = 0.8
MODEL_SPAM_THRESHOLD = 0.8
_MODEL_LABELS = {
    "billing": "a billing problem",
    "outage": "an outage",
    "delivery": "a delivery problem",
    "account": "an account problem",
    "technical": "a technical problem",
    "sales_lead": "purchase interest",
    "feature_request": "a feature request",
    "reputation": "a reputation callout",
    "cancellation": "a threat to cancel",
    "legal": "a legal threat",
}


@dataclass(frozen=True, slots=True)
class Decision:
    categories: tuple[str, ...]
    tier: int
    priority: str
    needs_private: bool
    executive: bool
    reasons: tuple[str, ...]


def format_count(count: int) -> str:
    """950 → "950", 1_234 → "1.2k", 250_000 → "250k", 1_200_000 → "1.2M"."""
    if count < 1000:
        return str(count)
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1000, "k")):
        if count >= size:
            value = count / size
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return (text.removesuffix(".0")) + suffix
    return str(count)  # unreachable; keeps type checkers calm


def is_influential(
    author: AuthorSignals | None, threshold: int = INFLUENTIAL_FOLLOWERS
) -> bool:
    return author is not None and (author.verified or (author.followers or 0) >= threshold)


def decide(
    *,
    text: str,
    signals: SignalHits,
    sentiment: float,
    troll: TrollAssessment,
    details: Details,
    public: bool,
    author: AuthorSignals | None,
    model: ModelScores | None = None,
    policy: TriagePolicy = DEFAULT_POLICY,
    sarcastic: bool = False,
) -> Decision:
    kept = [
        s for s in signals.signals if s.category != "praise" or sentiment >= PRAISE_MIN_SENTIMENT
    ]
    if model is not None:
        kept.extend(_model_signals(model, signals, policy.model_threshold))
    kept = _without_refund_misreading(kept, details)
    has_problem = any(s.category in PROBLEM_CATEGORIES and s.tier >= 2 for s in kept)
    executive = any(s.executive for s in kept)
    influential = is_influential(author, policy.influential_followers)
    # Abuse is insulting without anything concrete to act on. One insult in a vague
    # message is an unclear case and is treated as a sincere (if rude) complaint.
    concrete = has_problem or bool(details.concrete)
    model_abuse = model is not None and model.categories["abuse"] >= MODEL_ABUSE_THRESHOLD
    abusive = not concrete and (
        troll.score >= TROLL_THRESHOLD
        or signals.counts.get("insult", 0) >= 2
        or (model_abuse and signals.counts.get("insult", 0) + signals.counts.get("profanity", 0))
    )
    # One promotional phrase in a question or a complaint ("do you need to follow me
    # to reply?") is a customer, not a bot.
    promotions = signals.counts.get("promotion", 0)
    asked = asks(text)
    if promotions and not (promotions >= 2 or (not asked and sentiment > NEGATIVE)):
        kept = [s for s in kept if s.category != "spam"]
    if abusive:
        kept = [s for s in kept if s.name != "profanity"]
    else:
        kept = [s for s in kept if s.category != "abuse"]
    categories = _ordered_categories(kept)
    if asked and "question" not in categories:
        categories.append("question")
    if abusive and "abuse" not in categories:
        categories.append("abuse")

    reasons: list[str] = []
    spam = "spam" in categories and not has_problem and not executive
    if executive:
        tier = 3
    elif spam:
        tier = 0
    elif "abuse" in categories:
        tier = 0
        reasons.append("no concrete problem given")
    elif kept:
        tier = max(_signal_tier(s, influential, policy) for s in kept)
    elif "question" in categories:
        tier = 1
        reasons.append("asks a question")
    elif sentiment <= COMPLAINT_WITHOUT_TOPIC:
        tier = 1
        reasons.append("negative comment without a specific problem")
    else:
        tier = 0
        reasons.append("no reply needed")
    if tier == 0:
        categories.sort(key=lambda c: c not in _NOISE_CATEGORIES)

    topic = [s for s in kept if s.private] if tier > 0 else []
    exposed = list(details.personal) if (tier > 0 and public) else []
    needs_private = bool(topic or exposed)

    reasons[:0] = _signal_reasons(kept, public and bool(topic))
    if sarcastic:
        reasons.append("sarcastic praise: read as a complaint")
    negative = sentiment < NEGATIVE
    if influential and author is not None and (negative or "reputation" in categories or executive):
        reasons.append(_influence_reason(author))
    reasons.extend(f"{kind} shared publicly: move to private message" for kind in exposed)
    if troll.score >= TROLL_THRESHOLD:
        reasons.append(_troll_reason(troll, details))

    priority = priority_for(tier=tier, executive=executive, influential=influential, public=public,
                            sentiment=sentiment, categories=categories)
    return Decision(
        categories=tuple(categories),
        tier=tier,
        priority=priority,
        needs_private=needs_private,
        executive=executive,
        reasons=tuple(dict.fromkeys(reasons)),
    )


def priority_for(*, tier: int, executive: bool, influential: bool, public: bool, sentiment: float,
                 categories: Sequence[str]) -> str:
    """Priority within the tier: influence and strong feeling on public posts raise it."""
    if tier == 0:
        return "low"
    if tier == 3 and (executive or (influential and public and sentiment <= STRONGLY_NEGATIVE)):
        return "urgent"
    if tier == 3 or (influential and public and sentiment < NEGATIVE):
        return "high"
    if "praise" in categories and set(categories) <= {"praise", "question"}:
        return "low"
    return "normal"


def asks(text: str) -> bool:
    """A question mark outside links ("?utm_source=" is not a question)."""
    if "?" not in text and "？" not in text:
        return False
    return "?" in without_links(text) or "？" in text


# "I have not received my refund": the thing not received is money, not a parcel.
_MONEY_SIGNALS = frozenset({"refund", "double_charge", "unexpected_charge"})
_DELIVERY_EVIDENCE = frozenset({"not_delivered", "damaged", "late", "order_status",
                                "delivery_general"})


def _without_refund_misreading(kept: list[Signal], details: Details) -> list[Signal]:
    names = {s.name for s in kept}
    if (
        "not_received" in names
        and names & _MONEY_SIGNALS
        and not names & _DELIVERY_EVIDENCE
        and "order number" not in details.concrete
    ):
        return [s for s in kept if s.name != "not_received"]
    return kept


def _model_signals(model: ModelScores, signals: SignalHits, threshold: float) -> list[Signal]:
    found = signals.categories()
    added = []
    for category, label in _MODEL_LABELS.items():
        tier, private, executive = CATEGORY_DEFAULTS[category]
        probability = model.categories[category]
        if category not in found and probability >= threshold:
            added.append(
                Signal(
                    name=f"model_{category}",
                    category=category,
                    reason=f"wording typical of {label} ({probability:.0%})",
                    tier=tier,
                    valence=0.0,
                    private=private,
                    executive=executive,
                )
            )
    if "spam" not in found and model.categories["spam"] >= MODEL_SPAM_THRESHOLD:
        added.append(
            Signal("model_spam", "spam", "promotional wording", 0, 0.0, False, False)
        )
    return added


def _signal_tier(signal: Signal, influential: bool, policy: TriagePolicy) -> int:
    if signal.category == "reputation":
        return 3 if influential else policy.tier_for("reputation", 2)
    return policy.tier_for(signal.category, signal.tier)


def _ordered_categories(signals: list[Signal]) -> list[str]:
    """By the strongest signal's tier, then by first appearance; spam and abuse last."""
    best: dict[str, tuple[int, int]] = {}
    for order, signal in enumerate(signals):
        rank = (-signal.tier, order)
        best[signal.category] = min(best.get(signal.category, rank), rank)
    return sorted(best, key=lambda c: (c in _NOISE_CATEGORIES, best[c], CATEGORIES.index(c)))


def _signal_reasons(signals: list[Signal], move_private: bool) -> list[str]:
    """One reason per signal, skipping general ones a more specific signal already explains."""
    specific = {s.category for s in signals if s.name not in _GENERAL_SIGNALS}
    top_tier: dict[str, int] = {}
    for signal in signals:
        top_tier[signal.category] = max(top_tier.get(signal.category, 0), signal.tier)
    reasons, private_noted = [], False
    for signal in signals:
        if signal.tier < top_tier[signal.category]:
            continue
        if signal.name in _GENERAL_SIGNALS and (
            signal.category in specific or (signal.name == "thanks" and len(signals) > 1)
        ):
            continue
        reason = signal.reason
        if move_private and signal.private and not private_noted:
            reason += ": move to private message"
            private_noted = True
        reasons.append(reason)
    return reasons


def _influence_reason(author: AuthorSignals) -> str:
    followers = author.followers
    if author.verified:
        return "verified account" + (
            f" with {format_count(followers)} followers" if followers else ""
        )
    return f"influential author: {format_count(followers or 0)} followers"


def _troll_reason(troll: TrollAssessment, details: Details) -> str:
    parts = ["vague extreme language" if not details.concrete else "extreme language"]
    if troll.text_signals:
        parts[0] += f" ({', '.join(troll.text_signals)})"
    parts.extend(troll.profile_signals)
    return "troll signals: " + ", ".join(parts)
