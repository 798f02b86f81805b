"""In a real browser: sign in → inbox → open a conversation → reply → see it in the thread."""

from __future__ import annotations

import json

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
        create_user(session, email="ana@example.com", name="Ana Agent", role="agent", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
    db.engine.dispose()
    messages = [
        {"platform": "x", "platform_message_id": "9001", "brand_account": "AcmeHelp",
         "author": {"handle": "maria_g", "name": "María García", "followers": 250_000, "verified": True,
                    "bio": "Travel writer"},
         "text": "@AcmeHelp me cobraron dos veces el pedido 4471, ¿dónde está mi reembolso?",
         "visibility": "public", "created_at": "2026-11-20T09:00:00+00:00"},
        {"platform": "x", "platform_message_id": "9002", "brand_account": "AcmeHelp",
         "author": {"handle": "happy_tom", "followers": 40},
         "text": "Love the new app ❤️", "visibility": "public", "created_at": "2026-11-20T09:05:00+00:00"},
    ]
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(messages),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                          timeout=60)  # the first triage loads its language models
    assert response.status_code == 200 and response.json()["created"] == 2
    return base


def test_sign_in_open_conversation_reply_and_see_it(browser, seeded):
    base = seeded
    page = browser.new_page()
    page.goto(f"{base}/inbox")
    assert "/login" in page.url  # signed-out visitors land on the login form
    page.fill("input[name=email]", "ana@example.com")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Email or password is wrong."
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")

    rows = page.locator("table.inbox tbody tr.conv")
    assert rows.count() == 2
    assert "maria_g" in rows.first.inner_text()  # the urgent billing case comes first
    page.fill("input[name=q]", "reembolso")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**q=reembolso**")
    assert page.locator("table.inbox tbody tr.conv").count() == 1

    page.click("text=me cobraron dos veces")
    page.wait_for_url("**/conversations/*")
    assert page.locator("section[aria-label=Customer]").inner_text().count("250k") == 1
    assert "billing" in page.locator("section[aria-label=Triage]").inner_text()
    assert page.locator("input[name=visibility][value=private]").is_checked()  # needs_private

    page.fill("#reply-text", "Lo sentimos, María. Te escribimos por mensaje privado.")
    page.click("button:has-text('Send reply')")
    page.wait_for_selector(".msg.outbound")
    outbound = page.locator(".msg.outbound").last
    assert "Lo sentimos, María" in outbound.inner_text()
    assert "sent" in outbound.locator(".delivery").inner_text()
    assert "private" in outbound.inner_text().lower()
    assert "queued for sending" in page.locator("[role=status]").first.inner_text()

    page.fill("#note-text", "Refund ticket R-1 opened")
    page.click("button:has-text('Add note')")
    page.wait_for_selector(".msg.note")
    page.select_option("select[name=status]", "pending")
    page.click("form[action$='/status'] button")
    page.wait_for_selector("#status-label:has-text('pending')")
    page.close()
