"""In a real browser: a lead connects an X account, X delivers a mention, it reaches the inbox."""

from __future__ import annotations

import httpx
import pytest

from escalada.auth.principal import Principal
from escalada.auth.service import create_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from tests.channels.conftest import fixture_bytes, x_signature

pytestmark = pytest.mark.browser
ADMIN = Principal(role="admin", label="test")
PASSWORD = "browser password 2"
SECRET = "browser-consumer-secret"


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="lea@example.com", name="Lea Lead", role="lead", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
    db.engine.dispose()
    return base


def test_connect_x_account_then_receive_a_webhook(browser, seeded):
    base = seeded
    page = browser.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "lea@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Channels")
    assert "/api/v1/webhooks/x" in page.inner_text("main")
    card = page.locator("section.card", has_text="@AcmeHelp")
    assert "sandbox" in card.inner_text()
    card.locator("input[name=external_id]").fill("4337869213")
    card.locator("input[name=consumer_secret]").fill(SECRET)
    card.locator("input[name=access_token]").fill("user-token")
    card.locator("button", has_text="Connect").click()
    page.wait_for_selector("text=will not be shown again")
    card = page.locator("section.card", has_text="@AcmeHelp")
    assert "connected" in card.inner_text()
    assert SECRET not in page.content()

    crc = httpx.get(f"{base}/api/v1/webhooks/x", params={"crc_token": "abc"})
    assert crc.json()["response_token"] == x_signature(b"abc", SECRET)
    body = fixture_bytes("x_tweet_create_events.json")
    sent = httpx.post(f"{base}/api/v1/webhooks/x", content=body,
                      headers={"x-twitter-webhooks-signature": x_signature(body, SECRET),
                               "content-type": "application/json"})
    assert sent.status_code == 200

    page.goto(f"{base}/settings/channels?state=processed")
    row = page.locator("table.grid tbody tr").first
    assert "processed" in row.inner_text() and "created: 2" in row.inner_text()
    page.goto(f"{base}/inbox")
    inbox = page.inner_text("main")
    assert "jane_doe" in inbox and "order 7781" in inbox
    # The conversation shows the customer's history, loaded after the page.
    page.click("text=jane_doe")
    page.wait_for_selector("text=Posts seen in the last 7 days")
    assert "Troll score" in page.inner_text("#author-context")
