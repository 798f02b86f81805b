"""Access that ends when it should: sign-out, password change, deactivation and a new role
each end sessions at once, even for a copied cookie; weak passwords are refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from escalada.app import create_app
from escalada.models import User
from tests.conftest import PASSWORD, csrf_from, login, make_user, token_headers

NEW_PASSWORD = "plum kettle orbit saga"


@contextmanager
def _browser(db, settings, cookies_of: TestClient | None = None) -> Iterator[TestClient]:  # noqa: ANN001
    """Another browser; with ``cookies_of``, one holding a copy of that browser's session
    cookie (a stolen or replayed cookie)."""
    with TestClient(create_app(settings, db=db)) as other:
        if cookies_of is not None:
            other.cookies.update(cookies_of.cookies)
        yield other


def _signed_in(c: TestClient) -> bool:
    return c.get("/inbox", follow_redirects=False).status_code == 200


def test_a_cookie_replayed_after_sign_out_is_refused(client, session, db, settings):
    user = make_user(session, "agent")
    token = login(client, user.email)
    with _browser(db, settings, cookies_of=client) as copy:
        assert _signed_in(copy)
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert not _signed_in(copy)


def test_changing_your_password_ends_other_sessions_and_keeps_this_one(client, session, db, settings):
    user = make_user(session, "agent")
    token = login(client, user.email)
    with _browser(db, settings, cookies_of=client) as copy:
        _change_password(client, token, copy)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/inbox").text)})
    login(client, user.email, NEW_PASSWORD)


def _change_password(client: TestClient, token: str, copy: TestClient) -> None:
    wrong = client.post("/account/password", data={"csrf_token": token, "current_password": "not it at all",
                                                    "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "current password is wrong" in wrong.text
    weak = client.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD,
                                                   "password": "password12", "confirm": "password12"})
    assert weak.status_code == 422 and "too weak" in weak.text
    done = client.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD,
                                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       follow_redirects=False)
    assert done.status_code == 303
    assert _signed_in(client) and not _signed_in(copy)


def test_deactivation_and_a_new_role_end_sessions_at_once(client, session, db, settings):
    agent = make_user(session, "agent", email="agent@example.com")
    make_user(session, "admin", email="admin@example.com")
    with _browser(db, settings) as agent_browser:
        _role_change_then_deactivation(client, agent, agent_browser)


def _role_change_then_deactivation(client: TestClient, agent: User, agent_browser: TestClient) -> None:
    login(agent_browser, agent.email)
    admin_token = login(client, "admin@example.com")

    promoted = client.post(f"/settings/users/{agent.id}", data={
        "csrf_token": admin_token, "role": "senior_agent", "active": "on"}, follow_redirects=False)
    assert promoted.status_code == 303
    assert not _signed_in(agent_browser)
    login(agent_browser, agent.email)
    assert agent_browser.get("/api/v1/me").json()["role"] == "senior_agent"

    deactivated = client.post(f"/settings/users/{agent.id}", data={
        "csrf_token": admin_token, "role": "senior_agent"}, follow_redirects=False)
    assert deactivated.status_code == 303
    assert not _signed_in(agent_browser)
    page = agent_browser.get("/login")
    refused = agent_browser.post("/login", data={"email": agent.email, "password": PASSWORD,
                                                 "csrf_token": csrf_from(page.text)})
    assert refused.status_code == 401


def test_an_admin_resets_a_password_through_the_api(client, session, db, settings):
    agent = make_user(session, "agent")
    headers = token_headers(session, "admin")
    with _browser(db, settings) as browser:
        login(browser, agent.email)
        assert client.post(f"/api/v1/users/{agent.id}/password", json={"password": "1234567890"},
                           headers=headers).status_code == 422
        response = client.post(f"/api/v1/users/{agent.id}/password", json={"password": NEW_PASSWORD},
                               headers=headers)
        assert response.status_code == 200
        assert not _signed_in(browser)
        login(browser, agent.email, NEW_PASSWORD)


def test_user_edits_through_the_api_and_the_last_admin_stays(client, session):
    admin = make_user(session, "admin", email="only-admin@example.com")
    agent = make_user(session, "agent")
    headers = token_headers(session, "admin")
    body = client.patch(f"/api/v1/users/{agent.id}", json={"role": "lead", "name": "Agnes"},
                        headers=headers).json()
    assert (body["role"], body["name"], body["is_active"]) == ("lead", "Agnes", True)
    last = client.patch(f"/api/v1/users/{admin.id}", json={"is_active": False}, headers=headers)
    assert last.status_code == 409 and "admin" in last.json()["error"]["message"]
    assert client.patch("/api/v1/users/99999999999", json={"is_active": False}, headers=headers).status_code == 422
    assert client.patch(f"/api/v1/users/{agent.id}", json={"role": "agent"},
                        headers=token_headers(session, "lead")).status_code == 403


@pytest.mark.parametrize("weak", ["password12", "1234567890", "qwertyuiop1", "short"])
def test_weak_passwords_are_refused_with_a_reason(client, session, weak):
    response = client.post("/api/v1/users", json={"email": "new@example.com", "name": "New", "role": "agent",
                                                  "password": weak}, headers=token_headers(session, "admin"))
    assert response.status_code == 422
    assert "password" in response.json()["error"]["message"]


def test_a_weak_password_on_the_team_page_keeps_what_was_typed(client, session):
    make_user(session, "admin", email="admin@example.com")
    token = login(client, "admin@example.com")
    page = client.post("/settings/users", data={"csrf_token": token, "email": "newbie@example.com",
                                                "name": "Newbie", "role": "agent", "password": "password12"})
    assert page.status_code == 422
    assert 'value="newbie@example.com"' in page.text and "too weak" in page.text
    assert session.query(User).filter_by(email="newbie@example.com").first() is None


def test_the_cli_deactivates_and_resets(db, session, monkeypatch):
    from escalada import cli

    agent = make_user(session, "agent")
    epoch = agent.session_epoch
    monkeypatch.setattr(cli, "_db", lambda: db)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["user", "deactivate", agent.email])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert not session.get(User, agent.id).is_active and session.get(User, agent.id).session_epoch > epoch
    result = runner.invoke(cli.app, ["user", "set-role", agent.email, "lead"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli.app, ["user", "reset-password", agent.email, "--password", "1234567890"])
    assert result.exit_code == 1 and "too weak" in result.output
    result = runner.invoke(cli.app, ["user", "list"])
    assert agent.email in result.output


def _try(c: TestClient, email: str, password: str) -> int:
    page = c.get("/login")
    return c.post("/login", data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
                  follow_redirects=False).status_code


def test_an_attacker_cannot_lock_a_colleague_out(client, session, db, settings):
    victim = make_user(session, "agent", email="victim@example.com")
    with TestClient(create_app(settings, db=db), client=("203.0.113.9", 4000)) as attacker:
        for _ in range(8):
            assert _try(attacker, victim.email, "wrong wrong wrong") == 401
        # the attacker's client is throttled, even with the right password…
        assert _try(attacker, victim.email, PASSWORD) == 401
    # …another process on another client signs in with the correct password
    with TestClient(create_app(settings, db=db), client=("198.51.100.7", 5000)) as office:
        assert _try(office, victim.email, PASSWORD) == 303


def test_one_client_spraying_many_accounts_is_throttled_across_processes(client, session, db, settings):
    real = make_user(session, "agent", email="real@example.com")
    for n in range(20):  # two processes (two apps) count the same failures
        with TestClient(create_app(settings, db=db), client=("203.0.113.50", 4000 + n)) as sprayer:
            assert _try(sprayer, f"guess{n}@example.com", "password guess 1") == 401
    with TestClient(create_app(settings, db=db), client=("203.0.113.50", 4100)) as sprayer:
        assert _try(sprayer, real.email, PASSWORD) == 401


def test_a_very_long_password_is_judged_not_refused(client, session):
    response = client.post("/api/v1/users", json={"email": "long@example.com", "name": "Long", "role": "agent",
                                                  "password": "correct horse battery staple " * 6},
                           headers=token_headers(session, "admin"))
    assert response.status_code == 201, response.text
