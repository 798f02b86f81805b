"""Listening: queries managed by leads, off by default, matches tagged in the inbox."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from escalada.errors import Conflict, InvalidInput
from escalada.listening import service
from escalada.listening.matching import Term, matched_terms, x_search_query
from escalada.listening.poll import listen
from escalada.models import ConversationTag, ListeningQuery, Message
from tests.channels.conftest import fixture_json  # noqa: F401  (re-exported fixtures below)
from tests.channels.conftest import box, connected, fake, settings  # noqa: F401
from tests.channels.fakes import Answer
from tests.conftest import ADMIN, login, make_user

TERMS = [Term("brand_name", "Acme router"), Term("hashtag", "#acmefail")]


def test_matching_is_case_insensitive_whole_words_and_skips_posts_tagging_the_brand():
    assert matched_terms("my ACME ROUTER died", TERMS, brand_handles=["AcmeHelp"]) == [TERMS[0]]
    assert matched_terms("so done #AcmeFail", TERMS, brand_handles=["AcmeHelp"]) == [TERMS[1]]
    assert matched_terms("#acmefailure is not it", TERMS, brand_handles=["AcmeHelp"]) == []
    assert matched_terms("@acmehelp acme router died", TERMS, brand_handles=["AcmeHelp"]) == []


def test_x_search_query_leaves_out_retweets_and_mentions():
    assert x_search_query(TERMS, brand_handles=["AcmeHelp"]) == \
        '("Acme router" OR #acmefail) -is:retweet -@AcmeHelp'
    with pytest.raises(ValueError, match="X accepts 512"):
        x_search_query([Term("keyword", f"word{i:03d}") for i in range(60)], brand_handles=[])


def test_queries_are_validated_unique_and_start_off(session, brand):
    query = service.add_query(session, brand=brand, kind="hashtag", term="acmefail", principal=ADMIN)
    assert (query.term, query.enabled) == ("#acmefail", False)
    with pytest.raises(Conflict):
        service.add_query(session, brand=brand, kind="hashtag", term="#acmefail", principal=ADMIN)
    with pytest.raises(InvalidInput):
        service.add_query(session, brand=brand, kind="keyword", term='"; DROP', principal=ADMIN)
    with pytest.raises(InvalidInput):
        service.add_query(session, brand=brand, kind="mood", term="acme", principal=ADMIN)


def test_lead_manages_queries_on_the_page_and_agents_cannot(client, session, brand):
    csrf = login(client, make_user(session, "lead").email)
    assert client.post("/listening/acme", data={"kind": "brand_name", "term": "Acme router",
                                                "csrf_token": csrf}).status_code == 200
    query = session.scalar(select(ListeningQuery))
    page = client.get("/listening")
    assert "Acme router" in page.text and "Switch on" in page.text
    client.post(f"/listening/queries/{query.id}/enabled", data={"enabled": "true", "csrf_token": csrf})
    session.refresh(query)
    assert query.enabled
    assert '("Acme router") -is:retweet -@AcmeHelp' in client.get("/listening").text.replace("&#34;", '"')
    client.post("/logout", data={"csrf_token": csrf})
    login(client, make_user(session, "agent").email)
    assert client.get("/listening").status_code == 403


def test_search_results_enter_the_inbox_tagged_listening(client, session, fake, connected):
    brand_id = connected["x"].brand_id
    from escalada.models import Brand

    brand = session.get(Brand, brand_id)
    router = service.add_query(session, brand=brand, kind="brand_name", term="Acme router", principal=ADMIN)
    service.add_query(session, brand=brand, kind="hashtag", term="acmefail", principal=ADMIN)
    session.commit()
    with httpx.Client(timeout=2) as http:
        assert listen(client.app.state.db, client=http) == []  # every query is off
        router.enabled = True
        session.commit()
        fake.script("/2/tweets/search/recent", Answer(200, fixture_json("x_v2_search_recent.json")))
        (result,) = listen(client.app.state.db, client=http)
    assert result.posts == 3 and result.error is None
    assert "query=%28%22Acme+router%22%29+-is%3Aretweet+-%40AcmeHelp" in fake.requests[0].path
    stored = session.scalars(select(Message)).all()
    assert [m.platform_message_id for m in stored] == ["1861400000000000001"]
    tags = session.scalars(select(ConversationTag.tag).where(
        ConversationTag.conversation_id == stored[0].conversation_id)).all()
    assert "listening" in tags
    session.refresh(router)
    assert router.matches == 1
    csrf = login(client, make_user(session, "agent").email)
    assert csrf and "net_nerd" in client.get("/inbox?tag=listening").text
