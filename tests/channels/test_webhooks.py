"""X and Meta webhooks through HTTP: verification, signatures, durable receipt, events."""

from __future__ import annotations

import json
import logging

from sqlalchemy import func, select

from escalada.channels.webhooks import receipt
from escalada.models import Author, Conversation, Message, WebhookDelivery
from tests.channels.conftest import (
    IG_ID,
    META_SECRET,
    VERIFY_TOKEN,
    X_SECRET,
    fixture_bytes,
    meta_signature,
    x_signature,
)
from tests.channels.fakes import Answer


def post_x(client, body: bytes, signature: str | None = None):  # noqa: ANN001, ANN201
    headers = {"content-type": "application/json",
               "x-twitter-webhooks-signature": signature or x_signature(body)}
    return client.post("/api/v1/webhooks/x", content=body, headers=headers)


def post_meta(client, body: bytes, signature: str | None = None):  # noqa: ANN001, ANN201
    headers = {"content-type": "application/json",
               "X-Hub-Signature-256": signature or meta_signature(body)}
    return client.post("/api/v1/webhooks/meta", content=body, headers=headers)


def count(session, model) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(model))


def test_x_crc_answers_with_the_documented_hmac(client, connected):
    response = client.get("/api/v1/webhooks/x", params={"crc_token": "challenge-123"})
    assert response.status_code == 200
    # base64(HMAC-SHA256(consumer_secret, crc_token)), as in X's CRC documentation
    assert response.json() == {"response_token": x_signature(b"challenge-123", X_SECRET)}
    assert client.get("/api/v1/webhooks/x").status_code == 400


def test_the_crc_answer_cannot_sign_an_event_body(client, session, connected):
    # A forger asks the public CRC endpoint to "answer" a whole event body, then posts
    # that body with the answer as its signature. Neither step may succeed.
    event = {"for_user_id": "4337869213", "direct_message_events": [{
        "type": "message_create", "id": "999", "created_timestamp": "1700000000000",
        "message_create": {"sender_id": "1", "message_data": {"text": "refund me"}}}]}
    for body in (json.dumps(event, separators=(",", ":")).encode(), b'{"for_user_id":"1"}'):
        answer = client.get("/api/v1/webhooks/x", params={"crc_token": body.decode()})
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_crc_token"
        forged = answer.json().get("response_token", "sha256=")  # nothing to forge with
        assert post_x(client, body, signature=forged).status_code == 401
    assert count(session, WebhookDelivery) == 0
    too_long = "A" * 129
    assert client.get("/api/v1/webhooks/x", params={"crc_token": too_long}).status_code == 400


def test_x_crc_without_a_connected_account_is_refused(client, brand):
    assert client.get("/api/v1/webhooks/x", params={"crc_token": "c"}).status_code == 403


def test_x_tweets_become_threaded_triaged_messages(client, session, connected):
    response = post_x(client, fixture_bytes("x_tweet_create_events.json"))
    assert response.status_code == 200
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.state == "processed"
    # mention + quote tweet stored; the brand's own reply joins the thread; the retweet is skipped
    assert delivery.counts == {"created": 2, "brand_replies": 1, "ignored.retweet": 1}
    mention = session.scalar(select(Message).where(Message.platform_message_id == "1861234567890123456"))
    assert mention.visibility == "public" and mention.triage["tier"] == 3
    author = session.get(Author, mention.author_id)
    assert (author.handle, author.platform_user_id, author.followers, author.bio) == (
        "jane_doe", "3001969357", 120, "Coffee, cycling, and complaining about bills")
    reply = session.scalar(select(Message).where(Message.platform_message_id == "1861234567890999999"))
    assert reply.direction == "outbound" and reply.conversation_id == mention.conversation_id
    quote = session.scalar(select(Message).where(Message.platform_message_id == "1861234567891000001"))
    assert "order 7781" in quote.text  # the extended tweet's full text, not the truncated one
    assert quote.in_reply_to_platform_id == "1860000000000000001"


def test_x_direct_messages_are_private(client, session, connected):
    assert post_x(client, fixture_bytes("x_direct_message_events.json")).status_code == 200
    dm = session.scalar(select(Message).where(Message.platform_message_id == "1861240000000000001"))
    assert dm.visibility == "private" and dm.text.startswith("Order 5531")
    assert session.get(Author, dm.author_id).handle == "jane_doe"


def test_favourites_and_follows_are_counted_and_unknown_events_logged(client, session, connected, caplog):
    with caplog.at_level(logging.INFO, logger="escalada.channels.webhooks.receipt"):
        response = post_x(client, fixture_bytes("x_favorite_events.json"))
    assert response.status_code == 200
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.state == "processed"
    assert delivery.counts == {"ignored.favorite_events": 1, "ignored.follow_events": 1,
                               "unknown.tweet_poll_events": 1}
    assert "tweet_poll_events" in caplog.text
    assert count(session, Message) == 0


def test_wrong_signature_is_401_and_stores_nothing(client, session, connected):
    body = fixture_bytes("x_tweet_create_events.json")
    assert post_x(client, body, signature=x_signature(body, "not-the-secret")).status_code == 401
    assert client.post("/api/v1/webhooks/x", content=body).status_code == 401
    assert post_meta(client, fixture_bytes("meta_instagram.json"), signature="sha256=00").status_code == 401
    tampered = body.replace(b"charged twice", b"charged thrice")
    assert post_x(client, tampered, signature=x_signature(body)).status_code == 401
    assert count(session, WebhookDelivery) == 0 and count(session, Message) == 0


def test_oversized_delivery_is_413(client, connected, session):
    big = json.dumps({"for_user_id": "1", "padding": "x" * (1024 * 1024)}).encode()
    assert post_x(client, big).status_code == 413
    assert post_meta(client, big).status_code == 413
    assert count(session, WebhookDelivery) == 0


def test_replayed_delivery_stores_messages_once(client, session, connected):
    body = fixture_bytes("x_tweet_create_events.json")
    first, second = post_x(client, body), post_x(client, body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert count(session, WebhookDelivery) == 1
    assert count(session, Message) == 3


def test_a_delivery_left_pending_by_a_dead_process_is_swept(db, session, connected):
    body = fixture_bytes("x_direct_message_events.json")
    with db.unit_of_work() as s:
        # A delivery committed, then the process died before its job ran.
        s.add(WebhookDelivery(source="x", body=body.decode(), body_sha256="d" * 64, headers={}))
    assert count(session, Message) == 0
    assert receipt.sweep(db, older_than=__import__("datetime").timedelta(0)) == 1
    assert count(session, Message) == 1
    assert receipt.sweep(db, older_than=__import__("datetime").timedelta(0)) == 0


def test_a_delivery_whose_job_runs_twice_stores_once(db, session, connected):
    with db.unit_of_work() as s:
        delivery = WebhookDelivery(source="x", body=fixture_bytes("x_direct_message_events.json").decode(),
                                   body_sha256="e" * 64, headers={})
        s.add(delivery)
    receipt.process_delivery(db, delivery.id)
    again = session.get(WebhookDelivery, delivery.id)
    # as if a second run had read the delivery before the first one committed
    again.state, again.events_done, again.counts = "pending", 0, {}
    session.commit()
    receipt.process_delivery(db, delivery.id)
    session.expire_all()
    assert count(session, Message) == 1
    assert session.get(WebhookDelivery, delivery.id).counts == {"duplicates": 1}


def test_meta_verification_echoes_the_challenge_only_with_the_token(client, connected):
    ok = client.get("/api/v1/webhooks/meta", params={
        "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = client.get("/api/v1/webhooks/meta", params={
        "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert bad.status_code == 403 and "1158201444" not in bad.text


def test_meta_page_batch_stores_comments_and_messenger_messages(client, session, connected):
    response = post_meta(client, fixture_bytes("meta_page_feed_and_messenger.json"))
    assert response.status_code == 200
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.counts == {"created": 2, "ignored.own_post": 1,
                               "ignored.feed_reaction_add": 1, "ignored.messenger_read": 1}
    comment = session.scalar(select(Message).where(Message.platform == "facebook"))
    assert comment.visibility == "public" and comment.language == "es"
    assert session.get(Author, comment.author_id).name == "Lucia Fernandez"
    dm = session.scalar(select(Message).where(Message.platform == "messenger"))
    assert dm.visibility == "private"
    conversation = session.get(Conversation, dm.conversation_id)
    assert conversation.brand_account_id == connected["messenger"].id


MENTIONED = {"mentioned_comment": {"text": "@acme.brand my order 2231 never came", "timestamp":
              "2026-11-20T13:05:00+0000", "username": "rui.santos", "id": "17894227972186120",
              "media": {"id": "17920238422030506"}}, "id": IG_ID}


def test_meta_instagram_comments_mentions_and_dms(client, session, connected, fake):
    fake.script(f"/v21.0/{IG_ID}", Answer(200, MENTIONED))
    response = post_meta(client, fixture_bytes("meta_instagram.json"))
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.counts == {"created": 3, "unknown.instagram_story_insights": 1}
    comment = session.scalar(select(Message).where(Message.platform_message_id == "17865799348089039"))
    assert comment.in_reply_to_platform_id == "18012345678901234"
    assert session.get(Author, comment.author_id).handle == "bea.travels"
    # The mention notification has ids only: its text and author were read from the Graph API.
    (read,) = [r for r in fake.requests if r.method == "GET"]
    assert "mentioned_comment.comment_id%2817894227972186120%29" in read.path
    assert read.headers["Authorization"] == "Bearer instagram-page-token"
    mention = session.scalar(select(Message).where(Message.platform_message_id == "17894227972186120"))
    assert mention.text == "@acme.brand my order 2231 never came"
    assert session.get(Author, mention.author_id).handle == "rui.santos"


def test_a_mention_that_cannot_be_read_yet_keeps_the_delivery_pending(client, session, db, connected, fake):
    fake.script(f"/v21.0/{IG_ID}", Answer(503, {"error": {"message": "Service temporarily unavailable"}}))
    response = post_meta(client, fixture_bytes("meta_instagram.json"))
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.state == "pending" and "server error 503" in delivery.error
    assert count(session, Message) == 0  # nothing half-stored
    fake.script(f"/v21.0/{IG_ID}", Answer(200, MENTIONED))
    assert receipt.sweep(db, older_than=__import__("datetime").timedelta(0)) == 1
    session.refresh(delivery)
    assert delivery.state == "processed" and count(session, Message) == 3


def test_an_unreadable_mention_is_counted_not_stored(client, session, connected, fake):
    fake.script(f"/v21.0/{IG_ID}", Answer(400, {"error": {"message": "Invalid comment id", "code": 100}}))
    response = post_meta(client, fixture_bytes("meta_instagram.json"))
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.counts["unresolved.instagram_mention"] == 1 and delivery.counts["created"] == 2


def test_events_for_an_unconnected_account_are_kept_and_counted(client, session, connected):
    body = fixture_bytes("x_direct_message_events.json").replace(b'"4337869213"', b'"1"')
    response = post_x(client, body)
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.counts == {"unknown_account": 1} and delivery.body == body.decode()


def test_secrets_are_not_kept_with_the_delivery(client, session, connected):
    body = fixture_bytes("x_direct_message_events.json")
    post_x(client, body)
    delivery = session.scalar(select(WebhookDelivery))
    assert "x-twitter-webhooks-signature" not in delivery.headers
    assert X_SECRET not in json.dumps(delivery.headers) and META_SECRET not in delivery.body


def test_a_delivery_is_triaged_at_once(client, session, connected, batch_triage_only):
    response = post_meta(client, fixture_bytes("meta_page_feed_and_messenger.json"))
    assert response.status_code == 200
    delivery = session.get(WebhookDelivery, response.json()["received"])
    assert delivery.state == "processed" and delivery.counts["created"] >= 2
    triaged = session.scalars(select(Message.triage).where(Message.direction == "inbound")).all()
    assert len(triaged) == delivery.counts["created"] and all(t["language"] for t in triaged)


def test_a_large_delivery_is_stored_in_chunks_and_a_crash_resumes(db, session, connected, monkeypatch):
    # 450 direct messages in one signed delivery: three transactions of at most 200, and a
    # crash in the middle of the second loses nothing and stores nothing twice.
    template = json.loads(fixture_bytes("x_direct_message_events.json"))
    event = template["direct_message_events"][0]
    template["direct_message_events"] = [
        {**event, "id": str(9_000_000 + n), "created_timestamp": str(1_732_000_000_000 + n)} for n in range(450)]
    with db.unit_of_work() as s:
        delivery = WebhookDelivery(source="x", body=json.dumps(template), body_sha256="big")
        s.add(delivery)
        s.flush()
        delivery_id = delivery.id
    commits = []
    real_chunk = receipt._store_chunk

    def chunk(session, delivery_id, normalised, start, settings):  # noqa: ANN001, ANN202
        if start == 200 and "crashed" not in commits:
            commits.append("crashed")
            raise RuntimeError("worker killed")
        commits.append(start)
        return real_chunk(session, delivery_id, normalised, start, settings)

    monkeypatch.setattr(receipt, "_store_chunk", chunk)
    receipt.process_delivery(db, delivery_id)  # first chunk commits, then the crash
    session.expire_all()
    stored = session.get(WebhookDelivery, delivery_id)
    assert (stored.state, stored.events_done, count(session, Message)) == ("pending", 200, 200)
    receipt.process_delivery(db, delivery_id)  # the retry resumes at event 200
    session.expire_all()
    stored = session.get(WebhookDelivery, delivery_id)
    assert commits == [0, "crashed", 200, 400]
    assert stored.state == "processed" and stored.counts == {"created": 450}
    assert count(session, Message) == 450
