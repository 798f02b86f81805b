"""Automatic detection: a multilingual burst opens one incident; ordinary traffic opens none."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from escalada.auth.principal import Principal
from escalada.brands.service import add_account, create_brand
from escalada.config import Settings
from escalada.demo.generator import generate_labelled_day
from escalada.demo.stories import OUTAGE_BURST
from escalada.incidents.cues import extract_cues, likeness
from escalada.incidents.detection import Thresholds, required_reports
from escalada.inbox.ingest import store, validate_item
from escalada.models import Brand, Conversation, Incident, IncidentConversation, IncidentNotification, IncidentSignal
from tests.incidents.helpers import Team, complaint, ingest

ADMIN = Principal(role="admin", label="test")

BURST = [
    "Is Acme down? Every show says error E-1042 #AcmeDown",
    "Czy Acme nie działa? Aplikacja nie ładuje się, błąd E-1042",
    "¿Se ha caído Acme? Todas las series dan el error E-1042",
    "Acme en panne ? Erreur E-1042 sur tous les programmes",
    "Ist Acme down? Jede Serie zeigt Fehler E-1042",
    "O Acme caiu? Todo episódio dá erro E-1042",
    "Ligt Acme eruit? Elke serie geeft foutcode E-1042",
    "Acme non funziona? Errore E-1042 su ogni episodio",
    "A picat Acme? Aplicația dă eroare E-1042",
    "Acme是不是崩了？App 报错 E-1042",
    "Acme not working again. Error E-1042 on the TV app #AcmeDown",
    "Anyone else? Acme app down, E-1042",
]


def test_cues_cross_languages():
    english = extract_cues(BURST[0], ignore=["acme"])
    polish = extract_cues(BURST[1], ignore=["acme"])
    assert {"code:E-1042", "concept:down", "concept:error"} <= english & polish
    assert likeness(["outage"], english, ["outage", "technical"], polish).score >= 0.6
    # Same words, different problem category: not alike.
    assert likeness(["billing"], english, ["outage"], polish).score == 0
    # An order number, a time and the brand handle are not shared cues.
    cues = extract_cues("@AcmeHelp order #A55312 late since 10:15", ignore=["acme"])
    assert not any(c.startswith(("code:", "tag:", "amount:", "name:")) for c in cues)


def test_required_reports_follow_the_usual_rate():
    t = Thresholds(min_reports=8, rate_multiplier=4.0)
    assert required_reports(t, []) == 8
    assert required_reports(t, [0, 1, 0, 1, 0, 0, 0]) == 8
    assert required_reports(t, [5, 6, 4, 5, 5, 5, 5]) == 20


def test_a_multilingual_burst_opens_one_incident_and_links_later_reports(client, session, brand):
    team = Team(session)
    headers = team.headers["lead"]
    conversations = ingest(client, headers, *(complaint(i, text=text, minute=i)
                                              for i, text in enumerate(BURST)))
    incidents = list(session.scalars(select(Incident)))
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.status == "suspected" and incident.detected_by == "auto"
    assert incident.title.startswith("Outage at Acme")
    linked = set(session.scalars(select(IncidentConversation.conversation_id)))
    # Every report triage saw as a complaint (one Dutch message reads as a mere question).
    assert linked <= set(conversations) and len(linked) >= len(BURST) - 2
    # Later reports, in any language, are linked as they arrive, with the reason.
    [late] = ingest(client, headers, complaint(40, text="Acme app: error E-1042, nic nie działa", minute=40))
    link = session.get(IncidentConversation, (incident.id, late))
    assert link is not None and "E-1042" in link.reason
    assert len(set(session.scalars(select(IncidentConversation.conversation_id)))) == len(linked) + 1
    # An unrelated complaint is not linked.
    [other] = ingest(client, headers, complaint(41, text="My parcel for order #A99123 never arrived", minute=41))
    assert session.get(IncidentConversation, (incident.id, other)) is None
    assert session.scalar(select(func.count()).select_from(Incident)) == 1
    # The escalation manager and the lead were alerted once.
    alerted = sorted(session.scalars(select(IncidentNotification.user_id)))
    assert alerted == sorted([team.manager.id, team.lead.id])
    # The incident's owner gets the conversations once someone owns it.
    client.patch(f"/api/v1/incidents/{incident.id}", headers=team.headers["escalation_manager"],
                 json={"owner_id": team.manager.id})
    [later] = ingest(client, headers, complaint(42, text="Acme app still down, error E-1042 #AcmeDown", minute=44))
    assert session.get(Conversation, later).assignee_id == team.manager.id


def test_a_few_similar_complaints_or_a_disabled_brand_open_nothing(client, session, brand):
    team = Team(session)
    ingest(client, team.headers["lead"], *(complaint(i, text=BURST[i], minute=i) for i in range(5)))
    assert session.scalar(select(func.count()).select_from(Incident)) == 0
    assert session.scalar(select(func.count()).select_from(IncidentSignal)) == 5
    lead = team.headers["lead"]
    response = client.put("/api/v1/incident-settings/acme", headers=lead, json={"enabled": False})
    assert response.status_code == 200 and response.json()["enabled"] is False
    assert client.put("/api/v1/incident-settings/acme", headers=lead,
                      json={"min_reports": 1}).status_code == 422
    assert client.put("/api/v1/incident-settings/acme", headers=team.headers["escalation_manager"],
                      json={"min_reports": 5}).status_code == 403
    ingest(client, lead, *(complaint(i, text=BURST[i % len(BURST)], minute=10 + i) for i in range(5, 20)))
    assert session.scalar(select(func.count()).select_from(Incident)) == 0


def _load_day(session, *, seed: int, day: date, volume: int, keep_burst: bool) -> None:
    dataset, labels = generate_labelled_day(seed=seed, day=day, volume=volume)
    from escalada.brands.service import find_account
    for b in dataset.brands:
        if find_account(session, platform=b.accounts[0].platform, handle=b.accounts[0].handle) is None:
            row = create_brand(session, slug=b.slug, name=b.name, actor=ADMIN)
            for a in b.accounts:
                add_account(session, brand=row, platform=a.platform, handle=a.handle, actor=ADMIN)
    settings = Settings()
    for item in dataset.inbound:
        label = labels[(item["platform"], item["platform_message_id"])]
        if label.story == OUTAGE_BURST and not keep_burst:
            continue
        store(session, validate_item({**item, "in_reply_to": None}, settings=settings), raw=item)
    session.flush()


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_ordinary_demo_traffic_opens_no_incident_and_the_demo_outage_opens_one(session, db):
    for offset in range(2):
        _load_day(session, seed=5, day=date(2026, 3, 2 + offset), volume=400, keep_burst=False)
    assert session.scalar(select(func.count()).select_from(Incident)) == 0
    _load_day(session, seed=5, day=date(2026, 3, 4), volume=400, keep_burst=True)
    brands = list(session.scalars(select(Brand.slug).join(Incident, Incident.brand_id == Brand.id)))
    assert brands == ["tidewave"]


def test_a_failing_detector_never_loses_the_message(client, session, brand, monkeypatch):
    from escalada.incidents import detection

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(detection, "extract_cues", broken)
    team = Team(session)
    [conversation] = ingest(client, team.headers["lead"], complaint(1, text=BURST[0]))
    assert session.get(Conversation, conversation) is not None
    assert session.scalar(select(func.count()).select_from(IncidentSignal)) == 0


def test_the_sweep_forgets_signals_older_than_any_baseline(client, session, brand, db):
    from escalada.incidents import maintenance
    from escalada.kit.clock import frozen_clock
    from tests.conftest import at

    team = Team(session)
    ingest(client, team.headers["lead"], complaint(1, text=BURST[0], day=1), complaint(2, text=BURST[1], day=20))
    maintenance._last_prune.clear()
    with frozen_clock(at("2026-12-20T00:00:00+00:00")):  # 49 and 30 days later
        maintenance.sweep(db)
    assert session.scalar(select(func.count()).select_from(IncidentSignal)) == 1
