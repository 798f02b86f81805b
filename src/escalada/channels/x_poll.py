"""Poll the X API v2 mentions timeline for accounts that receive no webhooks.

    GET /2/users/{id}/mentions?since_id=…&max_results=100&expansions=author_id&…
        → {"data": [posts], "includes": {"users": [...]}, "meta": {"newest_id", "next_token"}}

Each page is stored as a webhook delivery (source ``x_poll``) in the same transaction
that moves the account's ``poll_since_id`` forward, then processed by the same job as
webhooks: a crash between fetching and storing fetches the same page again next time,
and messages are deduplicated by post id, so nothing is lost or doubled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select

from escalada.channels.base import ChannelError
from escalada.channels.credentials import SecretBox
from escalada.channels.http import call_json
from escalada.channels.webhooks.receipt import store_delivery
from escalada.config import Settings
from escalada.kit.clock import utc_now
from escalada.models import BrandAccount, ChannelConnection

if TYPE_CHECKING:
    from escalada.db import Database

MAX_PAGES = 10
PARAMS = {
    "max_results": 100,
    "expansions": "author_id",
    "tweet.fields": "created_at,author_id,conversation_id,referenced_tweets,lang",
    "user.fields": "username,name,created_at,description,public_metrics,verified,profile_image_url",
}


@dataclass
class PollResult:
    handle: str
    posts: int = 0
    pages: int = 0
    error: str | None = None


def _fetch(client: httpx.Client, settings: Settings, *, user_id: str, token: str,
           since_id: str | None) -> list[dict[str, Any]]:
    url = f"{settings.x_api_base.rstrip('/')}/2/users/{user_id}/mentions"
    params: dict[str, Any] = dict(PARAMS)
    if since_id:
        params["since_id"] = since_id
    pages: list[dict[str, Any]] = []
    # The first poll of an account takes one page: Escalada does not backfill history.
    for _ in range(MAX_PAGES if since_id else 1):
        page = call_json(client, "GET", url, token=token, platform="X", params=params)
        pages.append(page)
        next_token = (page.get("meta") or {}).get("next_token")
        if not next_token:
            break
        params["pagination_token"] = next_token
    return pages


def poll_mentions(db: Database, *, client: httpx.Client, handles: tuple[str, ...] = ()) -> list[PollResult]:
    settings = db.settings or Settings()
    box = SecretBox.from_settings(settings)
    with db.unit_of_work() as session:
        query = (select(ChannelConnection, BrandAccount)
                 .join(BrandAccount, BrandAccount.id == ChannelConnection.brand_account_id)
                 .where(ChannelConnection.platform == "x"))
        if handles:
            query = query.where(BrandAccount.handle.in_([h.lstrip("@").casefold() for h in handles]))
        targets = [(c.id, a.display_handle, c.external_id, c.poll_since_id,
                    box.open(c.secrets_encrypted).get("access_token"))
                   for c, a in session.execute(query.order_by(BrandAccount.handle))]
    results = []
    for connection_id, handle, user_id, since_id, token in targets:
        result = PollResult(handle=handle)
        results.append(result)
        if not token:
            result.error = "no access token connected"
            continue
        try:
            pages = _fetch(client, settings, user_id=user_id, token=token, since_id=since_id)
        except ChannelError as exc:
            result.error = exc.reason
            continue
        newest = (pages[0].get("meta") or {}).get("newest_id") if pages else None
        with db.unit_of_work() as session:
            for page in pages:
                if page.get("data"):
                    body = json.dumps({"for_user_id": user_id, **page}).encode()
                    store_delivery(session, source="x_poll", body=body, headers={})
                    result.posts += len(page["data"])
                    result.pages += 1
            connection = session.get(ChannelConnection, connection_id)
            if connection is not None:
                connection.poll_since_id = newest or connection.poll_since_id
                connection.polled_at = utc_now()
    return results
