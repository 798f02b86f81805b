"""Import the "Customer Support on Twitter" CSV (Kaggle: thoughtvector/customer-support-on-twitter).

Columns: tweet_id, author_id, inbound, created_at, text, response_tweet_id,
in_response_to_tweet_id. Customer author ids are anonymised numbers, brand author ids
are handles. Rows are threaded by their reply links, each thread is given the brand
that answered it (or the brand it @-mentions), and rows are stored oldest first so a
reply always finds its parent. Brands and their X accounts are created as needed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.brands.service import add_account, create_brand, find_account, normalise_handle
from escalada.config import Settings
from escalada.db import Database
from escalada.errors import DuplicateMessage, EscaladaError
from escalada.inbox.batch_triage import PreparedTriage
from escalada.inbox.ingest import (
    prepare_batch,
    record_brand_reply,
    store,
    valid_messages,
    validate_item,
)
from escalada.kit.sequences import chunks
from escalada.models import Brand, BrandAccount

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
           "in_response_to_tweet_id")
CHUNK = 500
_MENTION = re.compile(r"@(\w{1,15})")
IMPORTER = Principal(role="admin", label="import:twcs")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    replies: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (tweet_id, reason)
    brands_created: int = 0
    threads: int = 0


def parse_time(value: str) -> datetime:
    return datetime.strptime(value.strip(), "%a %b %d %H:%M:%S %z %Y")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EscaladaError(f"{path} is not a TWCS file: missing columns {', '.join(missing)}")
        return list(reader)


def _thread_roots(rows: dict[str, dict[str, str]]) -> dict[str, str]:
    parent = {tweet_id: tweet_id for tweet_id in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for tweet_id, row in rows.items():
        other = row["in_response_to_tweet_id"].strip()
        if other in rows:
            parent[find(tweet_id)] = find(other)
    return {tweet_id: find(tweet_id) for tweet_id in rows}


def thread_brands(rows: dict[str, dict[str, str]], roots: dict[str, str]) -> dict[str, str]:
    """The brand handle of each thread: who answered it, else whom the customer mentioned."""
    brand_of: dict[str, str] = {}
    for tweet_id, row in rows.items():
        if row["inbound"] != "True":
            brand_of.setdefault(roots[tweet_id], row["author_id"])
    for tweet_id, row in rows.items():
        root = roots[tweet_id]
        if root in brand_of:
            continue
        for mention in _MENTION.findall(row["text"]):
            if not mention.isdigit():
                brand_of[root] = mention
                break
    return brand_of


def brand_account_for(session: Session, handle: str, report: ImportReport,
                      actor: Principal = IMPORTER) -> BrandAccount:
    """The brand's X account, creating the brand and the account on first sight."""
    account = find_account(session, platform="x", handle=handle)
    if account is not None:
        return account
    slug = re.sub(r"[^a-z0-9-]", "-", normalise_handle(handle))[:64].strip("-") or "brand"
    brand = session.scalar(select(Brand).where(Brand.slug == slug))
    if brand is None:
        brand = create_brand(session, slug=slug, name=handle, actor=actor)
        report.brands_created += 1
    return add_account(session, brand=brand, platform="x", handle=handle, actor=actor)


def import_twcs(
    db: Database,
    path: Path,
    *,
    settings: Settings,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportReport:
    raw_rows = read_rows(path)
    report = ImportReport(rows=len(raw_rows))
    rows = {r["tweet_id"].strip(): r for r in raw_rows}
    roots = _thread_roots(rows)
    brands = thread_brands(rows, roots)
    report.threads = len(set(roots.values()))

    def sort_key(row: dict[str, str]) -> tuple[datetime, int]:
        tweet_id = row["tweet_id"].strip()
        return parse_time(row["created_at"]), int(tweet_id) if tweet_id.isdigit() else 0

    ordered: list[dict[str, str]] = []
    for row in raw_rows:
        try:
            parse_time(row["created_at"])
        except ValueError:
            report.rejected.append((row["tweet_id"], f"unreadable created_at {row['created_at']!r}"))
            continue
        ordered.append(row)
    ordered.sort(key=sort_key)
    done = len(raw_rows) - len(ordered)
    for chunk in chunks(ordered, CHUNK):
        with db.unit_of_work() as session:
            brand_of = {row["tweet_id"]: brands.get(roots[row["tweet_id"].strip()]) for row in chunk}
            prepared = prepare_chunk(
                session,
                [(brand, _inbound_item(row, brand)) for row in chunk
                 if row["inbound"] == "True" and (brand := brand_of[row["tweet_id"]]) is not None],
                settings, report,
            )
            for row in chunk:
                _import_row(session, row, brand_of[row["tweet_id"]], report, settings, prepared)
        done += len(chunk)
        on_progress(done, len(raw_rows))
    return report


def prepare_chunk(
    session: Session, items: Sequence[tuple[str, dict[str, Any]]], settings: Settings,
    report: ImportReport, actor: Principal = IMPORTER,
) -> PreparedTriage:
    """The triage of a chunk's customer messages (brand handle, item), computed at once.

    The chunk's brands and accounts are created first (storing its rows would create
    them anyway), so that every message knows its brand's policy.
    """
    accounts: dict[str, BrandAccount | None] = {}
    for brand_handle in dict.fromkeys(handle for handle, _ in items):
        try:
            with session.begin_nested():
                accounts[brand_handle] = brand_account_for(session, brand_handle, report, actor)
        except EscaladaError:
            accounts[brand_handle] = None  # the rows report why when they are stored
    # A message that fails validation is rejected again, with its reason, when stored.
    return prepare_batch(session, valid_messages(
        [{**item, "brand_account": account.handle} for brand_handle, item in items
         if (account := accounts[brand_handle]) is not None],
        settings=settings,
    ))


def _inbound_item(row: dict[str, str], brand_handle: str) -> dict[str, Any]:
    return {
        "platform": "x",
        "platform_message_id": row["tweet_id"].strip(),
        "brand_account": brand_handle,
        "author": {"platform_user_id": row["author_id"], "handle": row["author_id"]},
        "text": row["text"],
        "visibility": "public",
        "created_at": parse_time(row["created_at"]).isoformat(),
        "in_reply_to": row["in_response_to_tweet_id"].strip() or None,
    }


def _import_row(
    session: Session, row: dict[str, str], brand_handle: str | None, report: ImportReport,
    settings: Settings, prepared: PreparedTriage | None = None,
) -> None:
    tweet_id = row["tweet_id"].strip()
    if brand_handle is None:
        report.rejected.append((tweet_id, "no brand answered or was mentioned in this thread"))
        return
    created_at = parse_time(row["created_at"])
    in_reply_to = row["in_response_to_tweet_id"].strip() or None
    try:
        with session.begin_nested():
            account = brand_account_for(session, brand_handle, report)
        if row["inbound"] == "True":
            item = _inbound_item(row, account.handle)
            store(session, validate_item(item, settings=settings), raw=dict(row), actor=IMPORTER,
                  prepared=prepared)
            report.created += 1
        else:
            if in_reply_to is None:
                report.rejected.append((tweet_id, "brand tweet that answers nothing"))
                return
            with session.begin_nested():
                record_brand_reply(
                    session, platform="x", platform_message_id=tweet_id, brand_account=account,
                    in_reply_to=in_reply_to, text=row["text"], visibility="public",
                    created_at=created_at, raw=dict(row), actor=IMPORTER,
                )
            report.replies += 1
    except DuplicateMessage:
        report.duplicates += 1
    except EscaladaError as exc:
        report.rejected.append((tweet_id, exc.message))
