"""The inbox and the conversation page read one SLA clock: a first response that is late
shows "breached" in both, with the same due time, even when no sweep has refreshed the
stored reading since the message arrived."""

from __future__ import annotations

from datetime import timedelta

import pytest

from escalada.kit.clock import frozen_clock, utc_now
from tests.browser.test_private_threads import desk  # noqa: F401  (module fixture)
from tests.browser.test_workspace import sign_in

pytestmark = pytest.mark.browser


def test_a_late_first_response_is_breached_in_the_inbox_and_on_the_page(browser, desk):  # noqa: F811
    base, feed = desk
    arrived = utc_now() - timedelta(hours=2)
    # The server runs in this process and shares its clock: the message arrives (and its
    # clock is stored) two hours ago. The tier-3 promise is a first response in 15 minutes.
    with frozen_clock(arrived):
        cid = feed("sla-1", "You charged my card twice for order 5531, refund me", "double_charged",
                   created_at=arrived.isoformat())
    deadline = (arrived + timedelta(minutes=15)).isoformat(timespec="seconds")
    context, page = sign_in(browser, base, "ana@example.com")
    try:
        row = page.locator("table.inbox tr.conv", has=page.locator(f"a[href='/conversations/{cid}']"))
        badge = row.locator(".badge.sla")
        assert "breached" in badge.inner_text()
        assert "sla-breached" in badge.get_attribute("class")
        inbox_due = badge.get_attribute("data-due")

        row.locator(f"a[href='/conversations/{cid}']").first.click()
        page.wait_for_url(f"{base}/conversations/{cid}")
        page.wait_for_selector("#sla-state")  # the panel loads after the page
        assert page.locator("#sla-state").inner_text() == "breached"
        assert "first response" in page.locator("#sla-panel").inner_text()
        page_due = page.locator("#sla-panel time").first.get_attribute("datetime")
        assert inbox_due == page_due == deadline
    finally:
        context.close()
