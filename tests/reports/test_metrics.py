"""Each metric on a hand-built conversation timeline (docs/metrics.md)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from escalada.reports.aggregate import backlog, overview, sentiment_change, sla_attainment, team, volume
from escalada.reports.hours import BusinessCalendar
from escalada.reports.metrics import measure
from escalada.reports.stats import percentile, summarise
from escalada.reports.timeline import Event, Timeline

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
ANA, BEN = 1, 2


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def conversation(*events: Event, tier: int = 2, status: str = "open", **kw) -> Timeline:
    return Timeline(conversation_id=kw.pop("id", 1), created_at=T0, tier=tier, status=status,
                    events=list(events), **kw)


def customer(minutes, sentiment=None):
    return Event(m(minutes), "customer", sentiment=sentiment)


def reply(minutes, agent=ANA):
    return Event(m(minutes), "reply", agent)


def action(minutes, agent=ANA):
    return Event(m(minutes), "action", agent)


def resolved(minutes, agent=ANA):
    return Event(m(minutes), "resolved", agent)


# Customer writes at 0, 2 and 30; Ana answers at 12 and 40, tags at 41, resolves at 42.
THREAD = conversation(customer(0, -0.6), customer(2), reply(12), customer(30), reply(40),
                      action(41), resolved(42), customer(50, 0.5), status="resolved")


def test_first_response_is_first_customer_message_to_first_reply():
    assert measure(THREAD, now=m(60)).first_response == 12 * 60


def test_response_times_count_every_customer_message_to_the_next_reply():
    # 0→12, 2→12, 30→40; the message at 50 has no reply yet.
    assert measure(THREAD, now=m(60)).response_times == [720, 600, 600]


def test_wait_times_end_at_a_reply_or_a_resolution():
    result = measure(conversation(customer(0), action(5), resolved(20)), now=m(30))
    assert result.wait_times == [1200]  # a tag does not end the wait; the resolution does
    assert result.response_times == [] and result.first_response is None


def test_resolution_is_first_customer_message_to_last_resolution():
    timeline = conversation(customer(0), reply(5), resolved(10), Event(m(20), "reopened", ANA),
                            customer(21), reply(25), resolved(90), status="resolved")
    assert measure(timeline, now=m(100)).resolution == 90 * 60
    assert measure(conversation(customer(0), reply(5)), now=m(100)).resolution is None


def test_handle_time_splits_reply_work_from_action_only_work():
    # Reply session: 0→12 capped at 10 min, then 30→40 = 10 min, tag 40→41 and resolve 41→42
    # in the same session (1 + 1 min) → 22 min of reply work. Separate action-only session
    # by Ben: archives 3 hours later, credited at most the 10-minute cap.
    timeline = conversation(customer(0), reply(12), customer(30), reply(40), action(41),
                            resolved(42), action(180, BEN))
    result = measure(timeline, now=m(200))
    assert result.agents[ANA].reply_work == 22 * 60
    assert result.agents[ANA].action_work == 0
    assert result.agents[BEN].action_work == 600
    assert result.reply_work == 22 * 60 and result.action_work == 600
    assert result.handle_time == 32 * 60


def test_action_only_session_of_quick_clean_up():
    # Noise tagged 1 minute after it arrived and archived a minute later: 2 minutes of actions.
    result = measure(conversation(customer(0), action(1), resolved(2), tier=0, status="resolved"),
                     now=m(10))
    assert result.action_work == 120 and result.reply_work == 0


@pytest.mark.parametrize(("tier", "events", "now", "state"), [
    (3, [customer(0), reply(14)], 60, "met"),
    (3, [customer(0), reply(16)], 60, "breached"),
    (3, [customer(0)], 10, "pending"),
    (3, [customer(0)], 16, "breached"),
    (2, [customer(0), reply(59)], 90, "met"),
    (1, [customer(0), reply(300)], 400, "met"),
    (0, [customer(0)], 1000, None),
])
def test_first_response_sla_against_the_tier_target(tier, events, now, state):
    assert measure(conversation(*events, tier=tier), now=m(now)).sla == state


def test_sla_attainment_per_target():
    items = [
        measure(conversation(customer(0), reply(5), tier=3), now=m(100)),
        measure(conversation(customer(0), reply(20), tier=3), now=m(100)),
        measure(conversation(customer(0), tier=2), now=m(30)),
        measure(conversation(customer(0), reply(30), tier=2), now=m(100)),
    ]
    result = sla_attainment(items)
    tier3, tier2 = result["targets"]
    assert tier3 == {"target": "tier 3", "target_seconds": 900, "met": 1, "breached": 1,
                     "pending": 0, "attainment": 50.0, "policies": "Default tier 3"}
    assert tier2["pending"] == 1 and tier2["attainment"] == 100.0
    assert result["overall"]["attainment"] == pytest.approx(66.7)


def test_business_hours_skip_nights_and_weekends():
    hours = BusinessCalendar(timezone="UTC", opens=time(9), closes=time(17))
    friday_late = datetime(2026, 11, 20, 16, 50, tzinfo=UTC)
    monday = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
    timeline = Timeline(conversation_id=1, created_at=friday_late, tier=2, events=[
        Event(friday_late, "customer"), Event(monday, "reply", ANA)])
    assert measure(timeline, now=monday, calendar=hours).first_response == 20 * 60
    assert measure(timeline, now=monday).first_response == (monday - friday_late).total_seconds()


def test_business_hours_in_a_local_time_zone():
    madrid = BusinessCalendar(timezone="Europe/Madrid")
    # 07:30–08:30 UTC is 08:30–09:30 in Madrid in November: 30 minutes are in business hours.
    start = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    assert madrid.seconds_between(start, start + timedelta(hours=1)) == 1800


def test_backlog_and_wait_time_of_unhandled_messages():
    items = [
        measure(conversation(customer(0), reply(5), customer(10)), now=m(40)),  # waits since 10
        measure(conversation(customer(20)), now=m(40)),  # waits since 20
        measure(conversation(customer(0), reply(1)), now=m(40)),  # answered, still open
        measure(conversation(customer(0), status="resolved"), now=m(40)),  # not in backlog
    ]
    result = backlog(items, now=m(40))
    assert result["open"] == 3 and result["waiting"] == 2
    assert result["wait_seconds"]["mean"] == 25 * 60
    assert result["wait_seconds"]["p90"] == pytest.approx(29 * 60)


def test_response_rate_counts_conversations_needing_a_reply():
    items = [measure(conversation(customer(0), reply(1)), now=m(5)),
             measure(conversation(customer(0)), now=m(5)),
             measure(conversation(customer(0), tier=0), now=m(5))]
    assert overview(items, now=m(5))["response_rate"] == 50.0


def test_sentiment_change_first_versus_last_customer_message():
    turned = measure(THREAD, now=m(60))
    assert (turned.first_sentiment, turned.last_sentiment) == (-0.6, 0.5)
    stayed = measure(conversation(customer(0, -0.5), customer(5, -0.3)), now=m(10))
    happy = measure(conversation(customer(0, 0.4)), now=m(10))
    result = sentiment_change([turned, stayed, happy])
    assert result["started_negative"] == 2 and result["turned_positive"] == 1
    assert result["negative_to_positive"] == 50.0
    assert result["mean_change"] == pytest.approx((1.1 + 0.2 + 0) / 3, abs=1e-3)


def test_team_report_per_agent():
    first = measure(conversation(customer(0), reply(4, ANA), customer(10), reply(16, BEN),
                                 resolved(17, BEN), assignee=BEN, csat=5, status="resolved"),
                    now=m(30))
    second = measure(conversation(customer(0), reply(10, ANA), id=2, assignee=ANA, csat=2),
                     now=m(30))
    rows = {r.agent: r for r in team([first, second])}
    assert rows[ANA].replies == 2 and rows[ANA].conversations == 2
    assert rows[ANA].response == {"count": 2, "mean": 420.0, "p50": 420.0, "p90": 564.0}
    assert rows[BEN].replies == 1 and rows[BEN].wait["mean"] == 360
    assert rows[BEN].reply_work_seconds == 7 * 60  # 10→16 plus the resolution a minute later
    assert rows[BEN].actions == 1 and rows[ANA].actions == 0  # resolving is an action
    assert rows[BEN].csat["average"] == 5 and rows[ANA].csat["average"] == 2


def test_volume_heatmap_noise_share_and_weekly_trend():
    monday_9 = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
    arrivals = [(monday_9, "x"), (monday_9, "messenger"), (T0, "x")]
    items = [measure(conversation(customer(0)), now=m(1)),
             measure(conversation(customer(0), tier=0), now=m(1))]
    result = volume(arrivals, items)
    assert result["heatmap"][0][9] == 2 and result["heatmap"][4][10] == 1
    assert result["heatmap_by_channel"]["x"][0][9] == 1
    assert result["needs_reply_share"] == 50.0
    assert result["weekly"] == [{"week": "2026-11-16", "messages": 1},
                                {"week": "2026-11-23", "messages": 2}]


def test_percentiles_interpolate_between_ranks():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert summarise([]).as_dict() == {"count": 0, "mean": None, "p50": None, "p90": None}
    assert summarise([10, 20, 30, 40, 100]).as_dict()["p90"] == 76.0


def test_csat_counts_for_the_agent_who_had_the_conversation_when_surveyed():
    rated = measure(conversation(customer(0), reply(4, ANA), assignee=BEN, csat=5), now=m(30))
    rated.timeline.csat_agent = ANA  # reassigned to Ben after the survey went out
    rows = {r.agent: r for r in team([rated])}
    assert rows[ANA].csat["average"] == 5
