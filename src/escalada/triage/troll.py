"""Troll score in [0, 1]: vague but extreme language, weighed by the author's profile.

    troll = extremity × (0.6 + 0.4 × profile) × (1 − 0.75 × concreteness)

Extremity comes from the text only (insults, profanity, shouting, "!!!", absolutes, strong
negativity), so a suspicious profile on its own never makes a troll. Concrete
details (order numbers, amounts, dates, error codes, a named problem) pull the score
down: an unhappy customer gives specifics. Without insults or shouting the score
stays under 0.5, so an unclear case is treated as sincere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .categories import PROBLEM_CATEGORIES, SignalHits
from .contract import AuthorSignals
from .lexicon import load
from .matcher import PhraseMatcher
from .text import Details, Tokens

THRESHOLD = 0.5
NEW_ACCOUNT_DAYS = 30
FEW_FOLLOWERS = 10
FEW_FOLLOWING = 5
MANY_POSTS_PER_WEEK = 200


@dataclass(frozen=True, slots=True)
class TrollAssessment:
    score: float
    text_signals: tuple[str, ...]  # e.g. ("insults", "all caps")
    profile_signals: tuple[str, ...]  # e.g. ("account 3 days old", "no avatar")


@cache
def absolutes_matcher() -> PhraseMatcher[bool]:
    return PhraseMatcher(
        (language, phrase, True)
        for language, phrases in load("troll")["absolutes"].items()
        for phrase in phrases
    )


def assess_troll(
    text: str,
    tokens: Tokens,
    signals: SignalHits,
    details: Details,
    sentiment: float,
    shouting: bool,
    author: AuthorSignals | None,
    absolutes: int | None = None,
) -> TrollAssessment:
    """``absolutes`` is how many absolutes the text holds, when already counted."""
    text_signals: list[str] = []
    insults = signals.counts.get("insult", 0)
    extremity = 0.0
    if insults:
        extremity += 0.45 + 0.15 * min(insults - 1, 2)
        text_signals.append("insults")
    if signals.counts.get("profanity"):
        # Swearing at a situation is common in sincere complaints; it counts less.
        extremity += 0.2
        text_signals.append("profanity")
    if shouting:
        extremity += 0.25
        text_signals.append("all caps")
    if text.count("!") >= 3:
        extremity += 0.15
        text_signals.append("many '!'")
    if absolutes is None:
        absolutes = len(absolutes_matcher().find(tokens))
    if absolutes:
        extremity += 0.1 * min(absolutes, 2)
        text_signals.append("absolutes")
    if sentiment <= -0.6:
        extremity += 0.15
    extremity = min(extremity, 1.0)

    problems = sum(1 for s in signals.signals if s.category in PROBLEM_CATEGORIES and s.tier >= 2)
    concreteness = min(1.0, 0.35 * len(details.concrete) + 0.3 * problems)
    profile, profile_signals = _profile(author)
    score = extremity * (0.6 + 0.4 * profile) * (1.0 - 0.75 * concreteness)
    return TrollAssessment(
        score=round(min(max(score, 0.0), 1.0), 3),
        text_signals=tuple(text_signals),
        profile_signals=tuple(profile_signals),
    )


def _profile(author: AuthorSignals | None) -> tuple[float, list[str]]:
    """How much the profile looks like a throwaway or bot account, in [0, 1]."""
    if author is None or author.verified:
        return 0.0, []
    weight, signals = 0.0, []
    if author.has_avatar is False:
        weight += 0.25
        signals.append("no avatar")
    if author.followers is not None and author.followers < FEW_FOLLOWERS:
        weight += 0.2
        signals.append(f"{author.followers} followers")
    if author.following is not None and author.following < FEW_FOLLOWING:
        weight += 0.15
        signals.append(f"follows {author.following} accounts")
    if author.account_age_days is not None and author.account_age_days < NEW_ACCOUNT_DAYS:
        weight += 0.4 if author.account_age_days < 7 else 0.3
        days = author.account_age_days
        signals.append(f"account {days} day{'s' if days != 1 else ''} old")
    if author.posts_last_7_days is not None and author.posts_last_7_days > MANY_POSTS_PER_WEEK:
        weight += 0.25
        signals.append(f"{author.posts_last_7_days} posts in the last 7 days")
    return min(weight, 1.0), signals
