"""Plain data in and out of the triage pipeline (see DESIGN.md, "Triage contract")."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: tuple[str, ...] = (
    "billing",
    "outage",
    "delivery",
    "account",
    "technical",
    "sales_lead",
    "feature_request",
    "question",
    "praise",
    "reputation",
    "cancellation",
    "legal",
    "spam",
    "abuse",
)
PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
#: Priority → its rank, for sorting (the inbox sorts by tier, then this).
PRIORITY_RANK: dict[str, int] = {priority: rank for rank, priority in enumerate(PRIORITIES)}
CHANNELS: tuple[str, ...] = (
    "x",
    "facebook",
    "instagram",
    "messenger",
    "whatsapp",
    "email",
    "other",
)
VISIBILITIES: tuple[str, ...] = ("public", "private")


@dataclass(frozen=True, slots=True)
class AuthorSignals:
    handle: str | None = None
    followers: int | None = None
    following: int | None = None
    verified: bool = False
    has_avatar: bool | None = None
    account_age_days: int | None = None
    bio: str | None = None
    posts_last_7_days: int | None = None


@dataclass(frozen=True, slots=True)
class TriageInput:
    text: str
    channel: str = "other"
    visibility: str = "public"
    author: AuthorSignals | None = None


@dataclass(frozen=True, slots=True)
class TriageResult:
    language: str
    sentiment: float
    categories: tuple[str, ...]
    tier: int
    priority: str
    troll: float
    needs_private: bool
    executive: bool
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        """JSON-ready mapping with the contract's keys, in the contract's order."""
        return {
            "language": self.language,
            "sentiment": self.sentiment,
            "categories": list(self.categories),
            "tier": self.tier,
            "priority": self.priority,
            "troll": self.troll,
            "needs_private": self.needs_private,
            "executive": self.executive,
            "reasons": list(self.reasons),
        }
