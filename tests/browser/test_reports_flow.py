"""In a real browser: a lead opens the reports, filters them, reads the team report and its CSV."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from escalada.auth.principal import Principal
from escalada.auth.service import create_token, create_user, principal_for_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from escalada.inbox import service as inbox
from escalada.kit.clock import utc_now

pytestmark = pytest.mark.browser
ADMIN = Principal(role="admin", label="test")
PASSWORD = "browser password 2"


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="lead@example.com", name="Lena Lead", role="lead", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        add_account(session, brand=brand, platform="messenger", handle="acme.page", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
    earlier = (utc_now() - timedelta(hours=2)).isoformat()
    messages = [
        {"platform": "x", "platform_message_id": "r1", "brand_account": "AcmeHelp",
         "author": {"handle": "maria"}, "text": "I was charged twice for order 4471",
         "visibility": "public", "created_at": earlier},
        {"platform": "messenger", "platform_message_id": "r2", "brand_account": "acme.page",
         "author": {"handle": "tom"}, "text": "Where is my parcel? Order 8812 never arrived",
         "visibility": "private", "created_at": earlier},
    ]
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(messages),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                          timeout=60)
    ids = [r["conversation_id"] for r in response.json()["results"]]
    with db.unit_of_work() as session:
        from escalada.models import User

        lead = session.query(User).filter_by(email="lead@example.com").one()
        inbox.reply(session, conversation_id=ids[0], text="Refund on its way", visibility="public",
                    principal=principal_for_user(lead))
    db.engine.dispose()
    return base


def test_lead_reads_filters_and_exports_reports(browser, seeded):
    base = seeded
    page = browser.new_page()
    page.goto(f"{base}/reports")
    page.fill("input[name=email]", "lead@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/reports")
    assert page.locator("h1").inner_text().startswith("Overview")
    assert "2 conversations" in page.locator("h1").inner_text()
    assert page.locator("svg.chart").count() >= 2

    page.select_option("select[name=channel]", "messenger")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**channel=messenger**")
    assert "1 conversations" in page.locator("h1").inner_text()

    page.click("nav.report-tabs >> text=Team")
    page.wait_for_url("**/reports/team?**channel=messenger**")
    assert page.locator("#team tbody tr").count() == 0  # nobody answered on messenger
    page.click("form.filters >> text=Reset")
    page.wait_for_url(f"{base}/reports/team")
    row = page.locator("#team tbody tr", has_text="Lena Lead")
    assert row.locator("td").nth(2).inner_text() == "1"  # replies (after the team)

    href = page.locator("a", has_text="CSV").first.get_attribute("href")
    csv_text = page.context.request.get(f"{base}{href}").text()  # the browser's own session
    assert csv_text.splitlines()[0].startswith("agent_id,agent,replies")
    assert "Lena Lead" in csv_text

    page.click("nav.report-tabs >> text=Volume")
    page.wait_for_url("**/reports/volume**")
    assert page.locator("svg.chart rect title").count() >= 7 * 24
    page.close()
