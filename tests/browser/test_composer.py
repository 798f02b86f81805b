"""The reply composer counts like the platform (X: links 23, emoji 2) and warns before the
limit; the note form completes @mentions of colleagues from the keyboard."""

from __future__ import annotations

import pytest

from escalada.auth.service import create_user
from escalada.db import Database, make_engine
from tests.browser.test_workspace import ADMIN, PASSWORD, sign_in
from tests.browser.test_workspace import site  # noqa: F401  (module fixture)

pytestmark = pytest.mark.browser


def test_reply_counter_follows_x_weighting_and_visibility(browser, site):  # noqa: F811
    base, feed = site
    cid = feed("c-1", "Where is my parcel? Ordered two weeks ago", "count_me")
    context, page = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/conversations/{cid}")
        counter = page.locator("#char-count")
        assert counter.inner_text() == "0 / 10000 (10000 left for a private message on X)"  # triage advised private
        page.check("input[name=visibility][value=public]")
        assert counter.inner_text() == "0 / 280 (280 left for a public reply on X)"
        page.fill("#reply-text", "See https://example.com/a/very/long/tracking/link/for/you 🙂")
        # 4 + 23 (the link) + 1 (space) + 2 (emoji)
        assert counter.inner_text().startswith("30 / 280")
        page.fill("#reply-text", "a" * 265)
        assert "near" in counter.get_attribute("class") and counter.inner_text().startswith("265 / 280")
        page.fill("#reply-text", "a" * 270 + "🙂🙂🙂🙂🙂🙂")
        assert "over" in counter.get_attribute("class")
        assert "2 over X's limit for a public reply" in counter.inner_text()
        page.click("#reply button.primary")  # the browser refuses the over-long form
        assert page.evaluate("document.getElementById('reply-text').validity.valid") is False
        assert page.url.endswith(f"/conversations/{cid}")
        page.check("input[name=visibility][value=private]")
        assert counter.inner_text().startswith("282 / 10000") and "over" not in counter.get_attribute("class")
        assert page.evaluate("document.getElementById('reply-text').validity.valid") is True
    finally:
        context.close()


def test_note_form_completes_mentions_by_keyboard(browser, site, live_server):  # noqa: F811
    base, feed = site
    db = Database(make_engine(live_server[1]))
    with db.unit_of_work() as session:
        create_user(session, email="benedict@example.com", name="Benedict Manager", role="escalation_manager",
                    password=PASSWORD, actor=ADMIN)
    db.engine.dispose()
    cid = feed("c-2", "Still no refund for order 9912", "mention_me")
    context, page = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/conversations/{cid}")
        page.click("#note-text")
        page.keyboard.type("Please look @be")
        page.wait_for_selector("#mention-list li")
        names = page.locator("#mention-list li").all_inner_texts()
        assert [n.split("@")[0] for n in names] == ["Ben Agent", "Benedict Manager"]
        assert page.get_attribute("#note-text", "aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#mention-1", "aria-selected") == "true"
        page.keyboard.press("Enter")
        assert page.input_value("#note-text") == "Please look @benedict "
        assert page.locator("#mention-list").is_hidden()
        page.keyboard.type("and @zz")
        page.wait_for_timeout(400)
        assert page.locator("#mention-list").is_hidden()  # nobody by that name
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.type("le")
        page.wait_for_selector("#mention-list li")
        page.keyboard.press("Escape")
        assert page.locator("#mention-list").is_hidden()
        page.keyboard.type("a")
        page.wait_for_selector("#mention-list li:has-text('Lea Lead')")
        page.keyboard.press("Tab")
        assert page.input_value("#note-text") == "Please look @benedict and @lea "
        page.click(".note-form button[type=submit]")
        page.wait_for_selector(".msg.note:has-text('Please look @benedict and @lea')")
    finally:
        context.close()
