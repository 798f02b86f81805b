"""Routing at ingest, through the API: teams, agents, explanations, queues, reassignment."""

from __future__ import annotations

from sqlalchemy import select

from escalada.kit.clock import frozen_clock
from escalada.models import AuditEvent, Conversation, ConversationRouting
from tests.conftest import at, inbound, token_headers
from tests.inbox.test_ingest_api import post
from tests.routing.helpers import add_agent, add_team

NOW = "2026-11-24T10:00:00+00:00"  # a Tuesday


def ingest(client, headers, pid, **kwargs):
    response = post(client, headers, inbound(pid, created_at=NOW, **kwargs))
    assert response.status_code == 201, response.text
    return response.json()["conversation_id"]


def reasons(session, cid):
    return [e.details.get("reason", "") for e in session.scalars(
        select(AuditEvent).where(AuditEvent.conversation_id == cid,
                                 AuditEvent.action.in_(("conversation.routed", "conversation.queued")))
        .order_by(AuditEvent.id))]


def test_without_teams_nothing_is_routed(client, session, brand):
    headers = token_headers(session)
    cid = ingest(client, headers, "1")
    assert session.get(Conversation, cid).assignee_id is None
    assert session.get(ConversationRouting, cid) is None


def test_routes_by_skill_and_language_and_explains(client, session, brand):
    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "escalations", "escalations")
        add_team(client, headers, "social", "social")
        add_agent(client, session, headers, "Bob", "escalations", tier=3, languages=["en"], skills=["delivery"])
        ana = add_agent(client, session, headers, "Ana", "escalations", tier=3, languages=["pl", "en"],
                        skills=["billing"])
        cid = ingest(client, headers, "1", text="Pobrano mi opłatę dwa razy za zamówienie 5531, proszę o zwrot pieniędzy")
    conversation = session.get(Conversation, cid)
    assert conversation.tier == 3 and conversation.language == "pl"
    assert conversation.assignee_id == ana.id
    [reason] = reasons(session, cid)
    assert reason.startswith("routed to Ana: pl, billing, tier 3, 0/8 public load")
    page = client.get(f"/api/v1/conversations/{cid}", headers=headers).json()
    assert page["assignee"]["name"] == "Ana"


def test_queue_serves_tier_3_first_when_an_agent_comes_online(client, session, brand):
    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "social", "social")
        sam = add_agent(client, session, headers, "Sam", "social", tier=3, public=1, status="offline")
        low = ingest(client, headers, "1", handle="a", text="What are your opening hours?")
        high = ingest(client, headers, "2", handle="b", text="You charged my card twice for order 5531, refund me")
        assert session.get(Conversation, high).tier == 3
        queue = client.get("/api/v1/teams/social/queue", headers=headers).json()
        assert [q["conversation_id"] for q in queue] == [high, low]
        assert "nobody available" in reasons(session, low)[0]
        response = client.put(f"/api/v1/agents/{sam.id}/status", headers=headers, json={"status": "online"})
        assert response.json()["load"] == {"public": 1}
    session.expire_all()
    assert session.get(Conversation, high).assignee_id == sam.id
    assert session.get(Conversation, low).assignee_id is None


def test_going_away_hands_work_to_someone_else(client, session, brand):
    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "social", "social", strategy="least_loaded")
        kim = add_agent(client, session, headers, "Kim", "social", tier=2)
        cid = ingest(client, headers, "1", text="What are your opening hours?")
        assert session.get(Conversation, cid).assignee_id == kim.id
        lee = add_agent(client, session, headers, "Lee", "social", tier=2)
        response = client.put(f"/api/v1/agents/{kim.id}/status", headers=headers, json={"status": "away"})
        assert response.status_code == 200
    session.expire_all()
    assert session.get(Conversation, cid).assignee_id == lee.id
    assert any("least loaded" in r for r in reasons(session, cid))
    actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.conversation_id == cid))]
    assert "conversation.unassigned" in actions


def test_off_shift_team_hands_over_and_sales_leads_wait(client, session, brand):
    headers = token_headers(session)
    night = "2026-11-24T02:00:00+00:00"
    with frozen_clock(at(night)):
        add_team(client, headers, "social", "social")
        add_team(client, headers, "support", "support")
        add_team(client, headers, "sales", "sales", strategy="round_robin")
        add_agent(client, session, headers, "Dana", "social", shifts=[{"days": [0, 1, 2, 3, 4], "start": "08:00", "end": "16:00"}],
                  timezone="Europe/Dublin")
        add_agent(client, session, headers, "Sol", "sales", shifts=[{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}],
                  timezone="Europe/Dublin")
        mia = add_agent(client, session, headers, "Mia", "support", tier=2, timezone="Asia/Manila",
                        shifts=[{"days": [0, 1, 2, 3, 4, 5, 6], "start": "08:00", "end": "20:00"}])
        response = post(client, headers, inbound("1", text="What are your opening hours?", created_at=night))
        faq = response.json()["conversation_id"]
        response = post(client, headers, inbound("2", handle="buyer", created_at=night,
                                                 text="How much does the enterprise plan cost? I'd like a quote for 200 seats"))
        lead = response.json()["conversation_id"]
    assert session.get(Conversation, faq).assignee_id == mia.id
    assert "team on shift" in reasons(session, faq)[0]
    assert "sales_lead" in session.get(Conversation, lead).categories
    assert session.get(Conversation, lead).assignee_id is None
    assert session.get(ConversationRouting, lead).waiting


def test_agents_set_their_own_status_only(client, session, brand):
    headers = token_headers(session)
    add_team(client, headers, "social", "social")
    kim = add_agent(client, session, headers, "Kim", "social")
    other = add_agent(client, session, headers, "Ola", "social")
    kim_headers = token_headers(session, role="agent")
    response = client.put(f"/api/v1/agents/{other.id}/status", headers=kim_headers, json={"status": "away"})
    assert response.status_code == 403
    assert client.post("/api/v1/teams", headers=kim_headers,
                       json={"slug": "x", "name": "X", "kind": "social"}).status_code == 403
    bad = client.put(f"/api/v1/agents/{kim.id}", headers=headers, json={"team": "social", "skills": ["cooking"]})
    assert bad.status_code == 422 and "cooking" in bad.text
    bad_zone = client.put(f"/api/v1/agents/{kim.id}", headers=headers, json={"team": "social", "timezone": "Mars/Base"})
    assert bad_zone.status_code == 422
    assert client.post("/api/v1/teams", headers=headers,
                       json={"slug": "social", "name": "Again", "kind": "social"}).status_code == 409


def test_sweep_hands_queued_work_to_whoever_frees_up(client, session, brand, db):
    from escalada.sla import timers

    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "social", "social")
        solo = add_agent(client, session, headers, "Solo", "social", tier=3, public=1)
        first = ingest(client, headers, "1", handle="a", text="What are your opening hours?")
        second = ingest(client, headers, "2", handle="b", text="Do you ship to Ireland?")
        assert session.get(Conversation, second).assignee_id is None
        assert timers.sweep(db) >= 0 and session.get(Conversation, second).assignee_id is None
        client.put(f"/api/v1/conversations/{first}/status", headers=headers, json={"status": "resolved"})
        timers.sweep(db)
    session.expire_all()
    assert session.get(Conversation, second).assignee_id == solo.id
    assert "from the queue" in reasons(session, second)[-1]


def test_each_decision_sees_changes_made_since_the_last_one(client, session, brand):
    """Decisions plan with the teams and roster the previous one read; any change since
    (a strategy, an agent's settings, the round-robin turn) must still be honoured."""
    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "social", "social", strategy="round_robin")
        ana = add_agent(client, session, headers, "Ana", "social", languages=["en"])
        bob = add_agent(client, session, headers, "Bob", "social", languages=["en"])
        first = [ingest(client, headers, str(i), text="Where can I find the manual?", handle=f"reader{i}")
                 for i in range(1, 5)]
        # Round robin takes turns, so the team's turn changes with every decision.
        assignees = [session.get(Conversation, cid).assignee_id for cid in first]
        assert sorted(assignees) == sorted([ana.id, bob.id, ana.id, bob.id])
        assert assignees[0] != assignees[1] and assignees[1] != assignees[2]

        # Bob leaves the team's roster by going offline: nothing more for him.
        assert client.put(f"/api/v1/agents/{bob.id}/status", headers=headers,
                          json={"status": "offline"}).status_code == 200
        after_status = ingest(client, headers, "5", text="How do I reset the router?", handle="reader5")
        assert session.get(Conversation, after_status).assignee_id == ana.id

        # A new agent with Polish is picked once the team routes by skills and language.
        cleo = add_agent(client, session, headers, "Cleo", "social", languages=["pl"])
        assert client.patch("/api/v1/teams/social", headers=headers,
                            json={"strategy": "skills"}).status_code == 200
        polish = ingest(client, headers, "6", text="Gdzie znajdę instrukcję obsługi routera?", handle="reader6")
        assert session.get(Conversation, polish).assignee_id == cleo.id
        [reason] = reasons(session, polish)
        assert reason.startswith("routed to Cleo: pl")
