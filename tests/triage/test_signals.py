"""Troll versus sincere complaints, spam, privacy, influence and reasons."""

import pytest

from escalada.triage import AuthorSignals, TriageInput, triage

THROWAWAY = AuthorSignals(
    handle="user84736251",
    followers=2,
    following=1,
    has_avatar=False,
    account_age_days=3,
    posts_last_7_days=450,
)
REGULAR = AuthorSignals(
    handle="maria_g", followers=310, following=280, has_avatar=True, account_age_days=2100
)
INFLUENCER = AuthorSignals(
    handle="techreviews", followers=250_000, following=900, verified=True, has_avatar=True
)


def run(text, **kwargs):
    return triage(TriageInput(text=text, **kwargs))


TROLL_PAIRS = [
    # (vague extreme, sincere complaint with specifics)
    (
        "YOU ARE ALL IDIOTS!!! WORST COMPANY EVER",
        "You idiots charged me twice, $49.99 on 03/11, order #A77812",
    ),
    (
        "Sois unos inútiles y una basura!!! siempre lo mismo",
        "Sois unos inútiles: el pedido 448812 no ha llegado, lo pedí el 2/10",
    ),
    (
        "Ihr seid so dumm, totaler Müll!!!",
        "Totaler Müll: Fehler 0x80070005 seit dem Update auf 1703",
    ),
    ("垃圾公司，全是白痴！！！", "垃圾！订单号 88812345 扣款两次，共 199 元"),
]


@pytest.mark.parametrize(("vague", "specific"), TROLL_PAIRS)
def test_troll_scores_above_sincere_complaint(vague, specific):
    troll = run(vague, author=THROWAWAY)
    sincere = run(specific, author=THROWAWAY)
    assert troll.troll >= 0.5 > sincere.troll
    assert troll.tier == 0 and troll.priority == "low"
    assert "abuse" in troll.categories
    assert sincere.tier >= 2 and "abuse" not in sincere.categories


def test_troll_reason_names_text_and_profile_signals():
    result = run("YOU ARE ALL IDIOTS!!! WORST COMPANY EVER", author=THROWAWAY)
    reason = next(r for r in result.reasons if r.startswith("troll signals:"))
    assert "vague extreme language" in reason
    assert "account 3 days old" in reason
    assert "no avatar" in reason


def test_profile_raises_troll_score_for_the_same_text():
    text = "you guys are useless and pathetic!!!"
    assert run(text, author=THROWAWAY).troll > run(text, author=REGULAR).troll


def test_bad_profile_alone_does_not_make_a_troll():
    result = run("The app logs me out every time I open it", author=THROWAWAY)
    assert result.troll < 0.5
    assert result.tier == 2


def test_unclear_angry_message_stays_below_troll_threshold():
    result = run("This is the worst service ever, never again", author=THROWAWAY)
    assert result.troll < 0.5


def test_spam_is_noise():
    result = run("Follow me and check my channel for free followers! Crypto giveaway 100x")
    assert result.categories[0] == "spam"
    assert result.tier == 0
    assert result.priority == "low"
    assert not result.needs_private
    assert "spam: promotion unrelated to the brand" in result.reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Where is my order? Ordered last week", "asks for order status: move to private message"),
        (
            "My account was hacked, someone changed my password",
            "account hacked or compromised: move to private message",
        ),
        (
            "Please refund me, the subscription renewed without asking",
            "refund requested: move to private message",
        ),
    ],
)
def test_topics_that_need_account_details_move_to_private(text, reason):
    result = run(text)
    assert result.needs_private
    assert reason in result.reasons


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can someone call me back on +44 20 7946 0958 about the new plan?", "phone number"),
        (
            "Please write to jane.doe@example.com, I want to know the price for 20 seats",
            "email address",
        ),
        (
            "Is my card 4111 1111 1111 1111 still on file? I want to buy the upgrade",
            "card-like number",
        ),
    ],
)
def test_personal_data_in_public_message_needs_private(text, kind):
    public = run(text, visibility="public")
    assert public.needs_private
    assert f"{kind} shared publicly: move to private message" in public.reasons
    private = run(text, visibility="private")
    assert f"{kind} shared publicly: move to private message" not in private.reasons


def test_plain_question_does_not_need_private():
    result = run("How do I change the language of the app?")
    assert result.categories == ("question",)
    assert result.tier == 1
    assert not result.needs_private


def test_influential_negative_public_message_is_urgent_when_tier_3():
    text = "Your service is down again and nobody answers, terrible"
    regular = run(text, author=REGULAR)
    influencer = run(text, author=INFLUENCER)
    assert regular.priority == "high"
    assert influencer.priority == "urgent"
    assert "verified account with 250k followers" in influencer.reasons


def test_influence_raises_priority_of_negative_public_messages_only():
    negative = "Really disappointed with the slow app lately"
    assert run(negative, author=REGULAR).priority == "normal"
    assert run(negative, author=INFLUENCER).priority == "high"
    assert run(negative, author=INFLUENCER, visibility="private").priority == "normal"
    praise = run("Love the new update, great job!", author=INFLUENCER)
    assert praise.priority == "low"


def test_reputation_callout_is_tier_3_only_from_influential_accounts():
    text = "Your staff were racist to my friend at the store, shame on you"
    assert run(text, author=REGULAR).tier == 2
    influential = run(text, author=AuthorSignals(followers=48_000))
    assert influential.tier == 3
    assert "reputation" in influential.categories
    assert "influential author: 48k followers" in influential.reasons


def test_categories_are_ordered_by_relevance():
    result = run("Charged twice and the app keeps crashing. How do I get a refund?")
    assert result.categories[0] == "billing"
    assert result.categories.index("technical") < result.categories.index("question")


def test_feature_request_is_a_saved_reply_and_sales_lead_tier_2():
    # docs/labelling.md: feature requests are tier 1 (saved reply); sales leads tier 2
    feature = run("It would be great if you could add a dark mode option")
    assert feature.categories[0] == "feature_request" and feature.tier == 1
    lead = run("Hi, how much does the enterprise plan cost for 200 users? Could we get a demo?")
    assert "sales_lead" in lead.categories and lead.tier == 2


def test_late_delivery_and_broken_product_are_tier_3():
    # docs/labelling.md: an order not delivered, late, lost or damaged is tier 3
    assert run("My delivery is delayed, still waiting since Monday").tier == 3
    broken = run("Every one was broken but no sign of box damage 😭")
    assert broken.tier == 3 and broken.categories[0] == "delivery"


def test_negation_flips_sentiment():
    assert run("I am happy with the new update").sentiment > 0
    assert run("I am not happy with the new update").sentiment < 0


def test_accents_are_optional_but_accent_exact_entries_stay_exact():
    assert "billing" in run("me cobraron dos veces, que verguenza").categories
    assert "legal" in run("Sprawa trafi do sądu").categories
    assert "legal" not in run("I am so sad about this").categories


def test_one_promotional_phrase_in_a_customer_question_is_not_spam():
    result = run("Don't you need to follow me for me to be able to reply to a DM?")
    assert "spam" not in result.categories


def test_swearing_about_a_situation_is_a_complaint_not_abuse():
    result = run("fix this shitty fucking update or send me a phone that actually works with it")
    assert "abuse" not in result.categories
    assert result.tier >= 1
    assert result.sentiment < 0
