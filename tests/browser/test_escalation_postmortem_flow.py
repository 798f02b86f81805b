"""In a real browser: an executive escalation is resolved, its post-mortem is written and
published by the escalation manager, and its action item shows with the open items."""

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
PASSWORD = "browser password 3"


@pytest.fixture(scope="module")
def resolved_escalation(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="max@exec.example", name="Max Manager", role="escalation_manager",
                    password=PASSWORD, actor=ADMIN)
        brand = create_brand(session, slug="streamco", name="StreamCo", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="StreamCoHelp", actor=ADMIN)
        _, token = create_token(session, name="feed-exec", role="lead", actor=ADMIN)
    db.engine.dispose()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    message = {"platform": "x", "platform_message_id": "exec-1", "brand_account": "StreamCoHelp",
               "author": {"handle": "angry_viewer", "followers": 90},
               "text": "Third outage this week. I'm cancelling my subscription and my lawyer will be in touch",
               "visibility": "public", "created_at": "2026-11-20T19:00:00+00:00"}
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps([message]), headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    cid = response.json()["results"][0]["conversation_id"]
    for status in ("open", "resolved"):
        done = httpx.put(f"{base}/api/v1/conversations/{cid}/status", json={"status": status}, headers=headers)
        assert done.status_code == 204, done.text
    return base, cid


def test_escalation_post_mortem_written_published_and_followed_up(browser, resolved_escalation):
    base, cid = resolved_escalation
    page = browser.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "max@exec.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")

    page.goto(f"{base}/incidents/review")
    page.click("a:has-text('Executive escalations')")
    page.click(f"a[href='/executive/postmortems/{cid}']")
    assert "flagged as an executive escalation" in page.locator("ol.timeline").inner_text()
    page.fill("#pm-root_cause", "Three outages in one week without a word from us")
    page.fill("#pm-concessions", "Two months free")
    page.click("button:has-text('Save and publish')")
    page.wait_for_selector("text=Post-mortem published.")
    assert "published" in page.locator("span.status").inner_text()
    page.fill("#new-item input[name=description]", "Proactive outage notices")
    page.click("button:has-text('Add action item')")
    page.wait_for_selector("tr.action-item")

    page.goto(f"{base}/incidents/action-items")
    row = page.locator("tr.action-item")
    assert "Proactive outage notices" in row.inner_text() and "@angry_viewer" in row.inner_text()
    page.click("button:has-text('Mark done')")
    page.wait_for_selector("text=No open action items.")
    page.close()
