"""Run each brand's enabled listening queries through X recent search.

    GET /2/tweets/search/recent?query=("acme" OR #acmefail) -is:retweet -@AcmeHelp&since_id=…

Like the mentions poller, each page becomes a stored delivery (source ``x_listen``) in
the transaction that moves the brand's ``listen_since_id``; the delivery job keeps only
posts that still match an enabled query and do not tag the brand.
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
from escalada.channels.x_poll import PARAMS
from escalada.config import Settings
from escalada.listening.service import search_query_for
from escalada.models import Brand, BrandAccount, ChannelConnection

if TYPE_CHECKING:
    from escalada.db import Database


@dataclass
class ListenResult:
    brand: str
    query: str | None = None
    posts: int = 0
    error: str | None = None


def listen(db: Database, *, client: httpx.Client) -> list[ListenResult]:
    settings = db.settings or Settings()
    box = SecretBox.from_settings(settings)
    with db.unit_of_work() as session:
        rows = session.execute(
            select(Brand.name, Brand.id, ChannelConnection)
            .join(BrandAccount, BrandAccount.brand_id == Brand.id)
            .join(ChannelConnection, ChannelConnection.brand_account_id == BrandAccount.id)
            .where(ChannelConnection.platform == "x")
            .order_by(Brand.name)
        ).all()
        targets = []
        for name, brand_id, connection in rows:
            query = search_query_for(session, brand_id)
            if query:
                targets.append((name, query, connection.id, connection.external_id,
                                connection.listen_since_id,
                                box.open(connection.secrets_encrypted).get("access_token")))
    results = []
    for name, query, connection_id, user_id, since_id, token in targets:
        result = ListenResult(brand=name, query=query)
        results.append(result)
        if not token:
            result.error = "the brand's X account has no access token"
            continue
        params: dict[str, Any] = {**PARAMS, "query": query}
        if since_id:
            params["since_id"] = since_id
        try:
            page = call_json(client, "GET", f"{settings.x_api_base.rstrip('/')}/2/tweets/search/recent",
                             token=token, platform="X", params=params)
        except ChannelError as exc:
            result.error = exc.reason
            continue
        with db.unit_of_work() as session:
            if page.get("data"):
                body = json.dumps({"for_user_id": user_id, **page}).encode()
                store_delivery(session, source="x_listen", body=body, headers={})
                result.posts = len(page["data"])
            connection = session.get(ChannelConnection, connection_id)
            newest = (page.get("meta") or {}).get("newest_id")
            if connection is not None and newest:
                connection.listen_since_id = newest
    return results
