"""Incident pages through HTTP: every form works, with CSRF, for the right roles."""

from __future__ import annotations

from sqlalchemy import select

from escalada.models import Incident, IncidentDelivery, IncidentSettings, Message
from tests.conftest import login
from tests.incidents.helpers import Team, complaint, ingest


def test_from_a_conversation_to_a_resolved_incident_and_its_post_mortem(client, session, brand):
    team = Team(session)
    first, second = ingest(client, team.headers["lead"],
                           complaint(1, text="Checkout fails with error 502"),
                           complaint(2, text="Error 502 on checkout again", platform="messenger",
                                     visibility="private"))
    csrf = login(client, team.agent.email)
    banner = client.get(f"/conversations/{first}/incidents")
    assert "Open incident from this conversation" in banner.text
    assert 'hx-get="/conversations/%d/incidents"' % first in client.get(f"/conversations/{first}").text
    client.post(f"/conversations/{first}/incidents",
                data={"title": "Checkout 502", "severity": "sev2", "csrf_token": csrf})
    incident = session.scalar(select(Incident))
    assert incident is not None and incident.status == "suspected"
    assert f"Part of incident" in client.get(f"/conversations/{first}/incidents").text
    # The second conversation is offered the open incident, and links to it.
    offered = client.get(f"/conversations/{second}/incidents").text
    assert f'<option value="{incident.id}">#{incident.id} Checkout 502</option>' in offered
    client.post(f"/conversations/{second}/incident-links",
                data={"incident_id": incident.id, "note": "same error", "csrf_token": csrf})
    page = client.get(f"/incidents/{incident.id}").text
    assert "Linked conversations (2)" in page and "linked by Ann Agent: same error" in page
    assert "Draft an update" not in page  # agents do not write customer updates
    assert "Checkout 502" in client.get("/incidents").text

    csrf = login(client, team.manager.email)
    client.post(f"/incidents/{incident.id}/status", data={"status": "confirmed", "csrf_token": csrf})
    client.post(f"/incidents/{incident.id}/edit", data={
        "title": "Checkout 502", "severity": "sev2", "cause_category": "deployment", "cause": "Bad deploy",
        "owner_id": str(team.manager.id), "affected_channels": ["x", "messenger"], "csrf_token": csrf})
    page = client.get(f"/incidents/{incident.id}").text
    assert "owner Max Manager" in page and "Draft an update" in page
    draft = client.post(f"/incidents/{incident.id}/updates", data={
        "kind": "resolution", "default_language": "en", "languages": ["en"],
        "texts": ["Checkout works again. Sorry!"], "csrf_token": csrf})
    assert "drafted" in draft.text
    update_id = int(draft.text.split('id="update-')[1].split('"')[0])
    refused = client.post(f"/incidents/{incident.id}/updates/{update_id}/approve", data={"csrf_token": csrf})
    assert refused.status_code == 403 and "second person" in refused.text

    csrf = login(client, team.lead.email)
    client.post(f"/incidents/{incident.id}/updates/{update_id}/approve", data={"csrf_token": csrf})
    sent = client.post(f"/incidents/{incident.id}/resolve", data={"csrf_token": csrf})
    assert "resolution update is being sent" in sent.text
    progress = client.get(f"/incidents/{incident.id}/updates/{update_id}/progress").text
    assert "100%" in progress and "2 sent" in progress
    replies = {m.conversation_id: m.visibility for m in session.scalars(  # not the CSAT surveys
        select(Message).join(IncidentDelivery, IncidentDelivery.message_id == Message.id))}
    assert replies == {first: "public", second: "private"}

    pm = client.get(f"/incidents/{incident.id}/postmortem")
    assert pm.status_code == 200 and "Bad deploy" in pm.text and "Export as Markdown" in pm.text
    client.post(f"/incidents/{incident.id}/postmortem", data={
        "root_cause": "Bad deploy", "went_well": "Caught fast", "to_improve": "Canary",
        "concessions": "None", "publish": "1", "csrf_token": csrf})
    client.post(f"/incidents/{incident.id}/postmortem/action-items", data={
        "description": "Canary stage", "owner_id": str(team.manager.id), "due_on": "2026-12-01",
        "csrf_token": csrf})
    assert client.post(f"/incidents/{incident.id}/postmortem/action-items", data={
        "description": "x", "due_on": "soon", "csrf_token": csrf}).status_code == 422
    items = client.get("/incidents/action-items").text
    assert "Canary stage" in items and "Max Manager" in items
    review = client.get("/incidents/review").text
    assert "Checkout 502" in review and "published" in review
    alerts = client.get("/incidents/alerts").text
    assert "Incident #%d opened" % incident.id in alerts and "resolved" in alerts


def test_detection_settings_page(client, session, brand):
    team = Team(session)
    csrf = login(client, team.manager.email)
    page = client.get("/incidents/settings").text
    assert "Acme" in page and "(defaults)" in page
    form = {"window_minutes": "20", "min_reports": "6", "rate_multiplier": "3", "baseline_days": "14",
            "min_similarity": "0.7", "enabled": "on", "csrf_token": csrf}
    assert client.post("/incidents/settings/acme", data=form).status_code == 403
    csrf = login(client, team.lead.email)
    saved = client.post("/incidents/settings/acme", data={**form, "csrf_token": csrf})
    assert "saved" in saved.text
    row = session.get(IncidentSettings, brand.id)
    assert (row.window_minutes, row.min_reports, row.baseline_days, row.min_similarity) == (20, 6, 14, 0.7)
    bad = client.post("/incidents/settings/acme", data={**form, "min_similarity": "2", "csrf_token": csrf})
    assert bad.status_code == 422 and "between" in bad.text
    assert client.post("/incidents/settings/acme", data={**form, "csrf_token": "forged"}).status_code == 403


def test_the_incident_page_reads_the_same_number_of_queries_however_many_are_linked(client, session, brand, db):
    from contextlib import contextmanager

    from sqlalchemy import event

    from escalada.incidents import service

    @contextmanager
    def counted():
        statements: list[str] = []

        def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", count)

    team = Team(session)
    conversations = ingest(client, team.headers["lead"],
                           *(complaint(i, text=f"Checkout error 502 ({i})", minute=i) for i in range(12)))
    incident = service.open_incident(session, principal=team.as_manager, title="Checkout 502",
                                     from_conversation_id=conversations[0])
    for cid in conversations[1:3]:
        service.link_by_hand(session, incident_id=incident.id, conversation_id=cid, principal=team.as_manager)
    session.commit()
    login(client, team.manager.email)
    with counted() as few:
        assert client.get(f"/incidents/{incident.id}").status_code == 200
    for cid in conversations[3:]:
        service.link_by_hand(session, incident_id=incident.id, conversation_id=cid, principal=team.as_manager)
    session.commit()
    with counted() as many:
        page = client.get(f"/incidents/{incident.id}")
    assert "Linked conversations (12)" in page.text
    assert len(many) == len(few)
