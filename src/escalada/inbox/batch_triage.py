"""Triage a batch of inbound messages with one ``triage_many()`` call per brand policy.

:func:`~escalada.inbox.ingest.ingest_message` triages after it has stored the author,
because the author's profile (followers, verified, account age...) is part of the
triage input, and a batch may update the same author several times. The batch paths
(``POST /api/v1/messages`` with an array, webhook deliveries, the importers, the demo)
therefore predict each message's input up front: the stored author, merged in order
with what the batch's earlier messages said about them. All predicted inputs of a
brand are triaged at once (``triage_many`` gives ``triage``'s results at a lower cost
per message), and ``ingest_message`` takes a prepared result only when its own input
and policy are exactly the predicted ones, so a batch is triaged exactly as its
messages would be one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.brands.service import normalise_handle
from escalada.brands.triage_policy import load_policy
from escalada.inbox.schemas import AuthorIn, InboundMessage
from escalada.kit.clock import utc_now
from escalada.models import Author
from escalada.triage import AuthorSignals, TriageInput, TriagePolicy, TriageResult, triage_many


def author_user_id(data: AuthorIn) -> str:
    """The id an author is stored under: the platform's user id, else the handle."""
    return data.platform_user_id or normalise_handle(data.handle)


def merge_profile(author: Any, data: AuthorIn) -> None:
    """What a payload says about its author over what was known; a field it omits stays.

    ``author`` is an :class:`Author` row or anything with the same profile attributes
    (batch triage predicts a batch's authors with it before storing them).
    """
    author.handle = data.handle.removeprefix("@")
    for name in ("name", "followers", "following", "has_avatar", "account_created_at", "bio"):
        value = getattr(data, name)
        if value is not None:
            setattr(author, name, value)
    author.verified = data.verified or author.verified


def author_signals(author: Any, *, at: datetime | None = None) -> AuthorSignals:
    """The profile triage reads, of an :class:`Author` (or a predicted one) at ``at``."""
    age = None
    if author.account_created_at is not None:
        age = max(0, ((at or utc_now()) - author.account_created_at).days)
    return AuthorSignals(
        handle=author.handle,
        followers=author.followers,
        following=author.following,
        verified=author.verified,
        has_avatar=author.has_avatar,
        account_age_days=age,
        bio=author.bio,
    )


def triage_input(message: InboundMessage, author: AuthorSignals) -> TriageInput:
    return TriageInput(
        text=message.text, channel=message.platform, visibility=message.visibility, author=author
    )


# Authors read per query when predicting a batch's profiles.
_AUTHORS_PER_QUERY = 500


@dataclass
class _Profile:
    """The attributes of an author that triage reads, as they will be once stored."""

    handle: str
    name: str | None = None
    followers: int | None = None
    following: int | None = None
    verified: bool = False
    has_avatar: bool | None = None
    account_created_at: datetime | None = None
    bio: str | None = None


_PROFILE_FIELDS = tuple(f.name for f in fields(_Profile))


@dataclass
class PreparedTriage:
    """Triage results of a batch, by (platform, platform message id)."""

    _found: dict[tuple[str, str], tuple[TriageInput, TriagePolicy, TriageResult]] = field(
        default_factory=dict
    )

    def __len__(self) -> int:
        return len(self._found)

    def result(
        self, message: InboundMessage, item: TriageInput, policy: TriagePolicy
    ) -> TriageResult | None:
        """The prepared result if it was computed from this very input and policy."""
        found = self._found.get((message.platform, message.platform_message_id))
        if found is None or found[0] != item or found[1] != policy:
            return None
        return found[2]


def prepare_triage(
    session: Session,
    messages: Sequence[InboundMessage],
    *,
    brand_of: Callable[[InboundMessage], int | None],
    at: Callable[[InboundMessage], datetime] | None = None,
) -> PreparedTriage:
    """Triage ``messages`` (in arrival order) as ingestion will, before storing them.

    ``brand_of`` names the brand a message is for, None when its account is unknown
    (ingestion rejects it; it is left out). ``at`` gives the moment each message is
    stored when that is not now (the demo replays history under a frozen clock);
    account ages are counted up to it.
    """
    profiles = _stored_profiles(session, messages)
    brands: dict[int, tuple[TriagePolicy, list[tuple[tuple[str, str], TriageInput]]]] = {}
    for message in messages:
        brand_id = brand_of(message)
        if brand_id is None:
            continue
        key = (message.platform, author_user_id(message.author))
        profile = profiles.setdefault(key, _Profile(handle=message.author.handle))
        merge_profile(profile, message.author)
        item = triage_input(
            message, author_signals(profile, at=at(message) if at is not None else None)
        )
        if brand_id not in brands:
            brands[brand_id] = (load_policy(session, brand_id), [])
        brands[brand_id][1].append(
            ((message.platform, message.platform_message_id), item)
        )
    prepared = PreparedTriage()
    for policy, entries in brands.values():
        results = triage_many([item for _, item in entries], policy)
        for (key, item), result in zip(entries, results):
            prepared._found[key] = (item, policy, result)
    return prepared


def _stored_profiles(
    session: Session, messages: Sequence[InboundMessage]
) -> dict[tuple[str, str], _Profile]:
    """Copies of the stored authors the batch names (never the rows themselves)."""
    wanted: dict[str, set[str]] = {}
    for message in messages:
        wanted.setdefault(message.platform, set()).add(author_user_id(message.author))
    profiles: dict[tuple[str, str], _Profile] = {}
    for platform, user_ids in wanted.items():
        ordered = sorted(user_ids)
        for start in range(0, len(ordered), _AUTHORS_PER_QUERY):
            rows = session.scalars(
                select(Author).where(
                    Author.platform == platform,
                    Author.platform_user_id.in_(ordered[start : start + _AUTHORS_PER_QUERY]),
                )
            )
            for row in rows:
                profiles[(platform, row.platform_user_id)] = _Profile(
                    **{name: getattr(row, name) for name in _PROFILE_FIELDS}
                )
    return profiles
