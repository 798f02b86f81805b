"""A form error shows next to the form, with what was typed kept: rules and inbox filters."""

from __future__ import annotations

import pytest

from escalada.auth.service import create_user
from escalada.db import Database, make_engine
from tests.browser.test_workspace import ADMIN, PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lead(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        create_user(session, email="lena@example.com", name="Lena Lead", role="lead", password=PASSWORD, actor=ADMIN)
    db.engine.dispose()
    return base


def test_a_rule_with_a_mistake_keeps_the_form_and_says_what_is_wrong(browser, lead):
    context, page = sign_in(browser, lead, "lena@example.com")
    try:
        page.goto(f"{lead}/rules")
        page.fill("form[aria-label=Rule] input[name=name]", "Sad customers")
        page.fill("form[aria-label=Rule] textarea[name=conditions]", "mood eq sad")
        page.fill("form[aria-label=Rule] textarea[name=actions]", "tag sad")
        page.locator("form[aria-label=Rule] button[type=submit]").first.click()
        assert "unknown condition field" in page.locator("#rule-error").inner_text()
        assert page.input_value("form[aria-label=Rule] textarea[name=conditions]") == "mood eq sad"
        assert page.input_value("form[aria-label=Rule] input[name=name]") == "Sad customers"

        page.goto(f"{lead}/inbox?tier=abc&q=parcel")
        assert "is not a number, so it was left out" in page.locator("#filter-errors").inner_text()
        assert page.input_value("input[name=q]") == "parcel"
    finally:
        context.close()
