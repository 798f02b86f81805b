"""Pure matching and X query building for listening (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass

X_QUERY_MAX = 512  # X API v2 recent search, self-serve access


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # keyword | brand_name | hashtag
    term: str


def _pattern(term: Term) -> re.Pattern[str]:
    if term.kind == "hashtag":
        return re.compile(r"(?<!\w)#" + re.escape(term.term.lstrip("#")) + r"(?!\w)", re.IGNORECASE)
    return re.compile(r"(?<![\w@#])" + re.escape(term.term) + r"(?!\w)", re.IGNORECASE)


def tags_brand(text: str, handles: list[str]) -> bool:
    return any(re.search(r"(?<!\w)@" + re.escape(h) + r"(?!\w)", text, re.IGNORECASE) for h in handles)


def matched_terms(text: str, terms: list[Term], *, brand_handles: list[str]) -> list[Term]:
    """The terms ``text`` matches; none when it tags the brand (that is a mention, not listening)."""
    if tags_brand(text, brand_handles):
        return []
    return [t for t in terms if _pattern(t).search(text)]


def x_search_query(terms: list[Term], *, brand_handles: list[str]) -> str:
    """An X v2 search query for the terms, leaving out retweets and posts that tag the brand."""
    parts = [f"#{t.term.lstrip('#')}" if t.kind == "hashtag" else f'"{t.term}"' for t in terms]
    query = "(" + " OR ".join(parts) + ") -is:retweet" + "".join(f" -@{h}" for h in brand_handles)
    if len(query) > X_QUERY_MAX:
        raise ValueError(f"the listening query is {len(query)} characters; X accepts {X_QUERY_MAX}")
    return query
