"""Ready-made replies in every supported language: the private-message invitation and
the acknowledge-first message for conversations handed to another team."""

from __future__ import annotations

DM_INVITE = {
    "en": "We'd like to sort this out for you. Please send us a private message so we can look at your details safely.",
    "es": "Queremos ayudarte con esto. Envíanos un mensaje privado para revisar tus datos de forma segura.",
    "pt": "Queremos resolver isto para você. Envie-nos uma mensagem privada para vermos os seus dados com segurança.",
    "fr": "Nous voulons régler cela avec vous. Envoyez-nous un message privé pour que nous puissions vérifier vos informations en toute sécurité.",
    "de": "Wir kümmern uns gern darum. Bitte schreiben Sie uns eine Direktnachricht, damit wir Ihre Daten sicher prüfen können.",
    "it": "Vogliamo risolvere la cosa. Ci scriva in un messaggio privato così possiamo controllare i suoi dati in sicurezza.",
    "pl": "Chcemy to wyjaśnić. Prosimy o wiadomość prywatną, abyśmy mogli bezpiecznie sprawdzić szczegóły.",
    "ro": "Vrem să rezolvăm asta. Vă rugăm să ne trimiteți un mesaj privat ca să verificăm datele în siguranță.",
    "nl": "We lossen dit graag voor je op. Stuur ons een privébericht, dan bekijken we je gegevens veilig.",
    "zh": "我们想帮您解决这个问题。请私信我们，以便我们安全地核实您的信息。",
}

# "We've got this and passed it to our {team} team" per language.
ACKNOWLEDGE = {
    "en": "Thanks for letting us know. We've got this and passed it to our {team} team; we'll update you here as soon as we hear back.",
    "es": "Gracias por avisarnos. Lo tenemos y lo hemos pasado a nuestro equipo de {team}; te contamos aquí en cuanto sepamos más.",
    "pt": "Obrigado por nos avisar. Já estamos a tratar e passámos ao nosso equipa de {team}; damos notícias aqui assim que soubermos mais.",
    "fr": "Merci de nous avoir prévenus. Nous nous en occupons et avons transmis à notre équipe {team} ; nous revenons vers vous ici dès que possible.",
    "de": "Danke für den Hinweis. Wir kümmern uns darum und haben es an unser Team {team} weitergegeben; wir melden uns hier, sobald wir mehr wissen.",
    "it": "Grazie per la segnalazione. Ce ne occupiamo e l'abbiamo passata al nostro team {team}; la aggiorniamo qui appena possibile.",
    "pl": "Dziękujemy za zgłoszenie. Zajmujemy się tym i przekazaliśmy sprawę do naszego zespołu {team}; damy znać tutaj, gdy tylko będziemy coś wiedzieć.",
    "ro": "Mulțumim că ne-ați anunțat. Ne ocupăm și am transmis echipei noastre de {team}; revenim aici imediat ce aflăm mai multe.",
    "nl": "Bedankt voor je melding. We pakken het op en hebben het doorgegeven aan ons {team}-team; we laten het je hier weten zodra we meer horen.",
    "zh": "感谢告知。我们已收到，并已转交给{team}团队处理；一有进展会在这里通知您。",
}

# The team a category is handed to, per language.
TEAMS = {
    "billing": {"en": "billing", "es": "facturación", "pt": "faturação", "fr": "facturation",
                "de": "Abrechnung", "it": "fatturazione", "pl": "rozliczeń", "ro": "facturare",
                "nl": "facturatie", "zh": "账单"},
    "delivery": {"en": "delivery", "es": "envíos", "pt": "entregas", "fr": "livraison",
                 "de": "Versand", "it": "spedizioni", "pl": "dostaw", "ro": "livrări",
                 "nl": "bezorg", "zh": "配送"},
    "outage": {"en": "technical", "es": "técnico", "pt": "técnica", "fr": "technique",
               "de": "Technik", "it": "tecnico", "pl": "technicznego", "ro": "tehnică",
               "nl": "technisch", "zh": "技术"},
    "account": {"en": "account security", "es": "seguridad de cuentas", "pt": "segurança de contas",
                "fr": "sécurité des comptes", "de": "Kontosicherheit", "it": "sicurezza account",
                "pl": "bezpieczeństwa kont", "ro": "securitatea conturilor", "nl": "accountbeveiliging",
                "zh": "账户安全"},
    "legal": {"en": "legal", "es": "legal", "pt": "jurídica", "fr": "juridique", "de": "Recht",
              "it": "legale", "pl": "prawnego", "ro": "juridică", "nl": "juridisch", "zh": "法务"},
    "cancellation": {"en": "customer care", "es": "atención al cliente", "pt": "apoio ao cliente",
                     "fr": "service client", "de": "Kundenservice", "it": "assistenza clienti",
                     "pl": "obsługi klienta", "ro": "relații cu clienții", "nl": "klantenservice",
                     "zh": "客户服务"},
    "reputation": {"en": "customer relations", "es": "relaciones con clientes",
                   "pt": "relações com clientes", "fr": "relations clients", "de": "Kundenbeziehungen",
                   "it": "relazioni clienti", "pl": "relacji z klientami", "ro": "relații cu clienții",
                   "nl": "klantrelaties", "zh": "客户关系"},
}
TEAMS["technical"] = TEAMS["outage"]
# Categories in the order a handover is named (the most specific team first).
HANDOVER_ORDER = ("legal", "billing", "outage", "account", "delivery", "technical", "reputation",
                  "cancellation")


def _lang(language: str | None) -> str:
    return language if language in DM_INVITE else "en"


def dm_invite(language: str | None) -> str:
    return DM_INVITE[_lang(language)]


def handover_team(categories: list[str] | tuple[str, ...]) -> str | None:
    """The category whose team takes the case, or None when nothing is handed over."""
    return next((c for c in HANDOVER_ORDER if c in categories), None)


def acknowledgement(language: str | None, categories: list[str] | tuple[str, ...]) -> str | None:
    category = handover_team(categories)
    if category is None:
        return None
    lang = _lang(language)
    return ACKNOWLEDGE[lang].format(team=TEAMS[category][lang])
