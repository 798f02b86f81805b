"""Server-rendered pages through HTTP: the inbox, a conversation and its forms."""

from __future__ import annotations

from sqlalchemy import func, select

from escalada.models import Message, Note
from tests.conftest import inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post


def seed(client, session, n=3):
    headers = token_headers(session)
    ids = []
    for i in range(n):
        body = post(client, headers, inbound(str(i), handle=f"cust{i}", text=f"Order {1000 + i} never arrived",
                                             created_at=f"2026-11-20T10:{i:02d}:00+00:00")).json()
        ids.append(body["conversation_id"])
    return ids


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/inbox?tier=3", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/inbox?tier=3"


def test_inbox_lists_filters_and_pages(client, session, brand):
    ids = seed(client, session, n=3)
    user = make_user(session, "agent")
    login(client, user.email)
    page = client.get("/inbox")
    assert page.status_code == 200
    assert all(f"/conversations/{cid}" in page.text for cid in ids)
    assert "cust0" not in client.get("/inbox?q=1002").text
    assert "cust2" in client.get("/inbox?q=1002").text
    # The form's empty "any" values are accepted.
    assert client.get("/inbox?status=&channel=&tier=&priority=&language=&assignee_id=&tag=").status_code == 200
    bad = client.get("/inbox?tier=abc&tier=3&q=1002")
    assert bad.status_code == 422  # the page still shows, with the unreadable filter named
    assert "tier “abc” is not a number, so it was left out" in bad.text
    assert 'value="1002"' in bad.text and "cust2" in bad.text


def test_inbox_keyset_load_more_partial(client, session, brand, settings):
    seed(client, session, n=3)
    make_user(session, "agent")
    login(client, "agent@example.com")
    settings.page_size = 2
    first = client.get("/inbox/rows?sort=newest")
    assert first.text.count('class="conv') == 2
    assert "cust2" in first.text and "cust1" in first.text
    more = first.text.split('hx-get="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(more)
    assert second.text.count('class="conv') == 1 and "cust0" in second.text
    assert "Load more" not in second.text


def test_conversation_page_and_actions(client, session, brand):
    [cid] = seed(client, session, n=1)
    user = make_user(session, "agent")
    csrf = login(client, user.email)
    page = client.get(f"/conversations/{cid}")
    assert "Order 1000 never arrived" in page.text
    assert "Customer" in page.text and "Triage" in page.text

    response = client.post(f"/conversations/{cid}/reply",
                           data={"text": "We're on it, sorry!", "visibility": "public", "csrf_token": csrf})
    assert response.status_code == 200 and "queued for sending" in response.text
    assert "We&#39;re on it, sorry!" in response.text
    client.post(f"/conversations/{cid}/notes", data={"text": "checked the courier", "csrf_token": csrf})
    client.post(f"/conversations/{cid}/tags", data={"tag": "courier", "csrf_token": csrf})
    client.post(f"/conversations/{cid}/status", data={"status": "pending", "csrf_token": csrf})
    client.post(f"/conversations/{cid}/assign", data={"assignee": "me", "csrf_token": csrf})
    page = client.get(f"/conversations/{cid}").text
    assert "checked the courier" in page and "courier" in page
    assert 'value="pending" selected' in page
    assert "Me (Agent)" in page
    assert session.scalar(select(func.count()).select_from(Note)) == 1
    assert session.scalar(select(func.count()).select_from(Message).where(Message.direction == "outbound")) == 1
    # Someone else's assignment is refused for an agent.
    other = make_user(session, "agent", email="other@example.com")
    refused = client.post(f"/conversations/{cid}/assign", data={"assignee": str(other.id), "csrf_token": csrf})
    assert refused.status_code == 403


def test_text_is_escaped(client, session, brand):
    headers = token_headers(session)
    cid = post(client, headers, inbound("x1", text="<script>alert(1)</script>")).json()["conversation_id"]
    make_user(session, "agent")
    login(client, "agent@example.com")
    page = client.get(f"/conversations/{cid}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_missing_conversation_is_404_page(client, session):
    make_user(session, "agent")
    login(client, "agent@example.com")
    response = client.get("/conversations/424242")
    assert response.status_code == 404 and "not found" in response.text


def test_pages_send_security_headers(client):
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_admin_pages_manage_brands_and_users(client, session):
    admin = make_user(session, "admin")
    csrf = login(client, admin.email)
    client.post("/settings/brands", data={"slug": "globex", "name": "Globex", "csrf_token": csrf})
    page = client.post("/settings/brands/globex/accounts",
                       data={"platform": "x", "handle": "@GlobexCares", "csrf_token": csrf})
    assert "@GlobexCares" in page.text
    page = client.post("/settings/users", data={"name": "Ana", "email": "ana@example.com", "role": "agent",
                                                "password": "long password 1", "csrf_token": csrf})
    assert "ana@example.com" in page.text
    short = client.post("/settings/users", data={"name": "Bo", "email": "bo@example.com", "role": "agent",
                                                 "password": "short", "csrf_token": csrf})
    assert short.status_code == 422


def test_right_to_left_overrides_in_handles_and_text_are_isolated(client, session, brand):
    # U+202E reverses what follows; unisolated, "@gpj.evil\u202eexe" would draw over the rest
    # of the row. Handles sit in <bdi>, message text takes its own direction.
    spoof = "gnp\u202eexe"
    body = post(client, token_headers(session), inbound("rtl", handle=spoof, text="refund \u202e!won")).json()
    user = make_user(session, "agent")
    login(client, user.email)
    inbox = client.get("/inbox").text
    assert f"<bdi>@{spoof}</bdi>" in inbox and 'dir="auto">refund' in inbox
    page = client.get(f"/conversations/{body['conversation_id']}").text
    assert f"<bdi>@{spoof}</bdi>" in page and '<p class="text" dir="auto">refund' in page
