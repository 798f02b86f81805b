"""Per-platform length limits, checked before a reply is queued.

X counts "weighted" characters (twitter-text v3): most Latin, Greek, Cyrillic and
punctuation count 1, other code points (CJK, emoji) count 2, and every URL counts 23.
Meta counts characters.
"""

from __future__ import annotations

import re

from escalada.errors import InvalidInput

LIMITS: dict[tuple[str, str], int] = {
    ("x", "public"): 280,
    ("x", "private"): 10_000,
    ("facebook", "public"): 8_000,
    ("facebook", "private"): 2_000,  # a private reply to a comment goes through Messenger
    ("messenger", "private"): 2_000,
    ("messenger", "public"): 2_000,
    ("instagram", "public"): 2_200,
    ("instagram", "private"): 1_000,
}
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook", "messenger": "Messenger", "instagram": "Instagram"}
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_WEIGHT = 23


def _x_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(lo <= code <= hi for lo, hi in _LIGHT_RANGES) else 2


def length(platform: str, text: str) -> int:
    if platform != "x":
        return len(text)
    urls = _URL.findall(text)
    rest = _URL.sub("", text)
    return sum(_x_weight(c) for c in rest) + X_URL_WEIGHT * len(urls)


def check_length(platform: str, visibility: str, text: str) -> None:
    limit = LIMITS.get((platform, visibility))
    if limit is None:
        return
    size = length(platform, text)
    if size > limit:
        name = PLATFORM_NAMES.get(platform, platform)
        kind = "public reply" if visibility == "public" else "private message"
        note = " (links count 23, emoji and CJK characters 2)" if platform == "x" else ""
        raise InvalidInput(
            f"{name} allows {limit} characters in a {kind}; this one has {size}{note}. "
            f"Shorten it by {size - limit}, or answer privately."
        )


def composer_rules(platform: str) -> dict[str, object]:
    """What the reply composer needs to count like :func:`length` and warn before the limit."""
    return {
        "platform": PLATFORM_NAMES.get(platform, platform),
        "limits": {visibility: limit for (p, visibility), limit in LIMITS.items() if p == platform},
        "weighted": platform == "x",
        "url_weight": X_URL_WEIGHT,
        "light": [list(r) for r in _LIGHT_RANGES],
    }
