"""Manual incidents, linking, status changes, permissions and alerts, through the API."""

from __future__ import annotations

from sqlalchemy import select

from escalada.models import AuditEvent, IncidentNotification
from tests.incidents.helpers import Team, complaint, ingest


def test_an_agent_opens_an_incident_from_a_conversation_and_links_another(client, session, brand):
    team = Team(session)
    first, second = ingest(client, team.headers["lead"],
                           complaint(1, text="The app shows error E-1042 on login"),
                           complaint(2, text="Login broken, error E-1042 again"))
    agent = team.headers["agent"]
    created = client.post("/api/v1/incidents", headers=agent, json={
        "title": "Login errors E-1042", "conversation_id": first, "severity": "sev2"})
    assert created.status_code == 201, created.text
    incident = created.json()
    assert incident["status"] == "suspected"  # an agent's report waits for a manager
    assert incident["brand"] == "acme" and incident["affected_channels"] == ["x"]
    assert [c["conversation_id"] for c in incident["linked"]] == [first]
    assert "opened from this conversation" in incident["linked"][0]["reason"]

    linked = client.post(f"/api/v1/incidents/{incident['id']}/conversations", headers=agent,
                         json={"conversation_id": second, "note": "same code"})
    assert linked.status_code == 204
    detail = client.get(f"/api/v1/incidents/{incident['id']}", headers=agent).json()
    assert detail["conversations"] == 2
    assert detail["linked"][1]["reason"] == "linked by token:agent-token: same code"
    assert [e["kind"] for e in detail["timeline"]] == ["opened", "linked", "linked"]

    # Agents may not run the incident; managers may.
    assert client.put(f"/api/v1/incidents/{incident['id']}/status", headers=agent,
                      json={"status": "confirmed"}).status_code == 403
    manager = team.headers["escalation_manager"]
    assert client.put(f"/api/v1/incidents/{incident['id']}/status", headers=manager,
                      json={"status": "confirmed", "note": "reproduced"}).status_code == 204
    patched = client.patch(f"/api/v1/incidents/{incident['id']}", headers=manager, json={
        "owner_id": team.manager.id, "cause": "Expired certificate on the login service",
        "cause_category": "infrastructure"})
    assert patched.status_code == 200 and patched.json()["owner"] == "Max Manager"
    # An agent cannot own an incident.
    assert client.patch(f"/api/v1/incidents/{incident['id']}", headers=manager,
                        json={"owner_id": team.agent.id}).status_code == 422
    # Resolving needs the resolution update, so nobody is left without an answer.
    refused = client.put(f"/api/v1/incidents/{incident['id']}/status", headers=manager,
                         json={"status": "resolved"})
    assert refused.status_code == 409
    listed = client.get("/api/v1/incidents?status=confirmed", headers=agent).json()
    assert [i["id"] for i in listed] == [incident["id"]]
    assert client.get("/api/v1/incidents?status=nonsense", headers=agent).status_code == 422

    # Stakeholders (the manager and the lead) were alerted when it opened.
    alerted = set(session.scalars(select(IncidentNotification.user_id)))
    assert alerted == {team.manager.id, team.lead.id}
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "conversation.incident_linked",
                                                   AuditEvent.conversation_id == second)) is not None


def test_links_are_idempotent_and_stay_within_the_brand(client, session, brand):
    from escalada.brands.service import add_account, create_brand
    from tests.conftest import ADMIN, inbound

    team = Team(session)
    other = create_brand(session, slug="globex", name="Globex", actor=ADMIN)
    add_account(session, brand=other, platform="x", handle="GlobexCares", actor=ADMIN)
    session.commit()
    [acme_conv] = ingest(client, team.headers["lead"], complaint(1, text="App down"))
    [globex_conv] = ingest(client, team.headers["lead"],
                           inbound("g1", brand_account="GlobexCares", text="Globex app down"))
    manager = team.headers["escalation_manager"]
    incident = client.post("/api/v1/incidents", headers=manager,
                           json={"title": "App down", "brand": "acme"}).json()
    assert incident["status"] == "confirmed"  # a manager opens it confirmed
    url = f"/api/v1/incidents/{incident['id']}/conversations"
    assert client.post(url, headers=manager, json={"conversation_id": acme_conv}).status_code == 204
    assert client.post(url, headers=manager, json={"conversation_id": acme_conv}).status_code == 204
    assert client.get(f"/api/v1/incidents/{incident['id']}", headers=manager).json()["conversations"] == 1
    assert client.post(url, headers=manager, json={"conversation_id": globex_conv}).status_code == 422
    assert client.post(url, headers=manager, json={"conversation_id": 999999}).status_code == 404
    assert client.get("/api/v1/incidents/999999", headers=manager).status_code == 404
    assert client.post("/api/v1/incidents", headers=manager, json={"title": "x"}).status_code == 422
    assert client.delete(f"{url}/{acme_conv}", headers=manager).status_code == 204
    assert client.delete(f"{url}/{acme_conv}", headers=manager).status_code == 404


def test_a_suspected_incident_can_be_dismissed_as_a_false_alarm(client, session, brand):
    team = Team(session)
    [conv] = ingest(client, team.headers["lead"], complaint(1, text="App down"))
    incident = client.post("/api/v1/incidents", headers=team.headers["agent"],
                           json={"title": "App down?", "conversation_id": conv}).json()
    url = f"/api/v1/incidents/{incident['id']}/status"
    manager = team.headers["escalation_manager"]
    assert client.put(url, headers=manager, json={"status": "resolved", "false_alarm": True}).status_code == 204
    detail = client.get(f"/api/v1/incidents/{incident['id']}", headers=manager).json()
    assert detail["status"] == "resolved" and detail["false_alarm"] is True
    assert client.get(f"/api/v1/incidents/{incident['id']}/postmortem", headers=manager).status_code == 404
