"""The X v2 mentions poller against a local server speaking the v2 format."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from escalada.channels.x_poll import poll_mentions
from escalada.models import Author, ChannelConnection, Message, WebhookDelivery
from tests.channels.conftest import X_BRAND_ID, fixture_json
from tests.channels.fakes import Answer

PATH = f"/2/users/{X_BRAND_ID}/mentions"


def test_new_mentions_are_stored_once_and_the_cursor_moves(client, session, db, fake, connected):
    fake.script(PATH, Answer(200, fixture_json("x_v2_mentions.json")))
    with httpx.Client(timeout=2) as http:
        (result,) = poll_mentions(client.app.state.db, client=http)
        assert (result.handle, result.posts, result.pages, result.error) == ("AcmeHelp", 2, 1, None)
        first = fake.requests[0]
        assert first.method == "GET" and "since_id" not in first.path and "expansions=author_id" in first.path
        assert first.headers["Authorization"] == "Bearer x-user-token"
        session.expire_all()
        connection = session.scalar(select(ChannelConnection).where(ChannelConnection.platform == "x"))
        assert connection.poll_since_id == "1861300000000000002" and connection.polled_at is not None
        assert session.scalar(select(func.count()).select_from(Message)) == 2
        sam = session.scalar(select(Author).where(Author.handle == "sam_k"))
        assert sam.followers == 3 and sam.has_avatar is False

        # Next poll asks only for newer posts; the same page served again stores nothing new.
        fake.script(PATH, Answer(200, fixture_json("x_v2_mentions.json")))
        poll_mentions(client.app.state.db, client=http)
        assert "since_id=1861300000000000002" in fake.requests[1].path
    assert session.scalar(select(func.count()).select_from(Message)) == 2
    assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1


def test_rate_limited_poll_reports_and_keeps_the_cursor(client, session, fake, connected):
    fake.script(PATH, Answer(429, {"title": "Too Many Requests"}, headers={"retry-after": "900"}))
    with httpx.Client(timeout=2) as http:
        (result,) = poll_mentions(client.app.state.db, client=http)
    assert "rate limit" in result.error
    session.expire_all()
    assert session.scalar(select(ChannelConnection.poll_since_id).where(ChannelConnection.platform == "x")) is None


def test_pages_are_followed_when_catching_up(client, session, fake, connected):
    page = fixture_json("x_v2_mentions.json")
    connection = session.scalar(select(ChannelConnection).where(ChannelConnection.platform == "x"))
    connection.poll_since_id = "1861000000000000000"
    session.commit()
    first = {"data": page["data"][:1], "includes": page["includes"],
             "meta": {"newest_id": "1861300000000000002", "next_token": "7140dibdnow9c7btw3w3y"}}
    second = {"data": page["data"][1:], "includes": page["includes"], "meta": {"result_count": 1}}
    fake.script(PATH, Answer(200, first), Answer(200, second))
    with httpx.Client(timeout=2) as http:
        (result,) = poll_mentions(client.app.state.db, client=http)
    assert (result.posts, result.pages) == (2, 2)
    assert "pagination_token=7140dibdnow9c7btw3w3y" in fake.requests[1].path


def test_cli_polls_and_sweeps(cli_database):
    from typer.testing import CliRunner

    from escalada.cli import app

    polled = CliRunner().invoke(app, ["channels", "poll-x"])
    swept = CliRunner().invoke(app, ["channels", "sweep", "--older-than", "0"])
    listened = CliRunner().invoke(app, ["channels", "listen"])
    assert polled.exit_code == 0 and "no connected X account" in polled.output
    assert swept.exit_code == 0 and "0 pending webhook deliveries" in swept.output
    assert listened.exit_code == 0 and "no brand has enabled listening queries" in listened.output


def test_the_sweeper_polls_on_its_own_schedule(client, session, fake, connected, settings):
    from datetime import timedelta

    from escalada.channels.periodic import ChannelSchedule
    from escalada.kit.clock import frozen_clock, utc_now

    db = client.app.state.db
    schedule = ChannelSchedule()
    assert schedule.tick(db) == ["webhook_sweep"]  # polling is off by default
    settings.x_poll_seconds = 60
    with frozen_clock(utc_now()) as clock:
        fake.script(PATH, Answer(200, fixture_json("x_v2_mentions.json")))
        assert schedule.tick(db) == ["webhook_sweep", "x_poll"]
        clock[0] += timedelta(seconds=30)
        assert schedule.tick(db) == ["webhook_sweep"]
        clock[0] += timedelta(seconds=31)
        assert schedule.tick(db) == ["webhook_sweep", "x_poll"]
    assert session.scalar(select(func.count()).select_from(Message)) == 2
    assert [r.method for r in fake.requests] == ["GET", "GET"]
