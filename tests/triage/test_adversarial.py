"""Adversarial inputs, per signal, and the known weak spots of earlier versions."""

from __future__ import annotations

import pytest

from escalada.triage import AuthorSignals, TriageInput, TriagePolicy, triage

THROWAWAY = AuthorSignals(followers=2, following=1, has_avatar=False, account_age_days=3,
                          posts_last_7_days=450)


def run(text: str, **kwargs):
    return triage(TriageInput(text=text, **kwargs))


# --- empty, emoji, links, size --------------------------------------------------------


def test_only_emoji_is_read_for_sentiment_but_has_no_language_or_topic():
    angry, happy = run("😡😡😡🔥"), run("😍🙏👏")
    assert angry.language == happy.language == "und"
    assert angry.sentiment < -0.3 < 0.3 < happy.sentiment
    assert angry.categories == happy.categories == ()
    assert angry.troll < 0.5  # an unclear case is sincere


def test_only_a_url_is_not_a_question_and_needs_no_reply():
    result = run("https://example.com/help?utm_source=x&ref=123")
    assert "question" not in result.categories
    assert result.tier == 0 and result.sentiment == 0.0
    assert result.language == "und"


def test_64_kib_message_keeps_what_the_first_screen_says():
    text = "My order #48213 never arrived and I was charged twice. " + "blah " * 14_000
    assert len(text.encode()) > 65_536
    result = run(text)
    assert {"delivery", "billing"} <= set(result.categories)
    assert result.tier == 3 and result.language == "en"


# --- language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("@Telco_ES mi pedido 48213 no ha llegado https://t.co/x #fail 😡", "es"),
        ("我的订单 48213 还没到，已经等了十天了 (order never arrived)", "zh"),
        ("WHY IS MY INTERNET DOWN AGAIN IN HOUSTON", "en"),
        ("Моя посылка не пришла", "und"),  # Russian is not a supported language
        ("荷物が届きません", "und"),  # nor Japanese
    ],
)
def test_language_on_noisy_mixed_and_unsupported_text(text, language):
    assert run(text).language == language


# --- sentiment and sarcasm --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, another update that breaks everything. Thanks a lot.",
        "Thanks for nothing, three calls and still no answer",
        "Na toll, schon wieder kein Internet seit heute Morgen, die Störung nervt",
        "Gracias por nada, sigo sin respuesta",
        "Bedankt voor niks, nog steeds geen antwoord",
    ],
)
def test_sarcastic_praise_reads_as_a_complaint(text):
    result = run(text)
    assert result.sentiment < 0
    assert "praise" not in result.categories
    assert "sarcastic praise: read as a complaint" in result.reasons


def test_sincere_thanks_next_to_a_problem_stays_positive():
    result = run("Thanks a lot Maria, the refund arrived today, great service!")
    assert result.sentiment > 0
    assert "sarcastic praise: read as a complaint" not in result.reasons


def test_mixed_script_message_gets_one_of_its_languages():
    assert run("我的订单 48213 还没到, my order never arrived").language in ("zh", "en")


# --- troll versus sincere ---------------------------------------------------------------


def test_all_caps_rant_without_specifics_is_abuse_but_with_specifics_is_a_complaint():
    rant = run("YOU ARE THE WORST COMPANY EVER I HATE YOU ALL IDIOTS", author=THROWAWAY)
    assert rant.troll >= 0.5 and rant.tier == 0 and "abuse" in rant.categories
    specific = run("YOU CHARGED ME TWICE FOR ORDER 48213, $59.99 EACH, FIX IT NOW",
                   author=THROWAWAY)
    assert specific.troll < 0.5
    assert "billing" in specific.categories and specific.tier == 3


def test_troll_like_profile_with_a_specific_complaint_is_sincere():
    result = run("Charged twice for order #48213 on 12/11, $59.99 each, please refund",
                 author=THROWAWAY)
    assert result.troll < 0.5
    assert result.categories[0] == "billing" and result.tier == 3
    assert result.needs_private


# --- executive and legal ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dear team, I would kindly ask you to resolve this; otherwise I will unfortunately "
        "have to involve my lawyer. Thank you.",
        "Bonjour, sans réponse de votre part je serai malheureusement obligé de saisir le "
        "tribunal. Cordialement.",
        "Guten Tag, leider sehe ich mich sonst gezwungen, meinen Anwalt einzuschalten. Danke.",
    ],
)
def test_polite_message_with_a_legal_threat_is_executive(text):
    result = run(text)
    assert result.executive and result.tier == 3 and result.priority == "urgent"
    assert "legal" in result.categories
    assert "threatens legal action" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I played tennis on the court this afternoon",
        "The food court in your mall is always dirty",
        "Das Gericht war kalt und versalzen",  # Gericht: a dish
        "Hay mucha demanda esta semana",  # demanda: demand
        "Aan de rechter kant van de app staat een knop",  # rechter: right-hand
    ],
)
def test_words_that_only_look_legal_are_not_legal(text):
    result = run(text)
    assert "legal" not in result.categories and not result.executive


# --- known weak spots -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I have not received my refund yet",
        "Toujours pas reçu mon remboursement",
        "Nie otrzymałem zwrotu pieniędzy",
        "还没有收到退款",
    ],
)
def test_refund_not_received_is_billing_not_delivery(text):
    result = run(text)
    assert "billing" in result.categories
    assert "delivery" not in result.categories


def test_parcel_not_received_with_refund_is_both():
    result = run("The parcel never came and I have not received my refund either")
    assert {"delivery", "billing"} <= set(result.categories)


@pytest.mark.parametrize(
    "text",
    [
        "My account was hacked and someone changed my password",
        "Mi cuenta fue hackeada y cambiaron mi correo",
        "我的账号被盗了",
    ],
)
def test_hacked_account_is_tier_3(text):
    result = run(text)
    assert "account" in result.categories
    assert result.tier == 3 and result.priority in ("high", "urgent")
    assert result.needs_private


# --- per-brand policy -------------------------------------------------------------------


def test_brand_keywords_and_tiers_apply_in_any_language():
    policy = TriagePolicy(keywords=(("outage", ("sin cobertura", "无信号")),),
                          category_tiers=(("technical", 3),))
    assert "outage" not in run("Llevo todo el día sin cobertura").categories
    es = triage(TriageInput(text="Llevo todo el día sin cobertura"), policy)
    zh = triage(TriageInput(text="手机一直无信号"), policy)
    for result in (es, zh):
        assert "outage" in result.categories and result.tier == 3
    assert any("brand keyword" in reason for reason in es.reasons)
    bug = triage(TriageInput(text="The app shows error 42 when I upload"), policy)
    assert bug.tier == 3
    assert run("The app shows error 42 when I upload").tier == 2


def test_influence_threshold_is_a_brand_setting():
    author = AuthorSignals(followers=3_000)
    text = "Your staff lied to me at the store, disgusting behaviour"
    assert run(text, author=author).priority != "high"
    strict = triage(TriageInput(text=text, author=author),
                    TriagePolicy(influential_followers=2_000))
    assert strict.tier == 3 and strict.priority in ("high", "urgent")
    assert run(text, author=author).tier == 2
    assert "influential author: 3k followers" in strict.reasons
