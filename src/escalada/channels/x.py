"""Replies through the X API v2: posts in reply to a post, and direct messages.

    POST /2/tweets {"text", "reply": {"in_reply_to_tweet_id"}} → {"data": {"id", "text"}}
    POST /2/dm_conversations/with/{participant_id}/messages {"text"}
        → {"data": {"dm_conversation_id", "dm_event_id"}}

Both with the account's OAuth 2.0 user access token as a Bearer token.
"""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session

from escalada.channels.base import ChannelError, OutboundRequest, SendResult
from escalada.channels.http import post_json, require_id


class XChannel:
    name = "x"

    def __init__(self, *, access_token: str, base_url: str, client: httpx.Client) -> None:
        self._token = access_token
        self._base = base_url.rstrip("/")
        self._client = client

    def send(self, session: Session, request: OutboundRequest) -> SendResult:
        if request.visibility == "private":
            if not request.recipient_platform_user_id:
                raise ChannelError("the customer's X user id is unknown; cannot send a DM",
                                   retryable=False)
            body = post_json(
                self._client,
                f"{self._base}/2/dm_conversations/with/{request.recipient_platform_user_id}/messages",
                token=self._token, platform="X", json_body={"text": request.text},
            )
            return SendResult(external_id=require_id(body, "data", "dm_event_id", platform="X"))
        payload: dict[str, object] = {"text": request.text}
        if request.in_reply_to:
            payload["reply"] = {"in_reply_to_tweet_id": request.in_reply_to}
        body = post_json(self._client, f"{self._base}/2/tweets", token=self._token, platform="X",
                         json_body=payload)
        return SendResult(external_id=require_id(body, "data", "id", platform="X"))
