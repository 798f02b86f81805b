"""Import IBM's Twitter customer-care conversations (Conversational Document Prediction).

Each file (``dev.json``, ``test.json``) is a JSON array of conversations: a
``dialogHeader`` naming the brand (``company``), ``dialogContent`` turns by the
``client`` or the ``agent`` with ``tweet_ID``, ``datetime`` and ``message``, and the
closing ``agentURL`` reply, whose time comes from its tweet id (X snowflake). Turns
alternate in one thread, so each one answers the turn before it. Brands and their X
accounts are created as needed, as the TWCS importer does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.channels.importers.twcs import ImportReport, brand_account_for, prepare_chunk
from escalada.config import Settings
from escalada.db import Database
from escalada.errors import DuplicateMessage, EscaladaError
from escalada.inbox.batch_triage import PreparedTriage
from escalada.inbox.ingest import record_brand_reply, store, validate_item

IMPORTER = Principal(role="admin", label="import:ibm")
CHUNK = 100  # conversations per transaction
_TWITTER_EPOCH_MS = 1288834974657


def snowflake_time(tweet_id: str) -> datetime:
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + _TWITTER_EPOCH_MS) / 1000, UTC)


def read_conversations(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EscaladaError(f"{path} is not a JSON file: {exc}") from exc
    if not isinstance(data, list) or not all(
        isinstance(c, dict) and "dialogHeader" in c and "dialogContent" in c for c in data
    ):
        raise EscaladaError(f"{path} is not an IBM customer-care file: expected an array of "
                            "conversations with dialogHeader and dialogContent")
    return data


def turns(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every turn in order, the closing agentURL reply included, as plain dicts."""
    out = [
        {"tweet_id": str(t["tweet_ID"]), "by_brand": "agent" in t,
         "handle": t.get("agent") or _client_handle(t), "text": t["message"],
         "created_at": datetime.fromisoformat(t["datetime"].replace("Z", "+00:00"))}
        for t in conversation["dialogContent"]
    ]
    final = conversation.get("agentURL") or {}
    if final.get("tweet_ID"):
        out.append({"tweet_id": str(final["tweet_ID"]), "by_brand": True,
                    "handle": conversation["dialogHeader"]["company"],
                    "text": final.get("url_utterance", ""),
                    "created_at": snowflake_time(final["tweet_ID"])})
    return out


def _client_handle(turn: dict[str, Any]) -> str | None:
    # "client", or "client1", "client2"… when several customers share a thread.
    return next((v for k, v in sorted(turn.items()) if k.startswith("client")), None)


def import_ibm(
    db: Database, path: Path, *, settings: Settings,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportReport:
    conversations = read_conversations(path)
    report = ImportReport(threads=len(conversations))
    for start in range(0, len(conversations), CHUNK):
        chunk = conversations[start:start + CHUNK]
        with db.unit_of_work() as session:
            prepared = prepare_chunk(
                session,
                [(conversation["dialogHeader"]["company"], item)
                 for conversation in chunk for item in _customer_items(conversation)],
                settings, report, IMPORTER,
            )
            for conversation in chunk:
                _import_conversation(session, conversation, report, settings, prepared)
        on_progress(start + len(chunk), len(conversations))
    return report


def _customer_item(turn: dict[str, Any], brand_handle: str, previous: str | None) -> dict[str, Any]:
    return {
        "platform": "x", "platform_message_id": turn["tweet_id"],
        "brand_account": brand_handle,
        "author": {"handle": turn["handle"]},
        "text": turn["text"], "visibility": "public",
        "created_at": turn["created_at"].isoformat(), "in_reply_to": previous,
    }


def _customer_items(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """The customer turns of a conversation as inbound items, each answering the turn before."""
    company = conversation["dialogHeader"]["company"]
    found, previous = [], None
    for turn in turns(conversation):
        if not turn["by_brand"]:
            found.append(_customer_item(turn, company, previous))
        previous = turn["tweet_id"]
    return found


def _import_conversation(session: Session, conversation: dict[str, Any], report: ImportReport,
                         settings: Settings, prepared: PreparedTriage | None = None) -> None:
    company = conversation["dialogHeader"]["company"]
    previous: str | None = None
    for turn in turns(conversation):
        report.rows += 1
        try:
            with session.begin_nested():
                account = brand_account_for(session, company, report, actor=IMPORTER)
                if turn["by_brand"]:
                    if previous is None:
                        raise EscaladaError("brand turn that answers nothing")
                    record_brand_reply(
                        session, platform="x", platform_message_id=turn["tweet_id"],
                        brand_account=account, in_reply_to=previous, text=turn["text"],
                        visibility="public", created_at=turn["created_at"],
                        raw={"session_id": conversation["dialogHeader"].get("sessionID"), **turn,
                             "created_at": turn["created_at"].isoformat()},
                        actor=IMPORTER,
                    )
                    report.replies += 1
                else:
                    item = _customer_item(turn, account.handle, previous)
                    store(session, validate_item(item, settings=settings), raw=item, actor=IMPORTER,
                          prepared=prepared)
                    report.created += 1
        except DuplicateMessage:
            report.duplicates += 1
        except EscaladaError as exc:
            report.rejected.append((turn["tweet_id"], exc.message))
        previous = turn["tweet_id"]
