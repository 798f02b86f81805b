"""Loading a demo day into the database (the generator itself is tested beside this)."""

from __future__ import annotations

from sqlalchemy import func, select

from escalada.config import Settings
from escalada.demo.load import TEAM, load_demo
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
