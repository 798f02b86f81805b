"""Bad numbers and nulls at the edge are the client's error (4xx), never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import token_headers

HUGE = "9" * 30


@pytest.mark.parametrize("path", [
    f"/api/v1/conversations/{HUGE}",
    f"/api/v1/incidents/{HUGE}",
    f"/api/v1/conversations?assignee_id={HUGE}",
])
def test_ids_beyond_the_database_range_are_a_client_error(client, session, path):
    response = client.get(path, headers=token_headers(session, "agent"))
    assert 400 <= response.status_code < 500, response.text


def test_patching_an_incident_with_nulls_is_refused_with_the_fields_named(client, session, brand):
    headers = token_headers(session, "escalation_manager")
    created = client.post("/api/v1/incidents", json={"title": "Checkout down", "brand": "acme"},
                          headers=headers)
    assert created.status_code == 201, created.text
    incident = created.json()["id"]
    response = client.patch(f"/api/v1/incidents/{incident}", json={"title": None, "severity": None},
                            headers=headers)
    assert response.status_code == 422
    assert "severity, title cannot be null" in response.json()["error"]["message"]
    assert client.patch(f"/api/v1/incidents/{incident}", json={"owner_id": None},
                        headers=headers).status_code == 200


@pytest.mark.parametrize(("method", "path"), [
    ("patch", "/api/v1/incidents/1"), ("put", "/api/v1/incidents/1/status"),
    ("post", "/api/v1/incidents/1/updates"), ("put", "/api/v1/incidents/1/updates/1"),
    ("put", "/api/v1/incidents/1/postmortem"), ("post", "/api/v1/incidents/1/postmortem/action-items"),
    ("put", "/api/v1/incident-settings/acme"), ("post", "/api/v1/saved-replies"),
    ("put", "/api/v1/saved-replies/1"), ("post", "/api/v1/approvals/1/approve"),
    ("post", "/api/v1/approvals/1/reject"), ("post", "/api/v1/users"), ("post", "/api/v1/rules"),
])
def test_a_caller_without_the_permission_gets_403_before_the_body_is_read(client, session, method, path):
    # An agent sending a malformed body learns nothing about the schema of what it may not do.
    response = getattr(client, method)(path, json={"unexpected": True}, headers=token_headers(session, "agent"))
    assert response.status_code == 403, (path, response.text)
