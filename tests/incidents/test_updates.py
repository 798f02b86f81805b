"""Approved updates reach every linked conversation exactly once, throttled, resumable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from escalada.db import Database
from escalada.errors import Conflict, InvalidInput, PermissionDenied
from escalada.incidents import service, updates
from escalada.kit.clock import frozen_clock
from escalada.models import (
    Conversation,
    IncidentDelivery,
    IncidentUpdate,
    Message,
    PostMortem,
    SandboxDelivery,
)
from escalada.replies.outbox import sweep as outbox_sweep
from tests.conftest import at
from tests.incidents.helpers import Team, complaint, ingest

NOW = at("2026-11-20T20:00:00+00:00")


class HeldRunner:
    """Keeps submitted jobs instead of running them: the sender has not started yet."""

    def __init__(self) -> None:
        self.jobs: list[tuple] = []

    def submit(self, job, db, *args) -> None:
        self.jobs.append((job, args))

    def shutdown(self) -> None:
        return None


class Killed(BaseException):
    """Stands for the process dying: nothing after it runs, the open transaction is lost."""


def _incident_with(client, session, team, n: int, *, private_every: int = 3) -> tuple[int, list[int]]:
    messages = []
    for i in range(n):
        if private_every and i % private_every == private_every - 1:
            messages.append(complaint(i, text=f"Stream down, error E-1042 ({i})", platform="messenger",
                                      visibility="private", minute=i % 60))
        else:
            messages.append(complaint(i, text=f"Stream down, error E-1042 ({i})", minute=i % 60))
    conversations = ingest(client, team.headers["lead"], *messages)
    incident = service.open_incident(session, principal=team.as_manager, brand_id=None,
                                     title="Streaming outage", severity="sev2",
                                     from_conversation_id=conversations[0])
    for cid in conversations[1:]:
        service.link_by_hand(session, incident_id=incident.id, conversation_id=cid, principal=team.as_agent)
    session.commit()
    return incident.id, conversations


def _approved(session, team, incident_id: int, kind: str = "update") -> IncidentUpdate:
    update = updates.draft_update(session, incident_id=incident_id, principal=team.as_manager, kind=kind,
                                  texts={"en": "We know the stream is down and are fixing it.",
                                         "es": "Sabemos que el servicio no funciona; lo estamos arreglando."})
    updates.approve_update(session, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    session.commit()
    return update


def _outbound_per_conversation(session, conversations: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(Message.conversation_id, func.count()).where(
            Message.conversation_id.in_(conversations), Message.direction == "outbound")
        .group_by(Message.conversation_id)).all()
    return {cid: n for cid, n in rows}


def test_approval_needs_a_second_person_and_an_approver_role(client, session, brand):
    team = Team(session)
    incident_id, _ = _incident_with(client, session, team, 2)
    update = updates.draft_update(session, incident_id=incident_id, principal=team.as_manager,
                                  texts={"en": "We are on it."})
    with pytest.raises(PermissionDenied):
        updates.approve_update(session, incident_id=incident_id, update_id=update.id, principal=team.as_manager)
    with pytest.raises(PermissionDenied):
        updates.approve_update(session, incident_id=incident_id, update_id=update.id, principal=team.as_agent)
    with pytest.raises(Conflict):
        updates.send_update(session, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    with pytest.raises(InvalidInput):
        updates.draft_update(session, incident_id=incident_id, principal=team.as_manager,
                             texts={"es": "Sin texto en inglés"}, default_language="en")
    updates.approve_update(session, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    with pytest.raises(Conflict):
        updates.edit_draft(session, incident_id=incident_id, update_id=update.id, principal=team.as_manager,
                           texts={"en": "changed after approval"}, default_language="en")


def test_one_action_sends_to_every_linked_conversation_in_its_channel_and_language(client, session, brand, db):
    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 6)
    # One customer wrote in Spanish: they get the Spanish text.
    spanish = conversations[1]
    session.get(Conversation, spanish).language = "es"
    session.commit()
    update = _approved(session, team, incident_id)
    lead = team.headers["lead"]
    sent = client.post(f"/api/v1/incidents/{incident_id}/updates/{update.id}/send", headers=lead)
    assert sent.status_code == 202
    assert _outbound_per_conversation(session, conversations) == dict.fromkeys(conversations, 1)
    deliveries = {d.conversation_id: d for d in session.scalars(select(IncidentDelivery))}
    assert deliveries[spanish].language == "es"
    messages = {m.conversation_id: m for m in session.scalars(select(Message).where(Message.direction == "outbound"))}
    assert messages[spanish].text.startswith("Sabemos")
    for cid in conversations:
        channel = session.get(Conversation, cid).channel
        assert messages[cid].visibility == ("private" if channel == "messenger" else "public")
    # Sending again changes nothing.
    client.post(f"/api/v1/incidents/{incident_id}/updates/{update.id}/send", headers=lead)
    updates.fan_out(db, update.id)
    assert _outbound_per_conversation(session, conversations) == dict.fromkeys(conversations, 1)
    detail = client.get(f"/api/v1/incidents/{incident_id}/updates/{update.id}", headers=lead).json()
    assert detail["state"] == "sent"
    assert detail["progress"]["prepared"] == 6 and detail["progress"]["linked"] == 6


def test_sending_is_throttled_per_platform(client, session, brand, db):
    team = Team(session)
    with frozen_clock(NOW) as clock:
        incident_id, conversations = _incident_with(client, session, team, 6, private_every=0)
        update = _approved(session, team, incident_id)
        with db.unit_of_work() as s:  # the fan-out runs right after this commits
            updates.send_update(s, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
        send_times = sorted(d.send_at for d in session.scalars(select(IncidentDelivery)))
        assert send_times[1] - send_times[0] == timedelta(seconds=60 / updates.SENDS_PER_MINUTE["x"])
        states = list(session.scalars(select(Message.delivery_state).where(Message.direction == "outbound")))
        assert states.count("sent") == 1 and states.count("queued") == 5
        clock[0] = NOW + timedelta(seconds=5)
        outbox_sweep(db)
        progress = updates.progress(session, update=session.get(IncidentUpdate, update.id))
        assert progress.sent == 3 and progress.queued == 3 and progress.percent == 50
        clock[0] = NOW + timedelta(minutes=5)
        outbox_sweep(db)
        assert updates.progress(session, update=session.get(IncidentUpdate, update.id)).sent == 6


def test_an_update_reaches_everyone_exactly_once_even_if_the_sender_is_killed(client, session, brand, db):
    with frozen_clock(NOW):
        _killed_and_restarted(client, session, db)


def _killed_and_restarted(client, session, db) -> None:
    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 23)
    update = _approved(session, team, incident_id)
    held = HeldRunner()
    sender_db = Database(db.engine, runner=held, session_factory=db.session_factory)
    with sender_db.unit_of_work() as s:
        updates.send_update(s, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    assert [job.__name__ for job, _ in held.jobs] == ["fan_out"]

    def die_after_two_batches(written: int) -> None:
        if written >= 10:
            raise Killed

    with pytest.raises(Killed):
        updates.fan_out(sender_db, update.id, batch_size=5, after_batch=die_after_two_batches)
    half = _outbound_per_conversation(session, conversations)
    assert sum(half.values()) == 10 and set(half.values()) == {1}

    # A batch killed mid-way (after its deliveries were written, before commit) leaves nothing.
    original = updates._fan_out_batch

    def dies_inside(s, update_id, batch_size):
        original(s, update_id, batch_size)
        raise Killed

    updates._fan_out_batch = dies_inside
    try:
        with pytest.raises(Killed):
            updates.fan_out(sender_db, update.id, batch_size=5)
    finally:
        updates._fan_out_batch = original
    assert sum(_outbound_per_conversation(session, conversations).values()) == 10

    # Restart: the sweep finds the half-sent update and finishes it.
    assert updates.sweep(sender_db) == 1
    for job, args in held.jobs[1:]:
        job(sender_db, *args)
    assert _outbound_per_conversation(session, conversations) == dict.fromkeys(conversations, 1)
    assert session.scalar(select(func.count()).select_from(IncidentDelivery)) == 23
    # And the outbox delivers each exactly once, even when its sweep runs twice.
    with frozen_clock(NOW + timedelta(hours=1)):
        outbox_sweep(db)
        outbox_sweep(db)
    assert session.scalar(select(func.count()).select_from(SandboxDelivery)) == 23
    session.expire_all()
    assert session.get(IncidentUpdate, update.id).state == "sent"


def test_resolution_update_resolves_linked_conversations_unless_they_have_another_issue(client, session, brand,
                                                                                      db):
    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 3)
    # This customer also has a billing problem of their own.
    [billing] = ingest(client, team.headers["lead"],
                       complaint(50, text="Stream down, error E-1042 and you charged me twice, refund me"))
    service.link_by_hand(session, incident_id=incident_id, conversation_id=billing, principal=team.as_agent)
    session.commit()
    with pytest.raises(Conflict):
        updates.resolve(session, incident_id=incident_id, principal=team.as_lead)
    _approved(session, team, incident_id, kind="resolution")
    with db.unit_of_work() as s:
        updates.resolve(s, incident_id=incident_id, principal=team.as_lead)
    statuses = {cid: session.get(Conversation, cid).status for cid in [*conversations, billing]}
    assert all(statuses[c] == "resolved" for c in conversations)
    assert statuses[billing] == "open"
    incident = service.get_incident(session, incident_id=incident_id, principal=team.as_lead)
    assert incident.status == "resolved" and incident.resolved_at is not None
    assert session.scalar(select(PostMortem).where(PostMortem.incident_id == incident_id)) is not None
    kinds = [n.kind for n in service.notifications_for(session, principal=team.as_lead)]
    assert kinds[:2] == ["resolved", "update"]  # newest first: resolution after the approval


def test_the_resume_command_finishes_a_half_sent_update(client, session, brand, db, monkeypatch):
    from typer.testing import CliRunner

    from escalada import cli

    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 7)
    update = _approved(session, team, incident_id)
    sender_db = Database(db.engine, runner=HeldRunner(), session_factory=db.session_factory)
    with sender_db.unit_of_work() as s:
        updates.send_update(s, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    monkeypatch.setattr(cli, "_db", lambda: sender_db)
    result = CliRunner().invoke(cli.app, ["incidents", "resume"])
    assert result.exit_code == 0, result.output
    assert "resumed 1 update(s)" in result.output
    assert _outbound_per_conversation(session, conversations) == dict.fromkeys(conversations, 1)
    again = CliRunner().invoke(cli.app, ["incidents", "resume"])
    assert "no update is waiting" in again.output
    listed = CliRunner().invoke(cli.app, ["incidents", "list"])
    assert "Streaming" in listed.output and "sev2" in listed.output


def test_conversations_linked_after_sending_get_the_update_once(client, session, brand, db):
    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 3)
    update = _approved(session, team, incident_id)
    with db.unit_of_work() as s:
        updates.send_update(s, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    [late] = ingest(client, team.headers["lead"], complaint(77, text="Stream down for me too, E-1042"))
    service.link_by_hand(session, incident_id=incident_id, conversation_id=late, principal=team.as_agent)
    session.commit()
    assert updates.not_yet_sent(session, update=session.get(IncidentUpdate, update.id)) == 1
    for _ in range(2):
        with db.unit_of_work() as s:
            updates.send_update(s, incident_id=incident_id, update_id=update.id, principal=team.as_lead)
    assert _outbound_per_conversation(session, [*conversations, late]) == dict.fromkeys([*conversations, late], 1)


def test_every_language_of_the_linked_customers_needs_its_text_or_a_choice(client, session, brand):
    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 4, private_every=0)
    session.get(Conversation, conversations[1]).language = "pl"
    session.get(Conversation, conversations[2]).language = "pl"
    session.commit()
    with pytest.raises(InvalidInput, match=r"write the update in pl \(2 customers\)"):
        updates.draft_update(session, incident_id=incident_id, principal=team.as_manager,
                             texts={"en": "We are on it."})
    chosen = updates.draft_update(session, incident_id=incident_id, principal=team.as_manager,
                                  texts={"en": "We are on it."}, default_for=["pl"])
    assert chosen.default_for == ["pl"]
    # A Romanian customer linked after the draft: the approver is stopped, not the customer surprised.
    session.get(Conversation, conversations[3]).language = "ro"
    session.commit()
    with pytest.raises(InvalidInput, match=r"write the update in ro \(1 customer\)"):
        updates.approve_update(session, incident_id=incident_id, update_id=chosen.id, principal=team.as_lead)
    updates.edit_draft(session, incident_id=incident_id, update_id=chosen.id, principal=team.as_manager,
                       texts={"en": "We are on it.", "ro": "Lucrăm la asta."}, default_language="en",
                       default_for=["pl"])
    assert updates.approve_update(session, incident_id=incident_id, update_id=chosen.id,
                                  principal=team.as_lead).state == "approved"


def test_the_drafter_is_not_offered_an_approve_button(client, session, brand):
    from tests.conftest import login

    team = Team(session)
    incident_id, _ = _incident_with(client, session, team, 2, private_every=0)
    updates.draft_update(session, incident_id=incident_id, principal=team.as_manager, texts={"en": "On it."})
    session.commit()
    login(client, "em@example.com")
    page = client.get(f"/incidents/{incident_id}").text
    assert "/approve" not in page and "A second manager or lead approves your draft." in page
    client.post("/logout", data={"csrf_token": page.split('name="csrf_token" value="')[1].split('"')[0]})
    login(client, "lead@example.com")
    assert "/approve" in client.get(f"/incidents/{incident_id}").text


def test_a_refused_draft_shows_why_next_to_the_form_and_keeps_the_text(client, session, brand):
    from tests.conftest import login

    team = Team(session)
    incident_id, conversations = _incident_with(client, session, team, 2, private_every=0)
    session.get(Conversation, conversations[1]).language = "pl"
    session.commit()
    csrf = login(client, "em@example.com")
    page = client.post(f"/incidents/{incident_id}/updates", data={
        "csrf_token": csrf, "kind": "update", "default_language": "en",
        "languages": ["en", "pl"], "texts": ["We are fixing the stream.", ""]})
    assert page.status_code == 422
    assert 'id="draft-error"' in page.text and "write the update in pl (1 customer)" in page.text
    assert ">We are fixing the stream.</textarea>" in page.text
    assert session.scalars(select(IncidentUpdate)).first() is None
