"""SLA clocks and escalation levels end to end, on a controlled clock (no sleeps)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from escalada.kit.clock import frozen_clock
from escalada.models import AuditEvent, Conversation, ConversationSla, NotificationDelivery
from escalada.sla import notify, timers
from tests.conftest import at, inbound, make_user, token_headers
from tests.inbox.test_ingest_api import post
from tests.routing.helpers import add_agent, add_team

ARRIVED = at("2026-11-24T10:00:00+00:00")
BILLING = "You charged my card twice for order 5531, refund me now"


@pytest.fixture
def transports():
    posted = []

    def handler(request: httpx.Request) -> httpx.Response:
        posted.append(json.loads(request.content))
        return httpx.Response(200)

    mailer = notify.FakeMailer()
    webhook = notify.HttpWebhook("https://hooks.example/T000", transport=httpx.MockTransport(handler))
    previous = notify.configure(notify.Transports(mailer=mailer, webhook=webhook))
    yield mailer, posted
    notify.configure(previous)


def events(session, cid, action):
    return [e for e in session.scalars(select(AuditEvent).where(
        AuditEvent.conversation_id == cid, AuditEvent.action == action).order_by(AuditEvent.id))]


def test_warning_and_three_levels_act_once_each(client, session, brand, db, transports):
    mailer, posted = transports
    headers = token_headers(session)
    lead = make_user(session, "lead", email="lea@example.com", name="Lea")
    make_user(session, "escalation_manager", email="max@example.com", name="Max")
    with frozen_clock(ARRIVED) as clock:
        add_team(client, headers, "escalations", "escalations", lead_user_id=lead.id)
        jo = add_agent(client, session, headers, "Jo", "escalations", tier=3, skills=["billing"])
        kai = add_agent(client, session, headers, "Kai", "escalations", tier=3)
        assert client.post("/api/v1/stakeholders", headers=headers, json={
            "brand": "acme", "kind": "customer_success_manager", "name": "Cass", "email": "cass@acme.example",
        }).status_code == 201
        cid = post(client, headers, inbound("1", text=BILLING, created_at=ARRIVED.isoformat())).json()["conversation_id"]
        assert session.get(Conversation, cid).assignee_id == jo.id
        clock_row = session.get(ConversationSla, cid)
        assert clock_row.clock == "first_response" and clock_row.due_at == ARRIVED + timedelta(minutes=15)
        assert clock_row.next_check_at == ARRIVED + timedelta(minutes=11, seconds=15)

        clock[0] = ARRIVED + timedelta(minutes=5)
        assert timers.sweep(db) == 0
        clock[0] = ARRIVED + timedelta(minutes=12)
        assert timers.sweep(db) == 1
        session.expire_all()
        assert len(events(session, cid, "sla.warning")) == 1
        assert session.get(ConversationSla, cid).state == "warning"

        clock[0] = ARRIVED + timedelta(minutes=16)
        timers.sweep(db)
        timers.sweep(db)  # a second sweep finds nothing new to do
        session.expire_all()
        [level1] = events(session, cid, "sla.escalated")
        assert level1.details["to"] == "level 1" and "Lea" in level1.details["reason"]
        assert [m["to"] for m in mailer.sent] == ["lea@example.com"]

        clock[0] = ARRIVED + timedelta(minutes=23)
        timers.sweep(db)
        session.expire_all()
        conversation = session.get(Conversation, cid)
        assert conversation.assignee_id == kai.id and conversation.priority == "urgent"
        assert "reassigned to Kai" in events(session, cid, "sla.escalated")[-1].details["reason"]

        clock[0] = ARRIVED + timedelta(minutes=31)
        timers.sweep(db)
        timers.sweep(db)
        session.expire_all()
        levels = [e.details["to"] for e in events(session, cid, "sla.escalated")]
        assert levels == ["level 1", "level 2", "level 3"]
        assert {"max@example.com", "cass@acme.example"} <= {m["to"] for m in mailer.sent}
        assert len(posted) == 1 and "level 3" in posted[0]["text"]
        assert session.get(ConversationSla, cid).level == 3
        assert session.get(ConversationSla, cid).next_check_at is None
        assert all(n.sent_at is not None for n in session.scalars(select(NotificationDelivery)))
        clock_api = client.get(f"/api/v1/conversations/{cid}/sla", headers=headers).json()
        assert clock_api["state"] == "breached" and clock_api["level"] == 3


def test_pending_pauses_and_reply_meets_first_response(client, session, brand, db, transports):
    headers = token_headers(session)
    with frozen_clock(ARRIVED) as clock:
        cid = post(client, headers, inbound("1", text=BILLING, created_at=ARRIVED.isoformat())).json()["conversation_id"]
        clock[0] = ARRIVED + timedelta(minutes=5)
        client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": "pending"})
        session.expire_all()
        assert session.get(ConversationSla, cid).state == "paused"
        clock[0] = ARRIVED + timedelta(hours=2)
        timers.sweep(db)
        assert events(session, cid, "sla.escalated") == []
        client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": "open"})
        session.expire_all()
        row = session.get(ConversationSla, cid)
        assert row.state == "ok" and row.due_at == ARRIVED + timedelta(hours=2, minutes=10)
        client.post(f"/api/v1/conversations/{cid}/replies", headers=headers,
                    json={"text": "Sorry! Refund on its way.", "visibility": "public"})
        session.expire_all()
        assert session.get(ConversationSla, cid).clock == "resolution"


def test_lead_policy_with_business_hours_overrides_the_default(client, session, brand, transports):
    headers = token_headers(session)
    calendar = client.post("/api/v1/sla/calendars", headers=headers, json={
        "name": "Warsaw office", "timezone": "Europe/Warsaw",
        "hours": [[["09:00", "17:00"]]] * 5 + [[], []], "holidays": ["2026-12-25"]})
    assert calendar.status_code == 201, calendar.text
    policy = client.post("/api/v1/sla/policies", headers=headers, json={
        "name": "Messenger tier 3", "brand": "acme", "tier": 3, "channel": "messenger",
        "first_response_minutes": 60, "next_response_minutes": 60, "resolution_minutes": 480,
        "calendar": "Warsaw office"})
    assert policy.status_code == 201, policy.text
    saturday = at("2026-11-28T12:00:00+00:00")
    with frozen_clock(saturday):
        cid = post(client, headers, inbound("m1", text=BILLING, platform="messenger", brand_account="acme.page",
                                            visibility="private", created_at=saturday.isoformat())).json()["conversation_id"]
    row = session.get(ConversationSla, cid)
    assert row.policy_name == "Messenger tier 3"
    assert row.due_at == at("2026-11-30T09:00:00+00:00")  # Monday 10:00 in Warsaw
    bad = client.post("/api/v1/sla/policies", headers=headers, json={
        "name": "Upside down", "first_response_minutes": 5, "next_response_minutes": 5, "resolution_minutes": 5,
        "warn_percent": 75, "level2_percent": 300, "level3_percent": 200})
    assert bad.status_code == 422
    agent = token_headers(session, role="agent")
    assert client.post("/api/v1/sla/policies", headers=agent, json=policy.json() | {"id": None}).status_code in (403, 422)


def test_executive_threats_reach_the_executive_team_at_once(client, session, brand, transports):
    mailer, _ = transports
    headers = token_headers(session)
    boss = make_user(session, "lead", email="exec-lead@example.com", name="Eve")
    add_team(client, headers, "executive", "executive", lead_user_id=boss.id)
    add_team(client, headers, "social", "social")
    vip = add_agent(client, session, headers, "Vic", "executive", tier=3)
    add_agent(client, session, headers, "Sid", "social", tier=3)
    cid = post(client, headers, inbound("1", text="Third outage this week. I'm cancelling my subscription and my lawyer will be in touch")).json()["conversation_id"]
    conversation = session.get(Conversation, cid)
    assert conversation.executive and conversation.assignee_id == vip.id
    assert events(session, cid, "conversation.executive")
    assert "exec-lead@example.com" in [m["to"] for m in mailer.sent]
