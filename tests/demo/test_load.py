"""Loading a demo day into the database (the generator itself is tested beside this)."""

from __future__ import annotations

from sqlalchemy import func, select

from datetime import timedelta

from escalada.auth.principal import Principal
from escalada.config import Settings
from escalada.demo.load import TEAM, load_demo
from escalada.reports import service as reports
from escalada.reports.filters import ReportFilters
from escalada.kit.clock import utc_now
from escalada.models import Conversation, Message, Note, User


def test_demo_day_ends_now_and_is_worked_by_the_team(db, session):
    progress = []
    summary = load_demo(db, seed=3, volume=80, settings=Settings(),
                        on_progress=lambda done, total: progress.append((done, total)))
    assert summary.inbound >= 70 and summary.replies > 0 and summary.errors == 0
    assert progress[-1][0] == progress[-1][1]
    assert summary.team_password and summary.team_password in summary.describe()
    emails = set(session.scalars(select(User.email)))
    assert {email for email, _, _ in TEAM} <= emails
    latest = session.scalar(select(func.max(Message.created_at)))
    assert (utc_now() - latest).total_seconds() < 24 * 3600
    statuses = set(session.scalars(select(Conversation.status)))
    assert statuses & {"pending", "resolved"} and len(statuses) >= 3
    manager = session.scalar(select(User).where(User.role == "escalation_manager"))
    executive = session.scalars(select(Conversation).where(Conversation.executive.is_(True))).all()
    assert executive and all(c.assignee_id is not None for c in executive)
    notes = session.scalar(select(func.count()).select_from(Note).where(Note.author_user_id == manager.id))
    assert notes == len(executive)
    again = load_demo(db, seed=3, volume=80, settings=Settings())
    assert again.inbound == 0 and again.skipped == summary.inbound + summary.replies
    assert again.team_password is None


def test_demo_day_arrives_routed_on_the_clock_without_a_flood_of_alerts(db, session):
    from escalada.models import AuditEvent, ConversationRouting, ConversationSla, Notification, Team
    from escalada.sla import service as sla_service
    from escalada.sla import timers

    summary = load_demo(db, seed=5, volume=300, settings=Settings())
    assert {t.kind for t in session.scalars(select(Team))} == {"social", "escalations", "executive"}
    routed = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.routed")).all()
    assert len(routed) >= summary.conversations // 3
    assert all(e.details.get("reason") for e in routed)
    # Routed at the moment each conversation arrived, not at load time.
    first_routed = {e.conversation_id: e.at for e in reversed(routed)}
    created = dict(session.execute(select(Conversation.id, Conversation.created_at)).all())
    on_arrival = [cid for cid, at in first_routed.items() if abs((at - created[cid]).total_seconds()) < 1]
    assert len(on_arrival) >= 0.8 * len(first_routed), (len(on_arrival), len(first_routed))
    assert session.scalar(select(func.count()).select_from(ConversationRouting)) > 0
    clocks = session.scalar(select(func.count()).select_from(ConversationSla))
    assert clocks > summary.conversations // 2
    before = session.scalar(select(func.count()).select_from(Notification))
    due = sla_service.due_for_check(session)
    for conversation_id in due:
        timers.check(db, conversation_id)
    session.expire_all()
    alerts = session.scalar(select(func.count()).select_from(Notification)) - before
    breached = session.scalar(select(func.count()).select_from(ConversationSla)
                              .where(ConversationSla.state == "breached"))
    assert summary.settled > 0 and breached >= summary.settled
    # Only clocks that ran out in the last hour escalate now: a handful, not the day's backlog.
    assert alerts <= 3 * len(due) and len(due) < breached / 2


def test_demo_chunks_are_triaged_at_once_as_of_each_arrival(db, session, batch_triage_only):
    summary = load_demo(db, seed=5, volume=40, settings=Settings())
    assert summary.inbound >= 30 and summary.errors == 0


def test_the_demo_day_fills_every_report_card(db, session):
    """Replies by the team, resolutions and archiving at the times they happened, and
    answered surveys: a lead opening the reports sees figures, not dashes."""
    load_demo(db, seed=5, volume=300, settings=Settings())
    now = utc_now()
    filters = ReportFilters(start=now - timedelta(days=2), end=now + timedelta(minutes=1))
    report = reports.open_report(session, filters=filters, principal=Principal(role="lead", label="test"), now=now)
    overview = report.overview()
    resolution = overview["resolution_seconds"]
    assert resolution["count"] > 10 and resolution["p90"] < 24 * 3600
    assert overview["reply_work_seconds"]["count"] > 10 and overview["action_work_seconds"]["count"] > 0
    assert overview["csat"]["responses"] > 5 and 1 <= overview["csat"]["average"] <= 5
    assert overview["engagement"]["interactions"] > 10 and overview["engagement"]["likes"] > 0
    agents = {row["agent"]: row for row in report.team()}
    assert {"Ana Kowalska", "Ben Carter"} <= set(agents)
    assert all(agents[name]["replies"] > 0 for name in ("Ana Kowalska", "Ben Carter"))
    comments = report.csat_comments()
    assert comments and all(c["agent"] for c in comments)  # each survey counts for who answered
