"""A private thread (Messenger, WhatsApp, e-mail, an X or Instagram DM) never gets a public
message: the server decides the visibility from the thread and refuses a public reply
there, whichever path the reply takes (API, composer, one-click replies, approvals, rules)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from escalada.auth.principal import Principal
from escalada.channels.visibility import reply_visibility, thread_visibility
from escalada.errors import PrivateThread
from escalada.models import Conversation, Message
from escalada.replies.outbox import queue_reply
from tests.conftest import inbound, token_headers
from tests.inbox.test_ingest_api import post


def outbound(session, cid: int) -> list[Message]:  # noqa: ANN001
    session.expire_all()
    return list(session.scalars(select(Message).where(Message.conversation_id == cid,
                                                      Message.direction == "outbound")
                                .order_by(Message.id)))


def messenger(feed, pid: str, text: str, handle: str = "jane_doe", **kwargs) -> int:  # noqa: ANN001
    return feed(pid, text, handle=handle, platform="messenger", brand_account="acme.page", **kwargs)


@pytest.mark.parametrize(("channel", "last_inbound", "thread"), [
    ("messenger", "private", "private"), ("whatsapp", None, "private"), ("email", "public", "private"),
    ("x", "private", "private"), ("instagram", "private", "private"),
    ("x", "public", "public"), ("facebook", "public", "public"), ("x", None, "public"),
])
def test_the_thread_decides_which_replies_it_takes(channel, last_inbound, thread):
    assert thread_visibility(channel, last_inbound) == thread
    assert reply_visibility(thread, None) == thread
    assert reply_visibility(thread, "private") == "private"
    if thread == "public":
        assert reply_visibility(thread, "public") == "public"
    else:
        with pytest.raises(PrivateThread):
            reply_visibility(thread, "public")


@pytest.mark.parametrize("how", ["messenger", "messenger without a visibility", "x dm"])
def test_api_reply_on_a_private_thread_is_private_and_a_public_one_is_refused(client, session, feed, how):
    if how == "x dm":
        cid = feed("1", "Hi, my parcel never arrived", visibility="private")
    else:
        payload = {} if how == "messenger" else {"visibility": "public"}  # a payload that did not say
        cid = messenger(feed, "1", "Hi, my parcel never arrived", **payload)
    headers = token_headers(session, "agent")
    refused = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                          json={"text": "Sorry! We are on it.", "visibility": "public"})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "private_thread" and "private message" in error["message"]
    assert outbound(session, cid) == []

    sent = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                       json={"text": "Sorry! We are on it."})
    assert sent.status_code == 201, sent.text
    assert sent.json()["visibility"] == "private"
    assert [m.visibility for m in outbound(session, cid)] == ["private"]
    explicit = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                           json={"text": "Tracking is on its way.", "visibility": "private"})
    assert explicit.status_code == 201 and explicit.json()["visibility"] == "private"


def test_a_public_thread_answers_either_way_and_defaults_to_public(client, session, feed):
    cid = feed("1", "Where is my parcel? Ordered two weeks ago")
    headers = token_headers(session, "agent")
    default = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                          json={"text": "Sorry! Checking now."})
    assert default.status_code == 201 and default.json()["visibility"] == "public"
    private = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                          json={"text": "Here is your tracking link.", "visibility": "private"})
    assert private.status_code == 201 and private.json()["visibility"] == "private"


def test_once_the_customer_writes_privately_the_thread_is_private(client, session, feed):
    cid = feed("1", "Where is my parcel? Ordered two weeks ago")
    headers = token_headers(session, "agent")
    assert client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                       json={"text": "Sorry! Please send us a DM.", "visibility": "public"}).status_code == 201
    assert feed("2", "Here is my order number: 88123", visibility="private") == cid  # the same thread
    refused = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                          json={"text": "Thanks, found it!", "visibility": "public"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "private_thread"
    followed = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                           json={"text": "Thanks, found it!"})
    assert followed.status_code == 201 and followed.json()["visibility"] == "private"


def test_the_outbox_refuses_a_public_message_on_a_private_thread_from_any_sender(session, feed):
    cid = messenger(feed, "1", "Hi, my parcel never arrived")
    conversation = session.get(Conversation, cid)
    with pytest.raises(PrivateThread):
        queue_reply(session, conversation=conversation, text="Hello", visibility="public",
                    principal=Principal(role="admin", label="integration"))
    assert outbound(session, cid) == []


def test_composer_on_a_private_thread_offers_only_a_private_message(client, session, feed, agents):
    cid = messenger(feed, "1", "My card was charged twice for order 5531, refund please")
    ana = agents["ana"]
    page = ana.get(f"/conversations/{cid}").text
    assert 'name="visibility" value="public"' not in page and "Public reply" not in page
    assert '<input type="hidden" name="visibility" value="private">' in page
    assert "every reply goes by private message" in page
    public = feed("2", "Do you ship to Canada?", handle="someone_else")
    page = ana.get(f"/conversations/{public}").text
    assert 'name="visibility" value="public" checked' in page
    assert 'name="visibility" value="private"' in page and "every reply goes by private" not in page


def test_a_forged_public_reply_from_the_page_is_refused_with_the_draft_kept(client, session, feed, agents):
    cid = messenger(feed, "1", "Hi, my parcel never arrived")
    ana = agents["ana"]
    response = ana.post(f"/conversations/{cid}/reply", data={
        "text": "Sorry! Checking with the courier.", "visibility": "public", "seen_reply_id": "0",
        "csrf_token": ana.csrf})
    assert response.status_code == 422
    assert "this conversation is private" in response.text
    assert "Sorry! Checking with the courier.</textarea>" in response.text
    assert outbound(session, cid) == []
    sent = ana.post(f"/conversations/{cid}/reply", data={
        "text": "Sorry! Checking with the courier.", "visibility": "private", "seen_reply_id": "0",
        "csrf_token": ana.csrf}, follow_redirects=False)
    assert sent.status_code == 303
    assert [m.visibility for m in outbound(session, cid)] == ["private"]


def test_inline_guard_on_a_private_thread_reads_the_draft_as_a_private_message(client, feed, agents):
    cid = messenger(feed, "1", "I was charged twice, refund please")
    html = agents["ana"].post(f"/conversations/{cid}/guard",
                              data={"text": "What is your card number?", "visibility": "public"}).text
    assert "will be stopped" not in html and "/move-private" not in html


def test_acknowledge_first_on_a_private_thread_goes_by_private_message(client, session, feed, agents):
    cid = messenger(feed, "1", "Me cobraron dos veces, quiero mi reembolso")
    ana = agents["ana"]
    page = ana.get(f"/conversations/{cid}").text
    assert "Acknowledge first" in page and "Sends by private message" in page
    response = ana.post(f"/conversations/{cid}/acknowledge",
                        data={"seen_reply_id": "0", "csrf_token": ana.csrf}, follow_redirects=False)
    assert response.status_code == 303
    [ack] = outbound(session, cid)
    assert "facturación" in ack.text and ack.visibility == "private"


def test_dm_invite_is_offered_and_accepted_only_on_public_threads(client, session, feed, agents):
    ana = agents["ana"]
    private = feed("1", "My account was hacked and my password changed", visibility="private")
    page = ana.get(f"/conversations/{private}").text
    assert "Ask to DM us" not in page and "/move-private" not in page
    refused = ana.post(f"/conversations/{private}/move-private", data={
        "text": "Your recovery code is 1234", "seen_reply_id": "0", "csrf_token": ana.csrf})
    assert refused.status_code == 422
    assert "already private" in refused.text and "Your recovery code is 1234</textarea>" in refused.text
    assert outbound(session, private) == []

    public = feed("2", "My account was hacked and my password changed", handle="public_jane")
    assert "Ask to DM us" in ana.get(f"/conversations/{public}").text
    invited = ana.post(f"/conversations/{public}/move-private", data={
        "text": "Your recovery code is 1234", "seen_reply_id": "0", "csrf_token": ana.csrf})
    assert invited.status_code == 200
    assert [m.visibility for m in outbound(session, public)] == ["public"]


def test_held_reply_follows_the_thread_and_approval_never_sends_public_to_a_private_thread(
        client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    lea.post("/settings/approval-rules", data={"name": "Legal", "categories": ["legal"],
                                               "csrf_token": lea.csrf})
    dm = messenger(feed, "1", "Fix this or my lawyer will file a lawsuit against you")
    held = ana.post(f"/api/v1/conversations/{dm}/replies", json={"text": "We hear you."})
    assert held.status_code == 202 and held.json()["approval"]["visibility"] == "private"
    refused = ana.post(f"/api/v1/conversations/{dm}/replies",
                       json={"text": "We hear you.", "visibility": "public"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "private_thread"

    # Held as a public reply; the customer then moves to private messages.
    cid = feed("2", "Fix this or my lawyer will file a lawsuit against you", handle="angry_legal")
    approval = ana.post(f"/api/v1/conversations/{cid}/replies",
                        json={"text": "We hear you, looking into it."}).json()["approval"]
    assert approval["visibility"] == "public"
    feed("3", "My contract number is 55-1234", handle="angry_legal", visibility="private")
    response = lea.post(f"/api/v1/approvals/{approval['id']}/approve", json={})
    assert response.status_code == 422 and response.json()["error"]["code"] == "private_thread"
    assert outbound(session, cid) == []
    page = lea.post(f"/approvals/{approval['id']}/approve", data={"text": "We hear you.",
                                                                 "csrf_token": lea.csrf})
    assert page.status_code == 200 and "Not approved: this conversation is private" in page.text
    assert outbound(session, cid) == []


def test_rule_acknowledgement_of_a_messenger_message_is_private(client, session, brand):
    headers = token_headers(session)
    assert client.post("/api/v1/rules", headers=headers, json={
        "name": "Ack Messenger", "conditions": [{"field": "channel", "op": "eq", "value": "messenger"}],
        "actions": [{"type": "auto_acknowledge", "value": "Thanks, we'll be with you shortly."}],
    }).status_code == 201
    # A Messenger payload that did not say it was private.
    cid = post(client, headers, inbound("1", platform="messenger", brand_account="acme.page",
                                        visibility="public")).json()["conversation_id"]
    [ack] = outbound(session, cid)
    assert ack.text == "Thanks, we'll be with you shortly." and ack.visibility == "private"
