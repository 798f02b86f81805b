"""Batches are triaged with one triage_many() call per brand, with one-at-a-time results."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from escalada.auth.principal import SYSTEM
from escalada.brands.service import add_account, create_brand
from escalada.brands.triage_policy import save_policy
from escalada.config import Settings
from escalada.inbox import batch_triage, ingest
from escalada.inbox.batch_triage import PreparedTriage
from escalada.models import Message
from escalada.triage import AuthorSignals, TriageInput, TriagePolicy
from tests.conftest import ADMIN, inbound

SETTINGS = Settings()


def batch() -> list[dict]:
    """Two brands, one author updating their profile mid-batch, keywords, bad items."""
    return [
        inbound("1", text="I was charged twice for order #5531, please refund"),
        # jane again: now verified with 9,000 followers (influential under acme's policy)
        inbound("2", text="Still nothing. Your app is useless, no bars all day",
                followers=9000, verified=True, created_at="2026-11-20T10:05:00+00:00"),
        inbound("3", handle="bob", text="no bars since this morning in Lyon",
                created_at="2026-11-20T10:06:00+00:00"),
        inbound("4", handle="bob", brand_account="GlobexCare",
                text="Where is my parcel? Tracking says delivered but nothing here",
                created_at="2026-11-20T10:07:00+00:00"),
        inbound("5", handle="carla", platform="messenger", brand_account="acme.page",
                visibility="private", text="Necesito cambiar la dirección de mi pedido 88812",
                created_at="2026-11-20T10:08:00+00:00"),
        inbound("6", brand_account="NobodyHere", text="unknown account"),
        {"platform": "x", "text": "no id"},
        inbound("1", text="the same id twice in a batch"),
        inbound("7", handle="old_timer", text="Thank you, the refund arrived 😀",
                followers=50, created_at="2026-11-20T10:09:00+00:00"),
    ]


@pytest.fixture
def brands(session, brand):  # noqa: ANN001, ANN201
    globex = create_brand(session, slug="globex", name="Globex", actor=ADMIN)
    add_account(session, brand=globex, platform="x", handle="@GlobexCare", actor=ADMIN)
    save_policy(session, brand=brand, actor=ADMIN, data={
        "influential_followers": 5000, "keywords": {"outage": ["no bars"]},
    })
    # An author stored before the batch: the batch updates their profile.
    ingest.store(session, ingest.validate_item(
        inbound("0", handle="old_timer", text="hello", followers=20000, verified=True),
        settings=SETTINGS), raw={})
    session.commit()
    return brand, globex


def stored_triage(session) -> dict[str, dict]:  # noqa: ANN001
    rows = session.execute(select(Message.platform_message_id, Message.triage)
                           .where(Message.direction == "inbound")).all()
    return {message_id: triage for message_id, triage in rows}


def test_a_batch_is_triaged_as_its_messages_are_one_at_a_time(session, brands, monkeypatch):
    calls = []
    triage_many = batch_triage.triage_many
    monkeypatch.setattr(batch_triage, "triage_many",
                        lambda items, policy: calls.append(len(items)) or triage_many(items, policy))

    def one_at_a_time(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a batch message was triaged on its own")

    with session.begin_nested() as savepoint:
        with monkeypatch.context() as patched:  # only for the batch; the check below triages
            patched.setattr(ingest, "triage", one_at_a_time)
            report = ingest.ingest_batch(session, batch(), settings=SETTINGS, actor=SYSTEM)
        in_batch = stored_triage(session)
        savepoint.rollback()
    assert (report.created, report.duplicates, report.rejected) == (6, 1, 2)
    assert [r.index for r in report.results] == list(range(9))
    # One call per brand (acme, globex) for the six stored messages.
    assert sorted(calls) == [1, 5]

    for item in batch():
        try:
            ingest.store(session, ingest.validate_item(item, settings=SETTINGS), raw=item)
        except Exception:  # noqa: BLE001 - the bad items are rejected here as in the batch
            continue
    alone = stored_triage(session)
    assert set(alone) == set(in_batch) == {"0", "1", "2", "3", "4", "5", "7"}
    assert in_batch == alone
    # The brand's keywords applied, and jane's mid-batch profile (verified, 9,000
    # followers: influential under acme's policy) was the one triage read.
    assert "outage" in in_batch["3"]["categories"]
    assert any("verified" in reason for reason in in_batch["2"]["reasons"])


def test_a_prepared_result_serves_only_the_input_it_was_computed_from(session, brands):
    acme, _ = brands
    message = ingest.validate_item(inbound("40", text="app is down"), settings=SETTINGS)
    prepared = batch_triage.prepare_triage(session, [message], brand_of=lambda m: acme.id)
    assert isinstance(prepared, PreparedTriage) and len(prepared) == 1
    author = AuthorSignals(handle="jane_doe", followers=120, following=80, has_avatar=True,
                           account_age_days=None)
    policy = ingest.load_policy(session, acme.id)
    different = TriageInput(text="app is down", channel="x", visibility="public", author=author)
    assert prepared.result(message, different, policy) is None
    other = ingest.validate_item(inbound("41", text="app is down"), settings=SETTINGS)
    same_input = batch_triage.triage_input(message, batch_triage.author_signals(
        ingest.upsert_author(session, platform="x", data=message.author)))
    assert prepared.result(message, same_input, policy) is not None
    assert prepared.result(other, same_input, policy) is None
    assert prepared.result(message, same_input, TriagePolicy(model_threshold=0.9)) is None


def test_unknown_accounts_are_left_to_ingestion_to_reject(session, brands):
    message = ingest.validate_item(inbound("50", brand_account="NobodyHere"), settings=SETTINGS)
    prepared = ingest.prepare_batch(session, [message])
    assert len(prepared) == 0
