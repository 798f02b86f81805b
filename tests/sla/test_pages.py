"""Teams, SLA, executive and notification pages through HTTP, with their forms."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from escalada.kit.clock import frozen_clock
from escalada.models import AgentProfile, Conversation, ExecutiveSponsorship, Team
from tests.conftest import at, inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post

NOW = at("2026-11-24T10:00:00+00:00")


def test_lead_builds_a_team_and_routing_follows(client, session, brand):
    lead = make_user(session, "lead", email="lea@example.com", name="Lea")
    ana = make_user(session, "agent", email="ana@example.com", name="Ana")
    csrf = login(client, lead.email)
    page = client.get("/teams")
    assert "No teams yet" in page.text
    client.post("/teams", data={"name": "Escalations", "slug": "escalations", "kind": "escalations",
                                "strategy": "skills", "lead_user_id": str(lead.id), "csrf_token": csrf})
    response = client.post("/agents", data={
        "user_id": ana.id, "team": "escalations", "tier_level": 3, "languages": "pl en", "skills": ["billing"],
        "capacity_public": 8, "capacity_private": 4, "timezone": "Europe/Warsaw",
        "shifts": "daily 00:00-24:00", "status": "online", "csrf_token": csrf})
    assert response.status_code == 200 and "Agent profile saved" in response.text
    assert "billing" in response.text and "Europe/Warsaw" in response.text
    profile = session.get(AgentProfile, ana.id)
    assert profile.languages == ["en", "pl"] and profile.shifts[0]["days"] == [0, 1, 2, 3, 4, 5, 6]
    bad = client.post("/agents", data={
        "user_id": ana.id, "team": "escalations", "tier_level": 3, "languages": "en", "capacity_public": 8,
        "capacity_private": 4, "timezone": "UTC", "shifts": "someday 9-5", "csrf_token": csrf})
    assert bad.status_code == 422 and "is not a weekday" in bad.text
    client.post("/teams/escalations", data={"strategy": "least_loaded", "lead_user_id": str(lead.id),
                                             "csrf_token": csrf})
    assert session.scalar(select(Team.strategy)) == "least_loaded"

    headers = token_headers(session)
    cid = post(client, headers, inbound("1", text="You charged my card twice for order 5531, refund me")).json()["conversation_id"]
    page = client.get(f"/conversations/{cid}").text
    assert 'hx-get="/conversations/%d/sla-panel"' % cid in page
    assert "routed to Ana" in page
    panel = client.get(f"/conversations/{cid}/sla-panel").text
    assert "Default tier 3" in panel and "Escalations" in panel and "routed to Ana" in panel
    missing = client.post("/teams", data={"name": "X", "slug": "Bad Slug", "kind": "social",
                                          "strategy": "skills", "csrf_token": csrf})
    assert missing.status_code == 422


def test_agent_toggles_own_availability(client, session, brand):
    headers = token_headers(session)
    client.post("/api/v1/teams", headers=headers, json={"slug": "social", "name": "Social", "kind": "social"})
    kim = make_user(session, "agent", email="kim@example.com", name="Kim")
    client.put(f"/api/v1/agents/{kim.id}", headers=headers, json={"team": "social"})
    csrf = login(client, kim.email)
    page = client.post(f"/agents/{kim.id}/status", data={"status": "online", "csrf_token": csrf})
    assert 'id="my-status">online' in page.text
    assert "Create team" not in page.text  # agents see teams but cannot change them
    assert client.post("/teams", data={"name": "X", "slug": "x", "kind": "social", "strategy": "skills",
                                       "csrf_token": csrf}).status_code == 403


def test_sla_page_policies_calendars_stakeholders(client, session, brand):
    lead = make_user(session, "lead")
    csrf = login(client, lead.email)
    page = client.get("/sla")
    assert "Default tier 3 (built in)" in page.text and "15 / 15 / 240 min" in page.text
    client.post("/sla/calendars", data={"name": "Dublin office", "timezone": "Europe/Dublin", "start": "09:00",
                                        "end": "17:30", "days": ["0", "1", "2", "3", "4"],
                                        "holidays": "2026-12-25 2026-12-26", "csrf_token": csrf})
    page = client.post("/sla/policies", data={"name": "DMs in office hours", "channel": "messenger", "tier": "2",
                                              "first_response_minutes": 120, "next_response_minutes": 120,
                                              "resolution_minutes": 2880, "calendar": "Dublin office",
                                              "csrf_token": csrf})
    assert "DMs in office hours" in page.text and "Mon 09:00–17:30" in page.text
    page = client.post("/stakeholders", data={"brand": "acme", "kind": "account_executive", "name": "Ada",
                                              "email": "ada@acme.example", "csrf_token": csrf})
    assert "ada@acme.example" in page.text
    bad = client.post("/stakeholders", data={"brand": "acme", "kind": "account_executive", "name": "Ada",
                                             "email": "not-an-email", "csrf_token": csrf})
    assert bad.status_code == 422
    agent = make_user(session, "agent", email="a2@example.com")
    client.post("/logout", data={"csrf_token": csrf})
    csrf = login(client, agent.email)
    assert "New policy" not in client.get("/sla").text
    assert client.post("/sla/calendars", data={"name": "x", "timezone": "UTC", "start": "09:00", "end": "17:00",
                                               "csrf_token": csrf}).status_code == 403


def test_inbox_shows_the_clock_and_level(client, session, brand, db):
    from escalada.sla import timers

    headers = token_headers(session)
    make_user(session, "lead", email="lea@example.com", name="Lea")
    agent = make_user(session, "agent")
    with frozen_clock(NOW) as clock:
        post(client, headers, inbound("1", text="You charged my card twice for order 5531, refund me",
                                      created_at=NOW.isoformat()))
        login(client, agent.email)
        assert "due in 15m" in client.get("/inbox").text
        clock[0] = NOW + timedelta(minutes=20)
        timers.sweep(db)
        rows = client.get("/inbox").text
        assert "SLA L1" in rows and "sla-breached" in rows
    notes = client.get("/notifications")
    assert notes.status_code == 200 and "Nothing yet" in notes.text  # the lead is told, not the agent


def test_executive_programme_enrol_and_exit(client, session, brand):
    headers = token_headers(session)
    cid = post(client, headers, inbound("1", text="Third outage this week. I'm cancelling and my lawyer will be in touch")).json()["conversation_id"]
    assert session.get(Conversation, cid).executive
    manager = make_user(session, "escalation_manager", email="em@example.com", name="Em")
    csrf = login(client, manager.email)
    panel = client.get(f"/conversations/{cid}/sla-panel").text
    assert f"/executive?conversation={cid}" in panel
    page = client.get(f"/executive?conversation={cid}")
    assert "Enrol a customer" in page.text
    page = client.post("/executive", data={"conversation_id": cid, "sponsor_user_id": manager.id,
                                           "entry_criteria": "threatened legal action after outages",
                                           "exit_criteria": "30 days without an outage",
                                           "csrf_token": csrf})
    assert "threatened legal action" in page.text and "Customer enrolled" in page.text
    again = client.post("/executive", data={"conversation_id": cid, "sponsor_user_id": manager.id,
                                            "entry_criteria": "x", "exit_criteria": "y", "csrf_token": csrf})
    assert again.status_code == 409
    assert "sponsored" in client.get(f"/conversations/{cid}/sla-panel").text
    assert "You sponsor" in client.get("/notifications").text
    sponsorship = session.scalar(select(ExecutiveSponsorship))
    page = client.post(f"/executive/{sponsorship.id}/exit", data={"note": "quiet month, CSAT 5", "csrf_token": csrf})
    assert "quiet month, CSAT 5" in page.text
    session.refresh(sponsorship)
    assert sponsorship.status == "exited"
