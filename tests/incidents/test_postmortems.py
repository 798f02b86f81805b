"""Post-mortems: created on resolution, edited, action items, Markdown, quarterly review."""

from __future__ import annotations

from escalada.incidents import service, updates
from escalada.kit.clock import frozen_clock
from tests.conftest import at
from tests.incidents.helpers import Team, complaint, ingest


def _resolved_incident(client, session, db, team, *, cause_category: str, title: str) -> int:
    conversations = ingest(client, team.headers["lead"],
                           complaint(len(title), text=f"{title}: app down, error E-1042"))
    incident = service.open_incident(session, principal=team.as_manager, title=title,
                                     from_conversation_id=conversations[0], cause_category=cause_category,
                                     cause="A bad deploy of the player")
    update = updates.draft_update(session, incident_id=incident.id, principal=team.as_manager,
                                  kind="resolution", texts={"en": "Fixed, sorry for the trouble."})
    updates.approve_update(session, incident_id=incident.id, update_id=update.id, principal=team.as_lead)
    session.commit()
    with db.unit_of_work() as s:
        updates.resolve(s, incident_id=incident.id, principal=team.as_lead)
    return incident.id

def test_post_mortem_flow_and_markdown_export(client, session, brand, db):
    team = Team(session)
    with frozen_clock(at("2026-11-20T21:00:00+00:00")):
        incident_id = _resolved_incident(client, session, db, team, cause_category="deployment",
                                         title="Player outage")
    manager = team.headers["escalation_manager"]
    url = f"/api/v1/incidents/{incident_id}/postmortem"
    pm = client.get(url, headers=manager).json()
    assert pm["state"] == "draft" and pm["root_cause"] == "A bad deploy of the player"
    events = [text for _, text in pm["timeline"]]
    assert events[0] == "first customer report" and events[-1] == "resolved"
    assert any("delivered to 1 customers" in e for e in events)

    assert client.put(url, headers=manager, json={"publish": True, "root_cause": ""}).status_code == 422
    saved = client.put(url, headers=manager, json={
        "went_well": "Detected in 4 minutes", "to_improve": "Canary releases",
        "concessions": "One month free for 40 customers"})
    assert saved.status_code == 200 and saved.json()["went_well"] == "Detected in 4 minutes"
    assert client.put(url, headers=team.headers["agent"], json={"went_well": "x"}).status_code == 403
    item = client.post(f"{url}/action-items", headers=manager, json={
        "description": "Add a canary stage", "owner_id": team.manager.id, "due_on": "2026-12-01"})
    assert item.status_code == 201 and item.json()["owner"] == "Max Manager"
    open_items = client.get("/api/v1/action-items", headers=team.headers["lead"]).json()
    assert [i["description"] for i in open_items] == ["Add a canary stage"]
    assert client.put(url, headers=manager, json={"publish": True}).json()["state"] == "published"

    markdown = client.get(f"/api/v1/incidents/{incident_id}/postmortem.md", headers=manager)
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    text = markdown.text
    assert text.startswith(f"# Post-mortem: incident #{incident_id} — Player outage")
    for part in ("## Timeline", "## Root cause", "A bad deploy of the player", "## What went well",
                 "Canary releases", "One month free", "- [ ] Add a canary stage (Max Manager, due 2026-12-01)"):
        assert part in text

    client.put(f"/api/v1/action-items/{item.json()['id']}", headers=manager, json={"done": True})
    assert client.get("/api/v1/action-items", headers=manager).json() == []

def test_quarterly_review_lists_incidents_and_recurring_causes(client, session, brand, db):
    team = Team(session)
    with frozen_clock(at("2026-05-10T10:00:00+00:00")):
        _resolved_incident(client, session, db, team, cause_category="third_party", title="Payments down")
    with frozen_clock(at("2026-11-03T10:00:00+00:00")):
        _resolved_incident(client, session, db, team, cause_category="third_party", title="Payments again")
    with frozen_clock(at("2026-11-18T10:00:00+00:00")):
        _resolved_incident(client, session, db, team, cause_category="deployment", title="Bad release")
        review = client.get("/api/v1/incident-review?quarter=2026Q4", headers=team.headers["agent"]).json()
    assert [r["incident"]["title"] for r in review["incidents"]] == ["Payments again", "Bad release"]
    assert review["recurring_causes"] == [{"cause_category": "third_party", "this_quarter": 1,
                                           "previous_year": 1}]
    assert all(r["postmortem_state"] == "draft" for r in review["incidents"])
    # Both incidents of the quarter were reports of error E-1042.
    assert review["recurring_cues"] == [{"cue": "code:E-1042", "incidents": 2}]
    assert client.get("/api/v1/incident-review?quarter=2026Q9", headers=team.headers["agent"]).status_code == 422
