"""What the reply composer is told about each platform's limits, and the @mention lookup."""

from __future__ import annotations

import json

from escalada.channels import limits
from tests.channels.test_outbound import x_conversation  # noqa: F401  (fixture)
from tests.conftest import csrf_from, login, make_user


def test_composer_rules_mirror_the_send_time_limits():
    x = limits.composer_rules("x")
    assert x["platform"] == "X" and x["weighted"] is True and x["url_weight"] == 23
    assert x["limits"] == {"public": 280, "private": 10_000}
    assert [0, 4351] in x["light"]
    instagram = limits.composer_rules("instagram")
    assert instagram["limits"] == {"public": 2_200, "private": 1_000} and instagram["weighted"] is False
    assert limits.composer_rules("sandbox")["limits"] == {}


def test_the_composer_page_carries_the_limits(client, session, x_conversation):  # noqa: F811
    login(client, make_user(session, "agent").email)
    page = client.get(f"/conversations/{x_conversation}").text
    rules = json.loads(page.split("data-rules='")[1].split("'")[0])
    assert rules == limits.composer_rules("x")
    assert 'id="char-count"' in page and csrf_from(page)


def test_mention_lookup_suggests_active_colleagues_only(client, session):
    anonymous = client.get("/mentions?q=a", follow_redirects=False)
    assert anonymous.status_code in (303, 401) and "users" not in anonymous.text
    make_user(session, "agent", email="ana@example.com", name="Ana Lopez")
    make_user(session, "agent", email="ana@other.example", name="Ana Smith")
    gone = make_user(session, "lead", email="andy@example.com", name="Andy Gone")
    gone.is_active = False
    make_user(session, "lead", email="zoe@example.com", name="Zoe Lead")
    session.commit()
    login(client, "zoe@example.com")
    users = client.get("/mentions?q=an").json()["users"]
    assert [(u["handle"], u["name"]) for u in users] == [("ana@example.com", "Ana Lopez"),
                                                         ("ana@other.example", "Ana Smith")]
    assert [u["handle"] for u in client.get("/mentions?q=lead").json()["users"]] == ["zoe"]
    assert client.get("/mentions?q=" + "x" * 101).status_code == 422
