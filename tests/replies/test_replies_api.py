"""Sending replies through the API: guard, optimistic concurrency, claims, approvals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from escalada.kit.clock import frozen_clock, utc_now

from escalada.models import AuditEvent, Message, Notification, ReplyApproval
from tests.conftest import token_headers


def outbound_count(session) -> int:  # noqa: ANN001
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Message).where(Message.direction == "outbound"))


def test_check_api_answers_the_contract(client, session):
    headers = token_headers(session, "agent")
    body = client.post("/api/v1/replies/check", headers=headers,
                       json={"text": "What is your order number?", "visibility": "public"}).json()
    assert body["blocked"] is True
    assert body["findings"] == [{"kind": "privacy", "code": "asks_for_order_number",
                                 "message": body["findings"][0]["message"], "span": [13, 25]}]
    private = client.post("/api/v1/replies/check", headers=headers,
                          json={"text": "What is your order number?", "visibility": "private"}).json()
    assert private == {"blocked": False, "findings": [], "advice": None}
    tone = client.post("/api/v1/replies/check", headers=headers,
                       json={"text": "Simplemente reinicie.", "visibility": "public", "language": "es"}).json()
    assert tone["blocked"] is False and tone["findings"][0]["kind"] == "tone"
    assert tone["findings"][0]["span"] == [0, 11]
    assert client.post("/api/v1/replies/check", headers=headers,
                       json={"text": "hi", "visibility": "broadcast"}).status_code == 422
    assert client.post("/api/v1/replies/check", json={"text": "hi", "visibility": "public"}).status_code == 401


def test_a_public_reply_with_personal_data_is_refused_and_nothing_is_sent(client, session, feed):
    cid = feed("1", "I was charged twice, refund please")
    headers = token_headers(session, "agent")
    response = client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                           json={"text": "Can you share your card number?", "visibility": "public"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "reply_blocked" and "private message" in error["message"]
    assert error["details"]["findings"][0]["code"] == "asks_for_card_data"
    assert outbound_count(session) == 0
    # The same text in a private message is fine.
    assert client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                       json={"text": "Can you share your card number?", "visibility": "private"}
                       ).status_code == 201


def test_second_reply_based_on_a_stale_view_is_refused_with_the_other_reply(client, session, feed, agents):
    cid = feed("1", "Where is my parcel? It is a week late")
    ana, ben = agents["ana"], agents["ben"]
    seen = 0  # both opened the conversation before anyone replied
    first = ana.post(f"/api/v1/conversations/{cid}/replies",
                     json={"text": "Sorry, Jane! Checking with the courier now.", "seen_reply_id": seen})
    assert first.status_code == 201, first.text
    second = ben.post(f"/api/v1/conversations/{cid}/replies",
                      json={"text": "Hi Jane, we are looking into it.", "seen_reply_id": seen})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "reply_conflict" and "Ana Agent" in error["message"]
    assert error["details"]["replies"][0]["text"] == "Sorry, Jane! Checking with the courier now."
    assert error["details"]["latest_reply_id"] == first.json()["id"]
    assert outbound_count(session) == 1
    # Having read it, Ben may still add something: based on the newest reply, it goes out.
    again = ben.post(f"/api/v1/conversations/{cid}/replies",
                     json={"text": "Update: it is out for delivery.", "seen_reply_id": first.json()["id"]})
    assert again.status_code == 201
    # Without a version, Ben is taken to have seen what came before his own reply.
    assert ben.post(f"/api/v1/conversations/{cid}/replies", json={"text": "One more thing"}).status_code == 201


def test_two_replies_without_a_version_do_not_both_go_out(client, session, feed, agents):
    # API callers that keep no version get the page's rule: a colleague's reply of the last
    # two minutes is one they cannot have read.
    cid = feed("1", "Where is my parcel? It is a week late")
    ana, ben = agents["ana"], agents["ben"]
    first = ana.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Checking with the courier now."})
    assert first.status_code == 201
    second = ben.post(f"/api/v1/conversations/{cid}/replies", json={"text": "We are looking into it."})
    assert second.status_code == 409 and second.json()["error"]["code"] == "reply_conflict"
    assert second.json()["error"]["details"]["replies"][0]["text"] == "Checking with the courier now."
    assert outbound_count(session) == 1
    # the same sender may follow up on their own reply
    assert ana.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Update: found it."}).status_code == 201
    # and after the window, an unversioned reply goes out again
    with frozen_clock(utc_now() + timedelta(minutes=3)):
        assert ben.post(f"/api/v1/conversations/{cid}/replies", json={"text": "All sorted?"}).status_code == 201


def test_claim_a_conversation(client, session, feed, agents):
    cid = feed("1", "The app crashes on start")
    ana, ben, lea = agents["ana"], agents["ben"], agents["lea"]
    assert ana.post(f"/api/v1/conversations/{cid}/claim").status_code == 204
    refused = ben.post(f"/api/v1/conversations/{cid}/claim")
    assert refused.status_code == 409 and "Ana Agent already has" in refused.json()["error"]["message"]
    assert ana.post(f"/api/v1/conversations/{cid}/claim").status_code == 204  # claiming again is harmless
    assert lea.post(f"/api/v1/conversations/{cid}/claim").status_code == 204  # a lead may take over
    detail = lea.get(f"/api/v1/conversations/{cid}").json()
    assert detail["assignee"]["name"] == "Lea Lead"
    assert client.post(f"/api/v1/conversations/{cid}/claim",
                       headers=token_headers(session, "agent")).status_code == 422  # tokens are nobody


def test_approval_round_trip(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    rule = lea.post("/settings/approval-rules", data={"name": "Agents on tier 3", "roles": ["agent"],
                                                      "min_tier": "3", "csrf_token": lea.csrf},
                    follow_redirects=False)
    assert rule.status_code == 303
    cid = feed("1", "You charged me twice for my subscription, refund now or I call my lawyer")
    held = ana.post(f"/api/v1/conversations/{cid}/replies",
                    json={"text": "So sorry! We'll refund you today.", "seen_reply_id": 0})
    assert held.status_code == 202, held.text
    approval = held.json()["approval"]
    assert approval["status"] == "pending" and approval["rule_name"] == "Agents on tier 3"
    assert outbound_count(session) == 0
    # Another agent answering meanwhile would make two answers: refused.
    ben = agents["ben"]
    clash = ben.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Hello!", "seen_reply_id": 0})
    assert clash.status_code == 409 and clash.json()["error"]["details"]["replies"][0]["state"] == "awaiting approval"

    assert ana.get("/api/v1/approvals").status_code == 403  # agents do not approve
    queue = lea.get("/api/v1/approvals").json()
    assert [a["id"] for a in queue] == [approval["id"]]
    blocked = lea.post(f"/api/v1/approvals/{approval['id']}/approve",
                       json={"text": "Refund sent to your card 4111 1111 1111 1111."})
    assert blocked.status_code == 422  # the guard applies to the approver's edit too
    done = lea.post(f"/api/v1/approvals/{approval['id']}/approve",
                    json={"text": "So sorry! Your refund is on its way today.", "note": "warmer"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["approval"]["status"] == "approved" and body["message"]["sender"] == "Ana Agent"
    assert lea.post(f"/api/v1/approvals/{approval['id']}/approve", json={}).status_code == 409
    session.expire_all()
    sent = session.get(Message, body["message"]["id"])
    assert sent.delivery_state == "sent" and sent.text == "So sorry! Your refund is on its way today."
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.conversation_id == cid)).all()
    assert "reply.held" in actions and "reply.approved" in actions
    note = session.scalar(select(Notification).where(Notification.user_id == ana.user.id))
    assert note.kind == "approval" and "approved your reply (edited): warmer" in note.text


def test_reject_needs_a_note_and_tells_the_agent(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    lea.post("/settings/approval-rules", data={"name": "Legal", "categories": ["legal"],
                                               "csrf_token": lea.csrf})
    cid = feed("1", "I will sue you, my lawyer is preparing a lawsuit")
    held = ana.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Go ahead lol"}).json()
    aid = held["approval"]["id"]
    assert lea.post(f"/api/v1/approvals/{aid}/reject", json={"note": " "}).status_code == 422
    rejected = lea.post(f"/api/v1/approvals/{aid}/reject", json={"note": "Never joke with legal threats"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert outbound_count(session) == 0
    assert session.scalar(select(ReplyApproval.decision_note)) == "Never joke with legal threats"
    assert "Never joke" in ana.get("/api/v1/notifications").json()[0]["text"]
    # Leads' own replies are not held.
    assert lea.post(f"/api/v1/conversations/{cid}/replies", json={"text": "We have passed this on."}
                    ).status_code == 201
