"""POST /api/v1/messages: threading, dedup, triage on arrival and every kind of bad input."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from escalada.models import Author, Conversation, ConversationTag, Message
from tests.conftest import inbound, token_headers


def post(client, headers, payload, **kwargs):
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return client.post("/api/v1/messages", content=body,
                       headers={**headers, "Content-Type": "application/json"}, **kwargs)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_single_message_is_stored_threaded_and_triaged(client, session, brand):
    headers = token_headers(session)
    response = post(client, headers, inbound(text="I was charged twice for order #5531, please refund"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "created"
    message = session.get(Message, body["message_id"])
    assert message.raw["text"].startswith("I was charged twice")
    assert message.triage["tier"] == 3
    assert "billing" in message.triage["categories"]
    conversation = session.get(Conversation, body["conversation_id"])
    assert conversation.status == "new"
    assert conversation.tier == 3 and conversation.priority in ("high", "urgent")
    assert conversation.reasons, "triage reasons are kept for the lead"
    tags = set(session.scalars(select(ConversationTag.tag).where(ConversationTag.conversation_id == conversation.id)))
    assert "billing" in tags


def test_same_author_and_account_share_a_conversation_reply_chain_wins(client, session, brand):
    headers = token_headers(session)
    first = post(client, headers, inbound("1", text="App is down for me")).json()
    second = post(client, headers, inbound("2", text="Still down", created_at="2026-11-20T10:05:00+00:00")).json()
    assert first["conversation_id"] == second["conversation_id"]
    # Another customer replying in the first customer's chain joins that conversation.
    third = post(client, headers, inbound("3", handle="bob", text="Same here", in_reply_to="1",
                                          created_at="2026-11-20T10:06:00+00:00")).json()
    assert third["conversation_id"] == first["conversation_id"]
    # The same author on another channel starts a separate conversation.
    fourth = post(client, headers, inbound("4", platform="messenger", brand_account="acme.page",
                                           visibility="private")).json()
    assert fourth["conversation_id"] != first["conversation_id"]
    conversation = session.get(Conversation, first["conversation_id"])
    session.refresh(conversation)
    assert conversation.message_count == 3
    assert conversation.preview == "Same here"


def test_closed_conversation_is_not_reused(client, session, brand):
    headers = token_headers(session)
    first = post(client, headers, inbound("1")).json()
    conversation = session.get(Conversation, first["conversation_id"])
    conversation.status = "closed"
    session.commit()
    second = post(client, headers, inbound("2", created_at="2026-11-21T10:00:00+00:00")).json()
    assert second["conversation_id"] != first["conversation_id"]


def test_resolved_conversation_reopens_when_customer_writes_again(client, session, brand):
    headers = token_headers(session)
    first = post(client, headers, inbound("1")).json()
    conversation = session.get(Conversation, first["conversation_id"])
    conversation.status = "resolved"
    session.commit()
    second = post(client, headers, inbound("2", created_at="2026-11-21T10:00:00+00:00")).json()
    assert second["conversation_id"] == first["conversation_id"]
    session.refresh(conversation)
    assert conversation.status == "open"


def test_duplicate_single_message_is_409_and_stored_once(client, session, brand):
    headers = token_headers(session)
    assert post(client, headers, inbound("77")).status_code == 201
    again = post(client, headers, inbound("77"))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate"
    assert "already stored" in again.json()["error"]["message"]
    assert count(session, Message) == 1


def test_batch_stores_good_items_and_reports_each_bad_one(client, session, brand):
    headers = token_headers(session)
    post(client, headers, inbound("old"))
    batch = [
        inbound("b1", text="Where is my parcel? Order 99812 was due Monday"),
        {"platform": "myspace", "platform_message_id": "x", "brand_account": "AcmeHelp",
         "author": {"handle": "a"}, "text": "hi", "created_at": "2026-11-20T10:00:00Z"},
        inbound("b1"),  # duplicate inside the batch
        inbound("old"),  # duplicate of a stored message
        {"platform": "x"},  # missing fields
        inbound("b2", text="x" * (64 * 1024 + 1)),
        inbound("b3", brand_account="nobody"),
        "not an object",
        inbound("b4", text="Love the new app 😍🎉 ¡genial! 太好了"),
        inbound("b5", text=""),
    ]
    response = post(client, headers, batch)
    assert response.status_code == 200, response.text
    report = response.json()
    statuses = [r["status"] for r in report["results"]]
    assert statuses == ["created", "rejected", "duplicate", "duplicate", "rejected", "rejected",
                        "rejected", "rejected", "created", "created"]
    errors = {r["index"]: r["error"] for r in report["results"]}
    assert "platform" in errors[1]
    assert "item 0" in errors[2]
    assert "already stored" in errors[3]
    assert "text" in errors[4] and "created_at" in errors[4]
    assert "65536" in errors[5]
    assert "unknown brand account" in errors[6]
    assert "JSON object" in errors[7]
    assert (report["created"], report["duplicates"], report["rejected"]) == (3, 2, 5)
    assert count(session, Message) == 4


def test_empty_text_is_stored_and_triaged_as_noise(client, session, brand):
    headers = token_headers(session)
    body = post(client, headers, inbound("e1", text="")).json()
    message = session.get(Message, body["message_id"])
    assert message.triage["language"] == "und"
    assert message.triage["tier"] == 0


def test_malformed_json_is_400_with_position(client, session, brand):
    response = post(client, token_headers(session), b'{"platform": "x",')
    assert response.status_code == 400
    assert "malformed JSON" in response.json()["error"]["message"]
    assert "line 1" in response.json()["error"]["message"]


def test_invalid_utf8_is_400(client, session, brand):
    response = post(client, token_headers(session), b'{"text": "\xff\xfe"}')
    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]["message"]


def test_lone_surrogate_and_nul_are_rejected_with_reason(client, session, brand):
    headers = token_headers(session)
    surrogate = json.dumps(inbound("s1")).replace("charged", "\\ud800charged")
    response = post(client, headers, surrogate)
    assert response.status_code == 422
    assert "surrogate" in response.json()["error"]["message"]
    response = post(client, headers, inbound("s2", text="nul \x00 here"))
    assert response.status_code == 422
    assert "NUL" in response.json()["error"]["message"]


def test_oversized_single_text_is_413(client, session, brand):
    response = post(client, token_headers(session), inbound("big", text="é" * 40000))
    assert response.status_code == 413
    assert "80000 bytes" in response.json()["error"]["message"]


def test_oversized_body_and_batch_are_413(client, session, brand, settings):
    headers = token_headers(session)
    settings.max_batch_items = 3
    response = post(client, headers, [inbound(str(i)) for i in range(4)])
    assert response.status_code == 413
    settings.max_request_bytes = 1000
    response = post(client, headers, inbound("x", text="a" * 2000))
    assert response.status_code == 413
    assert count(session, Message) == 0


def test_wrong_shapes_are_clear(client, session, brand):
    headers = token_headers(session)
    assert post(client, headers, b"[]").status_code == 422
    assert post(client, headers, b"42").status_code == 422
    assert post(client, headers, b"   ").status_code == 400


def test_ingest_needs_a_token_with_the_right_role(client, session, brand):
    assert post(client, {}, inbound()).status_code == 401
    assert post(client, {"Authorization": "Bearer esc_nope"}, inbound()).status_code == 401
    assert post(client, {"Authorization": "Basic abc"}, inbound()).status_code == 401
    response = post(client, token_headers(session, role="agent"), inbound())
    assert response.status_code == 403
    assert count(session, Message) == 0


def test_author_profile_is_updated_from_payloads(client, session, brand):
    headers = token_headers(session)
    post(client, headers, inbound("1", followers=10, bio="old bio"))
    post(client, headers, inbound("2", followers=250_000, verified=True, bio="new bio",
                                  created_at="2026-11-20T11:00:00+00:00"))
    author = session.scalar(select(Author))
    session.refresh(author)
    assert (author.followers, author.verified, author.bio) == (250_000, True, "new bio")
    assert count(session, Author) == 1
