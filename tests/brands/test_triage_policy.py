"""A brand's triage policy: validation, the settings page, and its effect on ingestion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from escalada.brands import triage_policy as service
from escalada.models import AuditEvent, Message
from tests.conftest import ADMIN, csrf_from, inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post


def test_saved_policy_changes_how_the_brands_messages_are_triaged(client, session, brand):
    headers = token_headers(session)
    text = "signal lost again on the whole street"
    before = post(client, headers, inbound("1", text=text)).json()
    service.save_policy(session, brand=brand, data={"keywords": {"outage": ["signal lost"]}},
                        actor=ADMIN)
    session.commit()
    after = post(client, headers, inbound("2", text=text, handle="other")).json()
    triaged = dict(session.execute(select(Message.id, Message.triage)).all())
    assert triaged[after["message_id"]]["tier"] == 3
    assert "outage" in triaged[after["message_id"]]["categories"]
    assert triaged[before["message_id"]]["tier"] < 3


def test_invalid_policy_is_refused_with_a_clear_message(session, brand):
    with pytest.raises(service.InvalidPolicy, match="unknown category “shipping”"):
        service.save_policy(session, brand=brand, data={"keywords": {"shipping": ["x"]}},
                            actor=ADMIN)
    with pytest.raises(service.InvalidPolicy, match="tier from 0 to 3"):
        service.save_policy(session, brand=brand, data={"category_tiers": {"billing": 7}},
                            actor=ADMIN)
    assert service.load_policy(session, brand.id) == service.DEFAULT_POLICY


def test_lead_edits_policy_on_the_page_and_tries_a_message(client, session, brand):
    lead = make_user(session, "lead")
    login(client, lead.email)
    page = client.get("/settings/brands/acme/triage")
    assert page.status_code == 200 and "Save policy" in page.text
    token = csrf_from(page.text)
    form = {"csrf_token": token, "influential_followers": "5000", "model_threshold": "0.7",
            "tier_technical": "3", "keywords_outage": "signal lost\nno bars"}
    saved = client.post("/settings/brands/acme/triage", data=form, follow_redirects=False)
    assert saved.status_code == 303
    shown = client.get("/settings/brands/acme/triage").text
    assert "signal lost\nno bars" in shown and "5000" in shown
    tried = client.post("/settings/brands/acme/triage/try",
                        data={"text": "No bars on my phone since noon", "followers": "0"},
                        headers={"X-CSRF-Token": token})
    assert tried.status_code == 200
    assert "Tier 3" in tried.text and "outage" in tried.text
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "triage_policy.updated" in actions


def test_bad_form_input_is_shown_again_with_the_error(client, session, brand):
    lead = make_user(session, "lead")
    login(client, lead.email)
    token = csrf_from(client.get("/settings/brands/acme/triage").text)
    response = client.post("/settings/brands/acme/triage", data={
        "csrf_token": token, "influential_followers": "lots", "keywords_legal": "ombudsman"})
    assert response.status_code == 422
    assert "is not a number" in response.text
    assert "ombudsman" in response.text  # nothing typed is lost


def test_agents_see_the_policy_but_cannot_change_it(client, session, brand):
    agent = make_user(session, "agent")
    login(client, agent.email)
    page = client.get("/settings/brands/acme/triage")
    assert page.status_code == 200 and "Save policy" not in page.text
    response = client.post("/settings/brands/acme/triage",
                           data={"csrf_token": csrf_from(page.text), "tier_billing": "1"})
    assert response.status_code == 403


def test_reset_returns_to_defaults(client, session, brand):
    service.save_policy(session, brand=brand, data={"category_tiers": {"praise": 2}}, actor=ADMIN)
    session.commit()
    lead = make_user(session, "lead")
    login(client, lead.email)
    token = csrf_from(client.get("/settings/brands/acme/triage").text)
    assert client.post("/settings/brands/acme/triage/reset", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert service.load_policy(session, brand.id) == service.DEFAULT_POLICY
