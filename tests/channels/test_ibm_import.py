"""The IBM customer-care conversations importer (real files read from ../shared, never copied)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from escalada.channels.importers.ibm_cdp import import_ibm, snowflake_time
from escalada.config import Settings
from escalada.errors import EscaladaError
from escalada.models import Brand, Conversation, Message

SHARED = Path(os.environ.get("ESCALADA_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
DEV = SHARED / "ibm-twitter-cdp" / "dev.json"

CONVERSATION = {
    "agentURL": {"doc_id": "8443", "turn": "4", "tweet_ID": "1241108243017015297",
                 "url": "https://support.example.com/categories",
                 "url_utterance": "@gamer67 Please submit a ticket here: https://support.example.com/categories"},
    "dialogContent": [
        {"client": "gamer67", "datetime": "2020-03-20T18:34:50.000Z",
         "message": "@GameSupport the Accept button is greyed out online", "tweet_ID": "1241070712351264769"},
        {"agent": "GameSupport", "datetime": "2020-03-20T18:43:36.000Z",
         "message": "@gamer67 Which platform are you on?", "tweet_ID": "1241072917489881101"},
        {"client": "gamer67", "datetime": "2020-03-20T20:57:34.000Z",
         "message": "@GameSupport PS4", "tweet_ID": "1241106633775878146"},
    ],
    "dialogHeader": {"company": "GameSupport", "conversationDateTime": "2020-03-20T18:34:50.000Z",
                     "duration": "02:29:08.0", "messageCount": "4", "sessionID": "Qt4M3sXkR71V9CT9Xr5U"},
}


def test_one_conversation_becomes_one_thread_with_brand_replies(db, session, tmp_path):
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([CONVERSATION]))
    report = import_ibm(db, path, settings=Settings())
    assert (report.threads, report.rows, report.created, report.replies) == (1, 4, 2, 2)
    assert session.scalar(select(Brand.slug)) == "gamesupport"
    conversations = session.scalars(select(Conversation)).all()
    assert len(conversations) == 1 and conversations[0].message_count >= 2
    closing = session.scalar(select(Message).where(Message.platform_message_id == "1241108243017015297"))
    assert closing.direction == "outbound" and closing.created_at == snowflake_time("1241108243017015297")
    assert closing.created_at.isoformat().startswith("2020-03-20T21:")
    again = import_ibm(db, path, settings=Settings())
    assert again.duplicates == 4 and again.created == 0


def test_a_file_of_another_shape_is_refused(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"not": "a list"}')
    with pytest.raises(EscaladaError, match="not an IBM customer-care file"):
        import_ibm(db, path, settings=Settings())
    path.write_text("[{")
    with pytest.raises(EscaladaError, match="not a JSON file"):
        import_ibm(db, path, settings=Settings())


@pytest.mark.skipif(not DEV.exists(), reason="shared IBM customer-care data not present")
def test_the_published_dev_file(db, session):
    report = import_ibm(db, DEV, settings=Settings())
    assert report.threads == 525
    conversations = json.loads(DEV.read_text())
    assert report.rows == sum(len(c["dialogContent"]) + 1 for c in conversations)
    assert report.created + report.replies + report.duplicates + len(report.rejected) == report.rows
    assert report.created > 600 and report.replies > 550
    assert report.rejected == []
    assert session.scalar(select(func.count()).select_from(Message)) == report.created + report.replies


def test_cli_command_reports_counts(tmp_path, cli_database):
    from escalada.cli import app

    path = tmp_path / "test.json"
    path.write_text(json.dumps([CONVERSATION]))
    result = CliRunner().invoke(app, ["import", "ibm", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 conversations, 4 turns: 2 customer messages, 2 brand replies" in result.output
    path.write_text("{}")
    refused = CliRunner().invoke(app, ["import", "ibm", str(path)])
    assert refused.exit_code == 1 and "not an IBM customer-care file" in refused.output


def test_each_chunk_of_conversations_is_triaged_at_once(db, session, tmp_path, batch_triage_only):
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([CONVERSATION]))
    report = import_ibm(db, path, settings=Settings())
    assert (report.created, report.replies, report.rejected) == (2, 2, [])
    first = session.scalar(select(Message).where(Message.platform_message_id == "1241070712351264769"))
    assert first.triage["language"] == "en" and first.triage["reasons"]
