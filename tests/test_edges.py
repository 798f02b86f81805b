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
