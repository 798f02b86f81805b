"""The conversation page's customer history: earlier conversations, last 7 days, troll signals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from escalada.inbox.status import transition
from escalada.kit.clock import frozen_clock
from escalada.models import Conversation, Message
from tests.conftest import ADMIN, at, inbound, login, make_user, token_headers

NOW = at("2026-11-24T12:00:00+00:00")


def _ingest(client, headers, *items) -> None:  # noqa: ANN001
    response = client.post("/api/v1/messages", json=list(items), headers=headers)
    assert response.json()["created"] == len(items), response.text


def test_history_recent_posts_and_troll_signals(client, session, brand):
    headers = token_headers(session)
    troll = {"has_avatar": False, "followers": 2, "following": 1,
             "account_created_at": (NOW - timedelta(days=3)).isoformat()}
    with frozen_clock(NOW):
        _ingest(client, headers, inbound("1", text="My order 5531 never arrived", handle="grumpy",
                                         created_at=(NOW - timedelta(days=20)).isoformat(), **troll))
        old = session.scalar(select(Conversation))
        transition(session, old, "closed", actor=ADMIN, reason="done")
        session.commit()
        _ingest(client, headers,
                inbound("2", text="YOU ARE ALL USELESS IDIOTS!!! WORST COMPANY EVER", handle="grumpy",
                        created_at=(NOW - timedelta(days=2)).isoformat(), **troll),
                inbound("3", text="still waiting, never again", handle="grumpy",
                        created_at=(NOW - timedelta(hours=1)).isoformat(), **troll),
                inbound("4", text="unrelated person", handle="someone_else",
                        created_at=(NOW - timedelta(hours=1)).isoformat()))
        current = session.scalar(select(Message.conversation_id).where(Message.platform_message_id == "3"))
        login(client, make_user(session, "agent").email)
        page = client.get(f"/conversations/{current}")
        assert f'hx-get="/conversations/{current}/author-context"' in page.text
        panel = client.get(f"/conversations/{current}/author-context")
    assert panel.status_code == 200
    text = panel.text
    assert f'href="/conversations/{old.id}"' in text and "closed" in text  # the earlier conversation
    assert "Posts seen in the last 7 days (2)" in text  # 20 days ago is out, someone_else is not theirs
    assert "WORST COMPANY EVER" in text and "never arrived" not in text.split("last 7 days")[1]
    assert "no avatar" in text and "account 3 days old" in text and "2 followers" in text
    assert "Troll score" in text


def test_the_panel_goes_through_the_conversation_gate(client, session, brand):
    login(client, make_user(session, "agent").email)
    assert client.get("/conversations/999/author-context").status_code == 404
    client.cookies.clear()
    assert client.get("/conversations/1/author-context", follow_redirects=False).status_code == 303
