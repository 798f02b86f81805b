"""CSAT by private message after resolution; the public one-question page; tracked links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from escalada.auth.service import principal_for_user
from escalada.inbox import service as inbox
from escalada.kit.clock import frozen_clock, utc_now
from escalada.models import CsatSurvey, Message, TrackedLink
from tests.conftest import csrf_from, inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post


@pytest.fixture(autouse=True)
def _acme(brand):
    return brand


def resolved_conversation(client, session, *, reply=True):
    headers = token_headers(session)
    cid = post(client, headers, inbound("c1", text="My parcel never arrived, order 8812")).json()[
        "conversation_id"]
    agent = make_user(session, "senior_agent", "sam@example.com", "Sam")
    as_sam = principal_for_user(agent)
    inbox.assign(session, conversation_id=cid, user_id=agent.id, principal=as_sam)
    if reply:
        inbox.reply(session, conversation_id=cid, text="Found it, arriving tomorrow.", visibility="public",
                    principal=as_sam)
    inbox.set_status(session, conversation_id=cid, status="resolved", principal=as_sam)
    session.commit()
    return cid, agent, as_sam


def survey_link(session, cid) -> str:
    text = session.scalar(select(Message.text).where(
        Message.conversation_id == cid, Message.sender_label == "CSAT survey"))
    return re.search(r"http://[^ ]+/s/(\S+)", text).group(1)


def test_resolution_sends_a_private_survey_with_a_unique_link(client, session):
    cid, agent, _ = resolved_conversation(client, session)
    message = session.scalar(select(Message).where(Message.sender_label == "CSAT survey"))
    assert message.visibility == "private" and message.direction == "outbound"
    token = survey_link(session, cid)
    survey = session.scalar(select(CsatSurvey))
    assert survey.agent_id == agent.id and survey.message_id == message.id
    assert token not in survey.token_hash and len(survey.token_hash) == 64


def test_no_survey_without_a_reply_or_twice_in_a_week(client, session):
    cid, _, as_sam = resolved_conversation(client, session, reply=False)
    assert session.scalar(select(CsatSurvey)) is None
    inbox.set_status(session, conversation_id=cid, status="open", principal=as_sam)
    inbox.reply(session, conversation_id=cid, text="Sorted now.", visibility="public", principal=as_sam)
    inbox.set_status(session, conversation_id=cid, status="resolved", principal=as_sam)
    inbox.set_status(session, conversation_id=cid, status="open", principal=as_sam)
    inbox.set_status(session, conversation_id=cid, status="resolved", principal=as_sam)
    session.commit()
    assert len(session.scalars(select(CsatSurvey)).all()) == 1


def test_customer_answers_once_without_signing_in(client, session):
    cid, _, _ = resolved_conversation(client, session)
    token = survey_link(session, cid)
    page = client.get(f"/s/{token}")
    assert page.status_code == 200 and 'name="score"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    csrf = csrf_from(page.text)
    answer = client.post(f"/s/{token}", data={"score": "4", "comment": "Quick, thanks", "csrf_token": csrf})
    assert answer.status_code == 200 and "Thank you" in answer.text
    survey = session.scalar(select(CsatSurvey))
    session.refresh(survey)
    assert (survey.score, survey.comment) == (4, "Quick, thanks")
    again = client.post(f"/s/{token}", data={"score": "1", "csrf_token": csrf})
    assert again.status_code == 409 and "already been answered" in again.text
    assert "already been answered" in client.get(f"/s/{token}").text


def test_survey_form_is_csrf_protected_and_validated(client, session):
    cid, _, _ = resolved_conversation(client, session)
    token = survey_link(session, cid)
    csrf = csrf_from(client.get(f"/s/{token}").text)
    assert client.post(f"/s/{token}", data={"score": "5"}).status_code == 403
    assert client.post(f"/s/{token}", data={"score": "9", "csrf_token": csrf}).status_code == 422
    assert client.get("/s/not-a-real-token-at-all").status_code == 404
    assert session.scalar(select(CsatSurvey.score)) is None


def test_expired_survey_is_closed(client, session):
    cid, _, _ = resolved_conversation(client, session)
    token = survey_link(session, cid)
    with frozen_clock(utc_now() + timedelta(days=8)):
        assert "survey has closed" in client.get(f"/s/{token}").text


def test_csat_in_the_team_report(client, session):
    cid, _, _ = resolved_conversation(client, session)
    token = survey_link(session, cid)
    csrf = csrf_from(client.get(f"/s/{token}").text)
    client.post(f"/s/{token}", data={"score": "5", "csrf_token": csrf})
    lead = token_headers(session, "lead")
    rows = client.get("/api/v1/reports/team", headers=lead, params={"start": "2026-11-01"}).json()["agents"]
    sam = next(r for r in rows if r["agent"] == "Sam")
    assert sam["csat_average"] == 5 and sam["csat_responses"] == 1
    # The survey message is not a reply: Sam's one reply is the only one counted.
    assert sam["replies"] == 1


def test_leads_read_the_comments_on_the_overview(client, session):
    cid, _, _ = resolved_conversation(client, session)
    token = survey_link(session, cid)
    csrf = csrf_from(client.get(f"/s/{token}").text)
    client.post(f"/s/{token}", data={"score": "2", "comment": "<b>Slow</b> but polite", "csrf_token": csrf})
    make_user(session, "lead", "lee@example.com", "Lee")
    login(client, "lee@example.com")
    html = client.get("/reports?start=2026-11-01").text
    comments = html.split('id="comments"')[1].split("</table>")[0]
    assert "&lt;b&gt;Slow&lt;/b&gt; but polite" in comments and "Sam" in comments


def test_links_in_replies_are_tracked_and_count_clicks(client, session):
    headers = token_headers(session)
    cid = post(client, headers, inbound("c9", text="Which plan fits a family?")).json()["conversation_id"]
    agent = make_user(session, "agent", "al@example.com", "Al")
    message = inbox.reply(session, conversation_id=cid, principal=principal_for_user(agent),
                          text="See https://shop.example.com/plans?family=1. Or call us.",
                          visibility="public")
    session.commit()
    link = session.scalar(select(TrackedLink))
    assert link.url == "https://shop.example.com/plans?family=1"
    assert f"/l/{link.code}. Or call us." in message.text and link.message_id == message.id
    response = client.get(f"/l/{link.code}", follow_redirects=False)
    assert response.status_code == 302 and response.headers["location"] == link.url
    client.get(f"/l/{link.code}", follow_redirects=False)
    session.refresh(link)
    assert link.clicks == 2 and link.first_clicked_at is not None
    assert client.get("/l/nope", follow_redirects=False).status_code == 404


def test_link_clicks_in_the_reports(client, session):
    headers = token_headers(session)
    cid = post(client, headers, inbound("c10", text="Which plan fits a family?")).json()["conversation_id"]
    agent = make_user(session, "agent", "al@example.com", "Al")
    inbox.reply(session, conversation_id=cid, principal=principal_for_user(agent),
                text="https://shop.example.com/a and https://shop.example.com/b", visibility="public")
    session.commit()
    first = session.scalars(select(TrackedLink).order_by(TrackedLink.id)).first()
    client.get(f"/l/{first.code}", follow_redirects=False)
    lead = token_headers(session, "lead")
    params = {"start": "2026-11-01"}
    overview = client.get("/api/v1/reports/overview", headers=lead, params=params).json()
    assert overview["links"] == {"sent": 2, "clicked": 1, "clicks": 1, "click_rate": 50.0}
    al = next(r for r in client.get("/api/v1/reports/team", headers=lead, params=params).json()["agents"]
              if r["agent"] == "Al")
    assert (al["links_sent"], al["links_clicked"]) == (2, 1)
