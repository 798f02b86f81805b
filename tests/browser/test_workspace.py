"""Two agents in two browser contexts: presence and typing, the refused second reply,
the privacy guard stopping a public reply, and an approval round-trip."""

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
PASSWORD = "browser password 7"


@pytest.fixture(scope="module")
def site(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        for email, name, role in (("ana@example.com", "Ana Agent", "agent"),
                                  ("ben@example.com", "Ben Agent", "agent"),
                                  ("lea@example.com", "Lea Lead", "lead"),
                                  ("ria@example.com", "Ria Admin", "admin")):
            create_user(session, email=email, name=name, role=role, password=PASSWORD, actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
    db.engine.dispose()

    def feed(pid: str, text: str, handle: str) -> int:
        message = {"platform": "x", "platform_message_id": pid, "brand_account": "AcmeHelp",
                   "author": {"handle": handle, "followers": 300}, "text": text, "visibility": "public",
                   "created_at": "2026-11-20T09:00:00+00:00"}
        response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(message),
                              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                              timeout=60)  # the first message loads the language models
        assert response.status_code == 201, response.text
        return response.json()["conversation_id"]

    return base, feed


def sign_in(browser, base: str, email: str):  # noqa: ANN201
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")
    return context, page


def test_two_agents_see_each_other_and_the_second_reply_is_refused(browser, site):
    base, feed = site
    cid = feed("7001", "My parcel is a week late, where is it?", "late_parcel")
    ana_ctx, ana = sign_in(browser, base, "ana@example.com")
    ben_ctx, ben = sign_in(browser, base, "ben@example.com")
    try:
        ana.goto(f"{base}/conversations/{cid}")
        ben.goto(f"{base}/conversations/{cid}")
        ana.wait_for_selector("#presence .viewer:has-text('Ben Agent')")
        ben.wait_for_selector("#presence .viewer:has-text('Ana Agent')")

        ben.fill("#reply-text", "Hi! Checking with the courier")
        ben.type("#reply-text", " now")
        ana.wait_for_selector("#presence .viewer.typing:has-text('Ben Agent is typing')")

        ana.fill("#reply-text", "Sorry about the delay! It is out for delivery today.")
        ana.click("button:has-text('Send reply')")
        ana.wait_for_selector(".msg.outbound:has-text('out for delivery today')")
        ben.wait_for_selector("#collision:has-text('Ana Agent just sent a public reply')")

        ben.click("button:has-text('Send reply')")
        ben.wait_for_selector("#conflict")
        conflict = ben.locator("#conflict").inner_text()
        assert "Not sent" in conflict and "out for delivery today" in conflict
        assert ben.locator("#reply-text").input_value() == "Hi! Checking with the courier now"
        assert ben.locator(".msg.outbound").count() == 1  # the customer got one answer

        ben.click("button:has-text('Claim')")
        ana.wait_for_selector("#owner:has-text('Ben Agent has this conversation now.')")

        ben.close()  # Ben leaves: Ana's presence bar empties
        ana.wait_for_selector("#presence .viewer", state="detached")
    finally:
        ana_ctx.close()
        ben_ctx.close()


def test_a_public_reply_with_personal_data_is_stopped_and_moved_to_private(browser, site):
    base, feed = site
    cid = feed("7002", "I was charged twice this month, refund please", "double_charged")
    ctx, page = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/conversations/{cid}")
        page.check("input[name=visibility][value=public]")
        page.fill("#reply-text", "Sorry! Can you just tell us your card number?")
        page.wait_for_selector("#guard-findings .finding.privacy")
        findings = page.locator("#guard-findings").inner_text()
        assert "will be stopped" in findings and "card number" in findings
        assert page.locator("#guard-findings .finding.tone mark").first.inner_text() == "just"

        page.click("button:has-text('Send reply')")
        page.wait_for_selector(".blocked:has-text('Not sent.')")
        assert page.locator(".msg.outbound").count() == 0

        page.click(".blocked button:has-text('Ask to DM us')")
        page.wait_for_selector(".msg.outbound:has-text('private message')")
        assert page.locator("input[name=visibility][value=private]").is_checked()
        assert page.locator("#reply-text").input_value() == "Sorry! Can you just tell us your card number?"
        page.click("button:has-text('Send reply')")
        page.wait_for_selector(".msg.outbound.private:has-text('card number')")
    finally:
        ctx.close()


def test_approval_round_trip(browser, site):
    base, feed = site
    lea_ctx, lea = sign_in(browser, base, "lea@example.com")
    ana_ctx, ana = sign_in(browser, base, "ana@example.com")
    try:
        lea.goto(f"{base}/settings/approval-rules")
        lea.fill("input[name=name]", "Legal threats")
        lea.check("input[name=categories][value=legal]")
        lea.click("button:has-text('Add rule')")
        lea.wait_for_selector("td:has-text('Legal threats')")

        lea.goto(f"{base}/approvals")
        lea.wait_for_selector("#approval-queue[data-live=connected]", state="attached")
        cid = feed("7003", "Fix this or my lawyer will file a lawsuit against you", "angry_legal")
        ana.goto(f"{base}/conversations/{cid}")
        ana.fill("#reply-text", "We hear you and are looking into it right now.")
        ana.click("button:has-text('Send reply')")
        ana.wait_for_selector(".awaiting:has-text('Awaiting approval')")
        assert ana.locator(".msg.outbound").count() == 0

        lea.wait_for_selector("article.approval:has-text('angry_legal')")  # the queue refreshed itself
        # the approver was told at once, as an escalation: the customer has waited too long
        lea.goto(f"{base}/notifications")
        assert "Near SLA breach" in lea.locator("ul.notifications").inner_text()
        lea.goto(f"{base}/approvals")
        assert lea.locator("nav .pending-approvals").inner_text() == "1"
        card = lea.locator("article.approval", has_text="angry_legal")
        assert "SLA breached" in card.locator(".sla-left").inner_text()
        card.locator("textarea[name=text]").fill("We hear you. A senior colleague is looking into it now.")
        card.locator("input[name=note]").fill("softer wording")
        card.locator("button:has-text('Approve and send')").click()
        lea.wait_for_selector("text=Approved: the reply is on its way.")

        ana.goto(f"{base}/conversations/{cid}")
        assert "A senior colleague is looking into it now." in ana.locator(".msg.outbound").inner_text()
        ana.goto(f"{base}/notifications")
        assert "Lea Lead approved your reply (edited): softer wording" in ana.locator("ul.notifications").inner_text()
    finally:
        lea_ctx.close()
        ana_ctx.close()


def test_inbox_list_updates_live_with_who_is_viewing(browser, site):
    base, feed = site
    ctx, page = sign_in(browser, base, "ben@example.com")
    ana_ctx, ana = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/inbox")
        page.wait_for_selector("tbody#rows[data-live=connected]", state="attached")
        cid = feed("7004", "Brand new complaint arriving live", "live_arrival")
        row = page.locator("table.inbox tr.conv", has_text="Brand new complaint arriving live")
        row.wait_for()
        ana.goto(f"{base}/conversations/{cid}")
        row.locator(".row-viewers:has-text('Ana Agent')").wait_for()
        ana.close()
        row.locator(".row-viewers").wait_for(state="detached")
    finally:
        ctx.close()
        ana_ctx.close()


def test_every_menu_entry_and_sign_out_fit_a_laptop_screen(browser, site):
    """An admin sees the longest menu; at 1280 px it wraps instead of running off screen."""
    base, _ = site
    context, page = sign_in(browser, base, "ria@example.com")
    try:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_viewport_size({"width": 1280, "height": 720})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert errors == []  # no script error, no resource missing
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        links = page.locator(".topbar nav a")
        assert links.count() >= 18
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, links.nth(i).inner_text()
        sign_out = page.locator(".who button").bounding_box()
        assert sign_out is not None and sign_out["x"] + sign_out["width"] <= width
        page.click(".topbar nav a[href='/settings/tokens']")
        page.wait_for_url(f"{base}/settings/tokens")
    finally:
        context.close()
