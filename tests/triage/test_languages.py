"""Every supported language gets the same labels for the same situations."""

import pytest

from escalada.triage import TriageInput, triage

# (language, billing, outage, delivery, praise, legal, cancel)
CASES = {
    "en": (
        "I was charged twice for my subscription this month, please fix it",
        "Your app is down again, nothing loads for me since this morning",
        "My package never arrived and the tracking says delivered",
        "Thank you so much, the support team was amazing and super helpful!",
        "If this is not fixed by Friday I will contact my lawyer",
        "Fed up, I am going to cancel my subscription and switching to another provider",
    ),
    "es": (
        "Me cobraron dos veces la suscripción este mes, necesito una solución",
        "La aplicación no funciona desde esta mañana, no carga nada",
        "Mi pedido nunca llegó y el seguimiento dice entregado",
        "Muchas gracias, el servicio fue excelente, me encanta la aplicación",
        "Si no lo solucionan hablaré con mi abogado y presentaré una demanda",
        "Estoy harto, voy a cancelar mi suscripción y me voy con la competencia",
    ),
    "pt": (
        "Fui cobrado duas vezes na assinatura este mês, preciso de ajuda",
        "O aplicativo está fora do ar desde hoje cedo, não carrega nada",
        "Meu pedido não chegou e o rastreio diz que foi entregue",
        "Obrigada, atendimento excelente, amei o aplicativo!",
        "Se não resolverem vou processar a empresa, já falei com meu advogado",
        "Cansei, vou cancelar minha assinatura e nunca mais volto",
    ),
    "fr": (
        "J'ai été débité deux fois pour mon abonnement ce mois-ci",
        "L'application est en panne depuis ce matin, rien ne se charge",
        "Mon colis n'est jamais arrivé alors que le suivi indique livré",
        "Merci beaucoup, service excellent et équipe géniale, bravo !",
        "Sans réponse de votre part je saisis mon avocat et le tribunal",
        "J'en ai marre, je vais résilier mon abonnement et je passe chez la concurrence",
    ),
    "de": (
        "Mir wurde das Abo diesen Monat doppelt abgebucht, bitte korrigieren",
        "Seit heute Morgen Störung, die App funktioniert nicht",
        "Mein Paket ist nie angekommen, obwohl es als zugestellt markiert ist",
        "Vielen Dank, toller Service und super schnelle Hilfe, ich bin begeistert!",
        "Wenn das nicht gelöst wird, schalte ich meinen Anwalt ein",
        "Mir reicht es, ich werde kündigen und wechsle zur Konkurrenz",
    ),
    "it": (
        "Mi avete addebitato due volte l'abbonamento questo mese",
        "L'app non funziona da stamattina, disservizio totale",
        "Il mio pacco non è mai arrivato ma risulta consegnato",
        "Grazie mille, servizio eccellente e personale fantastico, complimenti!",
        "Se non risolvete mi rivolgo al mio avvocato e vi faccio causa",
        "Basta, mando la disdetta dell'abbonamento e passo alla concorrenza",
    ),
    "pl": (
        "Pobrano dwa razy opłatę za subskrypcję w tym miesiącu",
        "Od rana awaria, aplikacja w ogóle nie działa",
        "Moja paczka nie dotarła, a status mówi że doręczona",
        "Dziękuję bardzo, świetna obsługa, polecam wszystkim!",
        "Jeśli tego nie naprawicie, sprawą zajmie się mój prawnik",
        "Mam dość, rezygnuję z subskrypcji i zmieniam operatora",
    ),
    "ro": (
        "Am fost taxat de două ori pentru abonament luna aceasta",
        "Aplicația nu funcționează de azi dimineață, nu se încarcă nimic",
        "Coletul meu nu a ajuns, deși apare ca livrat",
        "Mulțumesc mult, serviciu excelent, echipa voastră este minunată!",
        "Dacă nu rezolvați, vă dau în judecată, am vorbit deja cu un avocat",
        "M-am săturat, reziliez contractul și schimb operatorul",
    ),
    "nl": (
        "Het abonnement is deze maand dubbel afgeschreven van mijn rekening",
        "Sinds vanochtend een storing, de app werkt niet",
        "Mijn pakket is nooit aangekomen terwijl er bezorgd staat",
        "Heel erg bedankt, geweldige service en supersnel geholpen!",
        "Als dit niet wordt opgelost schakel ik een advocaat in",
        "Ik ben het zat, ik ga mijn abonnement opzeggen en stap over naar de concurrent",
    ),
    "zh": (
        "这个月的订阅被重复扣款了，请尽快处理",
        "应用从早上开始宕机，完全打不开",
        "我的包裹一直没收到，物流却显示已签收",
        "非常感谢，客服很棒，服务太好了，点赞！",
        "如果不解决，我会找律师起诉你们",
        "太失望了，我要取消订阅，换别家",
    ),
}
LANGUAGES = sorted(CASES)


def run(text: str, **kwargs):
    return triage(TriageInput(text=text, **kwargs))


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_detected(language):
    for text in CASES[language]:
        assert run(text).language == language, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_billing_complaint_is_tier_3_negative_and_private(language):
    result = run(CASES[language][0])
    assert result.categories[0] == "billing"
    assert result.tier == 3
    assert result.priority == "high"
    assert result.sentiment < 0
    assert result.needs_private
    assert any("charge" in reason for reason in result.reasons)


@pytest.mark.parametrize("language", LANGUAGES)
def test_outage_is_tier_3(language):
    result = run(CASES[language][1])
    assert "outage" in result.categories
    assert result.tier == 3
    assert result.sentiment < 0
    assert "service outage reported" in result.reasons


@pytest.mark.parametrize("language", LANGUAGES)
def test_undelivered_order_is_tier_3_and_private(language):
    result = run(CASES[language][2])
    assert result.categories[0] == "delivery"
    assert result.tier == 3
    assert result.needs_private
    assert result.sentiment < 0
    assert any(reason.startswith("order not delivered") for reason in result.reasons)


@pytest.mark.parametrize("language", LANGUAGES)
def test_praise_is_positive_low_priority(language):
    result = run(CASES[language][3])
    assert result.categories[0] == "praise"
    assert result.sentiment > 0.3
    assert result.tier == 1
    assert result.priority == "low"
    assert not result.executive


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_threat_is_executive_and_urgent(language):
    result = run(CASES[language][4])
    assert "legal" in result.categories
    assert result.executive
    assert result.tier == 3
    assert result.priority == "urgent"
    assert "threatens legal action" in result.reasons


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancellation_threat_is_executive(language):
    result = run(CASES[language][5])
    assert "cancellation" in result.categories
    assert result.executive
    assert result.tier == 3
    assert result.sentiment < 0
    assert any(reason.startswith("threatens to cancel") for reason in result.reasons)


@pytest.mark.parametrize("language", LANGUAGES)
def test_complaint_and_praise_have_opposite_sentiment(language):
    complaint, praise = run(CASES[language][0]), run(CASES[language][3])
    assert complaint.sentiment < 0 < praise.sentiment


# A control that stays disabled, and a product that is simply grey (not a problem).
BROKEN_CONTROLS = {
    "en": ("The Accept button is greyed out and I can't pay", "I love the grey hoodie"),
    "es": ("El botón de pagar aparece desactivado y no pasa nada", "Me encanta la sudadera gris"),
    "pt": ("O botão de pagar ficou cinza e não acontece nada", "Adorei o moletom cinza"),
    "fr": ("Le bouton Valider est grisé, impossible de cliquer", "J'adore le sweat gris"),
    "de": ("Der Bestätigen-Button ist ausgegraut, es passiert nichts", "Ich liebe den grauen Hoodie"),
    "it": ("Il tasto Conferma è in grigio e non succede niente", "Adoro la felpa grigia"),
    "pl": ("Przycisk Zapłać jest wyszarzony i nic się nie dzieje", "Uwielbiam szarą bluzę"),
    "ro": ("Butonul este gri și nu se întâmplă nimic când apăs", "Îmi place hanoracul gri"),
    "nl": ("De knop Betalen blijft grijs, er gebeurt niets", "Ik vind de grijze hoodie geweldig"),
    "zh": ("付款按钮变灰了，点了没反应", "我很喜欢这件灰色卫衣"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_control_that_does_nothing_is_technical_but_a_grey_product_is_not(language):
    broken, grey = BROKEN_CONTROLS[language]
    result = run(broken)
    assert "technical" in result.categories, broken
    assert "technical error reported" in result.reasons
    assert result.tier >= 2
    assert "technical" not in run(grey).categories, grey
