"""Connecting accounts: who may, encryption at rest, secrets never shown or logged."""

from __future__ import annotations

import logging

from sqlalchemy import select

from escalada.brands.service import find_account
from escalada.channels.credentials import SecretBox, webhook_secrets
from escalada.models import AuditEvent, ChannelConnection, WebhookDelivery
from tests.conftest import csrf_from, login, make_user, token_headers

SECRET = "s3cr3t-consumer-value"


def _connect_form(client, account_id: int, csrf: str, **fields: str):  # noqa: ANN001, ANN201
    return client.post(f"/settings/channels/{account_id}", data={"csrf_token": csrf, **fields},
                       follow_redirects=False)


def test_lead_connects_an_account_and_the_secret_is_never_shown_again(client, session, brand, box, caplog):
    lead = make_user(session, "lead")
    csrf = login(client, lead.email)
    account = find_account(session, platform="x", handle="AcmeHelp")
    with caplog.at_level(logging.DEBUG):
        response = _connect_form(client, account.id, csrf, external_id="4337869213",
                                 consumer_secret=SECRET, access_token="user-token-1")
        assert response.status_code == 303
        page = client.get("/settings/channels")
    assert page.status_code == 200
    assert "connected" in page.text and "consumer_secret" in page.text
    assert SECRET not in page.text and "user-token-1" not in page.text
    assert SECRET not in caplog.text
    stored = session.scalar(select(ChannelConnection))
    assert SECRET not in stored.secrets_encrypted  # encrypted at rest
    assert box.open(stored.secrets_encrypted) == {"consumer_secret": SECRET, "access_token": "user-token-1"}
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "channel.connected"))
    assert SECRET not in str(event.details) and event.details["changed"] == ["access_token", "consumer_secret"]


def test_blank_secrets_keep_the_stored_ones(client, session, brand, box):
    csrf = login(client, make_user(session, "admin").email)
    account = find_account(session, platform="x", handle="AcmeHelp")
    _connect_form(client, account.id, csrf, external_id="1", consumer_secret=SECRET, access_token="t1")
    _connect_form(client, account.id, csrf, external_id="2", consumer_secret="", access_token="t2")
    session.expire_all()
    stored = session.scalar(select(ChannelConnection))
    assert stored.external_id == "2"
    assert box.open(stored.secrets_encrypted) == {"consumer_secret": SECRET, "access_token": "t2"}


def test_bad_external_id_is_a_clear_error(client, session, brand):
    csrf = login(client, make_user(session, "lead").email)
    account = find_account(session, platform="messenger", handle="acme.page")
    response = _connect_form(client, account.id, csrf, external_id="acme page")
    assert response.status_code == 422 and "Page id must be digits only" in response.text
    assert session.scalar(select(ChannelConnection)) is None


def test_agents_may_not_see_or_change_connections(client, session, brand):
    csrf = login(client, make_user(session, "senior_agent").email)
    account = find_account(session, platform="x", handle="AcmeHelp")
    assert client.get("/settings/channels").status_code == 403
    assert _connect_form(client, account.id, csrf, external_id="1", consumer_secret="x").status_code == 403
    assert "/settings/channels" not in client.get("/inbox").text
    assert session.scalar(select(ChannelConnection)) is None


def test_connect_form_needs_csrf(client, session, brand):
    login(client, make_user(session, "lead").email)
    account = find_account(session, platform="x", handle="AcmeHelp")
    assert _connect_form(client, account.id, "forged", external_id="1").status_code == 403


def test_disconnect_and_a_rotated_key_leave_no_usable_secret(client, session, connected, settings):
    csrf = login(client, make_user(session, "admin").email)
    from cryptography.fernet import Fernet

    other = SecretBox(Fernet.generate_key().decode())
    assert webhook_secrets(session, other, platforms=("x",), name="consumer_secret") == []
    account = connected["x"]
    assert client.post(f"/settings/channels/{account.id}/disconnect",
                       data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert session.scalar(select(ChannelConnection).where(
        ChannelConnection.brand_account_id == account.id)) is None


def test_deliveries_are_listed_and_a_failed_one_can_be_processed_again(client, session, connected):
    csrf = login(client, make_user(session, "lead").email)
    session.add(WebhookDelivery(source="x", body="{not json", body_sha256="f" * 64, headers={}))
    session.commit()
    delivery = session.scalar(select(WebhookDelivery))
    from escalada.channels.webhooks.receipt import process_delivery

    process_delivery(client.app.state.db, delivery.id)
    page = client.get("/settings/channels?state=failed")
    assert "body is not JSON" in page.text and "Process again" in page.text
    retry = client.post(f"/settings/channels/deliveries/{delivery.id}/retry", data={"csrf_token": csrf},
                        follow_redirects=False)
    assert retry.status_code == 303
    session.expire_all()
    assert session.get(WebhookDelivery, delivery.id).attempts == 1  # ran again, failed again
    assert csrf_from(client.get("/settings/channels").text)


def test_connections_api_sets_secrets_and_never_returns_them(client, session, brand, box):
    lead = token_headers(session, "lead")
    account = find_account(session, platform="x", handle="AcmeHelp")
    response = client.put(f"/api/v1/channels/connections/{account.id}", headers=lead,
                          json={"external_id": "4337869213", "secrets": {"consumer_secret": SECRET}})
    assert response.status_code == 200
    assert response.json()["secrets_set"] == ["consumer_secret"] and SECRET not in response.text
    listed = client.get("/api/v1/channels/connections", headers=lead)
    assert SECRET not in listed.text
    assert {(c["platform"], c["external_id"]) for c in listed.json()} == {
        ("x", "4337869213"), ("messenger", None)}
    bad = client.put(f"/api/v1/channels/connections/{account.id}", headers=lead,
                     json={"external_id": "1", "secrets": {"password": "x"}})
    assert bad.status_code == 422 and "unknown credential field" in bad.text
    agent = token_headers(session, "agent")
    assert client.get("/api/v1/channels/connections", headers=agent).status_code == 403
    assert client.get("/api/v1/channels/deliveries", headers=agent).status_code == 403


def test_deliveries_api_lists_states_and_counts(client, session, connected):
    from tests.channels.conftest import fixture_bytes, x_signature

    body = fixture_bytes("x_favorite_events.json")
    client.post("/api/v1/webhooks/x", content=body, headers={"x-twitter-webhooks-signature": x_signature(body)})
    listed = client.get("/api/v1/channels/deliveries?state=processed", headers=token_headers(session, "admin"))
    assert listed.status_code == 200
    (delivery,) = listed.json()
    assert delivery["source"] == "x" and delivery["counts"]["ignored.favorite_events"] == 1
    assert "body" not in delivery
