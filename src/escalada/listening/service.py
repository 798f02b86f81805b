"""Listening queries (lead-managed) and marking the conversations they bring in."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.listening.matching import Term, matched_terms, x_search_query
from escalada.models import LISTENING_KINDS, Brand, BrandAccount, ListeningMatch, ListeningQuery, Message

_LISTENER = Principal(role="admin", label="listening")
_TERM = re.compile(r"^#?[\w][\w .&'-]{0,98}$", re.UNICODE)


def add_query(session: Session, *, brand: Brand, kind: str, term: str, principal: Principal) -> ListeningQuery:
    principal.require(Permission.LISTENING_MANAGE)
    if kind not in LISTENING_KINDS:
        raise InvalidInput(f"kind must be one of: {', '.join(LISTENING_KINDS)}")
    term = " ".join(term.split())
    if kind == "hashtag":
        term = "#" + term.lstrip("#")
        if " " in term:
            raise InvalidInput("a hashtag has no spaces")
    if not _TERM.match(term) or len(term.lstrip("#")) < 2:
        raise InvalidInput("a term has 2 to 100 letters, digits, spaces, dots, dashes, & or '")
    exists = session.scalar(select(ListeningQuery.id).where(
        ListeningQuery.brand_id == brand.id, ListeningQuery.kind == kind, ListeningQuery.term == term))
    if exists is not None:
        raise Conflict(f"{brand.name} already listens for {term}")
    query = ListeningQuery(brand_id=brand.id, kind=kind, term=term, created_by=principal.label)
    session.add(query)
    session.flush()
    record(session, actor=principal, action="listening.query_added", brand_id=brand.id, kind=kind,
           term=term)
    return query


def _get(session: Session, query_id: int) -> ListeningQuery:
    query = session.get(ListeningQuery, query_id)
    if query is None:
        raise NotFound(f"listening query {query_id} not found")
    return query


def set_enabled(session: Session, *, query_id: int, enabled: bool, principal: Principal) -> ListeningQuery:
    principal.require(Permission.LISTENING_MANAGE)
    query = _get(session, query_id)
    query.enabled = enabled
    record(session, actor=principal, action="listening.query_" + ("enabled" if enabled else "disabled"),
           brand_id=query.brand_id, term=query.term)
    return query


def delete_query(session: Session, *, query_id: int, principal: Principal) -> ListeningQuery:
    principal.require(Permission.LISTENING_MANAGE)
    query = _get(session, query_id)
    session.delete(query)
    record(session, actor=principal, action="listening.query_deleted", brand_id=query.brand_id,
           term=query.term)
    return query


def list_queries(session: Session, *, principal: Principal) -> list[ListeningQuery]:
    principal.require(Permission.LISTENING_MANAGE)
    return list(session.scalars(select(ListeningQuery).order_by(ListeningQuery.brand_id,
                                                                ListeningQuery.kind, ListeningQuery.term)))


def brand_terms(session: Session, brand_id: int) -> tuple[list[ListeningQuery], list[str]]:
    """The brand's enabled queries and its X handles."""
    queries = list(session.scalars(select(ListeningQuery).where(
        ListeningQuery.brand_id == brand_id, ListeningQuery.enabled.is_(True))))
    handles = list(session.scalars(select(BrandAccount.display_handle).where(
        BrandAccount.brand_id == brand_id, BrandAccount.platform == "x")))
    return queries, handles


def search_query_for(session: Session, brand_id: int) -> str | None:
    queries, handles = brand_terms(session, brand_id)
    if not queries:
        return None
    return x_search_query([Term(q.kind, q.term) for q in queries], brand_handles=handles)


def matching_queries(session: Session, *, brand_id: int, text: str) -> list[ListeningQuery]:
    queries, handles = brand_terms(session, brand_id)
    hits = {(t.kind, t.term) for t in matched_terms(
        text, [Term(q.kind, q.term) for q in queries], brand_handles=handles)}
    return [q for q in queries if (q.kind, q.term) in hits]


def mark(session: Session, message: Message, queries: list[ListeningQuery]) -> None:
    """Count a listening post against each query it matched (ingest already put it in the stream)."""
    for query in queries:
        query.matches += 1
        session.add(ListeningMatch(query_id=query.id, message_id=message.id, matched_at=message.created_at))
    record(session, actor=_LISTENER, action="listening.matched", conversation_id=message.conversation_id,
           terms=[q.term for q in queries])

