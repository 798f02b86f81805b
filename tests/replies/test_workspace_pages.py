"""The conversation page's composer: inline guard, server-side stop, collisions, one-click
replies, approvals queue, notes with @mentions, linked conversations."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from escalada.models import Message, Notification


def outbound(session):  # noqa: ANN001, ANN201
    session.expire_all()
    return session.scalars(select(Message).where(Message.direction == "outbound").order_by(Message.id)).all()


def test_inline_guard_partial(client, feed, agents):
    cid = feed("1", "I was charged twice, refund please")
    ana = agents["ana"]
    html = ana.post(f"/conversations/{cid}/guard", data={"text": "Just send your email address here",
                                                        "visibility": "public"}).text
    assert "<mark>Just</mark>" in html and "<mark>email address</mark>" in html
    assert "will be stopped" in html and "/move-private" in html
    private = ana.post(f"/conversations/{cid}/guard", data={"text": "Just send your email address here",
                                                           "visibility": "private"}).text
    assert "will be stopped" not in private and "<mark>Just</mark>" in private
    assert ana.post(f"/conversations/{cid}/guard", data={"text": "", "visibility": "public"}).text.strip() == ""
    # Without the CSRF header the partial is refused.
    assert ana.client.post(f"/conversations/{cid}/guard", data={"text": "x"}).status_code == 403


def test_public_reply_with_pii_is_stopped_with_the_draft_kept(client, session, feed, agents):
    cid = feed("1", "I was charged twice, refund please")
    ana = agents["ana"]
    response = ana.post(f"/conversations/{cid}/reply", data={
        "text": "Please reply with your card number", "visibility": "public", "seen_reply_id": "0",
        "csrf_token": ana.csrf})
    assert response.status_code == 422
    assert "Not sent." in response.text and "Please reply with your card number</textarea>" in response.text
    assert outbound(session) == []


def test_one_click_dm_invite_then_private_composer(client, session, feed, agents):
    cid = feed("1", "My account was hacked and my password changed")
    ana = agents["ana"]
    page = ana.get(f"/conversations/{cid}").text
    assert "Move to private." in page  # needs_private: advice before typing
    response = ana.post(f"/conversations/{cid}/move-private", data={
        "text": "Your recovery code is 1234", "seen_reply_id": "0", "csrf_token": ana.csrf})
    assert response.status_code == 200
    sent = outbound(session)
    assert len(sent) == 1 and sent[0].visibility == "public" and "private message" in sent[0].text
    assert 'value="private" checked' in response.text
    assert "Your recovery code is 1234</textarea>" in response.text
    assert f'value="{sent[0].id}"' in response.text  # the next send is based on the invite


def test_acknowledge_first_names_the_team_in_the_customer_language(client, session, feed, agents):
    cid = feed("1", "Me cobraron dos veces, quiero mi reembolso")
    ana = agents["ana"]
    assert "Acknowledge first" in ana.get(f"/conversations/{cid}").text
    response = ana.post(f"/conversations/{cid}/acknowledge", data={"seen_reply_id": "0", "csrf_token": ana.csrf},
                        follow_redirects=False)
    assert response.status_code == 303
    [ack] = outbound(session)
    assert "facturación" in ack.text and ack.visibility == "public"
    praise = feed("2", "Love the new app!", handle="fan")
    assert "Acknowledge first" not in ana.get(f"/conversations/{praise}").text
    assert ana.post(f"/conversations/{praise}/acknowledge", data={"csrf_token": ana.csrf}).status_code == 422


def test_collision_on_the_page_shows_the_other_reply(client, session, feed, agents):
    cid = feed("1", "Where is my parcel?")
    ana, ben = agents["ana"], agents["ben"]
    seen_by_ben = ben.get(f"/conversations/{cid}").text.split('name="seen_reply_id" value="')[1].split('"')[0]
    assert seen_by_ben == "0"
    ana.post(f"/conversations/{cid}/reply", data={"text": "On it!", "seen_reply_id": "0", "csrf_token": ana.csrf})
    response = ben.post(f"/conversations/{cid}/reply", data={
        "text": "Checking now", "seen_reply_id": seen_by_ben, "csrf_token": ben.csrf})
    assert response.status_code == 409
    assert "Not sent:" in response.text and "On it!" in response.text and "Checking now</textarea>" in response.text
    assert len(outbound(session)) == 1


def test_claim_from_the_page(client, feed, agents):
    cid = feed("1", "App crashes")
    ana, ben = agents["ana"], agents["ben"]
    assert ">Claim<" in ana.get(f"/conversations/{cid}").text
    ana.post(f"/conversations/{cid}/claim", data={"csrf_token": ana.csrf})
    assert "You have this conversation." in ana.get(f"/conversations/{cid}").text
    page = ben.get(f"/conversations/{cid}").text
    assert "<strong>Ana Agent</strong> has this conversation." in page and ">Claim<" not in page


def test_approval_queue_page(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    lea.post("/settings/approval-rules", data={"name": "Everything billing", "categories": ["billing"],
                                               "csrf_token": lea.csrf})
    assert "Everything billing" in lea.get("/settings/approval-rules").text
    assert ana.get("/settings/approval-rules").status_code == 403
    cid = feed("1", "I was charged twice, refund please")
    response = ana.post(f"/conversations/{cid}/reply", data={"text": "Refund is coming", "visibility": "public",
                                                            "csrf_token": ana.csrf})
    assert "held for approval" in response.text and "Awaiting approval" in response.text
    queue = lea.get("/approvals").text
    assert "Refund is coming" in queue and "Everything billing" in queue
    aid = re.search(r'id="approval-(\d+)"', queue).group(1)
    lea.post(f"/approvals/{aid}/reject", data={"note": "", "csrf_token": lea.csrf})
    assert "Refund is coming" in lea.get("/approvals").text  # no note: still pending
    lea.post(f"/approvals/{aid}/approve", data={"text": "Your refund is on its way", "csrf_token": lea.csrf})
    assert [m.text for m in outbound(session)] == ["Your refund is on its way"]
    assert "Your refund is on its way" in lea.get("/approvals?status=approved").text
    assert ana.get("/approvals").status_code == 403


def test_note_mentions_notify_and_linked_conversations_show(client, session, feed, agents):
    ana, ben = agents["ana"], agents["ben"]
    earlier = feed("1", "Still waiting for my refund!!", handle="repeat_customer")
    ana.post(f"/conversations/{earlier}/status", data={"status": "closed", "csrf_token": ana.csrf})
    first = feed("2", "Order never arrived", handle="repeat_customer")
    assert first != earlier
    ana.post(f"/conversations/{first}/notes", data={"text": "@ben can you check the courier? cc @nobody",
                                                    "csrf_token": ana.csrf})
    session.expire_all()
    [note] = session.scalars(select(Notification)).all()
    assert note.user_id == ben.user.id and note.kind == "mention" and note.conversation_id == first
    page = ben.get("/notifications").text
    assert '<span class="badge unread-count">1</span>' in page
    assert "Ana Agent mentioned you" in page and f"/conversations/{first}" in page
    ben.post("/notifications/read", data={"csrf_token": ben.csrf})
    assert "unread-count" not in ben.get("/notifications").text
    assert session.scalar(select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))) == 0
    conversation = ana.get(f"/conversations/{first}").text
    assert "Other conversations with <bdi>@repeat_customer</bdi>" in conversation and "Still waiting for my refund!!" in conversation
