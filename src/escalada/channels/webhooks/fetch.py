"""Complete events whose notification carries only ids, by reading the platform API.

Instagram ``mentions`` name a comment that mentions the brand; its text and author
come from ``GET /{ig-user-id}?fields=mentioned_comment.comment_id({id}){…}`` with the
brand account's token. This runs before the processing transaction opens, so a slow
API never holds a database lock.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from escalada.channels.base import ChannelError
from escalada.channels.credentials import SecretBox, account_by_external_id, connection_for
from escalada.channels.http import call_json
from escalada.channels.registry import http_client
from escalada.channels.webhooks.events import InboundEvent, Normalised
from escalada.config import Settings

if TYPE_CHECKING:
    from escalada.db import Database

MENTION_FIELDS = "text,timestamp,username,from,media{id}"


class FetchFailed(Exception):
    """Reading a mention failed in a way worth retrying (the delivery stays pending)."""


def _tokens(db: Database, settings: Settings, events: list[InboundEvent]) -> dict[str, str]:
    box = SecretBox.from_settings(settings)
    tokens = {}
    with db.unit_of_work() as session:
        for event in events:
            account = account_by_external_id(session, platform=event.platform,
                                             external_id=event.account_external_id)
            connection = connection_for(session, account.id) if account else None
            if connection is not None:
                token = box.open(connection.secrets_encrypted).get("access_token")
                if token:
                    tokens[event.account_external_id] = token
    return tokens


def complete(db: Database, normalised: Normalised) -> None:
    """Fill in events that need a read; count those that cannot be read. Raises FetchFailed."""
    pending = [e for e in normalised.events if e.fetch]
    if not pending:
        return
    settings = db.settings or Settings()
    tokens = _tokens(db, settings, pending)
    done: dict[int, InboundEvent | None] = {}
    with http_client(settings) as client:
        for event in pending:
            token = tokens.get(event.account_external_id)
            if token is None:
                normalised.counts["unresolved.instagram_mention_no_token"] += 1
                done[id(event)] = None
                continue
            comment_id = event.fetch["comment_id"]  # type: ignore[index]
            url = f"{settings.meta_graph_base.rstrip('/')}/{event.account_external_id}"
            try:
                body = call_json(client, "GET", url, token=token, platform="Instagram", params={
                    "fields": f"mentioned_comment.comment_id({comment_id}){{{MENTION_FIELDS}}}"})
            except ChannelError as exc:
                if exc.retryable:
                    raise FetchFailed(exc.reason) from exc
                normalised.counts["unresolved.instagram_mention"] += 1
                done[id(event)] = None
                continue
            comment = body.get("mentioned_comment") or {}
            author = comment.get("from") or {}
            username = comment.get("username") or author.get("username")
            if not comment.get("text") or not username:
                normalised.counts["unresolved.instagram_mention"] += 1
                done[id(event)] = None
                continue
            message = {**event.message, "text": comment["text"],
                       "author": {"platform_user_id": str(author.get("id") or username),
                                  "handle": username},
                       "created_at": comment.get("timestamp") or event.message["created_at"]}
            done[id(event)] = replace(event, message=message, raw={**event.raw, "comment": comment},
                                      fetch=None)
    normalised.events = [done.get(id(e), e) for e in normalised.events if done.get(id(e), e)]
