"""The inbox, the conversation page and the API read one SLA clock: the same state and the
same due time, read at the moment of asking (pauses while pending included), not the
reading stored at the last refresh."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from escalada.kit.clock import frozen_clock
from tests.conftest import at, inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post

NOW = at("2026-11-24T10:00:00+00:00")
BILLING = "You charged my card twice for order 5531, refund me"  # tier 3: first response in 15 min


def inbox_badge(html: str, cid: int) -> tuple[str, str | None]:
    """The SLA badge of one inbox row: its text and its due time."""
    row = html.split(f'<a href="/conversations/{cid}">', 1)[1].split("</tr>", 1)[0]
    badge = re.search(r'<span class="badge sla [^"]*"[^>]*>(.*?)</span>', row, re.S)
    assert badge is not None, row
    due = re.search(r'data-due="([^"]+)"', badge.group(0))
    return badge.group(1).strip(), due.group(1) if due else None


def page_clock(client, cid: int) -> tuple[str, str | None]:  # noqa: ANN001
    """The conversation page's SLA panel: its state and its due time."""
    panel = client.get(f"/conversations/{cid}/sla-panel").text
    state = re.search(r'id="sla-state">([^<]+)<', panel).group(1)
    due = re.search(r'<time datetime="([^"]+)"', panel)
    return state, due.group(1) if due else None


def api_clock(client, headers, cid: int) -> dict:  # noqa: ANN001
    return client.get(f"/api/v1/conversations/{cid}/sla", headers=headers).json()


def iso(moment) -> str:  # noqa: ANN001
    return moment.isoformat(timespec="seconds")


def test_a_passed_first_response_target_is_breached_everywhere_with_one_due_time(client, session, brand):
    headers = token_headers(session)
    agent = make_user(session, "agent")
    with frozen_clock(NOW) as clock:
        cid = post(client, headers, inbound("1", text=BILLING, created_at=NOW.isoformat())).json()["conversation_id"]
        login(client, agent.email)
        text, _ = inbox_badge(client.get("/inbox").text, cid)
        assert text == "due in 15m"
        # Time passes; no sweep has refreshed the stored reading.
        clock[0] = NOW + timedelta(minutes=124)
        text, inbox_due = inbox_badge(client.get("/inbox").text, cid)
        state, page_due = page_clock(client, cid)
        api = api_clock(client, headers, cid)
    assert state == "breached" and api["state"] == "breached" and api["level"] == 3
    assert "breached" in text and "SLA L3" in text  # 827% of 15 min: past level 3 (200%)
    assert api["clock"] == "first_response" and api["percent"] == round(100 * 124 / 15, 1)
    deadline = iso(NOW + timedelta(minutes=15))
    assert inbox_due == page_due == deadline
    assert at(api["due_at"]) == NOW + timedelta(minutes=15)


def test_pending_pauses_the_clock_in_the_inbox_as_on_the_page(client, session, brand):
    headers = token_headers(session)
    agent = make_user(session, "agent")
    with frozen_clock(NOW) as clock:
        cid = post(client, headers, inbound("1", text=BILLING, created_at=NOW.isoformat())).json()["conversation_id"]
        login(client, agent.email)
        clock[0] = NOW + timedelta(minutes=5)
        put = client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": "pending"})
        assert put.status_code == 204
        clock[0] = NOW + timedelta(minutes=30)  # 25 minutes waiting on the customer
        text, _ = inbox_badge(client.get("/inbox?status=pending").text, cid)
        assert text == "SLA paused"
        assert page_clock(client, cid)[0] == "paused" and api_clock(client, headers, cid)["state"] == "paused"

        clock[0] = NOW + timedelta(minutes=35)
        put = client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": "open"})
        assert put.status_code == 204
        clock[0] = NOW + timedelta(minutes=42)  # 5 + 7 working minutes: 3 left
        text, running_due = inbox_badge(client.get("/inbox").text, cid)
        assert text == "due in 3m"
        running_page_due = page_clock(client, cid)[1]

        clock[0] = NOW + timedelta(minutes=50)  # 5 + 15 working minutes: the target passed
        text, inbox_due = inbox_badge(client.get("/inbox").text, cid)
        state, page_due = page_clock(client, cid)
        api = api_clock(client, headers, cid)
    assert state == "breached" and api["state"] == "breached"
    assert text.startswith("SLA L1 breached")
    assert running_due == running_page_due == iso(NOW + timedelta(minutes=45))
    assert inbox_due == page_due == iso(NOW + timedelta(minutes=45))
    assert at(api["due_at"]) == NOW + timedelta(minutes=45)


def test_the_inbox_reads_every_clock_in_a_fixed_number_of_queries(client, session, brand, db):
    headers = token_headers(session)
    agent = make_user(session, "agent")

    @contextmanager
    def counted():
        statements: list[str] = []

        def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", count)

    with frozen_clock(NOW) as clock:
        cid = post(client, headers, inbound("1", text=BILLING, created_at=NOW.isoformat())).json()["conversation_id"]
        login(client, agent.email)
        clock[0] = NOW + timedelta(minutes=20)
        with counted() as few:
            assert client.get("/inbox").text.count("badge sla ") == 1
        for n in range(2, 8):
            post(client, headers, inbound(str(n), handle=f"customer{n}", text=BILLING,
                                          created_at=NOW.isoformat()))
        client.put(f"/api/v1/conversations/{cid}/status", headers=headers, json={"status": "pending"})
        with counted() as many:
            assert client.get("/inbox").text.count("badge sla ") == 7
    assert len(many) == len(few)


def test_a_listening_post_runs_no_clock_anywhere_until_promoted(client, session, brand):
    from tests.listening.test_stream import ANGRY, add_query, listen_in

    headers = token_headers(session)
    agent = make_user(session, "agent")
    add_query(session, brand)
    with frozen_clock(NOW) as clock:
        cid = listen_in(session, brand, "5001", ANGRY, handle="net_nerd", created_at=NOW.isoformat())
        login(client, agent.email)
        clock[0] = NOW + timedelta(hours=2)
        listening = client.get("/inbox?stream=listening&status=active").text
        assert "net_nerd" in listening and "badge sla " not in listening
        assert "No clock: in the listening stream" in client.get(f"/conversations/{cid}/sla-panel").text
        api = api_clock(client, headers, cid)
        assert (api["state"], api["due_at"], api["level"]) == ("met", None, 0)

        promoted = client.post(f"/api/v1/listening/conversations/{cid}/promote", headers=headers)
        assert promoted.status_code == 200
        clock[0] = NOW + timedelta(hours=2, minutes=5)
        text, inbox_due = inbox_badge(client.get("/inbox").text, cid)
        state, page_due = page_clock(client, cid)
    assert text.startswith("due in") and state in ("ok", "warning")
    assert inbox_due == page_due  # counted from the promotion, the same everywhere
