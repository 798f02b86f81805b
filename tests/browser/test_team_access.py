"""People in the browser: an admin re-roles and deactivates a teammate on the Team page,
which signs them out at once; a person changes their own password at /account."""

from __future__ import annotations

import pytest

from escalada.auth.service import create_user
from escalada.db import Database, make_engine
from tests.browser.test_workspace import ADMIN, PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def team(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="root@example.com", name="Rita Root", role="admin", password=PASSWORD,
                    actor=ADMIN)
        leaver = create_user(session, email="leaver@example.com", name="Leo Leaver", role="agent",
                             password=PASSWORD, actor=ADMIN)
        create_user(session, email="pat@example.com", name="Pat Person", role="agent", password=PASSWORD,
                    actor=ADMIN)
        leaver_id = leaver.id
    db.engine.dispose()
    return base, leaver_id


def test_an_admin_re_roles_then_deactivates_and_the_session_ends(browser, team):
    base, leaver_id = team
    agent_context, agent_page = sign_in(browser, base, "leaver@example.com")
    admin_context, admin = sign_in(browser, base, "root@example.com")
    try:
        admin.goto(f"{base}/settings/users")
        row = admin.locator(f"#user-{leaver_id}")
        row.locator("select[name=role]").select_option("senior_agent")
        row.get_by_role("button", name="Save").click()
        admin.wait_for_url(f"{base}/settings/users")
        assert "role senior agent" in admin.locator(".flash").inner_text()
        agent_page.goto(f"{base}/inbox")
        assert "/login" in agent_page.url  # the new role ended the old session

        row = admin.locator(f"#user-{leaver_id}")
        row.locator("input[name=active]").uncheck()
        row.get_by_role("button", name="Save").click()
        assert "deactivated and signed out" in admin.locator(".flash").inner_text()
        agent_page.fill("input[name=email]", "leaver@example.com")
        agent_page.fill("input[name=password]", PASSWORD)
        agent_page.click("button[type=submit]")
        assert "Email or password is wrong" in agent_page.content()
    finally:
        agent_context.close()
        admin_context.close()


def test_a_weak_new_password_is_explained_and_a_strong_one_signs_out_other_browsers(browser, team):
    base, _ = team
    other_context, other = sign_in(browser, base, "pat@example.com")
    context, page = sign_in(browser, base, "pat@example.com")
    try:
        page.click("a[href='/account']")
        page.fill("input[name=current_password]", PASSWORD)
        page.fill("input[name=password]", "password12")
        page.fill("input[name=confirm]", "password12")
        page.click("main button[type=submit]")
        assert "too weak" in page.locator("#password-error").inner_text(), page.content()
        assert page.locator("input[name=password]").get_attribute("aria-invalid") == "true"
        page.fill("input[name=current_password]", PASSWORD)
        page.fill("input[name=password]", "lantern meadow quiet orbit")
        page.fill("input[name=confirm]", "lantern meadow quiet orbit")
        page.click("main button[type=submit]")
        assert "Password changed" in page.locator(".flash").inner_text()
        page.goto(f"{base}/inbox")
        assert page.url.endswith("/inbox")  # this browser stays signed in
        other.goto(f"{base}/inbox")
        assert "/login" in other.url  # the other one does not
    finally:
        context.close()
        other_context.close()
