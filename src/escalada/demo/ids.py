"""Message and user identifiers shaped the way each platform shapes them."""

from __future__ import annotations

import base64
import hashlib
import random
from datetime import datetime

from escalada.demo.dataset import PLATFORMS

# X ("snowflake") ids count milliseconds from this instant in their top bits.
X_EPOCH_MS = 1_288_834_974_657


def snowflake(when: datetime, worker: int, sequence: int) -> int:
    millis = int(when.timestamp() * 1000) - X_EPOCH_MS
    return (millis << 22) | ((worker % 1024) << 12) | (sequence % 4096)


def page_id(handle: str) -> str:
    """A stable 15-digit Facebook page id for a page handle."""
    digest = hashlib.sha256(handle.encode()).digest()
    return str(10**14 + int.from_bytes(digest[:8], "big") % (9 * 10**14))


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(10 ** (count - 1), 10**count))


class MessageIds:
    """Hands out platform message ids, never the same one twice on a platform."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: dict[str, set[str]] = {platform: set() for platform in PLATFORMS}
        self._sequence = 0

    def new(self, platform: str, when: datetime, brand_handle: str, mail_domain: str) -> str:
        used = self._used[platform]
        while True:
            candidate = self._candidate(platform, when, brand_handle, mail_domain)
            if candidate not in used:
                used.add(candidate)
                return candidate

    def _candidate(
        self, platform: str, when: datetime, brand_handle: str, mail_domain: str
    ) -> str:
        rng = self._rng
        self._sequence += 1
        if platform == "x":
            return str(snowflake(when, rng.randrange(1024), self._sequence))
        if platform == "facebook":
            return f"{page_id(brand_handle)}_{_digits(rng, 16)}"
        if platform == "instagram":
            return "17" + _digits(rng, 15)
        if platform == "messenger":
            token = base64.urlsafe_b64encode(rng.randbytes(45)).decode().rstrip("=")
            return "m_" + token
        if platform == "whatsapp":
            return "wamid." + base64.b64encode(rng.randbytes(36)).decode()
        token = rng.randbytes(12).hex()
        return f"<{when:%Y%m%d%H%M%S}.{token}@mail.{mail_domain}>"


def user_id(rng: random.Random, platform: str, created: datetime, phone: str, email: str) -> str:
    """A platform user id; X ids of accounts made after 2015 are snowflakes too."""
    if platform == "x":
        if created.year >= 2015:
            return str(snowflake(created, rng.randrange(1024), rng.randrange(4096)))
        return _digits(rng, rng.choice((8, 9, 10)))
    if platform == "facebook":
        return "1000" + _digits(rng, 11)
    if platform == "messenger":
        return _digits(rng, 16)
    if platform == "instagram":
        return _digits(rng, rng.choice((10, 11)))
    if platform == "whatsapp":
        return phone.lstrip("+")
    return email
