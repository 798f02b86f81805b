"""Sign-in, sessions, CSRF, roles on every route, API tokens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from escalada.app import create_app
from escalada.auth.passwords import hash_password, verify_password
from escalada.auth.permissions import Permission, Role, role_can
from escalada.auth.service import ensure_admin
from escalada.models import ApiToken, User
from tests.conftest import PASSWORD, csrf_from, login, make_user, token_headers


def test_passwords_are_argon2_and_verify():
    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long enough password")
    assert not verify_password(hashed, "wrong")
    assert not verify_password(None, "anything")


def test_login_sets_http_only_session_and_logout_clears_it(client, session):
    user = make_user(session, "agent")
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/inbox").status_code == 200
    token = csrf_from(client.get("/inbox").text)
    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_session_cookie_is_secure_by_default(db, settings):
    settings.cookie_secure = True
    with TestClient(create_app(settings, db=db), base_url="https://testserver") as c:
        response = c.get("/login")
        assert "secure" in response.headers["set-cookie"].lower()
        assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_wrong_password_and_login_without_csrf_are_refused(client, session):
    user = make_user(session, "agent")
    page = client.get("/login")
    wrong = client.post("/login", data={"email": user.email, "password": "nope nope nope",
                                        "csrf_token": csrf_from(page.text)})
    assert wrong.status_code == 401 and "wrong" in wrong.text
    no_csrf = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert no_csrf.status_code == 403


def test_repeated_failures_lock_the_login_for_a_while(client, session):
    user = make_user(session, "agent", email="locked@example.com")
    for _ in range(5):
        page = client.get("/login")
        client.post("/login", data={"email": user.email, "password": "bad password!",
                                    "csrf_token": csrf_from(page.text)})
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page.text)})
    assert response.status_code == 401 and "Too many" in response.text


def test_login_next_cannot_leave_the_site(client, session):
    user = make_user(session, "agent")
    page = client.get("/login?next=//evil.example/x")
    assert 'value="/inbox"' in page.text
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page.text), "next": "https://evil.example"},
                           follow_redirects=False)
    assert response.headers["location"] == "/inbox"


def test_deactivated_user_loses_session(client, session):
    user = make_user(session, "agent")
    login(client, user.email)
    user.is_active = False
    session.commit()
    assert client.get("/inbox", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_forms_without_csrf_are_refused(client, session, brand):
    user = make_user(session, "admin")
    login(client, user.email)
    response = client.post("/settings/brands", data={"slug": "evil", "name": "Evil"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_has_the_documented_permissions(role):
    assert role_can(role, Permission.CONVERSATIONS_VIEW)
    assert role_can(role, Permission.CONVERSATIONS_REPLY)
    assert role_can(role, Permission.CONVERSATIONS_ASSIGN) == (role != "agent")
    assert role_can(role, Permission.TOKENS_MANAGE) == (role == "admin")
    assert role_can(role, Permission.MESSAGES_INGEST) == (role in ("lead", "admin"))


def test_routes_check_permissions_not_just_templates(client, session):
    agent = make_user(session, "agent")
    csrf = login(client, agent.email)
    assert client.get("/settings/tokens").status_code == 403
    assert client.post("/settings/tokens", data={"name": "x", "role": "admin", "csrf_token": csrf}).status_code == 403
    assert client.get("/api/v1/tokens", headers={"X-CSRF-Token": csrf}).status_code == 403
    assert client.post("/api/v1/users", json={"email": "x@y.z", "name": "x", "role": "admin",
                                              "password": "0123456789"},
                       headers={"X-CSRF-Token": csrf}).status_code == 403
    assert session.scalar(select(ApiToken)) is None


# Public by design: platform handshakes, each protected by its own check (see
# tests/channels/test_webhooks.py). Their POSTs are signed and still answer 401 here.
PUBLIC_ROUTES = {("get", "/api/v1/webhooks/x"): 400, ("get", "/api/v1/webhooks/meta"): 403}


def test_every_api_route_needs_authentication(client):
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        concrete = path.replace("{conversation_id}", "1").replace("{token_id}", "1").replace(
            "{slug}", "acme").replace("{tag}", "x")
        for method in operations:
            response = client.request(method.upper(), concrete)
            expected = PUBLIC_ROUTES.get((method, path), 401)
            assert response.status_code == expected, (method, path, response.status_code)


def test_token_lifecycle_through_the_api(client, session):
    admin = token_headers(session, "admin")
    created = client.post("/api/v1/tokens", json={"name": "relay", "role": "lead"}, headers=admin)
    assert created.status_code == 201
    plain = created.json()["token"]
    stored = session.scalar(select(ApiToken).where(ApiToken.name == "relay"))
    assert plain not in (stored.token_hash, stored.prefix) and plain.startswith(stored.prefix)
    as_relay = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=as_relay).json()["role"] == "lead"
    listed = client.get("/api/v1/tokens", headers=admin).json()
    assert all("token" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{stored.id}", headers=admin).status_code == 200
    assert client.get("/api/v1/me", headers=as_relay).status_code == 401


def test_tokens_page_creates_shows_once_and_revokes(client, session):
    admin = make_user(session, "admin")
    csrf = login(client, admin.email)
    response = client.post("/settings/tokens", data={"name": "zapier", "role": "lead", "csrf_token": csrf})
    assert response.status_code == 200
    plain = response.text.split('id="new-token">')[1].split("<")[0]
    assert plain.startswith("esc_")
    assert plain not in client.get("/settings/tokens").text  # shown once only
    token = session.scalar(select(ApiToken).where(ApiToken.name == "zapier"))
    client.post(f"/settings/tokens/{token.id}/revoke", data={"csrf_token": csrf})
    session.refresh(token)
    assert token.revoked_at is not None


def test_ensure_admin_generates_once(session):
    user, generated = ensure_admin(session, email="root@example.com", password=None)
    assert generated and verify_password(user.password_hash, generated)
    again, second = ensure_admin(session, email="root@example.com", password=None)
    assert again.id == user.id and second is None
    assert session.scalar(select(User).where(User.email == "root@example.com")) is not None
