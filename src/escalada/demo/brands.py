"""The fictional brands of the demo and the account references each one uses."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from escalada.demo.dataset import DemoAccount, DemoBrand


@dataclass(frozen=True, slots=True)
class BrandProfile:
    brand: DemoBrand
    industry: str  # bank, airline, retail, telecom
    email_domain: str
    # How often each category shows up in this brand's everyday traffic.
    category_weights: dict[str, float]

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(account.platform for account in self.brand.accounts)

    def handle_on(self, platform: str) -> str:
        for account in self.brand.accounts:
            if account.platform == platform:
                return account.handle
        raise KeyError(f"{self.brand.slug} has no {platform} account")


_BASE_WEIGHTS = {
    "billing": 8.0,
    "outage": 2.0,
    "delivery": 6.0,
    "account": 6.0,
    "technical": 7.0,
    "sales_lead": 3.5,
    "feature_request": 4.0,
    "question": 15.0,
    "praise": 10.0,
    "reputation": 3.0,
    "cancellation": 3.5,
    "legal": 1.2,
    "spam": 8.0,
    "abuse": 6.0,
}


def _weights(**overrides: float) -> dict[str, float]:
    return {**_BASE_WEIGHTS, **overrides}


PENNANT = BrandProfile(
    brand=DemoBrand(
        slug="pennant",
        name="Pennant Bank",
        accounts=(
            DemoAccount("x", "PennantHelp"),
            DemoAccount("facebook", "PennantBank"),
            DemoAccount("whatsapp", "+447700900410"),
            DemoAccount("email", "help@pennantbank.example"),
        ),
    ),
    industry="bank",
    email_domain="pennantbank.example",
    category_weights=_weights(billing=14.0, account=12.0, delivery=2.0, legal=1.8),
)

AEROLIRA = BrandProfile(
    brand=DemoBrand(
        slug="aerolira",
        name="Aerolira",
        accounts=(
            DemoAccount("x", "AeroliraAir"),
            DemoAccount("instagram", "aerolira"),
            DemoAccount("messenger", "Aerolira"),
        ),
    ),
    industry="airline",
    email_domain="aerolira.example",
    category_weights=_weights(delivery=9.0, reputation=5.0, question=19.0, account=3.0),
)

BASKETO = BrandProfile(
    brand=DemoBrand(
        slug="basketo",
        name="Basketo",
        accounts=(
            DemoAccount("x", "BasketoCare"),
            DemoAccount("instagram", "basketo.shop"),
            DemoAccount("facebook", "Basketo"),
            DemoAccount("email", "care@basketo.example"),
        ),
    ),
    industry="retail",
    email_domain="basketo.example",
    category_weights=_weights(delivery=17.0, billing=9.0, account=4.0, praise=12.0),
)

TIDEWAVE = BrandProfile(
    brand=DemoBrand(
        slug="tidewave",
        name="Tidewave",
        accounts=(
            DemoAccount("x", "TidewaveHelp"),
            DemoAccount("facebook", "TidewaveTV"),
            DemoAccount("messenger", "TidewaveTV"),
            DemoAccount("whatsapp", "+447700900733"),
        ),
    ),
    industry="telecom",
    email_domain="tidewave.example",
    category_weights=_weights(
        outage=4.0, technical=11.0, billing=10.0, delivery=3.0, cancellation=6.0
    ),
)

PROFILES: tuple[BrandProfile, ...] = (PENNANT, AEROLIRA, BASKETO, TIDEWAVE)
# Everyday share of traffic per brand (the retailer and the streamer are the loudest).
BRAND_WEIGHTS = (0.22, 0.22, 0.30, 0.26)


def reference(rng: random.Random, industry: str) -> str:
    """An order, booking, account or transaction reference in the brand's own format."""
    if industry == "bank":
        return "PB" + "".join(rng.choices(string.digits, k=8))
    if industry == "airline":
        letters = string.ascii_uppercase.replace("O", "").replace("I", "")
        return "".join(rng.choices(letters + "23456789", k=6))
    if industry == "retail":
        return f"BK-{rng.randrange(1_000_000, 9_999_999)}"
    return f"TW{rng.randrange(10_000_000, 99_999_999)}"


def flight_number(rng: random.Random) -> str:
    return f"LQ{rng.randrange(100, 2999)}"


def amount(rng: random.Random, industry: str) -> float:
    """A plausible amount of money for the industry, in the brand's home currency."""
    low, high = {
        "bank": (12.0, 1800.0),
        "airline": (35.0, 690.0),
        "retail": (9.0, 420.0),
        "telecom": (9.0, 90.0),
    }[industry]
    value = rng.uniform(low, high)
    if rng.random() < 0.5:
        return float(int(value)) + 0.99 if value > 1 else 0.99
    return round(value, 2)
