"""Reports per routing team and against the lead's SLA policies, on the known week."""

from __future__ import annotations

import csv
import io

from escalada.models import SlaPolicy
from escalada.models.routing import AgentProfile, ConversationRouting, Team
from tests.conftest import login
from tests.reports.test_pages import PERIOD, page
from tests.reports.test_reports_api import get


def _teams(session, week) -> None:
    care = Team(slug="care", name="Care", kind="social")
    escalations = Team(slug="escalations", name="Escalations", kind="escalations")
    session.add_all([care, escalations])
    session.flush()
    session.add(AgentProfile(user_id=week.ana.id, team_id=care.id, timezone="UTC"))
    # The outage conversation was routed to Escalations (Ben, who answered it, has no team).
    routing = session.get(ConversationRouting, week.ids["outage"])
    if routing is None:
        session.add(ConversationRouting(conversation_id=week.ids["outage"], team_id=escalations.id))
    else:
        routing.team_id = escalations.id
    session.commit()


def test_breakdown_by_team(client, session, week):
    _teams(session, week)
    body = get(client, week.headers, "breakdown", by="team").json()
    rows = {r["key"]: r for r in body["rows"]}
    # Billing: assigned to Ana (Care); outage: routed to Escalations; spam: no team.
    assert set(rows) == {"Care", "Escalations", "(no team)"}
    assert rows["Care"]["sla_attainment"] == 100.0 and rows["Care"]["first_response_p50"] == 300
    assert rows["Escalations"]["sla_attainment"] == 0.0 and rows["Escalations"]["backlog"] == 1
    csv_rows = list(csv.DictReader(io.StringIO(get(client, week.headers, "breakdown", by="team",
                                                   format="csv").text)))
    assert {r["key"] for r in csv_rows} == {"Care", "Escalations", "(no team)"}


def test_team_report_names_each_agents_team(client, session, week):
    _teams(session, week)
    agents = {r["agent"]: r for r in get(client, week.headers, "team").json()["agents"]}
    assert agents["Ana"]["team"] == "Care" and agents["Ben"]["team"] == "(no team)"


def test_sla_attainment_uses_the_stored_policies(client, session, week):
    before = {r["target"]: r for r in get(client, week.headers, "overview").json()["sla"]["targets"]}
    assert (before["tier 3"]["met"], before["tier 3"]["breached"]) == (1, 1)
    # Private messenger conversations get two hours: the 90-minute outage answer now meets it.
    session.add(SlaPolicy(name="Messenger", channel="messenger", first_response_minutes=120,
                          next_response_minutes=120, resolution_minutes=24 * 60))
    session.commit()
    after = {r["target"]: r for r in get(client, week.headers, "overview").json()["sla"]["targets"]}
    assert (after["tier 3"]["met"], after["tier 3"]["breached"]) == (2, 0)
    assert after["tier 3"]["policies"] == "Default tier 3, Messenger"
    assert after["tier 3"]["target_seconds"] is None


def test_team_breakdown_on_the_page(client, session, week):
    _teams(session, week)
    login(client, "ana@example.com")
    html = page(client, f"/reports?{PERIOD}&by=team").text
    assert "Escalations" in html and "Care" in html
