from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post


class Agent:
    """A signed-in user with their own browser cookies, calling the API and pages."""

    def __init__(self, client: TestClient, user) -> None:  # noqa: ANN001
        self.client = client
        self.user = user
        self.csrf = login(client, user.email)

    def post(self, url: str, **kwargs):  # noqa: ANN201
        return self.client.post(url, headers={"X-CSRF-Token": self.csrf}, **kwargs)

    def get(self, url: str, **kwargs):  # noqa: ANN201
        return self.client.get(url, **kwargs)


@pytest.fixture
def feed(client, session, brand):
    """Post an inbound message; returns its conversation id."""
    headers = token_headers(session)

    def send(pid: str, text: str, handle: str = "jane_doe", **kwargs) -> int:
        response = post(client, headers, inbound(pid, text=text, handle=handle, **kwargs))
        assert response.status_code == 201, response.text
        return response.json()["conversation_id"]

    return send


@pytest.fixture
def agents(client, session):
    """Two agents (Ana, Ben) and a lead (Lea), each with their own cookie jar."""
    made = {}
    for key, role, name in (("ana", "agent", "Ana Agent"), ("ben", "agent", "Ben Agent"),
                            ("lea", "lead", "Lea Lead")):
        user = make_user(session, role, email=f"{key}@example.com", name=name)
        made[key] = Agent(client if key == "ana" else TestClient(client.app), user)
    return made
