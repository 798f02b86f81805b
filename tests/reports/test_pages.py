"""Report pages render the same figures as the API, with filters, SVG charts and data links."""

from __future__ import annotations

from sqlalchemy import event

from escalada.kit.clock import frozen_clock
from tests.conftest import at, login, make_user
from tests.reports.conftest import NOW

PERIOD = "start=2026-11-16&end=2026-11-22"


def page(client, path):
    with frozen_clock(at(NOW)):
        return client.get(path)


def test_overview_page_shows_figures_charts_and_data_links(client, session, week):
    login(client, "ana@example.com")
    response = page(client, f"/reports?{PERIOD}")
    assert response.status_code == 200
    html = response.text
    assert "3 conversations" in html
    assert "<svg" in html and "First-response SLA attainment" in html
    assert "/api/v1/reports/overview?start=2026-11-16&amp;end=2026-11-22&amp;format=csv" in html
    assert "<script" not in html.split("</head>")[1]  # charts need no script


def test_breakdown_by_agent_and_filters(client, session, week):
    login(client, "ana@example.com")
    html = page(client, f"/reports?{PERIOD}&by=agent&channel=messenger").text
    table = html.split('id="breakdown"')[1]
    assert "Ben" in table and "Ana" not in table


def test_team_and_volume_pages(client, session, week):
    login(client, "ana@example.com")
    team = page(client, f"/reports/team?{PERIOD}").text
    assert "Ana" in team.split('id="team"')[1] and "Action-only" in team
    volume = page(client, f"/reports/volume?{PERIOD}").text
    assert "4 customer messages" in volume and "Fri 10:00 — 1 messages" in volume


def test_agents_cannot_open_reports(client, session, week):
    make_user(session, "agent", "agent@example.com")
    login(client, "agent@example.com")
    assert page(client, "/reports").status_code == 403
    assert 'href="/reports"' not in client.get("/inbox").text


def test_bad_filter_is_a_readable_error(client, session, week):
    login(client, "ana@example.com")
    response = page(client, "/reports?start=tomorrow")
    assert response.status_code == 422 and "start must be a date" in response.text


def test_overview_page_query_count(client, session, week, db):
    login(client, "ana@example.com")
    page(client, f"/reports?{PERIOD}")  # the first report of the period measures it into facts
    statements: list[str] = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page(client, f"/reports?{PERIOD}")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # signed-in user; freshness check, SLA policies; figures, response times, SLA per target,
    # links; breakdown groups and their response times, brands; survey comments and names;
    # brands (+ accounts) and users for the filters; the nav's unread notification count and
    # count of replies awaiting approval. None grows with size, and none reads a message.
    assert len(selects) <= 17, selects
    assert not any("FROM messages" in s for s in selects)
