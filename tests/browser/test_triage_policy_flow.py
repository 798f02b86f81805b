"""In a real browser: a lead adds a brand keyword and a tier, saves, and tries a message."""

from __future__ import annotations

import pytest

from escalada.auth.principal import Principal
from escalada.auth.service import create_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine

pytestmark = pytest.mark.browser
ADMIN = Principal(role="admin", label="test")
PASSWORD = "browser password 2"


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="lea@example.com", name="Lea Lead", role="lead",
                    password=PASSWORD, actor=ADMIN)
        brand = create_brand(session, slug="telco", name="Telco", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="TelcoHelp", actor=ADMIN)
    db.engine.dispose()
    return base


def test_lead_sets_keyword_and_tier_then_tries_a_message(browser, seeded):
    base = seeded
    page = browser.new_page()
    page.goto(f"{base}/login?next=/settings/brands")
    page.fill("input[name=email]", "lea@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/settings/brands")
    page.click("text=Triage policy")
    page.wait_for_url(f"{base}/settings/brands/telco/triage")

    page.fill("textarea[name=keywords_outage]", "sin cobertura\nno bars")
    page.select_option("select[name=tier_technical]", "3")
    page.click("text=Save policy")
    assert "Triage policy for Telco saved" in page.locator(".flash").inner_text()
    assert page.input_value("textarea[name=keywords_outage]") == "sin cobertura\nno bars"
    assert page.input_value("select[name=tier_technical]") == "3"

    page.fill("textarea[name=text]", "Llevo todo el día sin cobertura en Valencia")
    page.click("text=Triage with the saved policy")
    result = page.locator("#triage-result")
    result.wait_for()
    assert "Tier 3" in result.inner_text()
    assert "outage" in result.inner_text()
    assert "sin cobertura" in result.inner_text()
    page.close()
