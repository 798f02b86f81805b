"""Report SLA targets come from the lead's SLA policies (docs/metrics.md), on hand-built timelines."""

from datetime import time

from escalada.reports.aggregate import breakdown, sla_attainment
from escalada.reports.metrics import measure
from escalada.reports.sla import first_response_target
from escalada.sla.calendar import Calendar
from escalada.sla.policies import Policy
from tests.reports.test_metrics import conversation, customer, m, reply

HOUR = 3600
BRAND = 7
# Monday–Friday 09:00–17:00 UTC; T0 is Friday 10:00.
OFFICE = Calendar(timezone="UTC", hours=tuple(((time(9), time(17)),) if d < 5 else () for d in range(7)))


def policy(name, minutes, **kw) -> Policy:
    return Policy(name, minutes * 60, minutes * 60, 24 * HOUR, **kw)


def test_without_policies_the_tier_defaults_stand():
    assert first_response_target(tier=3) == 900
    assert first_response_target(tier=1) == 6 * HOUR
    assert first_response_target(tier=0) is None


def test_the_most_specific_policy_wins():
    policies = [policy("All tier 2", 30, tier=2),
                policy("Brand tier 2 on X", 10, tier=2, brand_id=BRAND, channel="x"),
                policy("Brand", 45, brand_id=BRAND)]
    assert first_response_target(policies, tier=2, brand_id=BRAND, channel="x") == 600
    assert first_response_target(policies, tier=2, brand_id=BRAND, channel="facebook") == 1800
    assert first_response_target(policies, tier=1, brand_id=BRAND, channel="x") == 2700
    assert first_response_target(policies, tier=1, brand_id=99, channel="x") == 6 * HOUR


def test_a_conversation_is_measured_against_its_policy():
    policies = [policy("Fast X", 10, tier=2, channel="x")]
    on_x = measure(conversation(customer(0), reply(20), tier=2, channel="x"), now=m(100), policies=policies)
    on_fb = measure(conversation(customer(0), reply(20), tier=2, channel="facebook"), now=m(100),
                    policies=policies)
    assert (on_x.sla, on_x.sla_target, on_x.sla_policy) == ("breached", 600, "Fast X")
    assert (on_fb.sla, on_fb.sla_target, on_fb.sla_policy) == ("met", HOUR, "Default tier 2")


def test_priority_selects_a_policy():
    policies = [policy("Urgent", 5, priority="urgent")]
    urgent = measure(conversation(customer(0), reply(8), tier=2, priority="urgent"), now=m(60),
                     policies=policies)
    assert urgent.sla == "breached"


def test_business_hours_policy_counts_only_working_time():
    # Friday 16:50 message, Monday 09:10 reply: 20 working minutes against a 30-minute target.
    policies = [policy("Office", 30, tier=2, calendar=OFFICE)]
    friday = 6 * 60 + 50
    monday = friday + (2 * 24 + 16) * 60 + 20
    answered = measure(conversation(customer(friday), reply(monday), tier=2), now=m(monday + 60),
                       policies=policies)
    assert answered.sla == "met"
    # The round-the-clock default breaches the same conversation.
    default = measure(conversation(customer(friday), reply(monday), tier=2), now=m(monday + 60))
    assert default.sla == "breached"
    # Unanswered over the weekend: still pending on Monday at 09:05 (15 working minutes).
    waiting = measure(conversation(customer(friday), tier=2), now=m(monday - 5), policies=policies)
    assert waiting.sla == "pending"


def test_attainment_rows_name_the_policies_and_a_shared_target():
    policies = [policy("Fast X", 10, tier=2, channel="x")]
    items = [measure(conversation(customer(0), reply(5), tier=2, channel="x", id=1), now=m(100),
                     policies=policies),
             measure(conversation(customer(0), reply(5), tier=2, channel="facebook", id=2), now=m(100),
                     policies=policies),
             measure(conversation(customer(0), reply(5), tier=3, id=3), now=m(100), policies=policies)]
    tier3, tier2 = sla_attainment(items)["targets"]
    assert tier3["target_seconds"] == 900 and tier3["policies"] == "Default tier 3"
    assert tier2["target_seconds"] is None and tier2["policies"] == "Default tier 2, Fast X"


def test_breakdown_by_team():
    items = [measure(conversation(customer(0), reply(5), tier=3, team="Care", id=1), now=m(100)),
             measure(conversation(customer(0), reply(30), tier=3, team="Care", id=2), now=m(100)),
             measure(conversation(customer(0), reply(2), tier=3, team="VIP", id=3), now=m(100)),
             measure(conversation(customer(0), tier=0, id=4), now=m(100))]
    rows = {r["key"]: r for r in breakdown(items, by="team", now=m(100))}
    assert rows["Care"]["conversations"] == 2 and rows["Care"]["sla_attainment"] == 50.0
    assert rows["Care"]["first_response_p50"] == 17.5 * 60
    assert rows["VIP"]["sla_attainment"] == 100.0
    assert rows["(no team)"]["conversations"] == 1
