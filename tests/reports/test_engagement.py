from escalada.kit.clock import frozen_clock
from escalada.reports.engagement import engagement_counts, summarise_engagement
from tests.conftest import at, inbound, token_headers
from tests.inbox.test_ingest_api import post


def test_counts_from_each_platform_shape():
    assert engagement_counts({"public_metrics": {"like_count": 4, "reply_count": 1, "retweet_count": 2,
                                                 "quote_count": 1}}) == {"likes": 4, "replies": 1, "shares": 3}
    assert engagement_counts({"reactions": {"summary": {"total_count": 7}}, "shares": {"count": 2}}) == {
        "likes": 7, "replies": 0, "shares": 2}
    assert engagement_counts({"like_count": 3, "comments_count": 5}) == {"likes": 3, "replies": 5, "shares": 0}
    assert engagement_counts({"engagement": {"likes": 1}}) == {"likes": 1, "replies": 0, "shares": 0}
    assert engagement_counts({"text": "no counts"}) is None
    assert engagement_counts({"public_metrics": {"like_count": -1}}) is None
    assert summarise_engagement([]) == {"interactions": 0, "likes": 0, "replies": 0, "shares": 0,
                                        "per_interaction": None}


def test_engagement_in_the_overview(client, session, brand):
    headers = token_headers(session)
    payload = inbound("e1", text="Love the new app") | {"public_metrics": {"like_count": 12, "reply_count": 2,
                                                                          "retweet_count": 1}}
    post(client, headers, payload)
    post(client, headers, inbound("e2", text="Where is my order 1234?", handle="other"))
    with frozen_clock(at("2026-11-20T18:00:00+00:00")):
        body = client.get("/api/v1/reports/overview", headers=headers).json()
    assert body["engagement"] == {"interactions": 1, "likes": 12, "replies": 2, "shares": 1,
                                  "per_interaction": 15.0}
