"""The reply guard is pure: plain text in, findings out, no database."""

from __future__ import annotations

import pytest

from escalada.replies.guard import check_reply, luhn_valid, order_numbers


def codes(result):
    return [f.code for f in result.findings]


def marked(text, result):
    return [text[f.span[0]:f.span[1]] for f in result.findings]


@pytest.mark.parametrize(("language", "text", "noun"), [
    ("en", "What is your order number?", "order number"),
    ("es", "¿Nos puedes enviar tu número de pedido?", "número de pedido"),
    ("pt", "Envie o número do pedido, por favor.", "número do pedido"),
    ("fr", "Pourriez-vous nous donner votre numéro de commande ?", "numéro de commande"),
    ("de", "Bitte nennen Sie uns Ihre Bestellnummer.", "Bestellnummer"),
    ("it", "Ci indichi il numero dell'ordine?", "numero dell'ordine"),
    ("pl", "Prześlij numer zamówienia.", "numer zamówienia"),
    ("ro", "Vă rugăm să trimiteți numărul comenzii.", "numărul comenzii"),
    ("nl", "Stuur ons je bestelnummer.", "bestelnummer"),
    ("zh", "请提供您的订单号", "订单号"),
])
def test_asking_for_an_order_number_in_public_is_blocked_in_every_language(language, text, noun):
    result = check_reply(text, "public", language)
    assert result.blocked
    assert "asks_for_order_number" in codes(result)
    assert noun in marked(text, result)
    assert result.advice and "private message" in result.advice


@pytest.mark.parametrize("text", [
    "Sorry! Please DM us your order number.",
    "Envíanos tu número de pedido por mensaje privado.",
    "Envoyez-nous votre numéro de commande en message privé.",
    "Schicken Sie uns Ihre Bestellnummer per Direktnachricht.",
    "请私信我们您的订单号",
])
def test_asking_for_data_by_private_message_is_the_right_advice(text):
    assert not check_reply(text, "public").blocked


@pytest.mark.parametrize(("text", "code", "shown"), [
    ("Your card 4111 1111 1111 1111 was charged twice", "reveals_card_number", "4111 1111 1111 1111"),
    ("Write to jane.doe@example.com for the refund", "reveals_email", "jane.doe@example.com"),
    ("Call her on +44 20 7946 0958", "reveals_phone_number", "+44 20 7946 0958"),
    ("Order #A55311 left the warehouse", "reveals_order_number", "A55311"),
    ("El pedido 4471 sale hoy", "reveals_order_number", "4471"),
    ("We'll deliver to 221 Baker Street tomorrow", "reveals_address", "221 Baker Street"),
    ("Lo enviamos a Calle Mayor 12", "reveals_address", "Calle Mayor 12"),
    ("Wir liefern an Hauptstraße 5", "reveals_address", "Hauptstraße 5"),
    ("Refund sent to DE89 3704 0044 0532 0130 00", "reveals_account_number", "DE89 3704 0044 0532 0130 00"),
    ("Account number 12345678 is closed", "reveals_account_number", "12345678"),
])
def test_revealing_personal_data_in_public_is_blocked(text, code, shown):
    result = check_reply(text, "public", "en")
    assert result.blocked
    found = {f.code: text[f.span[0]:f.span[1]] for f in result.findings}
    assert found[code] == shown


def test_private_replies_may_carry_personal_data():
    result = check_reply("Your card 4111 1111 1111 1111 and order #A55311", "private", "en")
    assert not result.blocked
    assert [f for f in result.findings if f.kind == "privacy"] == []


def test_card_numbers_need_a_valid_luhn_checksum():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    result = check_reply("Reference 4111 1111 1111 1112 noted", "public", "en")
    assert "reveals_card_number" not in codes(result)


@pytest.mark.parametrize("text", [
    "Please check your email for the confirmation.",
    "Thanks for the love! See you at 5 pm.",
    "We've passed this to our billing team and will update you here.",
    "Hi @maria_g, sorry about this. Our team is on it.",
    "Please never share your password or card number with anyone.",
    "Nunca compartas tu contraseña.",
])
def test_ordinary_public_replies_pass(text):
    assert not check_reply(text, "public", "en").blocked


def test_tone_findings_are_suggestions_with_spans():
    text = "You should have read the FAQ, just restart the app. We apologise for any inconvenience."
    result = check_reply(text, "public", "en")
    assert not result.blocked
    assert codes(result) == ["blaming", "minimising", "cliche"]
    assert marked(text, result) == ["You should have", "just", "We apologise for any inconvenience"]
    assert all(f.kind == "tone" for f in result.findings)


@pytest.mark.parametrize(("language", "text", "code"), [
    ("es", "Simplemente reinicie la aplicación.", "minimising"),
    ("pt", "Simplesmente reinicie o aplicativo.", "minimising"),
    ("fr", "Il suffit de redémarrer l'application.", "minimising"),
    ("de", "Starten Sie die App einfach neu.", "minimising"),
    ("it", "Semplicemente riavvii l'app.", "minimising"),
    ("pl", "Po prostu uruchom ponownie aplikację.", "minimising"),
    ("ro", "Pur și simplu reporniți aplicația.", "minimising"),
    ("nl", "Start de app gewoon opnieuw.", "minimising"),
    ("zh", "只需要重新启动应用", "minimising"),
    ("es", "Disculpe las molestias.", "cliche"),
    ("fr", "C'est votre faute.", "blaming"),
])
def test_tone_per_language(language, text, code):
    assert code in codes(check_reply(text, "public", language))


def test_shouting_and_acronyms():
    result = check_reply("THIS IS NOT OUR FAULT!!!", "public", "en")
    assert codes(result).count("shouting") == 2
    assert "shouting" not in codes(check_reply("Please DM us the CVV? No: never share your PIN.",
                                               "private", "en"))


def test_humour_is_flagged_only_on_a_serious_case():
    text = "haha sorry about that 😂"
    assert codes(check_reply(text, "public", "en")) == []
    assert codes(check_reply(text, "public", "en", serious=True)) == ["humour", "humour"]


def test_unknown_language_uses_every_lexicon_and_bad_visibility_is_refused():
    assert "minimising" in codes(check_reply("Starten Sie die App einfach neu.", "public", None))
    with pytest.raises(ValueError):
        check_reply("hi", "broadcast")


def test_order_numbers_are_read_from_customer_text():
    assert order_numbers("charged twice for order #A5531 and pedido 4471") == ["A5531", "4471"]


def test_guard_imports_without_the_database():
    import subprocess
    import sys

    code = ("import sys; from escalada.replies.guard import check_reply; "
            "check_reply('What is your order number?', 'public'); "
            "assert 'sqlalchemy' not in sys.modules, 'guard pulled in the database layer'")
    subprocess.run([sys.executable, "-c", code], check=True)
