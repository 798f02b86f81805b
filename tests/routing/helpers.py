"""Shared set-up for routing and SLA tests: teams and agents through the API."""

from __future__ import annotations

from tests.conftest import make_user


def add_team(client, headers, slug, kind, strategy="skills", lead_user_id=None):
    response = client.post("/api/v1/teams", headers=headers, json={
        "slug": slug, "name": slug.title(), "kind": kind, "strategy": strategy, "lead_user_id": lead_user_id})
    assert response.status_code == 201, response.text
    return response.json()


def add_agent(client, session, headers, name, team, *, tier=1, languages=("en",), skills=(),
              public=8, private=4, status="online", shifts=(), timezone="UTC", role="agent"):
    user = make_user(session, role, email=f"{name.lower()}@example.com", name=name)
    response = client.put(f"/api/v1/agents/{user.id}", headers=headers, json={
        "team": team, "tier_level": tier, "languages": list(languages), "skills": list(skills),
        "capacity": {"public": public, "private": private}, "status": status, "shifts": list(shifts),
        "timezone": timezone})
    assert response.status_code == 200, response.text
    return user
