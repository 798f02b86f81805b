"""Per-brand triage policy: the knobs a lead may turn, with documented defaults.

A brand's policy is stored as JSON (see docs/triage.md, "Per-brand policy") and passed
to the pure pipeline as a ``TriagePolicy``. Everything not set keeps the default.

* ``influential_followers`` – from this many followers an author counts as influential
  (raises priority of negative public messages; reputation callouts go to tier 3).
* ``category_tiers`` – the tier a category's signals lead to, e.g. ``{"technical": 3}``
  for a brand whose app is its product. Executive cases stay tier 3 whatever is set.
* ``keywords`` – extra phrases per category, e.g. ``{"outage": ["no signal"],
  "legal": ["ombudsman"]}``: product names, local slang, words in any language.
  Phrases follow the lexicon conventions (``refund*`` stems, accents optional).
* ``model_threshold`` – how sure the learned model must be to add a category that no
  phrase found (0.5–0.99).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .contract import CATEGORIES

DEFAULT_INFLUENTIAL_FOLLOWERS = 10_000
DEFAULT_MODEL_THRESHOLD = 0.6
# The tier, privacy and executive meaning of each category when the evidence is a
# brand keyword or the learned model rather than a hand-written lexicon signal.
CATEGORY_DEFAULTS: dict[str, tuple[int, bool, bool]] = {
    # category: (tier, answering needs private details, executive)
    "billing": (3, True, False),
    "outage": (3, False, False),
    "delivery": (3, True, False),
    "account": (2, True, False),
    "technical": (2, False, False),
    "sales_lead": (2, False, False),
    "feature_request": (1, False, False),
    "question": (1, False, False),
    "praise": (1, False, False),
    "reputation": (2, False, False),
    "cancellation": (3, False, True),
    "legal": (3, False, True),
    "spam": (0, False, False),
    "abuse": (0, False, False),
}
MAX_KEYWORDS_PER_CATEGORY = 200
MAX_KEYWORD_LENGTH = 80


@dataclass(frozen=True, slots=True)
class TriagePolicy:
    influential_followers: int = DEFAULT_INFLUENTIAL_FOLLOWERS
    category_tiers: tuple[tuple[str, int], ...] = ()
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    model_threshold: float = DEFAULT_MODEL_THRESHOLD
    _tiers: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        self._tiers.update(self.category_tiers)

    def tier_for(self, category: str, default: int) -> int:
        return self._tiers.get(category, default)

    def to_json(self) -> dict[str, Any]:
        return {
            "influential_followers": self.influential_followers,
            "category_tiers": dict(self.category_tiers),
            "keywords": {category: list(words) for category, words in self.keywords},
            "model_threshold": self.model_threshold,
        }


DEFAULT_POLICY = TriagePolicy()


def policy_from_json(data: dict[str, Any] | str | None) -> TriagePolicy:
    """A validated policy; raises ValueError with a message a lead can act on."""
    if data is None or data == "":
        return DEFAULT_POLICY
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON: {error.msg} (line {error.lineno})") from None
    if not isinstance(data, dict):
        raise ValueError("the policy must be a JSON object")
    unknown = set(data) - {"influential_followers", "category_tiers", "keywords", "model_threshold"}
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    followers = data.get("influential_followers", DEFAULT_INFLUENTIAL_FOLLOWERS)
    if not isinstance(followers, int) or isinstance(followers, bool) or followers < 1:
        raise ValueError("influential_followers must be a whole number of at least 1")
    threshold = data.get("model_threshold", DEFAULT_MODEL_THRESHOLD)
    if not isinstance(threshold, (int, float)) or not 0.5 <= threshold <= 0.99:
        raise ValueError("model_threshold must be a number between 0.5 and 0.99")
    tiers = data.get("category_tiers", {})
    if not isinstance(tiers, dict):
        raise ValueError("category_tiers must map a category to a tier (0-3)")
    for category, tier in tiers.items():
        _check_category(category, "category_tiers")
        if not isinstance(tier, int) or isinstance(tier, bool) or not 0 <= tier <= 3:
            raise ValueError(f"category_tiers.{category} must be a tier from 0 to 3")
    keywords = data.get("keywords", {})
    if not isinstance(keywords, dict):
        raise ValueError("keywords must map a category to a list of phrases")
    cleaned: list[tuple[str, tuple[str, ...]]] = []
    for category, phrases in keywords.items():
        _check_category(category, "keywords")
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ValueError(f"keywords.{category} must be a list of phrases")
        words = tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))
        if len(words) > MAX_KEYWORDS_PER_CATEGORY:
            raise ValueError(f"keywords.{category}: at most {MAX_KEYWORDS_PER_CATEGORY} phrases")
        for phrase in words:
            if len(phrase) > MAX_KEYWORD_LENGTH:
                raise ValueError(f"keywords.{category}: “{phrase[:20]}…” is too long")
            if not any(ch.isalnum() for ch in phrase):
                raise ValueError(f"keywords.{category}: “{phrase}” has no letters or digits")
        if words:
            cleaned.append((category, words))
    return TriagePolicy(
        influential_followers=followers,
        category_tiers=tuple(sorted(tiers.items())),
        keywords=tuple(sorted(cleaned)),
        model_threshold=float(threshold),
    )


def _check_category(category: str, where: str) -> None:
    if category not in CATEGORIES:
        raise ValueError(f"{where}: unknown category “{category}” (known: {', '.join(CATEGORIES)})")
