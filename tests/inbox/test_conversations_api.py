"""GET/act on conversations through the API: filters, keyset pages, search, actions, access."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from escalada.models import Message, SandboxDelivery
from tests.conftest import inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post

TEXTS = [
    ("1", "I was charged twice for order 5531, refund please", "alice"),
    ("2", "Your app is down again, cannot log in since 9am", "bob"),
    ("3", "Love the new playlist feature!", "carol"),
    ("4", "Ich wurde doppelt abgebucht, Bestellung 8812", "dieter"),
    ("5", "Buy cheap followers now!!! click here", "spammer"),
    ("6", "Wie kann ich mein Passwort ändern?", "erika"),
]


@pytest.fixture
def seeded(client, session, brand):
    headers = token_headers(session)
    ids = {}
    for n, (pid, text, handle) in enumerate(TEXTS):
        body = post(client, headers, inbound(pid, text=text, handle=handle,
                                             created_at=f"2026-11-20T10:0{n}:00+00:00")).json()
        ids[handle] = body["conversation_id"]
    return headers, ids


def test_list_orders_most_urgent_then_newest(client, seeded):
    headers, _ = seeded
    items = client.get("/api/v1/conversations", headers=headers).json()["items"]
    ranks = [("low", "normal", "high", "urgent").index(i["priority"]) for i in items]
    assert ranks == sorted(ranks, reverse=True)
    for a, b in zip(items, items[1:]):
        if a["priority"] == b["priority"]:
            assert a["last_message_at"] >= b["last_message_at"]
    newest = client.get("/api/v1/conversations?sort=newest", headers=headers).json()["items"]
    assert [i["author"]["handle"] for i in newest] == ["erika", "spammer", "dieter", "carol", "bob", "alice"]


def test_keyset_pages_cover_everything_once(client, seeded):
    headers, ids = seeded
    seen, cursor = [], None
    for _ in range(10):
        params = {"limit": 2, "sort": "urgent"} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/conversations", headers=headers, params=params).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids.values())
    assert len(seen) == len(set(seen))


def test_bad_cursor_is_422(client, seeded):
    headers, _ = seeded
    response = client.get("/api/v1/conversations?cursor=bm9wZQ", headers=headers)
    assert response.status_code == 422
    assert "cursor" in response.json()["error"]["message"]


def test_filters(client, session, seeded):
    headers, ids = seeded

    def handles(query: str) -> set[str]:
        items = client.get(f"/api/v1/conversations?{query}", headers=headers).json()["items"]
        return {i["author"]["handle"] for i in items}

    assert handles("language=de") == {"dieter", "erika"}
    assert handles("tier=3") >= {"alice", "dieter"}
    assert "spammer" in handles("tier=0")
    assert handles("tag=billing") >= {"alice", "dieter"}
    assert handles("q=CHARGED") == {"alice"}
    assert handles("q=Passwort") == {"erika"}
    assert handles("q=100%25") == set()
    assert handles("status=resolved") == set()
    assert len(handles("unassigned=true")) == 6
    agent = make_user(session, "agent")
    client.put(f"/api/v1/conversations/{ids['bob']}/assignee", json={"user_id": agent.id},
               headers=token_headers(session, "lead"))
    assert handles(f"assignee_id={agent.id}") == {"bob"}
    assert "bob" not in handles("unassigned=true")
    assert handles("channel=messenger") == set()
    assert client.get("/api/v1/conversations?status=bogus", headers=headers).status_code == 422
    assert client.get("/api/v1/conversations?tier=9", headers=headers).status_code == 422


def test_detail_shows_thread_triage_and_profile(client, seeded):
    headers, ids = seeded
    detail = client.get(f"/api/v1/conversations/{ids['alice']}", headers=headers).json()
    assert detail["author"]["handle"] == "alice"
    assert detail["author"]["followers"] == 120
    assert detail["messages"][0]["text"].startswith("I was charged twice")
    assert detail["messages"][0]["triage"]["categories"]
    assert detail["reasons"]
    assert detail["timeline"][0]["action"] == "conversation.created"
    assert client.get("/api/v1/conversations/999999", headers=headers).status_code == 404


def test_reply_note_tag_status_assign_round_trip(client, session, seeded):
    headers, ids = seeded
    cid = ids["alice"]
    response = client.post(f"/api/v1/conversations/{cid}/replies",
                           json={"text": "Sorry! Please DM us your order number.", "visibility": "public"},
                           headers=headers)
    assert response.status_code == 201, response.text
    reply = response.json()
    assert reply["direction"] == "outbound"
    assert reply["delivery_state"] == "queued"  # as queued in the request's transaction
    sent = session.get(Message, reply["id"])
    session.refresh(sent)
    assert sent.delivery_state == "sent"  # delivered after commit by the sandbox channel
    delivery = session.scalar(select(SandboxDelivery).where(SandboxDelivery.message_id == sent.id))
    assert delivery.request["text"] == "Sorry! Please DM us your order number."
    assert delivery.request["in_reply_to"] == "1"
    assert delivery.request["recipient_handle"] == "alice"

    assert client.post(f"/api/v1/conversations/{cid}/notes", json={"text": "VIP customer"},
                       headers=headers).status_code == 201
    assert client.post(f"/api/v1/conversations/{cid}/tags", json={"tag": "VIP"}, headers=headers).status_code == 204
    assert client.put(f"/api/v1/conversations/{cid}/status", json={"status": "pending"},
                      headers=headers).status_code == 204
    detail = client.get(f"/api/v1/conversations/{cid}", headers=headers).json()
    assert detail["status"] == "pending"
    assert "vip" in detail["tags"]
    assert detail["notes"][0]["text"] == "VIP customer"
    assert [m["direction"] for m in detail["messages"]] == ["inbound", "outbound"]
    assert detail["messages"][1]["delivery_state"] == "sent"
    actions = [e["action"] for e in detail["timeline"]]
    assert actions.count("conversation.status") == 2  # new → open on reply, open → pending
    assert "conversation.tagged" in actions and "conversation.noted" in actions
    assert client.delete(f"/api/v1/conversations/{cid}/tags/vip", headers=headers).status_code == 204
    assert "vip" not in client.get(f"/api/v1/conversations/{cid}", headers=headers).json()["tags"]
    outbox = client.get("/api/v1/outbox?state=sent", headers=headers).json()
    assert [m["id"] for m in outbox] == [reply["id"]]


def test_invalid_status_transition_and_reply_to_closed(client, seeded):
    headers, ids = seeded
    cid = ids["carol"]
    assert client.put(f"/api/v1/conversations/{cid}/status", json={"status": "closed"},
                      headers=headers).status_code == 204
    response = client.put(f"/api/v1/conversations/{cid}/status", json={"status": "pending"}, headers=headers)
    assert response.status_code == 409
    response = client.post(f"/api/v1/conversations/{cid}/replies", json={"text": "hi"}, headers=headers)
    assert response.status_code == 422
    assert client.put(f"/api/v1/conversations/{cid}/status", json={"status": "sleeping"},
                      headers=headers).status_code == 422
    assert client.post(f"/api/v1/conversations/{cid}/replies", json={"text": "   "},
                       headers=headers).status_code == 422


def test_agent_may_claim_but_not_assign_others(client, session, seeded):
    _, ids = seeded
    agent = make_user(session, "agent", email="a@example.com")
    other = make_user(session, "agent", email="b@example.com")
    csrf = login(client, agent.email)
    cid = ids["bob"]
    as_agent = {"X-CSRF-Token": csrf}
    assert client.put(f"/api/v1/conversations/{cid}/assignee", json={"user_id": agent.id},
                      headers=as_agent).status_code == 204
    assert [i["id"] for i in client.get("/api/v1/conversations?mine=true").json()["items"]] == [cid]
    refused = client.put(f"/api/v1/conversations/{cid}/assignee", json={"user_id": other.id},
                         headers=as_agent)
    assert refused.status_code == 403
    assert "only to yourself" in refused.json()["error"]["message"]
    without_csrf = client.put(f"/api/v1/conversations/{cid}/assignee", json={"user_id": None})
    assert without_csrf.status_code == 403
    senior = token_headers(session, "senior_agent")
    assert client.put(f"/api/v1/conversations/{cid}/assignee", json={"user_id": other.id},
                      headers=senior).status_code == 204
    assert client.get("/api/v1/conversations?mine=true").json()["items"] == []


def test_openapi_documents_the_api(client):
    schema = client.get("/openapi.json").json()
    assert "/api/v1/messages" in schema["paths"]
    assert "/api/v1/conversations" in schema["paths"]
    assert "InboundMessage" in schema["components"]["schemas"]
    params = {p["name"] for p in schema["paths"]["/api/v1/conversations"]["get"]["parameters"]}
    assert {"status", "channel", "tier", "priority", "tag", "language", "assignee_id", "mine",
            "unassigned", "q", "cursor"} <= params
