"""Load a generated demo day into the database, ending now, with a small team working it."""

from __future__ import annotations

import os
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.auth.service import create_user
from escalada.brands.service import add_account, create_brand, find_account
from escalada.config import Settings
from escalada.db import Database
from escalada.demo.generator import generate_day
from escalada.errors import DuplicateMessage, EscaladaError
from escalada.inbox import service as inbox
from escalada.inbox.batch_triage import PreparedTriage
from escalada.inbox.ingest import (
    prepare_batch,
    record_brand_reply,
    store,
    valid_messages,
    validate_item,
)
from escalada.kit.clock import frozen_clock, utc_now
from escalada.models import Brand, Conversation, ConversationSla, CsatSurvey, Message, Team, User
from escalada.routing import teams as routing_teams
from escalada.routing.schemas import AgentIn, ShiftIn, TeamIn
from escalada.sla import service as sla
from escalada.surveys import service as surveys

DEMO = Principal(role="admin", label="demo")
CHUNK = 200
TEAM = (
    ("ana@demo.escalada.local", "Ana Kowalska", "agent"),
    ("ben@demo.escalada.local", "Ben Carter", "senior_agent"),
    ("chloe@demo.escalada.local", "Chloé Martin", "escalation_manager"),
    ("dana@demo.escalada.local", "Dana Li", "lead"),
)

# The demo team's desks, follow-the-sun over the whole day: Ana (Warsaw) has the
# European day, Ben (Los Angeles) the American afternoon and the night, Chloé (Paris)
# owns executive cases; Dana leads every team. (email, team, tier, languages, tz, shift)
DESKS = (
    ("ana@demo.escalada.local", "social", 2, ["de", "en", "es", "fr", "it", "nl", "pl", "pt"],
     "Europe/Warsaw", "07:00", "19:00"),
    ("ben@demo.escalada.local", "escalations", 3, ["en", "es", "fr"], "America/Los_Angeles", "06:00", "22:00"),
    ("chloe@demo.escalada.local", "executive", 3, ["de", "en", "fr"], "Europe/Paris", "08:00", "20:00"),
)
DEMO_TEAMS = (("social", "Social", "social", "skills"), ("escalations", "Escalations", "escalations", "skills"),
              ("executive", "Executive", "executive", "skills"))
# A clock that ran out longer ago than this was escalated during the day the demo
# replays: it is written on the timeline but nobody is notified about it now.
QUIET_BEFORE = timedelta(hours=1)


@dataclass
class DemoSummary:
    inbound: int = 0
    replies: int = 0
    skipped: int = 0
    errors: int = 0
    conversations: int = 0
    settled: int = 0  # clocks that ran out during the replayed day
    team_password: str | None = None

    def describe(self) -> str:
        lines = [
            f"demo day loaded: {self.inbound} customer messages, {self.replies} brand replies, "
            f"{self.conversations} conversations ({self.skipped} already present, {self.errors} rejected)"
        ]
        if self.settled:
            lines.append(f"{self.settled} SLA clocks ran out during the day (on their timelines; "
                         "only the last hour's escalate now)")
        if self.team_password:
            emails = ", ".join(email for email, _, _ in TEAM)
            lines.append(f"demo team ({emails}) password: {self.team_password}  (shown once)")
        return "\n".join(lines)


def _shift(value: str, by: timedelta) -> str:
    return (datetime.fromisoformat(value) + by).isoformat()


def load_demo(
    db: Database,
    *,
    seed: int = 7,
    volume: int = 600,
    settings: Settings | None = None,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> DemoSummary:
    settings = settings or Settings()
    now = utc_now()
    day = (now - timedelta(days=1)).date()
    dataset = generate_day(seed=seed, day=day, volume=volume)
    # Move the generated day so that it ends now: the inbox then looks like this morning.
    shift = now - datetime(now.year, now.month, now.day, tzinfo=UTC)
    summary = DemoSummary()
    with db.unit_of_work() as session:
        for brand in dataset.brands:
            row = session.scalar(select(Brand).where(Brand.slug == brand.slug))
            if row is None:
                row = create_brand(session, slug=brand.slug, name=brand.name, actor=DEMO)
            for account in brand.accounts:
                if find_account(session, platform=account.platform, handle=account.handle) is None:
                    add_account(session, brand=row, platform=account.platform, handle=account.handle,
                                actor=DEMO)
        summary.team_password = _ensure_team(session)
        _ensure_desks(session)

    events = [("in", m) for m in dataset.inbound] + [("reply", r) for r in dataset.replies]
    events.sort(key=lambda e: e[1]["created_at"])
    for start in range(0, len(events), CHUNK):
        chunk = [(kind, {**item, "created_at": _shift(item["created_at"], shift)})
                 for kind, item in events[start:start + CHUNK]]
        with db.unit_of_work() as session:
            # The chunk's customer messages are triaged at once, each as of its arrival.
            prepared = prepare_batch(
                session,
                valid_messages([item for kind, item in chunk if kind == "in"], settings=settings),
                at=lambda message: message.created_at,
            )
            for kind, item in chunk:
                # Routing and SLA clocks see the moment the message arrived: who was on
                # shift then, and when its promise started.
                with frozen_clock(datetime.fromisoformat(item["created_at"])):
                    outcome = _replay(session, kind, item, settings, prepared)
                setattr(summary, outcome, getattr(summary, outcome) + 1)
        on_progress(min(start + CHUNK, len(events)), len(events))
    with db.unit_of_work() as session:
        summary.conversations = _work_the_inbox(session)
    with db.unit_of_work() as session:
        summary.settled = _settle_clocks(session)
    return summary


def _replay(session, kind: str, item: dict, settings: Settings,  # noqa: ANN001
            prepared: PreparedTriage | None = None) -> str:
    """Store one customer message or brand reply; the summary field it counts towards."""
    try:
        if kind == "in":
            store(session, validate_item(item, settings=settings), raw=_with_engagement(item), actor=DEMO,
                  prepared=prepared)
            return "inbound"
        with session.begin_nested():
            account = find_account(session, platform=item["platform"], handle=item["brand_account"])
            assert account is not None
            record_brand_reply(
                session, platform=item["platform"], platform_message_id=item["platform_message_id"],
                brand_account=account, in_reply_to=item["in_reply_to"], text=item["text"],
                visibility=item["visibility"], created_at=datetime.fromisoformat(item["created_at"]),
                actor=DEMO,
            )
        return "replies"
    except DuplicateMessage:
        return "skipped"
    except EscaladaError:
        return "errors"


def _with_engagement(item: dict) -> dict:
    """The payload as the platform would send it: public posts carry their likes, replies
    and shares (X ``public_metrics``, Meta counts), more for accounts with an audience."""
    if item.get("visibility") != "public":
        return item
    h = zlib.crc32(item["platform_message_id"].encode())
    reach = 1 + min(int((item.get("author") or {}).get("followers") or 0), 200_000) // 5_000
    likes, replies, shares = h % 6 * reach, (h >> 4) % 3, (h >> 8) % 3 * reach // 2
    if item["platform"] == "x":
        return {**item, "public_metrics": {"like_count": likes, "reply_count": replies, "retweet_count": shares,
                                           "quote_count": 0}}
    return {**item, "engagement": {"likes": likes, "replies": replies, "shares": shares}}


def _ensure_desks(session) -> None:  # noqa: ANN001
    """The demo teams and agent profiles, so the day arrives routed and on the clock."""
    if session.scalar(select(Team.id).limit(1)) is not None:
        return  # teams exist (an earlier load, or the lead's own): leave them alone
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_([t[0] for t in TEAM])))}
    lead = users.get("dana@demo.escalada.local")
    for slug, name, kind, strategy in DEMO_TEAMS:
        routing_teams.create_team(session, data=TeamIn(slug=slug, name=name, kind=kind, strategy=strategy,
                                                       lead_user_id=lead.id if lead else None),
                                  principal=DEMO)
    for email, team, tier, languages, timezone, start, end in DESKS:
        if email not in users:
            continue
        routing_teams.set_agent(session, user_id=users[email].id, principal=DEMO, data=AgentIn(
            team=team, tier_level=tier, languages=languages, timezone=timezone, status="online",
            capacity={"public": 40, "private": 20},
            shifts=[ShiftIn(days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start=start, end=end)],
        ))


def _settle_clocks(session) -> int:  # noqa: ANN001
    """Clocks that ran out well before now were escalated during the replayed day.

    Their levels are recorded on the timeline as taken at the deadline, without telling
    anyone today; only clocks that ran out within the last hour (and those still
    running) are left for the SLA sweep, so loading a day does not flood anyone.
    """
    now = utc_now()
    settled = 0
    for clock in session.scalars(select(ConversationSla).where(ConversationSla.next_check_at <= now)):
        conversation = session.get(Conversation, clock.conversation_id)
        sla.refresh(session, conversation, now=now)
        _, reading = sla.reading_for(session, conversation, now=now)
        if reading.state != "breached" or reading.due_at is None or reading.due_at > now - QUIET_BEFORE:
            continue
        clock.warned_at = clock.warned_at or reading.due_at
        clock.breached_at = clock.breached_at or reading.due_at
        if reading.level > clock.level:
            record(session, actor=DEMO, action="sla.escalated", conversation_id=conversation.id,
                   to=f"level {reading.level}", clock=reading.clock,
                   reason="ran out during the replayed demo day (nobody notified now)")
            clock.level, clock.level_at = reading.level, reading.due_at
        clock.next_check_at = reading.next_check_at
        settled += 1
    return settled


def _ensure_team(session) -> str | None:  # noqa: ANN001
    missing = [t for t in TEAM if session.scalar(select(User.id).where(User.email == t[0])) is None]
    if not missing:
        return None
    chosen = os.environ.get("ESCALADA_DEMO_PASSWORD")
    password = chosen or secrets.token_urlsafe(12)
    for email, name, role in missing:
        create_user(session, email=email, name=name, role=role, password=password, actor=DEMO)
    return None if chosen else password  # a chosen password is never printed


def _work_the_inbox(session) -> int:  # noqa: ANN001
    """Give the day the state a team would have left it in: answered, assigned, resolved
    with surveys answered, noted; each step at the time it would have happened."""
    team = {u.email: u for u in session.scalars(select(User).where(User.email.in_([t[0] for t in TEAM])))}
    agents = [team[e] for e, _, role in TEAM if e in team and role in ("agent", "senior_agent")]
    manager = team.get("chloe@demo.escalada.local")
    by_id = {u.id: u for u in team.values()}
    conversations = session.scalars(select(Conversation).order_by(Conversation.id)).all()
    last_direction = dict(session.execute(
        select(Message.conversation_id, Message.direction)
        .order_by(Message.conversation_id, Message.created_at, Message.id)
    ).all())
    cutoff = utc_now() - timedelta(hours=6)
    for n, c in enumerate(conversations):
        as_agent = agents[n % len(agents)] if agents else None
        # The day's replies were the team's: whoever the conversation was routed to, else
        # the agent whose turn it is.
        replier = by_id.get(c.assignee_id) or as_agent
        if replier is not None:
            session.execute(update(Message).where(
                Message.conversation_id == c.id, Message.direction == "outbound",
                Message.sender_user_id.is_(None)).values(sender_user_id=replier.id, sender_label=replier.name))
        if c.executive and manager is not None:
            if c.assignee_id is None:
                inbox.assign(session, conversation_id=c.id, user_id=manager.id, principal=DEMO)
            inbox.add_note(session, conversation_id=c.id, principal=_as(manager),
                           text="Executive case: I own this one. Keep replies private and loop me in.")
        if last_direction.get(c.id) == "outbound" and c.status == "open":
            if c.last_message_at < cutoff and replier is not None:
                _resolve(session, c, replier, n)
            else:
                inbox.set_status(session, conversation_id=c.id, status="pending", principal=DEMO)
        elif c.tier >= 2 and c.status in ("new", "open") and c.assignee_id is None and as_agent is not None and n % 2 == 0:
            inbox.assign(session, conversation_id=c.id, user_id=as_agent.id, principal=DEMO)
        elif c.tier == 0 and n % 3 == 0 and as_agent is not None:
            # Noise archived in a clean-up pass a few minutes after it came in.
            with frozen_clock(c.last_message_at + timedelta(minutes=2 + n % 13)):
                inbox.set_status(session, conversation_id=c.id, status="closed", principal=_as(as_agent))
    return len(conversations)


# Survey answers of the demo day, most of them happy: (score, comment or None).
ANSWERS = ((5, "Quick and kind, thank you!"), (5, None), (4, None), (4, "Sorted, but it took two messages."),
           (5, None), (3, None), (2, "Still waiting for the refund."), (5, None), (1, "Nobody read my message."),
           (4, None))


def _resolve(session, conversation: Conversation, agent: User, n: int) -> None:  # noqa: ANN001
    """The agent resolves a while after the last reply; the customer gets the survey and,
    six times out of ten, answers it within the next hour or two."""
    resolved_at = conversation.last_message_at + timedelta(minutes=5 + n % 40)
    with frozen_clock(resolved_at):
        if conversation.assignee_id is None:  # who answered owns it: the survey counts for them
            inbox.assign(session, conversation_id=conversation.id, user_id=agent.id, principal=DEMO)
        inbox.set_status(session, conversation_id=conversation.id, status="resolved", principal=_as(agent))
    survey = session.scalar(select(CsatSurvey).where(CsatSurvey.conversation_id == conversation.id)
                            .order_by(CsatSurvey.id.desc()))
    if survey is None or survey.message_id is None or n % 10 >= 6:
        return
    link = session.get(Message, survey.message_id)
    token = surveys.token_in(link.text) if link is not None else ""
    score, comment = ANSWERS[(n // 10 + n) % len(ANSWERS)]
    with frozen_clock(resolved_at + timedelta(minutes=10 + (n * 7) % 110)):
        surveys.do_answer(session, token=token, score=score, comment=comment)


def _as(user: User) -> Principal:
    return Principal(role=user.role, label=user.name, user_id=user.id)

