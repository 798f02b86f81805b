"""The TWCS importer on the real published samples (read from ../shared, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from escalada.channels.importers.twcs import import_twcs
from escalada.config import Settings
from escalada.models import Brand, Conversation, Message

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "twcs-samples"
SAMPLE = DATA / "kaggle_sample.csv"

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "twcs.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_threads_replies_and_brands_from_a_hand_made_file(db, session, tmp_path):
    # Out of order on purpose: the reply (3) comes before the tweet it answers (1).
    path = write(tmp_path, (
        "3,AcmeHelp,False,Tue Oct 31 22:15:00 +0000 2017,@115 Sorry! Please DM us.,4,1\n"
        "1,115,True,Tue Oct 31 22:10:00 +0000 2017,@AcmeHelp I was charged twice for my order,3,\n"
        "4,115,True,Tue Oct 31 22:20:00 +0000 2017,@AcmeHelp done 😀,,3\n"
        "9,116,True,Tue Oct 31 23:00:00 +0000 2017,@AcmeHelp app is down,,\n"
        "7,117,True,not a date,@AcmeHelp hi,,\n"
        "8,OtherBrand,False,Tue Oct 31 23:10:00 +0000 2017,@118 orphan reply,,555\n"
    ))
    progress = []
    report = import_twcs(db, path, settings=Settings(), on_progress=lambda d, t: progress.append((d, t)))
    assert (report.rows, report.created, report.replies) == (6, 3, 1)
    reasons = dict(report.rejected)
    assert "unreadable created_at" in reasons["7"]
    assert "8" in reasons
    assert progress[-1] == (6, 6)
    conversations = session.scalars(select(Conversation).order_by(Conversation.id)).all()
    assert len(conversations) == 2
    first = conversations[0]
    thread = session.scalars(select(Message).where(Message.conversation_id == first.id)
                             .order_by(Message.created_at)).all()
    assert [(m.platform_message_id, m.direction) for m in thread] == [("1", "inbound"), ("3", "outbound"), ("4", "inbound")]
    assert thread[1].delivery_state == "sent"
    assert first.first_response_at is not None
    assert thread[0].raw["author_id"] == "115"
    assert session.scalar(select(Brand.slug)) == "acmehelp"
    # Importing again stores nothing twice.
    again = import_twcs(db, path, settings=Settings())
    assert again.created == 0 and again.duplicates == 4


def test_rejects_files_of_another_format(db, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    from escalada.errors import EscaladaError

    with pytest.raises(EscaladaError, match="missing columns"):
        import_twcs(db, path, settings=Settings())


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared TWCS samples not present")
def test_official_kaggle_sample(db, session):
    report = import_twcs(db, SAMPLE, settings=Settings())
    assert report.rows == 93
    assert report.created + report.replies + report.duplicates + len(report.rejected) == 93
    assert report.created > 30
    stored = session.scalar(select(func.count()).select_from(Message))
    assert stored == report.created + report.replies


def test_each_chunk_is_triaged_at_once(db, session, tmp_path, batch_triage_only):
    path = write(tmp_path, (
        "1,115,True,Tue Oct 31 22:10:00 +0000 2017,@AcmeHelp I was charged twice for my order,3,\n"
        "3,AcmeHelp,False,Tue Oct 31 22:15:00 +0000 2017,@115 Sorry! Please DM us.,4,1\n"
        "4,115,True,Tue Oct 31 22:20:00 +0000 2017,@AcmeHelp still charged twice 😡,,3\n"
        "9,116,True,Tue Oct 31 23:00:00 +0000 2017,@AcmeHelp app is down,,\n"
    ))
    report = import_twcs(db, path, settings=Settings())
    assert (report.created, report.replies, report.rejected) == (3, 1, [])
    triage = dict(session.execute(select(Message.platform_message_id, Message.triage)
                                  .where(Message.direction == "inbound")).all())
    assert "billing" in triage["1"]["categories"] and "outage" in triage["9"]["categories"]
