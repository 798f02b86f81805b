"""A small, known week of work for the report tests: two agents, three conversations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from escalada.auth.service import principal_for_user
from escalada.inbox import service as inbox
from escalada.kit.clock import frozen_clock
from tests.conftest import at, inbound, make_user, token_headers
from tests.inbox.test_ingest_api import post

NOW = "2026-11-20T18:00:00+00:00"


@dataclass
class Week:
    headers: dict[str, str]
    ana: object
    ben: object
    ids: dict[str, int]


@pytest.fixture
def week(client, session, brand) -> Week:
    """Friday 2026-11-20.

    - billing (tier 3): 10:00 customer, Ana replies 10:05, tags 10:06, resolves 10:07
    - outage follow-up on messenger: 11:00 customer, Ben replies 12:30 (late), customer 12:40,
      no answer yet (waiting since 12:40)
    - spam (tier 0): 13:00, Ana archives it at 13:01
    """
    headers = token_headers(session)
    ana = make_user(session, "escalation_manager", "ana@example.com", "Ana")
    ben = make_user(session, "senior_agent", "ben@example.com", "Ben")
    ids = {}
    ids["billing"] = post(client, headers, inbound("b1", text="I was charged twice for order 5531",
                          handle="alice", created_at="2026-11-20T10:00:00+00:00")).json()["conversation_id"]
    ids["outage"] = post(client, headers, inbound(
        "o1", text="Your app is down again, cannot log in since 9am", handle="bob", platform="messenger",
        brand_account="acme.page", visibility="private",
        created_at="2026-11-20T11:00:00+00:00")).json()["conversation_id"]
    ids["spam"] = post(client, headers, inbound("s1", text="Buy cheap followers now!!! click here",
                       handle="spammer", created_at="2026-11-20T13:00:00+00:00")).json()["conversation_id"]
    as_ana, as_ben = principal_for_user(ana), principal_for_user(ben)
    with frozen_clock(at("2026-11-20T10:05:00+00:00")) as clock:
        inbox.assign(session, conversation_id=ids["billing"], user_id=ana.id, principal=as_ana)
        inbox.reply(session, conversation_id=ids["billing"], text="Sorry! Refund on its way.",
                    visibility="public", principal=as_ana)
        session.flush()
        clock[0] = at("2026-11-20T10:06:00+00:00")
        inbox.add_tag(session, conversation_id=ids["billing"], tag="refund", principal=as_ana)
        session.flush()
        clock[0] = at("2026-11-20T10:07:00+00:00")
        inbox.set_status(session, conversation_id=ids["billing"], status="resolved", principal=as_ana)
        session.flush()
        clock[0] = at("2026-11-20T12:30:00+00:00")
        inbox.assign(session, conversation_id=ids["outage"], user_id=ben.id, principal=as_ben)
        inbox.reply(session, conversation_id=ids["outage"], text="We are on it.", visibility="private",
                    principal=as_ben)
        session.flush()
        clock[0] = at("2026-11-20T13:01:00+00:00")
        inbox.set_status(session, conversation_id=ids["spam"], status="closed", principal=as_ana)
        session.commit()
    post(client, headers, inbound("o2", text="Still down, any news?", handle="bob", platform="messenger",
                                  brand_account="acme.page", visibility="private",
                                  created_at="2026-11-20T12:40:00+00:00"))
    return Week(headers=headers, ana=ana, ben=ben, ids=ids)
