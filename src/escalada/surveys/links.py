"""Tracked links: each URL in an agent's reply becomes a unique short link counting clicks."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from escalada.config import get_settings
from escalada.errors import NotFound
from escalada.kit.clock import utc_now
from escalada.models import TrackedLink

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def track_links(session: Session, *, text: str, conversation_id: int,
                agent_id: int | None) -> tuple[str, list[TrackedLink]]:
    """Replace every http(s) URL in ``text`` with its own tracked link; return the new text."""
    base = get_settings().public_url.rstrip("/")
    links: list[TrackedLink] = []

    def swap(match: re.Match[str]) -> str:
        url = match.group(0)
        if url.startswith((f"{base}/s/", f"{base}/l/")):
            return url  # survey links and tracked links are already unique
        link = TrackedLink(code=secrets.token_urlsafe(9), url=url, conversation_id=conversation_id,
                           agent_id=agent_id)
        session.add(link)
        links.append(link)
        return f"{base}/l/{link.code}"

    return URL.sub(swap, text), links


def follow(session: Session, *, code: str) -> str:
    """Count a click and return where the link goes."""
    link = session.scalar(select(TrackedLink).where(TrackedLink.code == code))
    if link is None:
        raise NotFound("this link is not valid")
    now = utc_now()
    session.execute(update(TrackedLink).where(TrackedLink.id == link.id)
                    .values(clicks=TrackedLink.clicks + 1))
    if link.first_clicked_at is None:
        link.first_clicked_at = now
    return link.url
