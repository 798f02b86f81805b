"""The people who write to the brands: customers, trolls, spam bots, influencers."""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from escalada.demo import ids
from escalada.demo.clock import iso, start_of
from escalada.demo.phrases import LANGUAGES, en

PRIVATE_PLATFORMS = frozenset({"messenger", "whatsapp", "email"})
_MAIL_DOMAINS = ("example.com", "example.net", "example.org")
# Digits after each language's PHONE_PREFIX, so numbers have a national length.
_PHONE_DIGITS = {"en": 3, "es": 6, "pt": 6, "fr": 6, "de": 5, "it": 4, "pl": 3, "ro": 3,
                 "nl": 3, "zh": 5}
_TROLL_WORDS = ("truthteller", "realtalk", "nofilter", "justsaying", "anon", "user", "wakeup")
_SPAM_NAMES = ("Crypto Queen 💎", "Followers Boost", "Forex Mentor", "Giveaway Hub",
               "Daily Profit 📈", "Promo Star")


@dataclass(frozen=True, slots=True)
class Person:
    language: str
    kind: str  # customer, troll, spammer, influencer
    first_name: str
    author: dict


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


class People:
    """Creates authors and hands back earlier ones, so some customers write again."""

    def __init__(self, rng: random.Random, day: date) -> None:
        self._rng = rng
        self._day = day
        self._pools: dict[tuple[str, str, str], list[Person]] = {}
        self._handles: set[tuple[str, str]] = set()

    def pick(self, platform: str, language: str, kind: str, reuse: float) -> Person:
        pool = self._pools.get((platform, language, kind))
        if pool and self._rng.random() < reuse:
            return self._rng.choice(pool)
        return self.new(platform, language, kind)

    def new(self, platform: str, language: str, kind: str, **overrides: object) -> Person:
        rng = self._rng
        lang = LANGUAGES[language]
        first, last = rng.choice(lang.FIRST_NAMES), rng.choice(lang.LAST_NAMES)
        roman = getattr(lang, "ROMAN", {})
        first_ascii = roman.get(first) or ascii_fold(first)
        last_ascii = roman.get(last) or ascii_fold(last)
        if getattr(lang, "FAMILY_NAME_FIRST", False):
            name = last + first if rng.random() < 0.7 else f"{first_ascii} {last_ascii}".title()
        else:
            name = f"{first} {last}"
        created = start_of(self._day) - timedelta(
            days=self._account_age_days(kind), seconds=rng.randrange(86_400)
        )
        phone = lang.PHONE_PREFIX + "".join(
            rng.choices("0123456789", k=_PHONE_DIGITS[language])
        )
        email = f"{first_ascii}.{last_ascii}{rng.randrange(10, 99)}@{rng.choice(_MAIL_DOMAINS)}"
        handle = self._handle(platform, kind, first_ascii, last_ascii, phone, email)
        if platform == "email":
            email = handle
        followers, following = self._audience(platform, kind)
        author = {
            "platform_user_id": ids.user_id(rng, platform, created, phone, email),
            "handle": handle,
            "name": self._display_name(kind, name, first),
            "followers": followers,
            "following": following,
            "verified": kind == "influencer" or (followers > 50_000 and rng.random() < 0.3),
            "has_avatar": self._has_avatar(platform, kind),
            "account_created_at": iso(created),
            "bio": self._bio(platform, kind, lang),
        }
        author.update(overrides)
        if "name" in overrides:
            first = str(overrides["name"]).split()[0]
        person = Person(language=language, kind=kind, first_name=first, author=author)
        self._pools.setdefault((platform, language, kind), []).append(person)
        return person

    def _account_age_days(self, kind: str) -> int:
        low, high = {"customer": (120, 5200), "troll": (1, 60), "spammer": (3, 200),
                     "influencer": (2900, 4600)}[kind]
        return self._rng.randint(low, high)

    def _audience(self, platform: str, kind: str) -> tuple[int, int]:
        # Private channels do not tell a brand how many followers someone has.
        if platform in PRIVATE_PLATFORMS:
            return 0, 0
        rng = self._rng
        if kind == "troll":
            return int(math.exp(rng.gauss(1.2, 1.1))), int(math.exp(rng.gauss(3.6, 1.0)))
        if kind == "spammer":
            return int(math.exp(rng.gauss(5.0, 1.0))), rng.randint(2000, 7500)
        if kind == "influencer":
            return rng.randint(250_000, 900_000), rng.randint(300, 1500)
        followers = min(int(math.exp(rng.gauss(4.4, 1.5))), 2_000_000)
        return followers, int(math.exp(rng.gauss(5.2, 0.9)))

    def _has_avatar(self, platform: str, kind: str) -> bool:
        if platform == "email":
            return False
        chance = {"customer": 0.9, "troll": 0.15, "spammer": 0.8, "influencer": 1.0}[kind]
        return self._rng.random() < chance

    def _bio(self, platform: str, kind: str, lang: object) -> str:
        rng = self._rng
        if platform in ("email", "whatsapp"):
            return ""
        if kind == "troll":
            return rng.choice(en.TROLL_BIOS) if rng.random() < 0.4 else ""
        if kind == "spammer":
            return rng.choice(en.SPAM_BIOS)
        return rng.choice(lang.BIOS) if rng.random() < 0.65 else ""

    def _display_name(self, kind: str, name: str, first: str) -> str:
        if kind == "spammer":
            return self._rng.choice(_SPAM_NAMES)
        if kind == "troll" and self._rng.random() < 0.6:
            return self._rng.choice(("anon", "Real Talk", "👀", "no one", first))
        return name

    def _handle(self, platform: str, kind: str, first: str, last: str, phone: str,
                email: str) -> str:
        rng = self._rng
        if platform == "whatsapp":
            return phone
        while True:
            if platform == "email":
                candidate = email
            elif kind == "troll":
                candidate = f"{rng.choice(_TROLL_WORDS)}{rng.randrange(10**5, 10**8)}"
            elif kind == "spammer":
                candidate = f"{rng.choice(('crypto', 'promo', 'boost', 'profit'))}_{first}" \
                            f"{rng.randrange(100, 9999)}"
            elif platform == "x":
                candidate = rng.choice((f"{first}{last}", f"{first}_{last}{rng.randrange(99)}",
                                        f"{first[0]}{last}{rng.randrange(10, 99)}"))[:15]
            elif platform == "instagram":
                candidate = rng.choice((f"{first}.{last}", f"{first}_{last}{rng.randrange(99)}",
                                        f"{last}.{first}.{rng.randrange(10, 99)}"))
            else:
                candidate = f"{first}.{last}.{rng.randrange(1000, 9999)}"
            if (platform, candidate) not in self._handles:
                self._handles.add((platform, candidate))
                return candidate
            email = f"{first}.{last}{rng.randrange(100, 9999)}@{rng.choice(_MAIL_DOMAINS)}"
