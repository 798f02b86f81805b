"""In a real browser: an agent opens an incident from a conversation, a manager drafts the
customer update, a lead approves and sends it, and everyone affected is answered."""

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
PASSWORD = "browser password 2"


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        for email, name, role in (("ana@inc.example", "Ana Agent", "agent"),
                                  ("max@inc.example", "Max Manager", "escalation_manager"),
                                  ("lea@inc.example", "Lea Lead", "lead")):
            create_user(session, email=email, name=name, role=role, password=PASSWORD, actor=ADMIN)
        brand = create_brand(session, slug="streamco", name="StreamCo", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="StreamCoHelp", actor=ADMIN)
        add_account(session, brand=brand, platform="messenger", handle="streamco.page", actor=ADMIN)
        _, token = create_token(session, name="feed-incidents", role="lead", actor=ADMIN)
    db.engine.dispose()
    messages = [
        {"platform": "x", "platform_message_id": "inc-1", "brand_account": "StreamCoHelp",
         "author": {"handle": "viewer_one", "followers": 90},
         "text": "StreamCo player shows error TW-3001 on every film", "visibility": "public",
         "created_at": "2026-11-20T19:00:00+00:00"},
        {"platform": "messenger", "platform_message_id": "inc-2", "brand_account": "streamco.page",
         "author": {"handle": "viewer_two", "followers": 10},
         "text": "Hola, el reproductor da error TW-3001", "visibility": "private",
         "created_at": "2026-11-20T19:02:00+00:00"},
    ]
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(messages),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                          timeout=60)  # the first triage builds the language model
    assert response.status_code == 200 and response.json()["created"] == 2
    return base, [r["conversation_id"] for r in response.json()["results"]]


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")


def _sign_out(page) -> None:
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login")


def test_incident_from_conversation_to_every_customer_answered(browser, seeded):
    base, (first, second) = seeded
    page = browser.new_page()

    _sign_in(page, base, "ana@inc.example")
    page.goto(f"{base}/conversations/{first}")
    page.click("text=Part of a wider problem?")  # the banner arrives through HTMX
    page.fill("#open-incident input[name=title]", "Player error TW-3001")
    page.click("button:has-text('Open incident from this conversation')")
    page.wait_for_selector(".incident-banner")
    assert "Part of incident" in page.locator(".incident-banner").inner_text()
    page.goto(f"{base}/conversations/{second}")
    page.click("text=Part of a wider problem?")
    page.click("button:has-text('Link to incident')")
    page.wait_for_selector(".incident-banner")
    _sign_out(page)

    _sign_in(page, base, "max@inc.example")
    page.click("nav >> text=Incidents")
    page.click("text=Player error TW-3001")
    assert page.locator("tr.linked").count() == 2
    page.click("button:has-text('Confirm')")
    page.wait_for_selector("#incident-status:has-text('confirmed')")
    page.select_option("#draft-update select[name=kind]", "resolution")
    page.fill("#text-en", "The player is fixed. Sorry for the trouble!")
    page.fill("#text-es", "El reproductor ya funciona. ¡Perdón por las molestias!")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("article.update")
    _sign_out(page)

    _sign_in(page, base, "lea@inc.example")
    page.goto(f"{base}/incidents")
    page.click("text=Player error TW-3001")
    page.click("article.update button:has-text('Approve')")
    page.click("button:has-text('Resolve and send to 2 conversations')")
    page.wait_for_selector("#incident-status:has-text('resolved')")
    page.wait_for_selector(".progress:has-text('100%')")
    assert "2 sent" in page.locator(".progress").inner_text()
    page.click("a:has-text('Post-mortem')")
    page.fill("#pm-root_cause", "A player release without the TW-3001 fallback")
    page.fill("#pm-went_well", "Detected within minutes")
    page.click("button:has-text('Save and publish')")
    page.wait_for_selector("[role=status]:has-text('published')")
    page.goto(f"{base}/conversations/{second}")
    update = page.locator(".msg.outbound:has-text('El reproductor ya funciona')")  # the CSAT survey follows it
    assert "private" in update.inner_text().lower()
    page.close()
