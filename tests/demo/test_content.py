"""The generated day must give every page of a social-care inbox something true to show."""

import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from escalada.demo import STORIES

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh")
CATEGORIES = ("billing", "outage", "delivery", "account", "technical", "sales_lead",
              "feature_request", "question", "praise", "reputation", "cancellation", "legal",
              "spam", "abuse")
# Words or letters that only a message really written in the language would contain.
MARKERS = {
    "en": r"\b(the|my|you|your|is|and|it|for|to|of|on|not|are|every|there|with|I)\b",
    "es": r"\b(el|la|los|de|que|me|mi|no|os|por|sois|una?|llevo|poder)\b|[ñ¿¡áéíóú]",
    "pt": r"\b(o|a|de|que|não|meu|minha|vocês|um|uma|é|por|já|nota|resolvido)\b|[ãõçáâêóú]",
    "fr": r"\b(le|la|les|de|je|mon|ma|vous|est|pas|une?|sur|tous|en)\b|[éèêàç]",
    "de": r"\b(der|die|das|ich|mein|nicht|und|ist|seit|ihr)\b|[äöüß]",
    "it": r"\b(il|la|di|che|mi|non|è|sono|siete|un|per|mio|miei|del|della|ho|da|vi|oggi)\b",
    "pl": r"\b(nie|się|jest|mnie|na|od|w|z|to)\b|[ąęłśżźćń]",
    "ro": r"\b(nu|de|la|și|mi|am|cu|din|pe|o|azi)\b|[ăâîșț]",
    "nl": r"\b(de|het|een|ik|niet|is|jullie|mijn|van|bedankt|meer|geeft|elke|op|en)\b",
    "zh": r"[\u4e00-\u9fff]",
}


def _label(labels, message):
    return labels[(message["platform"], message["platform_message_id"])]


def _utc(stamp):
    return datetime.fromisoformat(stamp)


def test_three_or_four_brands_with_two_to_four_accounts_each(dataset):
    assert 3 <= len(dataset.brands) <= 4
    for brand in dataset.brands:
        platforms = [account.platform for account in brand.accounts]
        assert 2 <= len(platforms) <= 4
        assert len(set(platforms)) == len(platforms)


def test_every_language_is_present_and_really_written_in_it(dataset, labels):
    by_language = defaultdict(list)
    for message in dataset.inbound:
        by_language[_label(labels, message).language].append(message["text"])
    assert set(by_language) == set(LANGUAGES)
    for language, texts in by_language.items():
        matching = [t for t in texts if re.search(MARKERS[language], t, re.IGNORECASE)]
        assert len(matching) >= 0.8 * len(texts), language
    assert len(by_language["en"]) > len(dataset.inbound) / 2


def test_chinese_messages_are_not_written_in_latin_script(dataset, labels):
    chinese = [m["text"] for m in dataset.inbound if _label(labels, m).language == "zh"]
    assert chinese
    assert all(re.search(MARKERS["zh"], text) for text in chinese)


def test_every_category_is_present(dataset, labels):
    seen = Counter(c for m in dataset.inbound for c in _label(labels, m).categories)
    assert set(seen) == set(CATEGORIES)


def test_every_story_is_present(dataset, labels):
    told = {_label(labels, m).story for m in dataset.inbound}
    assert set(STORIES) <= told


def test_outage_burst_is_one_brand_many_languages_within_45_minutes(dataset, labels):
    burst = [m for m in dataset.inbound if _label(labels, m).story == "outage_burst"]
    started = [m for m in burst if m["in_reply_to"] is None]
    assert 40 <= len(started) <= 80
    assert len({_label(labels, m).brand for m in burst}) == 1
    assert len({_label(labels, m).language for m in burst}) >= 3
    stamps = sorted(_utc(m["created_at"]) for m in started)
    assert stamps[-1] - stamps[0] <= timedelta(minutes=45)
    assert len({m["text"] for m in started}) >= 0.7 * len(started)


def test_influencer_callout_is_public_verified_and_big(dataset, labels):
    callouts = [m for m in dataset.inbound
                if _label(labels, m).author_kind == "influencer" and m["in_reply_to"] is None]
    assert callouts
    for message in callouts:
        assert message["visibility"] == "public"
        assert message["author"]["verified"] is True
        assert message["author"]["followers"] >= 250_000
        assert "reputation" in _label(labels, message).categories


def test_executive_threat_mentions_lawyers_and_leaving(dataset, labels):
    threats = [m for m in dataset.inbound if _label(labels, m).story == "executive_threat"]
    assert threats
    text = threats[0]["text"].lower()
    assert "solicitor" in text and "another bank" in text
    assert {"legal", "cancellation"} <= set(_label(labels, threats[0]).categories)


def test_sales_lead_asks_for_a_quote(dataset, labels):
    leads = [m for m in dataset.inbound if _label(labels, m).story == "sales_quote"]
    assert any("quote" in m["text"].lower() for m in leads)


def test_a_customer_follows_up_both_on_the_brand_reply_and_on_their_own_post(dataset):
    reply_ids = {(r["platform"], r["platform_message_id"]) for r in dataset.replies}
    inbound = {(m["platform"], m["platform_message_id"]): m for m in dataset.inbound}
    on_reply = on_own = 0
    for message in dataset.inbound:
        key = (message["platform"], message["in_reply_to"])
        if key in reply_ids:
            on_reply += 1
        elif key in inbound and inbound[key]["author"] == message["author"]:
            on_own += 1
    assert on_reply >= 5 and on_own >= 2


def test_some_thread_has_at_least_five_messages(dataset):
    parent = {(m["platform"], m["platform_message_id"]): m["in_reply_to"]
              for m in (*dataset.inbound, *dataset.replies)}

    def depth(platform, message_id):
        steps = 1
        while parent.get((platform, message_id)):
            message_id = parent[(platform, message_id)]
            steps += 1
        return steps

    assert max(depth(m["platform"], m["platform_message_id"]) for m in dataset.inbound) >= 5


def test_sincere_customers_give_specifics_trolls_stay_vague(dataset, labels):
    specific = re.compile(r"\d")
    trolls = [m for m in dataset.inbound if _label(labels, m).author_kind == "troll"]
    billing = [m for m in dataset.inbound
               if _label(labels, m).categories[0] == "billing" and m["in_reply_to"] is None]
    assert trolls and billing
    assert all(not specific.search(m["text"]) for m in trolls)
    assert sum(bool(specific.search(m["text"])) for m in billing) >= 0.9 * len(billing)
    for message in trolls:
        author = message["author"]
        assert author["followers"] < 1000
        age = _utc(message["created_at"]) - _utc(author["account_created_at"])
        assert age < timedelta(days=62)


def test_visibility_follows_the_platform(dataset):
    by_platform = defaultdict(set)
    for message in dataset.inbound:
        by_platform[message["platform"]].add(message["visibility"])
    for private in ("messenger", "whatsapp", "email"):
        assert by_platform[private] <= {"private"}
    for public in ("facebook", "instagram"):
        assert by_platform[public] <= {"public"}
    assert by_platform["x"] == {"public", "private"}  # mentions and direct messages


def test_public_x_posts_mention_the_brand_handle(dataset):
    public_x = [m for m in dataset.inbound if m["platform"] == "x" and m["visibility"] == "public"]
    assert public_x
    for message in public_x:
        assert "@" + message["brand_account"] in message["text"]


def test_private_messages_do_not_mention_handles_or_show_follower_counts(dataset):
    for message in dataset.inbound:
        if message["platform"] in ("messenger", "whatsapp", "email"):
            assert message["author"]["followers"] == 0


def test_spam_and_trolls_rarely_get_an_answer(dataset, labels):
    answered = {(r["platform"], r["in_reply_to"]) for r in dataset.replies}
    noise = [m for m in dataset.inbound if _label(labels, m).author_kind in ("troll", "spammer")]
    sincere = [m for m in dataset.inbound if _label(labels, m).author_kind == "customer"]
    noise_rate = sum((m["platform"], m["platform_message_id"]) in answered for m in noise)
    sincere_rate = sum((m["platform"], m["platform_message_id"]) in answered for m in sincere)
    assert noise_rate / len(noise) < 0.2 < sincere_rate / len(sincere)


def test_some_replies_ask_to_move_to_private_messages(dataset):
    public_replies = [r for r in dataset.replies if r["visibility"] == "public"]
    assert any(re.search(r"\bDM\b|message privé|privat|private|私信", r["text"])
               for r in public_replies)


def test_arrivals_are_quiet_at_night_and_peak_late_morning_and_evening(dataset, labels):
    hours = Counter(_utc(m["created_at"]).hour for m in dataset.inbound
                    if _label(labels, m).story is None)
    night = sum(hours[h] for h in range(1, 6))
    late_morning = sum(hours[h] for h in range(10, 13))
    evening = sum(hours[h] for h in range(18, 21))
    assert night * 3 < late_morning and night * 3 < evening


def test_some_authors_write_several_separate_messages(dataset):
    starts = Counter((m["platform"], m["author"]["platform_user_id"])
                     for m in dataset.inbound if m["in_reply_to"] is None)
    assert sum(1 for count in starts.values() if count >= 2) >= 10


def test_followers_are_mostly_small_with_a_few_large_accounts(dataset):
    public = [m["author"]["followers"] for m in dataset.inbound if m["visibility"] == "public"]
    public.sort()
    assert public[len(public) // 2] < 1000
    assert public[-1] >= 100_000


def test_messages_carry_emoji_hashtags_and_mixed_scripts(dataset):
    texts = [m["text"] for m in dataset.inbound]
    assert sum(bool(re.search(r"[\U0001F300-\U0001FAFF]", t)) for t in texts) >= 20
    assert sum(bool(re.search(r"#\w+", t)) for t in texts) >= 10
    mixed = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t) and re.search(r"[A-Za-z]", t)]
    assert mixed
