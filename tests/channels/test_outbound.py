"""Replies through the X and Meta APIs, against a local server speaking their formats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from escalada.kit.clock import frozen_clock, utc_now
from escalada.models import Message
from escalada.replies import outbox
from tests.channels.conftest import fixture_bytes, meta_signature, x_signature
from tests.channels.fakes import Answer
from tests.conftest import login, make_user, token_headers


def _receive(client, name: str) -> None:  # noqa: ANN001
    body = fixture_bytes(name)
    if name.startswith("x_"):
        headers = {"x-twitter-webhooks-signature": x_signature(body)}
        assert client.post("/api/v1/webhooks/x", content=body, headers=headers).status_code == 200
    else:
        headers = {"x-hub-signature-256": meta_signature(body)}
        assert client.post("/api/v1/webhooks/meta", content=body, headers=headers).status_code == 200


def _conversation_of(session, platform_message_id: str) -> int:  # noqa: ANN001
    return session.scalar(
        select(Message.conversation_id).where(Message.platform_message_id == platform_message_id))


def _reply(client, session, conversation_id: int, text: str, visibility: str = "public"):  # noqa: ANN001, ANN201
    return client.post(f"/api/v1/conversations/{conversation_id}/replies",
                       json={"text": text, "visibility": visibility},
                       headers=token_headers(session, "agent"))


@pytest.fixture
def x_conversation(client, session, connected) -> int:  # noqa: ANN001
    _receive(client, "x_tweet_create_events.json")
    return _conversation_of(session, "1861234567891000001")  # marco's quote tweet


def test_public_x_reply_is_a_post_in_reply_to_the_tweet(client, session, fake, x_conversation):
    response = _reply(client, session, x_conversation, "@marco_r We're sorry, we are looking into it now.")
    assert response.status_code == 201
    sent = session.get(Message, response.json()["id"])
    assert sent.delivery_state == "sent" and sent.delivery_attempts == 1
    (request,) = fake.requests
    assert request.path == "/2/tweets"
    assert request.headers["Authorization"] == "Bearer x-user-token"
    assert request.body == {"text": "@marco_r We're sorry, we are looking into it now.",
                            "reply": {"in_reply_to_tweet_id": "1861234567891000001"}}
    assert sent.platform_message_id and sent.platform_message_id.isdigit()


def test_private_x_reply_is_a_direct_message(client, session, fake, x_conversation):
    response = _reply(client, session, x_conversation, "Hi Marco, DM us the order email.", "private")
    sent = session.get(Message, response.json()["id"])
    assert sent.delivery_state == "sent"
    assert fake.requests[0].path == "/2/dm_conversations/with/99887766/messages"
    assert fake.requests[0].body == {"text": "Hi Marco, DM us the order email."}


def test_too_long_for_x_is_refused_before_sending(client, session, fake, x_conversation):
    response = _reply(client, session, x_conversation, "a" * 270 + " https://acme.example/help")
    assert response.status_code == 422
    assert "X allows 280 characters in a public reply; this one has 294" in response.json()["error"]["message"]
    assert fake.requests == []
    assert session.scalar(select(Message).where(Message.sender_label.like("token:%"))) is None
    # Private messages may be longer.
    assert _reply(client, session, x_conversation, "a" * 500, "private").status_code == 201


def test_reply_form_explains_the_limit_and_keeps_the_draft(client, session, fake, x_conversation):
    csrf = login(client, make_user(session, "agent").email)
    draft = "Long answer " * 30
    response = client.post(f"/conversations/{x_conversation}/reply",
                           data={"text": draft, "visibility": "public", "csrf_token": csrf})
    assert response.status_code == 422
    assert "X allows 280 characters" in response.text
    assert draft.strip() in response.text  # back in the textarea
    assert fake.requests == []


def test_429_waits_for_the_rate_limit_reset_then_sends(client, session, fake, db, x_conversation):
    start = utc_now()
    with frozen_clock(start) as clock:
        reset = int(start.timestamp()) + 900
        fake.script("/2/tweets", Answer(429, {"title": "Too Many Requests", "detail": "Too Many Requests",
                                              "type": "about:blank", "status": 429},
                                        headers={"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0",
                                                 "x-rate-limit-reset": str(reset)}))
        response = _reply(client, session, x_conversation, "Checking now.")
        message = session.get(Message, response.json()["id"])
        session.refresh(message)
        assert message.delivery_state == "queued" and message.delivery_attempts == 1
        assert "rate limit" in message.delivery_error
        assert message.next_attempt_at >= start + timedelta(seconds=899)  # not the 30 s backoff
        clock[0] = start + timedelta(seconds=60)
        assert outbox.sweep(db) == 0  # not due yet
        clock[0] = start + timedelta(seconds=901)
        assert outbox.sweep(db) == 1
    session.refresh(message)
    assert message.delivery_state == "sent" and message.delivery_attempts == 2
    assert len(fake.requests) == 2


def test_retry_after_header_is_respected(client, session, fake, x_conversation):
    with frozen_clock(utc_now()) as clock:
        fake.script("/2/tweets", Answer(429, {"title": "Too Many Requests"}, headers={"retry-after": "120"}))
        message = session.get(Message, _reply(client, session, x_conversation, "Hi").json()["id"])
        session.refresh(message)
        assert message.next_attempt_at == clock[0] + timedelta(seconds=120)


def test_5xx_is_retried_with_backoff_until_it_fails(client, session, fake, db, x_conversation):
    fake.script("/2/tweets", *[Answer(503, {"title": "Service Unavailable"})] * outbox.MAX_ATTEMPTS)
    with frozen_clock(utc_now()) as clock:
        message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
        waits = []
        for _ in range(outbox.MAX_ATTEMPTS - 1):
            session.refresh(message)
            assert message.delivery_state == "queued"
            waits.append(message.next_attempt_at - clock[0])
            clock[0] = message.next_attempt_at
            outbox.sweep(db)
    session.refresh(message)
    assert waits == [timedelta(seconds=30 * 2 ** i) for i in range(outbox.MAX_ATTEMPTS - 1)]
    assert message.delivery_state == "failed" and "server error 503" in message.delivery_error
    assert len(fake.requests) == outbox.MAX_ATTEMPTS


def test_timeout_is_retryable(client, session, fake, x_conversation):
    fake.script("/2/tweets", Answer(hang=True))
    message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
    session.refresh(message)
    assert message.delivery_state == "queued" and "did not answer in time" in message.delivery_error


@pytest.mark.parametrize("answer", [Answer(200, "<html>upstream proxy</html>"), Answer(201, {"data": {}})])
def test_malformed_success_fails_without_resending(client, session, fake, db, x_conversation, answer):
    fake.script("/2/tweets", answer)
    message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
    session.refresh(message)
    assert message.delivery_state == "failed" and "check on the platform" in message.delivery_error
    outbox.sweep(db)
    assert len(fake.requests) == 1


def test_refusal_reports_the_platform_reason(client, session, fake, x_conversation):
    fake.script("/2/tweets", Answer(403, {"title": "Forbidden", "type": "about:blank", "status": 403,
                                          "detail": "You are not permitted to perform this action."}))
    message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
    session.refresh(message)
    assert message.delivery_state == "failed"
    assert message.delivery_error == "X refused the message (403): You are not permitted to perform this action."


def test_a_delivery_job_run_twice_sends_once(client, session, fake, db, x_conversation):
    message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
    outbox.deliver(db, message.id)
    assert len(fake.requests) == 1


def test_interrupted_send_is_failed_for_a_person_to_check_then_retried(client, session, fake, db, x_conversation):
    csrf = login(client, make_user(session, "agent").email)
    message = session.get(Message, _reply(client, session, x_conversation, "Hello").json()["id"])
    message.delivery_state, message.next_attempt_at = "sending", utc_now() - timedelta(minutes=10)
    session.commit()
    outbox.sweep(db)
    session.refresh(message)
    assert message.delivery_state == "failed" and "interrupted" in message.delivery_error
    page = client.get("/outbox?state=failed")
    assert "interrupted" in page.text and "Retry" in page.text
    client.post(f"/outbox/{message.id}/retry", data={"csrf_token": csrf})
    session.refresh(message)
    assert message.delivery_state == "sent" and len(fake.requests) == 2


def test_facebook_comment_reply_and_private_reply(client, session, fake, connected):
    _receive(client, "meta_page_feed_and_messenger.json")
    conversation = _conversation_of(session, "822334455667788_1122334455667788")
    _reply(client, session, conversation, "Lo sentimos, Lucía")
    _reply(client, session, conversation, "Te escribimos por privado", "private")
    public, private = fake.requests
    assert public.path == "/v21.0/822334455667788_1122334455667788/comments"
    assert public.body == {"message": "Lo sentimos, Lucía"}
    assert public.headers["Authorization"] == "Bearer facebook-page-token"
    assert "access_token" not in public.path
    assert private.path == "/v21.0/me/messages"
    assert private.body["recipient"] == {"comment_id": "822334455667788_1122334455667788"}


def test_messenger_and_instagram_use_their_apis(client, session, fake, connected):
    _receive(client, "meta_page_feed_and_messenger.json")
    _receive(client, "meta_instagram.json")
    messenger = _conversation_of(session, "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P")
    comment = _conversation_of(session, "17865799348089039")
    dm = _conversation_of(session, "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAyMjQ4")
    for conversation, visibility in ((messenger, "private"), (comment, "public"), (dm, "private")):
        assert _reply(client, session, conversation, "On it!", visibility).status_code == 201
    to_messenger, to_comment, to_dm = [r for r in fake.requests if r.method == "POST"]
    assert to_messenger.body == {"recipient": {"id": "7100223344556677"}, "messaging_type": "RESPONSE",
                                 "message": {"text": "On it!"}}
    assert to_messenger.headers["Authorization"] == "Bearer messenger-page-token"
    assert to_comment.path == "/v21.0/17865799348089039/replies"
    assert to_dm.body["recipient"] == {"id": "1254459154682919"}
    sent = session.scalars(select(Message).where(Message.direction == "outbound")).all()
    assert {m.delivery_state for m in sent} == {"sent"}


def test_instagram_comment_limit(client, session, fake, connected):
    _receive(client, "meta_instagram.json")
    comment = _conversation_of(session, "17865799348089039")
    response = _reply(client, session, comment, "x" * 2201)
    assert response.status_code == 422 and "Instagram allows 2200" in response.json()["error"]["message"]
