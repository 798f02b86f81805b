"""In a real browser, a lead sets up routing and a rule; a message arrives and shows
who got it, why, and its SLA clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from escalada.auth.principal import Principal
from escalada.auth.service import create_token, create_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine

pytestmark = pytest.mark.browser
ADMIN = Principal(role="admin", label="test")
PASSWORD = "browser password 1"


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="lea@example.com", name="Lea Lead", role="lead", password=PASSWORD, actor=ADMIN)
        create_user(session, email="piotr@example.com", name="Piotr", role="senior_agent", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
    db.engine.dispose()
    return base, token


def test_lead_sets_up_routing_and_rule_then_sees_the_decision_and_clock(browser, seeded):
    base, token = seeded
    page = browser.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "lea@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")

    page.click("nav a[href='/teams']")
    page.wait_for_url(f"{base}/teams")
    form = page.locator("form[aria-label='New team']")
    form.locator("input[name=name]").fill("Escalations")
    form.locator("input[name=slug]").fill("escalations")
    form.locator("select[name=kind]").select_option("escalations")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#teams >> text=Escalations")

    agent = page.locator("form[aria-label='Agent profile']")
    agent.locator("select[name=user_id]").select_option(label="Piotr (piotr@example.com)")
    agent.locator("select[name=tier_level]").select_option("3")
    agent.locator("input[name=languages]").fill("pl en")
    agent.locator("input[value=billing]").check()
    agent.locator("input[name=timezone]").fill("Europe/Warsaw")
    agent.locator("input[name=shifts]").fill("daily 00:00-24:00")
    agent.locator("select[name=status]").select_option("online")
    agent.locator("button[type=submit]").click()
    page.wait_for_selector("#agents >> text=Piotr")
    assert "public 0/8" in page.locator("#agents").inner_text()

    page.click("nav a[href='/rules']")
    rule = page.locator("form[aria-label=Rule]")
    rule.locator("input[name=name]").fill("Money matters")
    rule.locator("textarea[name=conditions]").fill("categories contains billing")
    rule.locator("textarea[name=actions]").fill("tag money\nset_priority urgent")
    rule.locator("button[value=test]").click()
    page.wait_for_selector("#dry-run")
    assert "fires on 0 of the last 0 messages" in page.locator("#dry-run").inner_text()
    page.locator("form[aria-label=Rule] button[value=save]").click()
    page.wait_for_selector("#rules >> text=Money matters")

    message = {"platform": "x", "platform_message_id": "77", "brand_account": "AcmeHelp",
               "author": {"handle": "kasia", "followers": 900},
               "text": "Pobrano mi opłatę dwa razy za zamówienie 5531, proszę o zwrot pieniędzy",
               "visibility": "public", "created_at": datetime.now(UTC).isoformat()}
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(message),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                          timeout=60)  # the first triage loads its language models
    assert response.status_code == 201, response.text

    page.click("nav a[href='/inbox']")
    row = page.locator("table.inbox tbody tr.conv").first
    assert "Piotr" in row.inner_text() and "due in 1" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/conversations/*")
    panel = page.locator("#sla-panel")
    panel.locator("text=Default tier 3").wait_for()
    assert "routed to Piotr: pl, billing, tier 3" in panel.inner_text()
    timeline = page.locator("section[aria-label=Timeline]").inner_text()
    assert "Money matters" in timeline and "priority urgent" in timeline
    page.close()
