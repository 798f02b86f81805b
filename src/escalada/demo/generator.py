"""One realistic day of social-care traffic for the demo, from a seed."""

from __future__ import annotations

import random
from datetime import date

from escalada.demo import stories
from escalada.demo.brands import PROFILES
from escalada.demo.builder import CATEGORIES, DayBuilder
from escalada.demo.dataset import DemoDataset, DemoLabel
from escalada.demo.phrases import LANGUAGES

Labels = dict[tuple[str, str], DemoLabel]


def burst_size(volume: int) -> int:
    """40 to 80 outage complaints on a normal day; fewer when the whole day is small."""
    if volume < 200:
        return max(4, volume // 5)
    return min(80, max(40, volume // 8))


def generate_labelled_day(*, seed: int = 7, day: date, volume: int = 600
                          ) -> tuple[DemoDataset, Labels]:
    """The day's traffic and, for every inbound message, what it was written to be.

    Labels are keyed by ``(platform, platform_message_id)``.
    """
    # A string seed goes through SHA-512, so the day is the same on every run and
    # machine regardless of hash randomisation.
    build = DayBuilder(random.Random(f"escalada-demo:{seed}:{day.isoformat()}"), day)
    stories.tell_all(build, burst_size(volume))
    _cover_every_category_and_language(build)
    while len(build.inbound) < volume:
        build.conversation()
    dataset = DemoDataset(
        brands=tuple(profile.brand for profile in PROFILES),
        inbound=tuple(sorted(build.inbound, key=_order)),
        replies=tuple(sorted(build.replies, key=_order)),
    )
    return dataset, build.labels


def generate_day(*, seed: int = 7, day: date, volume: int = 600) -> DemoDataset:
    """About ``volume`` inbound messages (the outage burst included) and the brands' replies."""
    return generate_labelled_day(seed=seed, day=day, volume=volume)[0]


def _cover_every_category_and_language(build: DayBuilder) -> None:
    """At least one conversation per category, and every language spoken at least once."""
    others = [code for code in LANGUAGES if code != "en"]
    for index, category in enumerate(CATEGORIES):
        language = others[index % len(others)]
        profile = PROFILES[index % len(PROFILES)]
        build.conversation(profile=profile, category=category, language=language)


def _order(message: dict) -> tuple[str, str, str]:
    # Every timestamp is written the same way in UTC, so the strings sort as instants.
    return message["created_at"], message["platform"], message["platform_message_id"]
