"""Private threads in the browser: the composer offers only a private message, the
"Ask to DM us" action appears only on public threads, and the server refuses both a
public reply and a DM invite on a private thread however the form is posted."""

from __future__ import annotations

import json

import httpx
import pytest

from escalada.auth.service import create_token, create_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from tests.browser.test_workspace import ADMIN, PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desk(live_server):
    """Brand Acme on X (@AcmeHelp) and Messenger (acme.page), an agent, and a way to post
    customer messages."""
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="ana@example.com", name="Ana Agent", role="agent", password=PASSWORD,
                    actor=ADMIN)
        brand = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=ADMIN)
        add_account(session, brand=brand, platform="messenger", handle="acme.page", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
    db.engine.dispose()

    def feed(pid: str, text: str, handle: str, *, platform: str = "x", visibility: str = "public",
             created_at: str = "2026-11-20T09:00:00+00:00") -> int:
        message = {"platform": platform, "platform_message_id": pid,
                   "brand_account": "acme.page" if platform == "messenger" else "AcmeHelp",
                   "author": {"handle": handle, "followers": 300}, "text": text, "visibility": visibility,
                   "created_at": created_at}
        response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(message),
                              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                              timeout=60)  # the first message loads the language models
        assert response.status_code == 201, response.text
        return response.json()["conversation_id"]

    return base, feed


def _post_form(page, url: str, fields: dict[str, str]) -> int:  # noqa: ANN001
    """Post the reply form to ``url`` as a tampered page would (the signed-in cookies and
    the page's CSRF token); return the status."""
    csrf = page.locator("#reply input[name=csrf_token]").input_value()
    response = page.request.post(url, form={"csrf_token": csrf, **fields})
    return response.status


@pytest.mark.parametrize("kind", ["messenger", "x dm"])
def test_a_private_thread_gets_only_a_private_reply(browser, desk, kind):
    base, feed = desk
    if kind == "messenger":
        cid = feed("m-1", "Hi! My parcel never arrived, can you check?", "dm_parcel", platform="messenger")
    else:
        cid = feed("x-dm-1", "Hi! My parcel never arrived, can you check?", "x_dm_parcel", visibility="private")
    context, page = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/conversations/{cid}")
        assert page.locator("input[name=visibility][value=public]").count() == 0
        assert "Public reply" not in page.locator("#reply").inner_text()
        assert "every reply goes by private message" in page.locator("#reply-visibility").inner_text()
        # The counter follows the private limit (Messenger: 2000; X DM: 10000).
        page.fill("#reply-text", "Sorry to hear that!")
        assert "private message" in page.locator("#char-count").inner_text()

        # A tampered form asking for a public reply is refused, and nothing is sent.
        status = _post_form(page, f"{base}/conversations/{cid}/reply",
                            {"text": "Posting this publicly", "visibility": "public", "seen_reply_id": "0"})
        assert status == 422
        page.reload()
        assert page.locator(".msg.outbound").count() == 0

        page.fill("#reply-text", "Sorry to hear that! Checking with the courier now.")
        page.click("button:has-text('Send reply')")
        page.wait_for_selector(".msg.outbound.private:has-text('Checking with the courier')")
        assert page.locator(".msg.outbound.public").count() == 0
        assert "Private reply queued" in page.locator(".flash.ok").first.inner_text()
    finally:
        context.close()


def test_ask_to_dm_us_shows_only_on_public_threads(browser, desk):
    base, feed = desk
    text = "My account was hacked and my password changed"  # triage: needs a private answer
    private = feed("x-dm-2", text, "hacked_in_dm", visibility="private")
    public = feed("x-2", text, "hacked_in_public")
    context, page = sign_in(browser, base, "ana@example.com")
    try:
        page.goto(f"{base}/conversations/{public}")
        assert page.locator("button:has-text('Ask to DM us')").count() == 1

        page.goto(f"{base}/conversations/{private}")
        assert page.locator("button:has-text('Ask to DM us')").count() == 0
        assert page.locator("#reply input[name=visibility]").input_value() == "private"
        # Personal data in the draft is fine in a private message: no stop, no invite.
        with page.expect_response(lambda r: r.url.endswith(f"/conversations/{private}/guard")):
            page.fill("#reply-text", "Can you tell us the e-mail address on your account?")
        assert page.locator(".blocked").count() == 0
        assert page.locator("button:has-text('Ask to DM us')").count() == 0

        # The server refuses the invite too: no public tweet asks a DM customer to DM us.
        status = _post_form(page, f"{base}/conversations/{private}/move-private",
                            {"text": "draft", "seen_reply_id": "0"})
        assert status == 422
        page.reload()
        assert page.locator(".msg.outbound").count() == 0
    finally:
        context.close()
