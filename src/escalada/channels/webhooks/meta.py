"""Meta webhooks (Facebook Pages, Messenger, Instagram): verification, signature, events.

One endpoint receives every Meta object. ``object`` is ``page`` (feed changes and
Messenger ``messaging`` events) or ``instagram`` (``comments`` / ``mentions`` changes
and Instagram Direct ``messaging`` events); ``entry`` is a batch, each entry naming
the Page or Instagram account by ``id``.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from escalada.channels.webhooks.events import InboundEvent, Normalised, from_epoch

SIGNATURE_HEADER = "x-hub-signature-256"


def verify_subscription(verify_tokens: list[str], *, mode: str | None, token: str | None) -> bool:
    if mode != "subscribe" or not token:
        return False
    return any(hmac.compare_digest(t, token) for t in verify_tokens)


def signature_valid(secrets: list[str], body: bytes, header: str | None) -> bool:
    if not header or not header.startswith("sha256="):
        return False
    given = header.removeprefix("sha256=").strip().lower()
    return any(
        hmac.compare_digest(hmac.new(s.encode(), body, hashlib.sha256).hexdigest(), given)
        for s in secrets
    )


def _attachment_text(message: dict[str, Any]) -> str:
    kinds = [a.get("type", "file") for a in message.get("attachments") or []]
    return f"[{', '.join(kinds)} attachment]" if kinds else ""


def _messaging(platform: str, entry_id: str, event: dict[str, Any], out: Normalised) -> None:
    message = event.get("message")
    if not isinstance(message, dict):
        kind = next((k for k in ("read", "delivery", "postback", "reaction", "optin", "referral")
                     if k in event), "other")
        out.counts[f"ignored.{platform}_{kind}"] += 1
        return
    if message.get("is_deleted"):
        out.counts[f"ignored.{platform}_deleted"] += 1
        return
    sender = str((event.get("sender") or {}).get("id", ""))
    own = bool(message.get("is_echo")) or sender == entry_id
    out.events.append(InboundEvent(
        platform=platform,
        account_external_id=entry_id,
        own=own,
        raw=event,
        message={
            "platform": platform,
            "platform_message_id": message.get("mid"),
            "author": {"platform_user_id": sender, "handle": sender},
            "text": message.get("text") or _attachment_text(message),
            "visibility": "private",
            "created_at": from_epoch(event.get("timestamp")),
            "in_reply_to": (message.get("reply_to") or {}).get("mid"),
        },
    ))


def _feed(entry_id: str, value: dict[str, Any], time: Any, out: Normalised) -> None:
    item, verb = value.get("item"), value.get("verb")
    if verb != "add" or item not in ("comment", "post", "status", "photo", "video"):
        out.counts[f"ignored.feed_{item}_{verb}"] += 1
        return
    author = value.get("from") or {}
    is_comment = item == "comment"
    parent = value.get("parent_id")
    out.events.append(InboundEvent(
        platform="facebook",
        account_external_id=entry_id,
        own=str(author.get("id", "")) == entry_id,
        raw=value,
        message={
            "platform": "facebook",
            "platform_message_id": value.get("comment_id") if is_comment else value.get("post_id"),
            "author": {"platform_user_id": str(author.get("id", "")),
                       "handle": author.get("name") or str(author.get("id", "")),
                       "name": author.get("name")},
            "text": value.get("message") or "",
            "visibility": "public",
            "created_at": from_epoch(value.get("created_time") or time),
            "in_reply_to": (parent or value.get("post_id")) if is_comment else None,
        },
    ))


def _instagram_comment(entry_id: str, value: dict[str, Any], time: Any, out: Normalised) -> None:
    author = value.get("from") or {}
    out.events.append(InboundEvent(
        platform="instagram",
        account_external_id=entry_id,
        own=str(author.get("id", "")) == entry_id,
        raw=value,
        message={
            "platform": "instagram",
            "platform_message_id": value.get("id"),
            "author": {"platform_user_id": str(author.get("id", "")),
                       "handle": author.get("username") or str(author.get("id", ""))},
            "text": value.get("text") or "",
            "visibility": "public",
            "created_at": from_epoch(value.get("timestamp") or time),
            "in_reply_to": value.get("parent_id") or (value.get("media") or {}).get("id"),
        },
    ))


def _instagram_mention(entry_id: str, value: dict[str, Any], time: Any, out: Normalised) -> None:
    """A mention in a comment carries only ids; the job reads the comment before storing."""
    comment_id = value.get("comment_id")
    if not comment_id:
        out.counts["ignored.instagram_mention_in_caption"] += 1
        return
    out.events.append(InboundEvent(
        platform="instagram",
        account_external_id=entry_id,
        raw=value,
        fetch={"kind": "instagram_mention", "comment_id": str(comment_id),
               "media_id": str(value.get("media_id", ""))},
        message={
            "platform": "instagram", "platform_message_id": str(comment_id),
            "author": {"handle": "unknown"}, "text": "", "visibility": "public",
            "created_at": from_epoch(time), "in_reply_to": value.get("media_id"),
        },
    ))


def _changes(entry: dict[str, Any]) -> list[dict[str, Any]]:
    # Facebook Login apps get entry.changes[]; Business Login for Instagram puts
    # one field/value pair on the entry itself.
    if isinstance(entry.get("changes"), list):
        return entry["changes"]
    if "field" in entry:
        return [{"field": entry["field"], "value": entry.get("value") or {}}]
    return []


def normalise(payload: Any) -> Normalised:
    out = Normalised()
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        out.counts["unknown.not_a_meta_batch"] += 1
        return out
    obj = payload.get("object")
    if obj not in ("page", "instagram"):
        out.counts[f"unknown.object_{obj}"] += 1
        return out
    for entry in payload["entry"]:
        entry_id = str(entry.get("id", ""))
        for event in entry.get("messaging") or []:
            _messaging("messenger" if obj == "page" else "instagram", entry_id, event, out)
        for change in _changes(entry):
            field, value = change.get("field"), change.get("value") or {}
            if obj == "page" and field == "feed":
                _feed(entry_id, value, entry.get("time"), out)
            elif obj == "instagram" and field in ("comments", "live_comments"):
                _instagram_comment(entry_id, value, entry.get("time"), out)
            elif obj == "instagram" and field == "mentions":
                _instagram_mention(entry_id, value, entry.get("time"), out)
            else:
                out.counts[f"unknown.{obj}_{field}"] += 1
    return out
