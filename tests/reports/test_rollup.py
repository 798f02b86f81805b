"""The reports from stored facts give the same figures as measuring every timeline live.

A seeded mix of conversations (replies from agents and from outside Escalada, failed
deliveries, tags, assignments, resolutions and reopenings, surveys, engagement counts,
routing teams, SLA policies with business calendars) is reported both ways for every
filter and grouping, on SQLite and PostgreSQL; then conversations change and the facts
must follow.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from escalada.auth.principal import Principal
from escalada.config import Settings
from escalada.models import (
    AgentProfile,
    AuditEvent,
    Author,
    Brand,
    BrandAccount,
    BusinessCalendar,
    Conversation,
    ConversationFact,
    ConversationRouting,
    ConversationTag,
    CsatSurvey,
    FactMark,
    Message,
    SlaPolicy,
    Team,
    TrackedLink,
    User,
)
from escalada.reports import facts, service
from escalada.reports.aggregate import DIMENSIONS
from escalada.reports.filters import parse_filters
from escalada.reports.rollup import RollupReport
from escalada.sla.service import load_policies
from tests.conftest import at

LEAD = Principal(role="lead", label="test")
START = at("2026-11-02T00:00:00+00:00")  # a Monday
NOW = at("2026-11-20T18:00:00+00:00")
CHANNELS = ("x", "messenger")
TAGS = ("billing", "outage", "refund")
OFFICE = [[["09:00", "17:00"]]] * 5 + [[], []]


def _seed(session, *, conversations: int = 60, seed: int = 7) -> dict[str, list]:
    rng = random.Random(seed)
    brands = [Brand(slug=f"brand{i}", name=f"Brand {i}") for i in range(2)]
    session.add_all(brands)
    session.flush()
    accounts = {(b.id, c): BrandAccount(brand_id=b.id, platform=c, handle=f"{b.slug}-{c}",
                                        display_handle=f"{b.slug}-{c}")
                for b in brands for c in CHANNELS}
    session.add_all(accounts.values())
    agents = [User(email=f"agent{i}@example.com", name=f"Agent {i}", role="agent", password_hash="x")
              for i in range(4)]
    session.add_all(agents)
    teams = [Team(slug="care", name="Care", kind="social"), Team(slug="vip", name="VIP", kind="escalations")]
    session.add_all(teams)
    session.flush()
    session.add_all(AgentProfile(user_id=a.id, team_id=teams[i % 2].id) for i, a in enumerate(agents[:3]))
    office = BusinessCalendar(name="Office", timezone="Europe/Madrid", hours=OFFICE, holidays=["2026-11-09"])
    session.add(office)
    session.flush()
    session.add_all([
        SlaPolicy(name="VIP office", brand_id=brands[1].id, tier=3, first_response_minutes=45,
                  next_response_minutes=60, resolution_minutes=600, calendar_id=office.id),
        SlaPolicy(name="Messenger", channel="messenger", first_response_minutes=90,
                  next_response_minutes=90, resolution_minutes=900),
    ])
    author = Author(platform="x", platform_user_id="u1", handle="customer")
    session.add(author)
    session.flush()
    ids = []
    for n in range(conversations):
        brand = rng.choice(brands)
        channel = rng.choice(CHANNELS)
        created = START + timedelta(minutes=rng.randrange(0, 19 * 24 * 60))
        assignee = rng.choice([None, *agents])
        conversation = Conversation(
            brand_id=brand.id, brand_account_id=accounts[(brand.id, channel)].id, author_id=author.id,
            channel=channel, status="open", tier=rng.choice([0, 1, 2, 3, 3]),
            priority=rng.choice(["normal", "normal", "urgent"]), assignee_id=None if assignee is None
            else assignee.id, preview="", created_at=created, updated_at=created, last_message_at=created)
        session.add(conversation)
        session.flush()
        ids.append(conversation.id)
        t = created
        resolved = False
        for step in range(rng.randrange(1, 7)):
            kind = rng.choice(["customer", "reply", "reply", "foreign", "failed", "action", "resolve",
                               "reopen"]) if step else "customer"
            t += timedelta(minutes=rng.choice([1, 3, 12, 45, 90, 400, 1500]))
            agent = rng.choice(agents)
            raw = rng.choice([None, None, {"engagement": {"likes": rng.randrange(5), "shares": 1}},
                              {"public_metrics": {"like_count": 3, "reply_count": 1}}])
            if kind == "customer":
                session.add(Message(conversation_id=conversation.id, direction="inbound", platform=channel,
                                    brand_account_id=conversation.brand_account_id, text="help",
                                    visibility="public", created_at=t, received_at=t, raw=raw,
                                    sentiment=rng.choice([None, -0.8, -0.3, 0.0, 0.3, 0.9])))
            elif kind in ("reply", "foreign", "failed"):
                session.add(Message(conversation_id=conversation.id, direction="outbound", platform=channel,
                                    brand_account_id=conversation.brand_account_id, text="on it",
                                    visibility="public", created_at=t, received_at=t, raw=raw,
                                    sender_user_id=None if kind == "foreign" else agent.id,
                                    sender_label="Imported" if kind == "foreign" else agent.name,
                                    delivery_state="failed" if kind == "failed" else "sent"))
                if kind == "reply" and rng.random() < 0.3:
                    session.add(TrackedLink(code=f"c{n}-{step}", url="https://example.com",
                                            conversation_id=conversation.id, agent_id=agent.id,
                                            clicks=rng.choice([0, 0, 2])))
            elif kind == "action":
                session.add(AuditEvent(at=t, actor_user_id=agent.id, actor_label=agent.name,
                                       action=rng.choice(["conversation.tagged", "conversation.noted",
                                                          "conversation.assigned"]),
                                       conversation_id=conversation.id, details={}))
            elif kind == "resolve" and not resolved or kind == "reopen" and resolved:
                to = "resolved" if kind == "resolve" else "open"
                by = agent if n % 4 else None  # every fourth: an integration or a rule, no person
                session.add(AuditEvent(at=t, actor_user_id=by and by.id, actor_label=by and by.name or "rules",
                                       action="conversation.status", conversation_id=conversation.id,
                                       details={"from": conversation.status, "to": to}))
                conversation.status = to
                resolved = not resolved
        for tag in rng.sample(TAGS, rng.randrange(0, 3)):
            session.add(ConversationTag(conversation_id=conversation.id, tag=tag))
        if resolved and rng.random() < 0.6:
            session.add(CsatSurvey(conversation_id=conversation.id, agent_id=rng.choice([None, agents[0].id]),
                                   token_hash=f"{n:064d}", sent_at=t, expires_at=t + timedelta(days=7),
                                   answered_at=t + timedelta(hours=1), score=rng.randrange(1, 6),
                                   comment=rng.choice([None, "thanks"])))
        if rng.random() < 0.3:
            session.add(ConversationRouting(conversation_id=conversation.id, team_id=teams[1].id))
    session.commit()
    return {"ids": ids, "agents": agents, "brands": brands}


def _both(session, **query):
    filters = parse_filters(now=NOW, **({"start": "2026-11-02", "end": "2026-11-20"} | query))
    live = service.LiveReport(session, service.load(session, filters=filters, principal=LEAD, now=NOW))
    rolled = RollupReport.open(session, filters=filters, now=NOW)
    return live, rolled


def _assert_same(live, rolled) -> None:
    assert rolled.overview() == live.overview()
    for by in DIMENSIONS:
        assert rolled.breakdown(by) == live.breakdown(by), by
    assert rolled.team() == live.team()
    assert rolled.volume() == live.volume()
    assert rolled.csat_comments() == live.csat_comments()


@pytest.fixture
def seeded(session):
    return _seed(session)


def test_the_rollup_matches_the_live_report(session, seeded):
    live, rolled = _both(session)
    figures = live.overview()
    assert figures["conversations"] == 60 and figures["response_seconds"]["count"] > 20
    assert figures["sla"]["overall"]["pending"] + figures["sla"]["overall"]["breached"] > 0
    _assert_same(live, rolled)


@pytest.mark.parametrize("query", [
    {"brand": "brand1"}, {"channel": "messenger"}, {"tier": "3"}, {"tag": "refund"}, {"tz": "America/Santiago"},
    {"tz": "Asia/Kathmandu"}, {"brand": "brand0", "channel": "x", "tier": "2"}, {"start": "2026-11-09"},
])
def test_filters_and_time_zones_match(session, seeded, query):
    _assert_same(*_both(session, **query))


def test_agent_filter_matches(session, seeded):
    _assert_same(*_both(session, agent=str(seeded["agents"][1].id)))


def test_the_same_report_later_moves_pending_to_breached(session, seeded):
    filters = parse_filters(now=NOW, start="2026-11-02", end="2026-11-20")
    for later in (timedelta(minutes=20), timedelta(days=3)):
        live = service.LiveReport(session, service.load(session, filters=filters, principal=LEAD, now=NOW + later))
        assert RollupReport.open(session, filters=filters, now=NOW + later).overview() == live.overview()


def test_changes_after_the_facts_were_written_are_measured_before_the_report(session, seeded):
    _both(session)  # writes the facts
    assert session.scalar(select(func.count()).select_from(FactMark)) == 0
    agent = seeded["agents"][2]
    target = session.get(Conversation, seeded["ids"][5])
    last = session.scalar(select(func.max(Message.created_at)).where(Message.conversation_id == target.id))
    session.add(Message(conversation_id=target.id, direction="outbound", platform=target.channel,
                        brand_account_id=target.brand_account_id, text="sorted", visibility="public",
                        created_at=last + timedelta(minutes=5), received_at=last, sender_user_id=agent.id,
                        delivery_state="sent"))
    other = session.get(Conversation, seeded["ids"][9])
    other.tier, other.assignee_id = 3, agent.id
    session.add(ConversationTag(conversation_id=seeded["ids"][11], tag="vip"))
    session.commit()
    marked = set(session.scalars(select(FactMark.conversation_id)))
    assert {target.id, other.id, seeded["ids"][11]} <= marked
    live, rolled = _both(session, tag="vip")
    _assert_same(live, rolled)
    _assert_same(*_both(session))
    assert session.scalar(select(func.count()).select_from(FactMark)) == 0


def test_a_new_sla_policy_recomputes_the_targets(session, seeded):
    _both(session)
    session.add(SlaPolicy(name="Everything in 5", first_response_minutes=5, next_response_minutes=5,
                          resolution_minutes=60))
    session.commit()
    live, rolled = _both(session)
    assert any("Everything in 5" in r["policies"] for r in live.overview()["sla"]["targets"])
    _assert_same(live, rolled)


def test_missing_facts_are_filled_and_the_sweep_clears_marks(db, session, seeded):
    filters = parse_filters(now=NOW, start="2026-11-02", end="2026-11-20")
    facts.ensure_fresh(session, start=filters.start, end=filters.end, policies=load_policies(session),
                       zone="UTC")
    session.commit()
    assert session.scalar(select(func.count()).select_from(ConversationFact)) == 60
    session.execute(delete(ConversationFact).where(ConversationFact.conversation_id.in_(seeded["ids"][:7])))
    session.get(Conversation, seeded["ids"][20]).status = "closed"
    session.commit()
    assert facts.sweep(db) == 1
    assert session.scalar(select(func.count()).select_from(FactMark)) == 0
    _assert_same(*_both(session))  # the seven deleted facts are recomputed for the report
    assert session.scalar(select(func.count()).select_from(ConversationFact)) == 60


def test_rebuild_writes_every_missing_fact_with_progress(db, session, seeded):
    seen = []
    assert facts.rebuild(db, progress=lambda done, total: seen.append((done, total))) == 60
    assert seen[0] == (0, 60) and seen[-1] == (60, 60)
    assert facts.rebuild(db) == 0
    assert facts.rebuild(db, everything=True) == 60


@pytest.mark.parametrize("zone", ["UTC", "Europe/Dublin", "America/New_York"])
def test_business_hours_in_the_reporting_zone_match_the_live_report(session, seeded, zone):
    # 2026-11-02..20 spans two weekends; NOW is a Friday, after hours in Dublin, not in New York.
    live, rolled = _both(session, hours="business", reporting_zone=zone)
    assert rolled.filters.timezone == zone and rolled.filters.business_hours
    figures = live.overview()
    assert figures["response_seconds"]["count"] > 20
    calendar = _both(session, reporting_zone=zone)[0].overview()
    assert figures["first_response_seconds"] != calendar["first_response_seconds"]
    _assert_same(live, rolled)
    assert isinstance(service.open_report(session, filters=rolled.filters, principal=LEAD, now=NOW),
                      RollupReport)


@pytest.mark.parametrize("query", [{"brand": "brand1"}, {"channel": "messenger"}, {"tier": "3"},
                                   {"tag": "refund"}, {"start": "2026-11-07", "end": "2026-11-16"}])
def test_business_hours_filters_match(session, seeded, query):
    _assert_same(*_both(session, hours="business", reporting_zone="America/New_York", **query))


def test_business_hours_later_move_pending_to_breached(session, seeded):
    filters = parse_filters(now=NOW, start="2026-11-02", end="2026-11-20", hours="business",
                            reporting_zone="America/New_York")
    # Friday 13:20 in New York; Saturday 13:00 (closed: nothing moves); the next Monday.
    for later in (timedelta(minutes=20), timedelta(days=1), timedelta(days=3)):
        data = service.load(session, filters=filters, principal=LEAD, now=NOW + later)
        live = service.LiveReport(session, data)
        assert RollupReport.open(session, filters=filters, now=NOW + later).overview() == live.overview()


def test_a_new_reporting_zone_recomputes_the_facts(session, seeded):
    _both(session, hours="business")  # facts measured in UTC business hours
    policies = load_policies(session)
    digests = set(session.scalars(select(ConversationFact.policy_digest)))
    assert digests == {facts.policy_digest(policies, "UTC")}
    live, rolled = _both(session, hours="business", reporting_zone="America/New_York")
    assert set(session.scalars(select(ConversationFact.policy_digest))) == {
        facts.policy_digest(policies, "America/New_York")}
    _assert_same(live, rolled)


def test_business_hours_in_another_zone_are_measured_live(session, seeded):
    filters = parse_filters(now=NOW, start="2026-11-02", end="2026-11-20", hours="business",
                            tz="Europe/Dublin", reporting_zone="America/New_York")
    report = service.open_report(session, filters=filters, principal=LEAD, now=NOW)
    assert isinstance(report, service.LiveReport)
    live = service.LiveReport(session, service.load(session, filters=filters, principal=LEAD, now=NOW))
    _assert_same(live, report)
    # The facts hold New York's business hours: reading them for Dublin would be wrong.
    misread = RollupReport.open(session, filters=filters, now=NOW)
    assert misread.overview()["first_response_seconds"] != live.overview()["first_response_seconds"]


def test_the_sweep_remeasures_facts_when_the_reporting_zone_changes(db, session, seeded):
    db.settings = Settings(database_url="sqlite://", report_timezone="UTC")
    sweeper = facts.FactSweep()
    assert facts.rebuild(db) == 60
    assert sweeper.tick(db) == 0
    db.settings = Settings(database_url="sqlite://", report_timezone="America/New_York")
    assert sweeper.tick(db, limit=50) == 50
    assert sweeper.tick(db, limit=50) == 10
    assert sweeper.tick(db, limit=50) == 0
    digest = facts.policy_digest(load_policies(session), "America/New_York")
    assert set(session.scalars(select(ConversationFact.policy_digest))) == {digest}
    _assert_same(*_both(session, hours="business", reporting_zone="America/New_York"))


def test_the_rebuild_command_backfills_the_facts(db, session, seeded, monkeypatch):
    from typer.testing import CliRunner

    from escalada import cli

    monkeypatch.setattr(cli, "_db", lambda: db)
    result = CliRunner().invoke(cli.app, ["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "60 conversation(s) measured" in result.stdout
    assert session.scalar(select(func.count()).select_from(ConversationFact)) == 60
    again = CliRunner().invoke(cli.app, ["reports", "rebuild", "--all"])
    assert "60 conversation(s) measured" in again.stdout


def test_the_periodic_sweep_remeasures_facts_of_old_policies(db, session, seeded):
    db.settings = Settings(database_url="sqlite://", report_timezone="UTC")
    sweeper = facts.FactSweep()
    assert facts.rebuild(db) == 60
    assert sweeper.tick(db) == 0 and sweeper.clean_digest is not None
    session.add(SlaPolicy(name="Tier 1 in 10", tier=1, first_response_minutes=10, next_response_minutes=10,
                          resolution_minutes=60))
    session.commit()
    assert sweeper.tick(db, limit=50) == 50
    assert sweeper.tick(db, limit=50) == 10
    assert sweeper.tick(db, limit=50) == 0
    digest = facts.policy_digest(load_policies(session), "UTC")
    assert set(session.scalars(select(ConversationFact.policy_digest))) == {digest}
