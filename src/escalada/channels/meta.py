"""Replies through the Meta Graph API.

    Facebook comment reply   POST /{comment-id}/comments   message=…          → {"id"}
    Instagram comment reply  POST /{ig-comment-id}/replies message=…          → {"id"}
    Messenger / Instagram DM POST /me/messages {"recipient": {"id"}, "messaging_type":
                             "RESPONSE", "message": {"text"}}                  → {"recipient_id", "message_id"}
    Private reply to a Facebook comment: the same Send API call with
                             {"recipient": {"comment_id"}}.

The Page (or Instagram) access token goes in the Authorization header, never in the
URL, so it cannot end up in a request log.
"""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session

from escalada.channels.base import ChannelError, OutboundRequest, SendResult
from escalada.channels.http import post_json, require_id

NAMES = {"facebook": "Facebook", "messenger": "Messenger", "instagram": "Instagram"}


class MetaChannel:
    def __init__(self, *, platform: str, access_token: str, base_url: str, client: httpx.Client) -> None:
        self.name = platform
        self._token = access_token
        self._base = base_url.rstrip("/")
        self._client = client

    def _send_api(self, recipient: dict[str, str], text: str) -> SendResult:
        body = post_json(
            self._client, f"{self._base}/me/messages", token=self._token, platform=NAMES[self.name],
            json_body={"recipient": recipient, "messaging_type": "RESPONSE", "message": {"text": text}},
        )
        return SendResult(external_id=require_id(body, "message_id", platform=NAMES[self.name]))

    def send(self, session: Session, request: OutboundRequest) -> SendResult:
        platform = NAMES[self.name]
        if self.name == "messenger" or request.visibility == "private":
            if self.name == "facebook":
                if not request.in_reply_to:
                    raise ChannelError("no comment to answer privately", retryable=False)
                return self._send_api({"comment_id": request.in_reply_to}, request.text)
            if not request.recipient_platform_user_id:
                raise ChannelError(f"the customer's {platform} id is unknown", retryable=False)
            return self._send_api({"id": request.recipient_platform_user_id}, request.text)
        if not request.in_reply_to:
            raise ChannelError(f"no {platform} comment to reply to", retryable=False)
        edge = "replies" if self.name == "instagram" else "comments"
        body = post_json(self._client, f"{self._base}/{request.in_reply_to}/{edge}", token=self._token,
                         platform=platform, form={"message": request.text})
        return SendResult(external_id=require_id(body, "id", platform=platform))
