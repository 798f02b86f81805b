"""Arrange incidents through the public API."""

from __future__ import annotations

from tests.conftest import inbound, make_user, token_headers
from tests.inbox.test_ingest_api import post


def ingest(client, headers, *messages: dict) -> list[int]:
    """Post messages; return their conversation ids."""
    ids = []
    for message in messages:
        response = post(client, headers, message)
        assert response.status_code == 201, response.text
        ids.append(response.json()["conversation_id"])
    return ids


def complaint(n: int, *, text: str, minute: int = 0, platform: str = "x", visibility: str = "public",
              hour: int = 19, day: int = 20) -> dict:
    account = "AcmeHelp" if platform == "x" else "acme.page"
    return inbound(f"c{day}-{hour}-{n}", text=text, handle=f"cust{n}", platform=platform,
                   brand_account=account, visibility=visibility,
                   created_at=f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+00:00")


class Team:
    """A lead, an escalation manager and an agent: users, their principals, and API tokens."""

    def __init__(self, session) -> None:
        from escalada.auth.service import principal_for_user

        self.lead = make_user(session, "lead", email="lead@example.com", name="Lea Lead")
        self.manager = make_user(session, "escalation_manager", email="em@example.com", name="Max Manager")
        self.agent = make_user(session, "agent", email="agent@example.com", name="Ann Agent")
        self.as_lead = principal_for_user(self.lead)
        self.as_manager = principal_for_user(self.manager)
        self.as_agent = principal_for_user(self.agent)
        self.headers = {role: token_headers(session, role) for role in ("lead", "escalation_manager", "agent")}
