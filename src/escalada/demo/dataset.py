"""The shapes a generated demo day is handed out in."""

from __future__ import annotations

from dataclasses import dataclass

PLATFORMS = ("x", "facebook", "instagram", "messenger", "whatsapp", "email")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    platform: str
    handle: str


@dataclass(frozen=True, slots=True)
class DemoBrand:
    slug: str
    name: str
    accounts: tuple[DemoAccount, ...]


@dataclass(frozen=True, slots=True)
class DemoDataset:
    brands: tuple[DemoBrand, ...]
    inbound: tuple[dict, ...]
    replies: tuple[dict, ...]


@dataclass(frozen=True, slots=True)
class DemoLabel:
    """What the generator meant an inbound message to be.

    Kept apart from the message dicts, which must look exactly like ingested
    traffic; useful as ground truth when checking what triage makes of the day.
    """

    language: str
    categories: tuple[str, ...]
    author_kind: str  # customer, troll, spammer, influencer
    story: str | None = None
    brand: str = ""
