"""Held replies and the clock: approvers are told at once (as an escalation near breach),
the Approvals menu counts what waits, and the queue shows each SLA and puts the soonest
due first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from escalada.kit.clock import frozen_clock, utc_now
from escalada.models import Notification
from tests.conftest import make_user

BILLING = "You charged my card twice for order {n}, refund me"  # tier 3: 15 minutes to first response


def _rule(lea) -> None:  # noqa: ANN001
    response = lea.post("/settings/approval-rules", data={"name": "Agents on tier 3", "roles": ["agent"],
                                                          "min_tier": "3", "csrf_token": lea.csrf},
                        follow_redirects=False)
    assert response.status_code == 303


def _notes(session, user_id: int) -> list[Notification]:  # noqa: ANN001
    return list(session.scalars(select(Notification).where(Notification.user_id == user_id)
                                .order_by(Notification.id)))


def test_approvers_are_told_at_once_and_near_breach_it_is_an_escalation(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    max_ = make_user(session, "escalation_manager", email="max@example.com", name="Max")
    _rule(lea)
    now = utc_now()
    calm = feed("1", BILLING.format(n=1), created_at=now.isoformat())
    late = feed("2", BILLING.format(n=2), handle="tom", created_at=(now - timedelta(minutes=12)).isoformat())
    with frozen_clock(now + timedelta(seconds=30)):
        assert ana.post(f"/api/v1/conversations/{calm}/replies", json={"text": "On it!"}).status_code == 202
        assert ana.post(f"/api/v1/conversations/{late}/replies", json={"text": "Refund today."}).status_code == 202
    session.expire_all()
    for approver in (lea.user.id, max_.id):
        kinds = [(n.kind, n.conversation_id) for n in _notes(session, approver)]
        assert ("approval", calm) in kinds and ("approval_near_breach", late) in kinds
    near = next(n for n in _notes(session, lea.user.id) if n.kind == "approval_near_breach")
    assert near.text.startswith("Near SLA breach (due in 2 min)") and "@tom" in near.text
    assert _notes(session, ana.user.id) == []  # the agent who asked is not an approver


def test_the_queue_shows_time_left_soonest_first_and_the_menu_counts(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    _rule(lea)
    now = utc_now()
    later = feed("1", BILLING.format(n=1), handle="first_held", created_at=now.isoformat())
    sooner = feed("2", BILLING.format(n=2), handle="second_held",
                  created_at=(now - timedelta(minutes=10)).isoformat())
    with frozen_clock(now):
        for cid in (later, sooner):  # held in this order…
            assert ana.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Looking now"}).status_code == 202
        page = lea.get("/approvals").text
    # …listed by deadline: the one due in 5 minutes before the one due in 15
    assert page.index("second_held") < page.index("first_held")
    assert "SLA warning" in page or "SLA ok" in page
    assert 'class="badge pending-approvals" aria-label="2 waiting">2<' in page
    assert "pending-approvals" not in ana.get("/inbox").text  # agents do not approve


def test_a_reply_left_waiting_is_escalated_when_the_clock_runs_low(client, session, feed, agents, db):
    from escalada.sla import timers

    ana, lea = agents["ana"], agents["lea"]
    _rule(lea)
    now = utc_now()
    with frozen_clock(now) as clock:
        cid = feed("1", BILLING.format(n=1), handle="waiting_jane", created_at=now.isoformat())
        assert ana.post(f"/api/v1/conversations/{cid}/replies", json={"text": "Refund today."}).status_code == 202
        session.expire_all()
        assert [n.kind for n in _notes(session, lea.user.id)] == ["approval"]
        clock[0] = now + timedelta(minutes=13)  # the warning stretch of the 15-minute target
        timers.sweep(db)
        timers.sweep(db)  # once only
    session.expire_all()
    kinds = [n.kind for n in _notes(session, lea.user.id)]
    assert kinds.count("approval_near_breach") == 1
    near = [n for n in _notes(session, lea.user.id) if n.kind == "approval_near_breach"][0]
    assert "@waiting_jane waits for approval" in near.text
