"""Every executive escalation gets a post-mortem when resolved, listed with the incidents'."""

from __future__ import annotations

from sqlalchemy import select

from escalada.kit.clock import utc_now
from escalada.models import AuditEvent, Notification, PostMortem
from tests.conftest import inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post

THREAT = "Third outage this week. I'm cancelling my subscription and my lawyer will be in touch"


def _resolve(client, headers, cid):
    for status in ("open", "resolved"):
        response = client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": status})
        assert response.status_code == 204, response.text


def test_resolving_an_executive_escalation_opens_its_post_mortem(client, session, brand):
    headers = token_headers(session)
    cid = post(client, headers, inbound("1", text=THREAT)).json()["conversation_id"]
    ordinary = post(client, headers, inbound("2", handle="happy", text="Where is my parcel?")).json()["conversation_id"]
    client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                json={"text": "We're sorry. Our escalation manager will call you today.", "visibility": "private"})
    _resolve(client, headers, cid)
    _resolve(client, headers, ordinary)
    session.expire_all()
    [pm] = session.scalars(select(PostMortem)).all()
    assert pm.conversation_id == cid and pm.incident_id is None and pm.state == "draft"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "executive.postmortem",
                                                   AuditEvent.conversation_id == cid)) is not None
    # Reopened and resolved again: still one post-mortem.
    _resolve(client, headers, cid)
    assert len(session.scalars(select(PostMortem)).all()) == 1

    manager = make_user(session, "escalation_manager", email="em@example.com", name="Max Manager")
    csrf = login(client, manager.email)
    listing = client.get("/executive/postmortems")
    assert "@jane_doe" in listing.text and f"/executive/postmortems/{cid}" in listing.text
    page = client.get(f"/executive/postmortems/{cid}")
    assert page.status_code == 200
    assert "first customer message" in page.text and "flagged as an executive escalation" in page.text
    assert "first reply" in page.text and "open → resolved" in page.text

    refused = client.post(f"/executive/postmortems/{cid}", data={"publish": "1", "csrf_token": csrf})
    assert refused.status_code == 422 and "root cause" in refused.text
    saved = client.post(f"/executive/postmortems/{cid}", data={
        "root_cause": "Three outages in a week with no proactive notice", "went_well": "Called within the hour",
        "to_improve": "Tell affected customers before they tell us", "concessions": "Two months free",
        "publish": "1", "csrf_token": csrf})
    assert saved.status_code == 200 and "Post-mortem published." in saved.text
    added = client.post(f"/executive/postmortems/{cid}/action-items", data={
        "description": "Status page alerts for outages", "owner_id": str(manager.id),
        "due_on": "2026-12-31", "csrf_token": csrf})
    assert "Action item added." in added.text

    items = client.get("/incidents/action-items").text
    assert "Status page alerts for outages" in items and f'href="/executive/postmortems/{cid}"' in items
    api_items = client.get("/api/v1/action-items", headers=token_headers(session, "escalation_manager")).json()
    assert [(i["incident_id"], i["conversation_id"]) for i in api_items] == [(None, cid)]
    now = utc_now()
    quarter = f"{now.year}Q{(now.month - 1) // 3 + 1}"
    review = client.get(f"/incidents/review?quarter={quarter}").text
    assert "Three outages in a week" in review and "1 executive escalations" in review
    assert "1 open action items" in review
    markdown = client.get(f"/executive/postmortems/{cid}.md").text
    assert markdown.startswith("# Post-mortem: executive escalation — @jane_doe")
    assert "Two months free" in markdown and "- [ ] Status page alerts for outages (Max Manager, due 2026-12-31)" in markdown

    done = client.post(f"/incidents/action-items/{api_items[0]['id']}/done",
                       data={"back": f"/executive/postmortems/{cid}", "csrf_token": csrf})
    assert done.url.path == f"/executive/postmortems/{cid}" and "✔" in done.text
    assert "Status page alerts" not in client.get("/incidents/action-items").text


def test_escalation_managers_are_told_a_post_mortem_waits(client, session, brand):
    headers = token_headers(session)
    manager = make_user(session, "escalation_manager", email="em2@example.com", name="Max Manager")
    agent = make_user(session, "agent", email="agent2@example.com", name="Ann Agent")
    cid = post(client, headers, inbound("1", text=THREAT)).json()["conversation_id"]
    _resolve(client, headers, cid)
    _resolve(client, headers, cid)  # resolved twice: told once
    session.expire_all()
    told = session.scalars(select(Notification).where(Notification.conversation_id == cid,
                                                      Notification.text.contains("post-mortem"))).all()
    assert [n.user_id for n in told] == [manager.id]
    assert agent.id not in {n.user_id for n in told}
