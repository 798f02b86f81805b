"""Every generated dict must look exactly like what the ingestion API accepts."""

from datetime import date, datetime, timedelta, timezone

import pytest

from escalada.demo import generate_day

DAY = date(2025, 3, 14)

PLATFORMS = {"x", "facebook", "instagram", "messenger", "whatsapp", "email"}
INBOUND_KEYS = {"platform", "platform_message_id", "brand_account", "author", "text",
                "visibility", "created_at", "in_reply_to"}
AUTHOR_TYPES = {"platform_user_id": str, "handle": str, "name": str, "followers": int,
                "following": int, "verified": bool, "has_avatar": bool,
                "account_created_at": str, "bio": str}
REPLY_KEYS = {"platform", "platform_message_id", "brand_account", "in_reply_to", "text",
              "visibility", "created_at"}


def _utc(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    assert moment.utcoffset() == timedelta(0), stamp
    return moment


def _within_day(stamp: str) -> bool:
    start = datetime(DAY.year, DAY.month, DAY.day, tzinfo=timezone.utc)
    return start <= _utc(stamp) < start + timedelta(days=1)


def test_inbound_messages_have_exactly_the_normalised_fields(dataset):
    for message in dataset.inbound:
        assert set(message) == INBOUND_KEYS
        assert message["platform"] in PLATFORMS
        assert isinstance(message["platform_message_id"], str)
        assert message["text"].strip()
        assert message["visibility"] in {"public", "private"}
        assert message["created_at"].endswith("+00:00")
        assert _within_day(message["created_at"])
        assert message["in_reply_to"] is None or isinstance(message["in_reply_to"], str)
        author = message["author"]
        assert set(author) == set(AUTHOR_TYPES)
        for key, kind in AUTHOR_TYPES.items():
            assert type(author[key]) is kind, (key, author)
        assert author["followers"] >= 0 and author["following"] >= 0
        assert _utc(author["account_created_at"]) < _utc(message["created_at"])


def test_replies_have_exactly_the_reply_fields(dataset):
    assert dataset.replies
    for reply in dataset.replies:
        assert set(reply) == REPLY_KEYS
        assert reply["platform"] in PLATFORMS
        assert isinstance(reply["in_reply_to"], str)
        assert reply["text"].strip()
        assert reply["created_at"].endswith("+00:00")
        assert _within_day(reply["created_at"])


def test_both_streams_are_sorted_by_creation_time(dataset):
    for stream in (dataset.inbound, dataset.replies):
        stamps = [_utc(item["created_at"]) for item in stream]
        assert stamps == sorted(stamps)


def test_platform_message_ids_are_unique_per_platform(dataset):
    seen = set()
    for item in (*dataset.inbound, *dataset.replies):
        key = (item["platform"], item["platform_message_id"])
        assert key not in seen, key
        seen.add(key)


def test_platform_message_ids_are_shaped_like_the_platforms_own(dataset):
    for item in (*dataset.inbound, *dataset.replies):
        platform, message_id = item["platform"], item["platform_message_id"]
        if platform == "x":
            assert message_id.isdigit() and 18 <= len(message_id) <= 19
        elif platform == "facebook":
            page, _, post = message_id.partition("_")
            assert page.isdigit() and post.isdigit() and len(page) == 15
        elif platform == "instagram":
            assert message_id.isdigit() and len(message_id) == 17
        elif platform == "messenger":
            assert message_id.startswith("m_")
        elif platform == "whatsapp":
            assert message_id.startswith("wamid.")
        else:
            assert message_id.startswith("<") and message_id.endswith(">") and "@" in message_id


def test_brand_accounts_belong_to_the_brand_on_that_platform(dataset, labels):
    accounts = {(brand.slug, account.platform): account.handle
                for brand in dataset.brands for account in brand.accounts}
    for message in dataset.inbound:
        brand = labels[(message["platform"], message["platform_message_id"])].brand
        assert accounts[(brand, message["platform"])] == message["brand_account"]


def test_every_reference_points_to_an_earlier_message_of_the_same_platform(dataset):
    everything = {(item["platform"], item["platform_message_id"]): item
                  for item in (*dataset.inbound, *dataset.replies)}
    for item in (*dataset.inbound, *dataset.replies):
        if item["in_reply_to"] is None:
            continue
        target = everything.get((item["platform"], item["in_reply_to"]))
        assert target is not None, item
        assert _utc(target["created_at"]) < _utc(item["created_at"])
        assert target["brand_account"] == item["brand_account"]


def test_replies_answer_a_customer_message_after_it_arrived(dataset):
    inbound = {(m["platform"], m["platform_message_id"]): m for m in dataset.inbound}
    for reply in dataset.replies:
        question = inbound[(reply["platform"], reply["in_reply_to"])]
        assert _utc(reply["created_at"]) - _utc(question["created_at"]) >= timedelta(minutes=1)
        assert reply["visibility"] == question["visibility"]


def test_reply_delays_range_from_minutes_to_hours(dataset):
    inbound = {(m["platform"], m["platform_message_id"]): m for m in dataset.inbound}
    delays = sorted(
        _utc(r["created_at"]) - _utc(inbound[(r["platform"], r["in_reply_to"])]["created_at"])
        for r in dataset.replies
    )
    assert delays[len(delays) // 2] < timedelta(hours=1)
    assert delays[-1] > timedelta(hours=2)


def test_the_same_author_id_always_carries_the_same_profile(dataset):
    profiles = {}
    for message in dataset.inbound:
        author = message["author"]
        key = (message["platform"], author["platform_user_id"])
        assert profiles.setdefault(key, author) == author


@pytest.mark.parametrize("volume", [120, 600, 3000])
def test_volume_is_roughly_respected(volume):
    count = len(generate_day(day=DAY, volume=volume).inbound)
    assert volume <= count <= volume * 1.05 + 5


def test_generation_is_deterministic_for_a_seed_and_day():
    first = generate_day(seed=11, day=DAY, volume=300)
    second = generate_day(seed=11, day=DAY, volume=300)
    assert first == second


def test_another_seed_or_day_gives_another_day():
    base = generate_day(seed=11, day=DAY, volume=300)
    assert generate_day(seed=12, day=DAY, volume=300).inbound != base.inbound
    other_day = generate_day(seed=11, day=DAY + timedelta(days=1), volume=300)
    assert other_day.inbound != base.inbound
    assert all(m["created_at"].startswith(str(DAY + timedelta(days=1)))
               for m in other_day.inbound)
