"""Turns templates into the text of one message or reply, the way people type it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import ModuleType

from escalada.demo import brands
from escalada.demo.brands import BrandProfile
from escalada.demo.phrases import LANGUAGES, en, joiner, templates

NEGATIVE = frozenset({"billing", "outage", "delivery", "account", "technical", "reputation",
                      "cancellation", "legal", "abuse"})
_NEGATIVE_EMOJI = ("😡", "😤", "🙄", "😩", "👎", "🤬")
_POSITIVE_EMOJI = ("❤️", "🙌", "😍", "✨", "👏", "🥳")
_ERROR_CODES = ("E-1042", "0x80070005", "502", "ERR_NETWORK", "TW-3001", "AUTH-17")
_AGENT_INITIALS = ("SK", "JM", "AR", "LD", "PN", "CB")
# Complaints that pick up a threat on top of the problem itself.
_TAIL_CATEGORIES = frozenset({"billing", "outage", "delivery", "account", "technical",
                              "reputation"})


def details(rng: random.Random, lang: ModuleType, profile: BrandProfile,
            when: datetime) -> dict[str, object]:
    """Concrete facts a sincere customer quotes: references, amounts, dates, places."""
    earlier = when - timedelta(minutes=rng.randint(10, 150))
    return {
        "brand": profile.brand.name,
        "order": brands.reference(rng, profile.industry),
        "amount": lang.money(brands.amount(rng, profile.industry)),
        "date": lang.short_date(when.date() - timedelta(days=rng.randint(1, 12))),
        "time": f"{earlier:%H:%M}",
        "n": rng.randint(2, 4),
        "city": rng.choice(lang.CITIES),
        "flight": brands.flight_number(rng),
        "last4": f"{rng.randrange(10_000):04d}",
        "code": rng.choice(_ERROR_CODES),
        "product": rng.choice(en.PRODUCTS),
        "agent": rng.choice(lang.FIRST_NAMES),
    }


def message(rng: random.Random, *, language: str, category: str, profile: BrandProfile,
            when: datetime) -> tuple[str, tuple[str, ...]]:
    """The body of a new customer message and the categories it really carries."""
    lang = LANGUAGES[language]
    pool = templates(language, category, profile.industry)
    text = rng.choice(pool).format(**details(rng, lang, profile, when))
    categories = [category]
    if category in _TAIL_CATEGORIES:
        roll = rng.random()
        threat = "cancellation" if roll < 0.09 else "legal" if roll < 0.13 else None
        if threat:
            text = joiner(language).join((text, rng.choice(lang.TAILS[threat])))
            categories.append(threat)
    if category == "abuse" and rng.random() < 0.15:
        text = text.upper()
    return text, tuple(categories)


def burst_message(rng: random.Random, *, language: str, profile: BrandProfile,
                  when: datetime) -> str:
    """One of many people saying the same service just broke, each in their own words."""
    lang = LANGUAGES[language]
    parts = lang.OUTAGE_BURST
    facts = details(rng, lang, profile, when)
    facts["time"] = f"{when - timedelta(minutes=rng.randint(2, 25)):%H:%M}"
    pieces = [rng.choice(parts["openers"]), rng.choice(parts["symptoms"]),
              rng.choice(parts["extras"])]
    if rng.random() < 0.5:
        pieces[0], pieces[1] = pieces[1], pieces[0]
    text = joiner(language).join(piece for piece in pieces if piece).format(**facts)
    if rng.random() < 0.3:
        text += " #" + profile.brand.name.replace(" ", "") + "Down"
    if rng.random() < 0.25:
        text += " " + rng.choice(_NEGATIVE_EMOJI)
    return text


def follow_up(rng: random.Random, *, language: str, kind: str, profile: BrandProfile,
              when: datetime) -> str:
    lang = LANGUAGES[language]
    return rng.choice(lang.FOLLOW_UPS[kind]).format(**details(rng, lang, profile, when))


def decorate(rng: random.Random, text: str, *, language: str, categories: tuple[str, ...],
             profile: BrandProfile, platform: str, visibility: str, sender: str) -> str:
    """Mentions, hashtags, emoji and e-mail manners around a message body."""
    primary = categories[0]
    if primary in NEGATIVE and rng.random() < 0.2:
        text += " " + rng.choice(_NEGATIVE_EMOJI)
    elif primary == "praise" and rng.random() < 0.4:
        text += " " + rng.choice(_POSITIVE_EMOJI)
    if visibility == "public":
        hashtags = en.HASHTAGS.get(primary, ())
        if language == "en" and hashtags and rng.random() < 0.25:
            text += " " + rng.choice(hashtags)
        if rng.random() < 0.06:
            text += " #" + profile.brand.name.replace(" ", "")
    if platform == "x" and visibility == "public":
        handle = "@" + profile.handle_on("x")
        text = f"{handle} {text}" if rng.random() < 0.65 else f"{text} {handle}"
    elif platform == "instagram" and rng.random() < 0.25:
        text = f"@{profile.handle_on('instagram')} {text}"
    elif platform == "email":
        mail = LANGUAGES[language].EMAIL
        greeting = rng.choice(mail["greetings"]).format(brand=profile.brand.name)
        text = f"{greeting}\n\n{text}\n\n{rng.choice(mail['signoffs'])}\n{sender}"
    return text


def reply(rng: random.Random, *, language: str, kind: str, profile: BrandProfile,
          platform: str, visibility: str, customer_handle: str, customer_name: str) -> str:
    lang = LANGUAGES[language]
    text = rng.choice(lang.REPLIES[kind]).format(
        name=customer_name, brand=profile.brand.name, ref=lang.REF_WORDS[profile.industry]
    )
    if platform == "x" and visibility == "public":
        text = f"@{customer_handle} {text}"
        if rng.random() < 0.5:
            text += " ^" + rng.choice(_AGENT_INITIALS)
    elif platform == "email":
        text += f"\n\n{profile.brand.name}"
    return text
