"""The listening report: per query, matches per day, share negative, top authors by followers.

Counts come from ``listening_matches`` (one row per post and query it matched), so a
post matching two queries counts once under each. Days are UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import InvalidInput
from escalada.kit.clock import utc_now
from escalada.models import Author, Brand, ListeningMatch, ListeningQuery, Message
from escalada.triage.policy import NEGATIVE

MAX_DAYS = 92
TOP_AUTHORS = 5


@dataclass
class TopAuthor:
    handle: str
    platform: str
    followers: int
    posts: int


@dataclass
class QueryReport:
    query_id: int
    brand: str
    kind: str
    term: str
    enabled: bool
    per_day: list[tuple[date, int]]
    matches: int = 0
    negative: int = 0
    top_authors: list[TopAuthor] = field(default_factory=list)

    @property
    def share_negative(self) -> float | None:
        return round(self.negative / self.matches, 3) if self.matches else None

    @property
    def busiest(self) -> int:
        return max((n for _, n in self.per_day), default=0)


def listening_report(session: Session, *, principal: Principal, days: int = 14,
                     now: datetime | None = None) -> list[QueryReport]:
    """Every query of every brand over the last ``days`` UTC days (today included)."""
    principal.require(Permission.LISTENING_MANAGE)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days is 1 to {MAX_DAYS}")
    today = (now or utc_now()).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=UTC)
    queries = session.execute(
        select(ListeningQuery, Brand.name).join(Brand, Brand.id == ListeningQuery.brand_id)
        .order_by(Brand.name, ListeningQuery.kind, ListeningQuery.term)
    ).all()
    reports = {q.id: QueryReport(query_id=q.id, brand=name, kind=q.kind, term=q.term, enabled=q.enabled,
                                 per_day=[])
               for q, name in queries}
    per_day: dict[int, Counter[date]] = {q_id: Counter() for q_id in reports}
    authors: dict[int, dict[int, TopAuthor]] = {q_id: {} for q_id in reports}
    rows = session.execute(
        select(ListeningMatch.query_id, ListeningMatch.matched_at, Message.sentiment,
               Author.id, Author.handle, Author.platform, Author.followers)
        .join(Message, Message.id == ListeningMatch.message_id)
        .join(Author, Author.id == Message.author_id)
        .where(ListeningMatch.matched_at >= since)
    )
    for query_id, matched_at, sentiment, author_id, handle, platform, followers in rows:
        report = reports.get(query_id)
        if report is None:
            continue
        report.matches += 1
        report.negative += sentiment is not None and sentiment < NEGATIVE
        per_day[query_id][matched_at.date()] += 1
        seen = authors[query_id].setdefault(author_id, TopAuthor(handle, platform, followers or 0, 0))
        seen.posts += 1
    for query_id, report in reports.items():
        report.per_day = [(first + timedelta(days=i), per_day[query_id][first + timedelta(days=i)])
                          for i in range(days)]
        report.top_authors = sorted(authors[query_id].values(),
                                    key=lambda a: (-a.followers, -a.posts, a.handle))[:TOP_AUTHORS]
    return list(reports.values())


def as_json(reports: list[QueryReport]) -> list[dict[str, Any]]:
    return [{
        "query_id": r.query_id, "brand": r.brand, "kind": r.kind, "term": r.term, "enabled": r.enabled,
        "matches": r.matches, "negative": r.negative, "share_negative": r.share_negative,
        "per_day": [{"day": d.isoformat(), "matches": n} for d, n in r.per_day],
        "top_authors": [{"handle": a.handle, "platform": a.platform, "followers": a.followers, "posts": a.posts}
                        for a in r.top_authors],
    } for r in reports]


CSV_COLUMNS = ["brand", "kind", "term", "day", "matches", "query_matches", "query_share_negative", "top_authors"]


def csv_rows(reports: list[QueryReport]) -> list[dict[str, Any]]:
    """One row per query and day; the query's totals repeat on each of its rows."""
    return [{
        "brand": r.brand, "kind": r.kind, "term": r.term, "day": d.isoformat(), "matches": n,
        "query_matches": r.matches, "query_share_negative": r.share_negative,
        "top_authors": "; ".join(f"{a.handle} ({a.followers})" for a in r.top_authors),
    } for r in reports for d, n in r.per_day]
