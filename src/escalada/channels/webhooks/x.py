"""X Account Activity API: CRC answer, signature check, and event normalisation.

Payload shapes follow the Account Activity API documentation: each delivery names
the subscribed account in ``for_user_id`` and carries one kind of event array
(``tweet_create_events``, ``direct_message_events``, ``favorite_events``, ...).
Tweets are v1.1 objects; direct messages are ``message_create`` events with the
users they mention in a ``users`` map.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from escalada.channels.webhooks.events import InboundEvent, Normalised, from_epoch

SIGNATURE_HEADER = "x-twitter-webhooks-signature"
#: Event arrays that are recognised and deliberately not turned into messages.
IGNORED = (
    "favorite_events", "follow_events", "unfollow_events", "block_events", "unblock_events",
    "mute_events", "unmute_events", "user_event", "direct_message_indicate_typing_events",
    "direct_message_mark_read_events", "tweet_delete_events",
)
_ENVELOPE = ("for_user_id", "user_has_blocked", "users", "apps", "source")


def _digest(secret: str, data: bytes) -> str:
    mac = hmac.new(secret.encode(), data, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(mac).decode()


#: X's CRC tokens are short base64 strings. The answer is an HMAC in the same format as
#: the signature over an event body, so anything that could be a body (JSON, with its
#: braces, quotes and spaces) must never be signed here, or the endpoint forges deliveries.
CRC_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{1,128}")


def crc_token_valid(crc_token: str) -> bool:
    return CRC_TOKEN.fullmatch(crc_token) is not None


def crc_response(consumer_secret: str, crc_token: str) -> dict[str, str]:
    if not crc_token_valid(crc_token):
        raise ValueError("a CRC token is a short base64 string")
    return {"response_token": _digest(consumer_secret, crc_token.encode())}


def signature_valid(secrets: list[str], body: bytes, header: str | None) -> bool:
    if not header:
        return False
    return any(hmac.compare_digest(_digest(s, body), header.strip()) for s in secrets)


def _twitter_time(value: str | None) -> str | None:
    if not value:
        return None
    return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").isoformat()


def _author(user: dict[str, Any]) -> dict[str, Any]:
    created = user.get("created_at")
    if isinstance(created, str) and created[:1].isalpha():
        created = _twitter_time(created)
    elif user.get("created_timestamp"):
        created = from_epoch(user["created_timestamp"])
    image = user.get("profile_image_url_https") or user.get("profile_image_url")
    return {
        "platform_user_id": str(user.get("id_str") or user.get("id") or ""),
        "handle": user.get("screen_name") or str(user.get("id_str") or user.get("id")),
        "name": user.get("name"),
        "followers": user.get("followers_count"),
        "following": user.get("friends_count"),
        "verified": bool(user.get("verified")),
        "has_avatar": None if user.get("default_profile_image") is None and image is None
        else not user.get("default_profile_image", False),
        "account_created_at": created,
        "bio": user.get("description"),
    }


def _tweet_text(tweet: dict[str, Any]) -> str:
    extended = tweet.get("extended_tweet") or {}
    return extended.get("full_text") or tweet.get("full_text") or tweet.get("text") or ""


def _tweet(for_user: str, tweet: dict[str, Any], out: Normalised) -> None:
    if "retweeted_status" in tweet:
        out.counts["ignored.retweet"] += 1
        return
    user = tweet.get("user") or {}
    author_id = str(user.get("id_str") or user.get("id") or "")
    in_reply_to = tweet.get("in_reply_to_status_id_str")
    if not in_reply_to and tweet.get("is_quote_status"):
        in_reply_to = tweet.get("quoted_status_id_str")
    created = tweet.get("created_at")
    out.events.append(InboundEvent(
        platform="x",
        account_external_id=for_user,
        own=author_id == for_user,
        raw=tweet,
        message={
            "platform": "x",
            "platform_message_id": str(tweet.get("id_str") or tweet.get("id")),
            "author": _author(user),
            "text": _tweet_text(tweet),
            "visibility": "public",
            "created_at": from_epoch(tweet["timestamp_ms"]) if tweet.get("timestamp_ms")
            else _twitter_time(created),
            "in_reply_to": in_reply_to,
        },
    ))


def _direct_message(for_user: str, event: dict[str, Any], users: dict[str, Any],
                    out: Normalised) -> None:
    if event.get("type") != "message_create":
        out.counts[f"ignored.dm_{event.get('type')}"] += 1
        return
    create = event.get("message_create") or {}
    sender = str(create.get("sender_id", ""))
    user = users.get(sender) or {"id": sender, "screen_name": sender}
    out.events.append(InboundEvent(
        platform="x",
        account_external_id=for_user,
        own=sender == for_user,
        raw=event,
        message={
            "platform": "x",
            "platform_message_id": str(event.get("id")),
            "author": _author(user),
            "text": (create.get("message_data") or {}).get("text", ""),
            "visibility": "private",
            "created_at": from_epoch(event["created_timestamp"]),
            "in_reply_to": None,
        },
    ))


def normalise(payload: Any) -> Normalised:
    """Messages in one Account Activity delivery, plus counts of what was skipped."""
    out = Normalised()
    if not isinstance(payload, dict):
        out.counts["unknown.not_an_object"] += 1
        return out
    for_user = str(payload.get("for_user_id", ""))
    users = payload.get("users") or {}
    for key, value in payload.items():
        if key in _ENVELOPE:
            continue
        if key == "tweet_create_events":
            for tweet in value:
                _tweet(for_user, tweet, out)
        elif key == "direct_message_events":
            for event in value:
                _direct_message(for_user, event, users, out)
        elif key in IGNORED:
            out.counts[f"ignored.{key}"] += len(value) if isinstance(value, list) else 1
        else:
            out.counts[f"unknown.{key}"] += 1
    return out


def _v2_author(user: dict[str, Any]) -> dict[str, Any]:
    metrics = user.get("public_metrics") or {}
    image = user.get("profile_image_url") or ""
    return {
        "platform_user_id": str(user.get("id", "")),
        "handle": user.get("username") or str(user.get("id", "")),
        "name": user.get("name"),
        "followers": metrics.get("followers_count"),
        "following": metrics.get("following_count"),
        "verified": bool(user.get("verified")),
        "has_avatar": None if not image else "default_profile_images" not in image,
        "account_created_at": user.get("created_at"),
        "bio": user.get("description"),
    }


def normalise_v2(payload: Any) -> Normalised:
    """A page of the v2 mentions timeline (``GET /2/users/:id/mentions``), as stored by the
    poller with the polled account's id in ``for_user_id``."""
    out = Normalised()
    if not isinstance(payload, dict):
        out.counts["unknown.not_an_object"] += 1
        return out
    for_user = str(payload.get("for_user_id", ""))
    users = {str(u.get("id")): u for u in (payload.get("includes") or {}).get("users") or []}
    for post in payload.get("data") or []:
        refs = {r.get("type"): r.get("id") for r in post.get("referenced_tweets") or []}
        if "retweeted" in refs:
            out.counts["ignored.retweet"] += 1
            continue
        author_id = str(post.get("author_id", ""))
        user = users.get(author_id) or {"id": author_id, "username": author_id}
        out.events.append(InboundEvent(
            platform="x", account_external_id=for_user, own=author_id == for_user, raw=post,
            message={
                "platform": "x", "platform_message_id": str(post.get("id")),
                "author": _v2_author(user), "text": post.get("text", ""), "visibility": "public",
                "created_at": post.get("created_at"),
                "in_reply_to": refs.get("replied_to") or refs.get("quoted"),
            },
        ))
    return out


def normalise_listening(payload: Any) -> Normalised:
    """A page of X recent search results for a brand's listening queries."""
    out = normalise_v2(payload)
    out.events = [replace(e, listening=True, own=False) for e in out.events]
    return out
