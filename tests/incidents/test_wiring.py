"""Incidents wired to team routing, SLA stakeholders, e-mail/webhook and the one notification list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from escalada.models import (
    AuditEvent,
    Brand,
    Conversation,
    ConversationRouting,
    Notification,
    NotificationDelivery,
    Stakeholder,
)
from escalada.sla import notify
from tests.conftest import login
from tests.incidents.helpers import Team, complaint, ingest
from tests.routing.helpers import add_agent, add_team


@pytest.fixture
def outside():
    mailer, webhook = notify.FakeMailer(), notify.FakeWebhook()
    previous = notify.configure(notify.Transports(mailer=mailer, webhook=webhook))
    yield mailer, webhook
    notify.configure(previous)


def _routed(session, cid):
    return session.scalars(select(AuditEvent).where(AuditEvent.conversation_id == cid,
                                                    AuditEvent.action == "conversation.routed")).all()


def test_linked_conversations_go_to_the_owners_team_through_routing(client, session, brand, outside):
    team = Team(session)
    first, second = ingest(client, team.headers["lead"], complaint(1, text="Checkout fails with error 503"),
                           complaint(2, text="Checkout broken, error 503 again"))
    lead = team.headers["lead"]
    add_team(client, lead, "escalations", "escalations")
    add_team(client, lead, "support", "support")
    add_agent(client, session, lead, "Eli", "escalations", tier=3)
    sue = add_agent(client, session, lead, "Sue", "support", tier=3)
    manager = team.headers["escalation_manager"]
    incident = client.post("/api/v1/incidents", headers=manager,
                           json={"title": "Checkout 503", "conversation_id": first, "severity": "sev2"}).json()
    session.expire_all()
    # The owner has no team of their own yet: the escalations team takes it.
    [event] = _routed(session, first)
    assert event.details["team"] == "Escalations"
    assert event.details["reason"].startswith(f"incident #{incident['id']} (Escalations: the owner has no team)")
    assert "routed to Eli" in event.details["reason"]

    # Once the owner sits in Support, new links go to Support.
    client.patch(f"/api/v1/incidents/{incident['id']}", headers=manager, json={"owner_id": team.manager.id})
    response = client.put(f"/api/v1/agents/{team.manager.id}", headers=lead, json={
        "team": "support", "tier_level": 3, "status": "offline"})
    assert response.status_code == 200, response.text
    assert client.post(f"/api/v1/incidents/{incident['id']}/conversations", headers=manager,
                       json={"conversation_id": second}).status_code == 204
    session.expire_all()
    assert session.get(Conversation, second).assignee_id == sue.id
    assert session.get(ConversationRouting, second).team_id is not None
    [event] = _routed(session, second)
    assert f"incident #{incident['id']} (Support is the incident owner's team)" in event.details["reason"]


def test_without_teams_the_owner_takes_linked_conversations(client, session, brand, outside):
    team = Team(session)
    [cid] = ingest(client, team.headers["lead"], complaint(1, text="Checkout fails with error 503"))
    manager = team.headers["escalation_manager"]
    incident = client.post("/api/v1/incidents", headers=manager, json={"title": "Checkout", "brand": "acme"}).json()
    client.patch(f"/api/v1/incidents/{incident['id']}", headers=manager, json={"owner_id": team.manager.id})
    client.post(f"/api/v1/incidents/{incident['id']}/conversations", headers=manager, json={"conversation_id": cid})
    session.expire_all()
    assert session.get(Conversation, cid).assignee_id == team.manager.id


def test_stakeholders_hear_by_email_webhook_and_in_the_one_notification_list(client, session, brand, outside):
    mailer, webhook = outside
    team = Team(session)
    first, other = ingest(client, team.headers["lead"], complaint(1, text="Checkout fails with error 503"),
                          complaint(2, text="Where is my parcel"))
    brand_id = session.scalar(select(Brand.id).where(Brand.slug == "acme"))
    author_of = dict(session.execute(select(Conversation.id, Conversation.author_id)).all())
    session.add_all([
        Stakeholder(brand_id=brand_id, kind="customer_success_manager", name="Cass", email="cass@acme.example"),
        Stakeholder(brand_id=brand_id, author_id=author_of[first], kind="account_executive", name="Abe",
                    email="abe@acme.example"),
        Stakeholder(brand_id=brand_id, author_id=author_of[other], kind="account_executive", name="Oz",
                    email="oz@acme.example"),
        Stakeholder(brand_id=brand_id, kind="executive", name="Eve", email="eve@acme.example"),
    ])
    session.commit()
    manager = team.headers["escalation_manager"]
    incident = client.post("/api/v1/incidents", headers=manager,
                           json={"title": "Checkout 503", "conversation_id": first, "severity": "sev2"}).json()
    sent = sorted(m["to"] for m in mailer.sent)
    # Brand-wide CSM and the linked customer's account executive; not Oz (another customer)
    # nor the executive (sev2). The care team's manager and lead get e-mail too.
    assert sent == ["abe@acme.example", "cass@acme.example", "em@example.com", "lead@example.com"]
    assert len(webhook.posted) == 1 and f"Incident #{incident['id']} opened" in webhook.posted[0]
    deliveries = session.scalars(select(NotificationDelivery)).all()
    assert deliveries and all(d.sent_at is not None for d in deliveries)

    # A severe incident reaches the executive too.
    client.patch(f"/api/v1/incidents/{incident['id']}", headers=manager, json={"severity": "sev1"})
    mailer.sent.clear()
    client.put(f"/api/v1/incidents/{incident['id']}/status", headers=manager, json={"status": "confirmed"})
    client.put(f"/api/v1/incidents/{incident['id']}/status", headers=manager, json={"status": "monitoring"})
    from escalada.incidents import service
    from escalada.models import Incident

    with client.app.state.db.unit_of_work() as uow:
        service.alert_stakeholders(uow, incident=uow.get(Incident, incident["id"]), kind="update",
                                   text=f"Incident #{incident['id']}: still down")
    assert "eve@acme.example" in {m["to"] for m in mailer.sent}

    # In-app: the manager's one notification list, with the unread badge and a link.
    alerts = session.scalars(select(Notification).where(Notification.user_id == team.manager.id,
                                                        Notification.kind == "incident")).all()
    assert len(alerts) == 2
    login(client, team.manager.email)
    page = client.get("/notifications").text
    assert f'href="/incidents/{incident["id"]}"' in page and "Open the incident" in page
    assert 'class="badge unread-count">2<' in page
    # Reading them on the incident alerts view reads them in the one list.
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/incidents/alerts/read", data={"csrf_token": csrf})
    assert "unread-count" not in client.get("/notifications").text
