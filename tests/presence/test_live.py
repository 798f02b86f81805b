"""Live fan-out: the in-memory and Redis hubs, presence rosters, events after commit, SSE."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from escalada.config import Settings
from escalada.kit.clock import frozen_clock
from escalada.presence import live
from escalada.presence.hub import LocalHub, RedisHub
from escalada.presence.registry import MemoryPresence, RedisPresence, Viewer
from escalada.web.routes.workspace import _conversation_events

REDIS_URL = os.environ.get("ESCALADA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip("Redis does not answer")


def test_local_hub_fans_out_from_any_thread():
    async def scenario() -> list:
        hub = LocalHub()
        subs = [hub.subscribe("room") for _ in range(3)]
        other = hub.subscribe("elsewhere")
        hub.publish("room", {"type": "a"})  # from the loop's own thread
        thread = threading.Thread(target=hub.publish, args=("room", {"type": "b"}))
        thread.start()
        thread.join()
        got = [[await s.next(1), await s.next(1)] for s in subs]
        assert await other.next(0.01) is None
        subs[0].close()
        assert hub.subscriber_count("room") == 2
        return got

    got = asyncio.run(scenario())
    assert got == [[{"type": "a"}, {"type": "b"}]] * 3


def test_a_slow_subscriber_loses_its_oldest_events_not_the_publisher():
    async def scenario() -> dict:
        hub = LocalHub()
        sub = hub.subscribe("room")
        for i in range(200):
            hub.publish("room", {"type": "n", "i": i})
        return await sub.next(1)

    assert asyncio.run(scenario())["i"] == 200 - 64


def test_memory_presence_collapses_tabs_and_expires_typing():
    presence = MemoryPresence()
    start = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    with frozen_clock(start) as now:
        presence.join(1, "tab-a", Viewer(1, "Ana"))
        presence.join(1, "tab-b", Viewer(1, "Ana"))
        roster = presence.join(1, "tab-c", Viewer(2, "Ben"))
        assert roster == [{"user_id": 1, "name": "Ana", "typing": False},
                          {"user_id": 2, "name": "Ben", "typing": False}]
        assert presence.typing(1, 2, True)[1]["typing"] is True
        now[0] = start + timedelta(seconds=7)
        assert presence.roster(1)[1]["typing"] is False  # a typist who went quiet
        presence.leave(1, "tab-a")
        assert [v["name"] for v in presence.roster(1)] == ["Ana", "Ben"]  # still in tab-b
        now[0] = start + timedelta(seconds=120)
        presence.touch(1, "tab-c")
        assert [v["name"] for v in presence.roster(1)] == ["Ben"]  # Ana's tab went stale


def test_redis_presence_and_hub_work_across_instances():
    redis_or_skip()
    prefix = f"escalada-test-live:{uuid.uuid4().hex}:"
    one, two = RedisPresence(REDIS_URL, prefix=prefix), RedisPresence(REDIS_URL, prefix=prefix)
    one.join(5, "c1", Viewer(1, "Ana"))
    assert [v["name"] for v in two.join(5, "c2", Viewer(2, "Ben"))] == ["Ana", "Ben"]
    assert one.typing(5, 2, True)[1]["typing"] is True
    assert [v["name"] for v in two.leave(5, "c1")] == ["Ben"]
    two.leave(5, "c2")

    async def scenario() -> dict | None:
        replica_a, replica_b = RedisHub(REDIS_URL, prefix=prefix), RedisHub(REDIS_URL, prefix=prefix)
        try:
            sub = replica_b.subscribe("conversation:5")
            await asyncio.sleep(0)  # let the listener settle (it is already subscribed)
            replica_a.publish("conversation:5", {"type": "presence", "n": 1})
            return await sub.next(5)
        finally:
            replica_a.close()
            replica_b.close()

    assert asyncio.run(scenario()) == {"type": "presence", "n": 1}


def test_install_picks_the_backend():
    assert isinstance(live.install(Settings(redis_url=None)).hub, LocalHub)
    chosen = live.install(Settings(redis_url=REDIS_URL, redis_prefix="escalada-test-live:"))
    try:
        assert isinstance(chosen.hub, RedisHub) and isinstance(chosen.presence, RedisPresence)
    finally:
        chosen.hub.close()
        live.install(Settings(redis_url=None))


def test_committed_changes_reach_the_inbox_and_rollbacks_do_not(client, session, db, feed):
    async def scenario() -> tuple[list, list]:
        hub = live.current().hub
        inbox = hub.subscribe(live.INBOX)
        cid = await asyncio.to_thread(feed, "1", "My parcel never arrived")
        first = await inbox.next(2)
        with pytest.raises(RuntimeError):
            with db.unit_of_work() as s:
                from escalada.models import Conversation

                s.get(Conversation, cid).status = "pending"
                s.flush()
                raise RuntimeError("rolled back")
        after_rollback = await inbox.next(0.05)
        return [first, cid], [after_rollback]

    (first, cid), (after_rollback,) = asyncio.run(scenario())
    assert first == {"type": "conversation", "id": cid, "status": "new", "assignee_id": None}
    assert after_rollback is None


def test_sse_stream_announces_presence_replies_and_departures():
    async def scenario() -> tuple[list, dict]:
        hub = live.current().hub
        watcher = hub.subscribe(live.conversation_channel(77))
        stream = _conversation_events(77, Viewer(9, "Ana"))
        chunks = [await stream.__anext__()]  # joins, publishes presence, then "retry"
        chunks.append(await stream.__anext__())  # her own presence event
        hub.publish(live.conversation_channel(77), {"type": "reply", "by": "Ben", "text": "hi"})
        chunks.append(await stream.__anext__())
        await stream.aclose()  # the browser left
        events = [await watcher.next(1) for _ in range(3)]
        return chunks, events[-1]

    chunks, departure = asyncio.run(scenario())
    assert chunks[0].startswith("retry:")
    assert chunks[1].startswith("event: presence\n")
    assert json.loads(chunks[1].split("data: ")[1])["viewers"] == [{"user_id": 9, "name": "Ana", "typing": False}]
    assert chunks[2].startswith("event: reply\n") and '"by":"Ben"' in chunks[2]
    assert departure == {"type": "presence", "conversation_id": 77, "viewers": []}


def test_a_browser_that_leaves_while_joining_is_not_left_on_the_presence_bar(monkeypatch):
    presence = live.current().presence
    joining, release = threading.Event(), threading.Event()
    real_join = presence.join

    def slow_join(*args):
        joining.set()
        release.wait(5)
        return real_join(*args)

    monkeypatch.setattr(presence, "join", slow_join)

    async def scenario() -> list:
        watcher = live.current().hub.subscribe(live.conversation_channel(78))
        stream = _conversation_events(78, Viewer(9, "Ana"))
        opening = asyncio.ensure_future(stream.__anext__())
        await asyncio.to_thread(joining.wait, 5)
        opening.cancel()  # the browser is gone before the join has finished
        with pytest.raises(asyncio.CancelledError):
            await opening
        release.set()
        return [await watcher.next(1), await watcher.next(0.05)]

    departure, nothing_more = asyncio.run(scenario())
    assert presence.roster(78) == []
    assert departure == {"type": "presence", "conversation_id": 78, "viewers": []}
    assert nothing_more is None


def test_live_endpoints_need_a_signed_in_user(client, session, feed, agents):
    cid = feed("1", "hello")
    anonymous = client.__class__(client.app)
    assert anonymous.get(f"/live/conversations/{cid}", follow_redirects=False).status_code == 303
    assert agents["ana"].get("/live/conversations/999999").status_code == 404
    ben = agents["ben"]
    assert ben.post(f"/conversations/{cid}/typing", data={"typing": "true"}).status_code == 204
    assert live.current().presence.roster(cid) == []  # typing without viewing shows nobody


def test_stopping_the_server_ends_open_streams():
    from escalada.web.routes.workspace import _channel_events

    async def scenario() -> bool:
        stream = _channel_events(live.INBOX)
        assert (await stream.__anext__()).startswith("retry:")
        pending = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0)  # the stream is now waiting for an event
        live.current().hub.end_streams()
        try:
            await asyncio.wait_for(pending, 2)
        except StopAsyncIteration:
            return True
        return False

    assert asyncio.run(scenario())


def test_inbox_reads_who_is_viewing_which_rows(client, feed, agents):
    cid = feed("1", "hello")
    live.current().presence.join(cid, "tab-x", Viewer(agents["ben"].user.id, "Ben Agent"))
    try:
        body = agents["ana"].get(f"/live/presence?ids={cid},999999,abc").json()
        assert body == {str(cid): [{"user_id": agents["ben"].user.id, "name": "Ben Agent", "typing": False}]}
    finally:
        live.current().presence.leave(cid, "tab-x")
