"""In a real browser: a lead replays yesterday against the current team and a proposal."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from escalada.auth.principal import Principal
from escalada.auth.service import create_token, create_user
from escalada.brands.service import add_account, create_brand
from escalada.db import Database, make_engine
from escalada.kit.clock import utc_now
from escalada.models import User
from escalada.models.routing import AgentProfile, Team

pytestmark = pytest.mark.browser
ADMIN = Principal(role="admin", label="test")
PASSWORD = "browser password 3"
ARRIVED = (utc_now() - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
LATER = (ARRIVED + timedelta(hours=6)).hour  # the proposal's only agent starts six hours after
PROPOSAL = f"""teams:
  - {{slug: social, name: Social, kind: social}}
agents:
  - {{name: Late owl, team: social, tier: 3, languages: [en], shifts: ["daily {LATER:02d}:00-{(LATER + 1) % 24:02d}:00"]}}
"""


@pytest.fixture(scope="module")
def seeded(live_server):
    base, url = live_server
    db = Database(make_engine(url))
    with db.unit_of_work() as session:
        lead = create_user(session, email="whatif@example.com", name="Wanda Lead", role="lead",
                           password=PASSWORD, actor=ADMIN)
        brand = create_brand(session, slug="whatif", name="What If Co", actor=ADMIN)
        add_account(session, brand=brand, platform="x", handle="WhatIfHelp", actor=ADMIN)
        _, token = create_token(session, name="feed", role="lead", actor=ADMIN)
        team = Team(slug="social", name="Social", kind="social", strategy="skills")
        session.add(team)
        session.flush()
        session.add(AgentProfile(user_id=session.get(User, lead.id).id, team_id=team.id, tier_level=3,
                                 languages=["en"], timezone="UTC"))
    earlier = ARRIVED.isoformat()
    messages = [{"platform": "x", "platform_message_id": f"w{i}", "brand_account": "WhatIfHelp",
                 "author": {"handle": f"cust{i}"}, "text": text, "visibility": "public", "created_at": earlier}
                for i, text in enumerate(["I was charged twice for order 4471, refund me now",
                                          "My parcel for order 8812 never arrived, this is terrible"])]
    response = httpx.post(f"{base}/api/v1/messages", content=json.dumps(messages),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                          timeout=60)
    assert response.status_code < 300, response.text
    db.engine.dispose()
    return base


def test_lead_compares_the_current_team_with_proposals(browser, seeded):
    base = seeded
    page = browser.new_page()
    page.goto(f"{base}/reports/what-if")
    page.fill("input[name=email]", "whatif@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/reports/what-if")
    assert page.locator("h1").inner_text() == "What-if"

    page.select_option("select[name=brand]", "whatif")
    page.fill("input[aria-label='Agents to add to Social']", "2")
    page.check("input[name=strategy][value=round_robin]")
    page.click("form[aria-label=Proposal] button[type=submit]")
    table = page.locator("#comparison")
    table.wait_for()
    headers = table.locator("thead th").all_inner_texts()
    assert headers[1:] == ["Actual", "Current team (replayed)", "Proposed: each team's own",
                           "Proposed: round robin"]
    assert "2 conversations replayed" in page.locator("#what-if-result h2").inner_text()
    assert "3 proposed" in page.locator("#what-if-result h2").inner_text()
    tier_rows = table.locator("tbody tr").all_inner_texts()
    assert any(row.startswith("First response p50") for row in tier_rows)
    # The choices stay as the lead left them.
    assert page.input_value("input[aria-label='Agents to add to Social']") == "2"

    # A pasted team file whose only agent starts six hours later: the first answers come late.
    page.fill("input[aria-label='Agents to add to Social']", "")
    page.uncheck("input[name=strategy][value=round_robin]")
    page.fill("textarea[name=team_yaml]", PROPOSAL)
    page.click("form[aria-label=Proposal] button[type=submit]")
    page.locator("#comparison").wait_for()
    p50 = page.locator("#comparison tbody tr", has_text="First response p50").locator("td")
    assert p50.nth(1).inner_text() == "1m"  # the current team answers a minute after arrival
    assert p50.last.inner_text().startswith(("5h", "6h"))

    # Agents who take twenty minutes to read and answer: every replayed first reply moves.
    assert page.input_value("input[name=compose_minutes]") == "1"
    page.fill("input[name=compose_minutes]", "20")
    page.click("form[aria-label=Proposal] button[type=submit]")
    page.locator("#comparison").wait_for()
    p50 = page.locator("#comparison tbody tr", has_text="First response p50").locator("td")
    assert p50.nth(1).inner_text() == "20m"
    assert "20m after an agent picks the conversation up" in page.locator("#what-if-result").inner_text()
    assert page.input_value("input[name=compose_minutes]") == "20"
    page.fill("input[name=compose_minutes]", "1")

    # A broken file is refused with the reason, and the lead's text is kept.
    page.fill("textarea[name=team_yaml]", "teams: [")
    page.click("form[aria-label=Proposal] button[type=submit]")
    assert "YAML" in page.locator("[role=alert]").inner_text()
    assert page.input_value("textarea[name=team_yaml]") == "teams: ["
