"""The listening stream: apart from the inbox, no routing or clock, rules promote, and the report."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from escalada.config import Settings
from escalada.inbox.ingest import store, validate_item
from escalada.kit.clock import frozen_clock
from escalada.listening import service
from escalada.models import Brand, Conversation, ConversationRouting, ConversationSla, ConversationTag, Message
from escalada.rules import service as rules
from tests.conftest import ADMIN, at, csrf_from, inbound, login, make_user, token_headers
from tests.routing.helpers import add_agent, add_team

NOW = "2026-11-24T10:00:00+00:00"
ANGRY = "The Acme router is the worst, dead again, total garbage and I want a refund"


def listen_in(session, brand, pid, text, *, query_terms=("Acme router",), created_at=NOW, **author):
    """Ingest a post the way the listening delivery job does: stored in the stream, then counted."""
    queries = [q for q in service.list_queries(session, principal=ADMIN) if q.term in query_terms]
    data = inbound(pid, text=text, created_at=created_at, **author)
    stored = store(session, validate_item(data, settings=Settings()), raw=data,
                   listening=tuple(q.term for q in queries))
    service.mark(session, stored, queries)
    session.commit()
    return stored.conversation_id


def tags(session, cid):
    return set(session.scalars(select(ConversationTag.tag).where(ConversationTag.conversation_id == cid)))


def add_query(session, brand, term="Acme router", kind="brand_name"):
    query = service.add_query(session, brand=session.get(Brand, brand.id), kind=kind, term=term, principal=ADMIN)
    query.enabled = True
    session.commit()
    return query


def test_listening_posts_stay_out_of_the_inbox_routing_and_sla(client, session, brand):
    headers = token_headers(session)
    add_query(session, brand)
    with frozen_clock(at(NOW)):
        add_team(client, headers, "social", "social")
        add_agent(client, session, headers, "Ana", "social")
        heard = listen_in(session, brand, "2001", "Thinking of buying the Acme router, any good?", handle="net_nerd")
        response = client.post("/api/v1/messages", headers=headers, json=inbound("2002", handle="jane_doe"))
        assert response.status_code == 201, response.text
        mention = response.json()["conversation_id"]
    assert tags(session, heard) >= {"listening"}
    assert session.get(Conversation, heard).assignee_id is None
    assert session.get(ConversationRouting, heard) is None and session.get(ConversationSla, heard) is None
    assert session.get(ConversationRouting, mention) is not None
    assert session.get(ConversationSla, mention) is not None

    def ids(query=""):
        page = client.get(f"/api/v1/conversations?status=active{query}", headers=headers)
        assert page.status_code == 200, page.text
        return [c["id"] for c in page.json()["items"]]

    assert ids() == [mention]
    assert ids("&stream=listening") == [heard]
    assert sorted(ids("&stream=all")) == sorted([heard, mention])
    assert client.get("/api/v1/conversations?stream=nope", headers=headers).status_code == 422

    login(client, make_user(session, "agent").email)
    default = client.get("/inbox").text
    assert "jane_doe" in default and "net_nerd" not in default
    listening = client.get("/inbox?stream=listening&status=active").text
    assert "net_nerd" in listening and "jane_doe" not in listening
    assert 'aria-current="page">Listening' in listening.replace("\n", "").replace(
        ' title="Public posts found by social listening: no routing, no SLA clock until promoted"', "")
    assert "Move to inbox" not in listening  # agents cannot promote


def test_a_rule_on_the_listening_source_promotes_angry_influential_posts(client, session, brand):
    add_query(session, brand)
    add_query(session, brand, term="acmefail", kind="hashtag")
    rules.save_rule(session, principal=ADMIN, name="Loud and angry", conditions=[
        {"field": "listening", "op": "eq", "value": True},
        {"field": "listening.terms", "op": "contains", "value": "Acme router"},
        {"field": "sentiment", "op": "lt", "value": -0.2},
        {"field": "author.followers", "op": "gte", "value": 10000},
    ], actions=[{"type": "promote"}, {"type": "tag", "value": "influencer"}])
    quiet_rule = rules.save_rule(session, principal=ADMIN, name="Tag listening", conditions=[
        {"field": "listening", "op": "eq", "value": True}], actions=[{"type": "tag", "value": "heard"}])
    session.commit()
    with frozen_clock(at(NOW)):
        loud = listen_in(session, brand, "3001", ANGRY, handle="big_voice", followers=250000)
        small = listen_in(session, brand, "3002", ANGRY, handle="small_voice", followers=40)
        other = listen_in(session, brand, "3003", "so angry, worst thing ever #acmefail",
                          query_terms=("#acmefail",), handle="loud_other", followers=90000)
    assert tags(session, loud) >= {"listening-promoted", "influencer", "heard"} and "listening" not in tags(session, loud)
    assert session.get(ConversationSla, loud) is not None  # on the clock once promoted
    assert "listening" in tags(session, small) and "influencer" not in tags(session, small)
    assert "listening" in tags(session, other)  # another term: the rule does not apply
    assert session.get(ConversationSla, small) is None
    hits = rules.dry_run(session, spec=rules.spec_of(quiet_rule))
    assert {h.conversation.id for h in hits if h.matched} == {loud, small, other}


def test_the_author_writing_to_the_brand_brings_the_conversation_into_the_inbox(client, session, brand):
    add_query(session, brand)
    with frozen_clock(at(NOW)):
        cid = listen_in(session, brand, "6001", "Acme router died again", handle="net_nerd")
        response = client.post("/api/v1/messages", headers=token_headers(session), json=inbound(
            "6002", text="@AcmeHelp " + ANGRY, handle="net_nerd", in_reply_to="6001"))
    assert response.status_code == 201 and response.json()["conversation_id"] == cid
    session.expire_all()
    assert "listening" not in tags(session, cid) and "listening-promoted" in tags(session, cid)
    assert session.get(ConversationSla, cid) is not None


def test_leads_move_a_listening_post_into_the_inbox_by_hand(client, session, brand):
    add_query(session, brand)
    with frozen_clock(at(NOW)):
        cid = listen_in(session, brand, "4001", "Acme router arrived today", handle="net_nerd")
    agent_csrf = login(client, make_user(session, "agent").email)
    assert client.post(f"/listening/conversations/{cid}/promote",
                       data={"csrf_token": agent_csrf}).status_code == 403
    client.post("/logout", data={"csrf_token": agent_csrf})
    login(client, make_user(session, "lead").email)
    page = client.get("/inbox?stream=listening&status=active").text
    assert "Move to inbox" in page
    response = client.post(f"/listening/conversations/{cid}/promote", data={"csrf_token": csrf_from(page)},
                           follow_redirects=False)
    assert response.status_code == 303
    session.expire_all()
    assert "listening" not in tags(session, cid) and "listening-promoted" in tags(session, cid)
    assert "net_nerd" in client.get("/inbox").text
    again = client.post(f"/api/v1/listening/conversations/{cid}/promote", headers=token_headers(session))
    assert again.status_code == 200 and again.json() == {"conversation_id": cid, "promoted": False}


def test_a_promoted_post_is_on_the_clock_from_its_promotion(client, session, brand):
    """Nobody was asked to answer a listening post, so its SLA starts when it is promoted."""
    add_query(session, brand)
    with frozen_clock(at("2026-11-24T08:00:00+00:00")):
        cid = listen_in(session, brand, "5001", ANGRY, handle="net_nerd", created_at="2026-11-24T08:00:00+00:00")
    with frozen_clock(at(NOW)):  # two hours later
        promoted = client.post(f"/api/v1/listening/conversations/{cid}/promote", headers=token_headers(session))
        assert promoted.status_code == 200 and promoted.json()["promoted"] is True
    session.expire_all()
    clock = session.get(ConversationSla, cid)
    assert clock is not None and clock.clock == "first_response"
    assert clock.state == "ok" and clock.level == 0
    target = clock.due_at - at(NOW)
    assert 0 < target.total_seconds() <= 6 * 3600  # counted from 10:00, not from 08:00


def test_listening_report_per_query_as_page_json_and_csv(client, session, brand):
    router = add_query(session, brand)
    add_query(session, brand, term="acmefail", kind="hashtag")
    listen_in(session, brand, "5001", ANGRY, created_at="2026-11-22T09:00:00+00:00", handle="big_voice",
              followers=250000)
    listen_in(session, brand, "5002", "Acme router setup was easy, love it, thanks",
              created_at="2026-11-24T08:00:00+00:00", handle="fan", followers=300)
    listen_in(session, brand, "5003", "Acme router arrived", created_at="2026-11-24T09:00:00+00:00",
              handle="fan", followers=300)
    listen_in(session, brand, "5004", "Acme router from 2025", created_at="2026-10-01T09:00:00+00:00",
              handle="old", followers=10)  # outside the window
    headers = token_headers(session)
    with frozen_clock(at(NOW)):
        body = client.get("/api/v1/listening/report?days=7", headers=headers).json()
        text = client.get("/api/v1/listening/report?days=7&format=csv", headers=headers).text
        assert client.get("/api/v1/listening/report?days=0", headers=headers).status_code == 422
        assert client.get("/api/v1/listening/report", headers=token_headers(session, "agent")).status_code == 403
        login(client, make_user(session, "lead").email)
        page = client.get("/listening?days=7").text
        download = client.get("/listening/report.csv?days=7")
    by_term = {q["term"]: q for q in body["queries"]}
    report = by_term["Acme router"]
    assert report["query_id"] == router.id and report["matches"] == 3 and report["negative"] == 1
    assert report["share_negative"] == round(1 / 3, 3)
    assert [d["matches"] for d in report["per_day"]] == [0, 0, 0, 0, 1, 0, 2]
    assert report["per_day"][-1]["day"] == "2026-11-24"
    assert [(a["handle"], a["followers"], a["posts"]) for a in report["top_authors"]] == [
        ("big_voice", 250000, 1), ("fan", 300, 2)]
    assert by_term["#acmefail"]["matches"] == 0 and by_term["#acmefail"]["share_negative"] is None
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 14 and rows[6] == {
        "brand": "Acme", "kind": "brand_name", "term": "Acme router", "day": "2026-11-24", "matches": "2",
        "query_matches": "3", "query_share_negative": "0.333", "top_authors": "big_voice (250000); fan (300)"}
    assert download.status_code == 200 and download.text == text
    assert "33 %" in page and "@big_voice" in page and "Report, last 7 days" in page
    assert session.scalar(select(Message.id).where(Message.platform_message_id == "5004")) is not None
