"""Dutch."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "nl"
FIRST_NAMES = ("Sanne", "Daan", "Lotte", "Bram", "Eva", "Jeroen", "Fleur", "Thijs",
               "Anouk", "Ruben")
LAST_NAMES = ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser",
              "Smit", "Meijer", "Mulder")
CITIES = ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Antwerpen")
BIOS = ("Moeder van drie, koffie van één", "Fietser in hart en nieren 🚲",
        "Werkt in de zorg", "Utrecht 💛")
PHONE_PREFIX = "+31612000"
REF_WORDS = {"bank": "referentienummer", "airline": "boekingsnummer",
             "retail": "ordernummer", "telecom": "klantnummer"}


def money(value: float) -> str:
    return "€ " + decimal_comma(value)


def short_date(day: date) -> str:
    return f"{day.day}-{day.month}"


MESSAGES = {
    "billing": {
        "*": (
            "Er is op {date} twee keer {amount} afgeschreven. Graag de dubbele betaling "
            "terugstorten.",
            "Ik wacht nog steeds op mijn terugbetaling van {amount}. Inmiddels {n} weken.",
        ),
    },
    "outage": {
        "*": ("Ligt {brand} eruit? De app laadt al niet meer sinds {time}.",
              "Jullie website geeft al een uur foutmeldingen."),
    },
    "delivery": {
        "retail": (
            "Bestelling {order} zou op {date} komen en de track & trace staat al {n} dagen "
            "stil.",
            "Pakket kwam binnen met een ingedeukte doos en het product is kapot. "
            "Bestelling {order}.",
        ),
        "airline": ("Mijn koffer is niet aangekomen in {city} met vlucht {flight}. Niemand "
                    "weet iets.",),
        "bank": ("Nieuwe pas aangevraagd op {date} en nog steeds niet binnen.",),
        "telecom": ("Het nieuwe modem zou op {date} komen, nog altijd niks.",),
    },
    "account": {
        "*": ("Ik kan niet meer inloggen en de mail om mijn wachtwoord te resetten komt "
              "nooit aan.",
              "Iemand heeft ingelogd op mijn account en mijn e-mailadres veranderd. Ik "
              "denk dat ik gehackt ben."),
    },
    "technical": {
        "*": ("Sinds de update crasht de app elke keer als ik hem open.",
              "Ik krijg foutcode {code} als ik mijn gegevens wil aanpassen."),
    },
    "sales_lead": {
        "*": ("Hoi, wat kost het voor een bedrijf met zo'n {n}0 medewerkers? We willen "
              "graag een demo.",
              "Kunnen jullie een offerte sturen voor {n}00 stuks?"),
    },
    "feature_request": {
        "*": ("Graag een donkere modus in de app!",),
    },
    "question": {
        "*": ("Wat zijn de openingstijden van de klantenservice?",
              "Hoe verander ik het e-mailadres van mijn account?"),
    },
    "praise": {
        "*": ("Dikke pluim voor {agent} van de chat, in vijf minuten opgelost 👏",
              "Top service vandaag, bedankt {brand}!"),
    },
    "reputation": {
        "*": ("De bedrijfsleider van jullie vestiging in {city} schreeuwde tegen mijn "
              "moeder waar iedereen bij stond. Schandalig.",),
    },
    "cancellation": {
        "*": ("Ik zeg mijn abonnement op. {n} jaar klant en dan dit.",),
    },
    "legal": {
        "*": ("Als dit vrijdag niet is opgelost, schakel ik mijn advocaat in.",),
    },
    "spam": {
        "*": ("💰 Verdien € 3.000 per maand met crypto! Stuur me een DM 🚀",),
    },
    "abuse": {
        "*": ("slechtste bedrijf van Nederland", "stelletje clowns 🤡"),
    },
}

TAILS = {
    "cancellation": ("Los het op of ik stap over.",),
    "legal": ("Volgende stap is mijn advocaat.",),
}

FOLLOW_UPS = {
    "details": ("Heb de gegevens via DM gestuurd.", "Het is {order}, betaald {amount} op "
                "{date}."),
    "chase": ("Hallo? Nog steeds geen antwoord.", "Ik wacht nu al {n} uur."),
    "thanks": ("Opgelost, dank jullie wel!",),
    "unhappy": ("Dat is een standaardantwoord. Dat heb ik allemaal al gedaan.",),
}

REPLIES = {
    "move_to_dm": ("Hoi {name}, vervelend om te horen. Wil je ons je {ref} sturen via DM? "
                   "Dan zoeken we het uit.",),
    "ask_details": ("Hoi {name}, bedankt voor je bericht. Kun je je {ref} en het "
                    "e-mailadres van je account bevestigen?",),
    "apology": ("Sorry hiervoor, {name}. We hebben het doorgezet naar het team en laten "
                "binnen 24 uur iets weten.",),
    "outage": ("We weten dat sommige klanten nu problemen hebben met {brand}. Onze "
               "technici zijn ermee bezig.",),
    "sales": ("Bedankt voor je interesse! Ons salesteam neemt vandaag contact op.",),
    "feature": ("Goed idee, {name}! We geven het door aan het productteam.",),
    "faq": ("Hoi {name}, alle info vind je in ons helpcentrum.",),
    "thanks": ("Wat leuk, {name}! We geven het door aan het team 💙",),
    "escalated": ("Hoi {name}, het spijt ons echt. We hebben je zaak doorgezet naar onze "
                  "klantrelaties, die vandaag contact met je opnemen.",),
    "calm": ("Jammer dat je het zo ziet. Kunnen we ergens concreet mee helpen, laat het "
             "weten.",),
}

EMAIL = {"greetings": ("Beste klantenservice,", "Goedemiddag,"),
         "signoffs": ("Met vriendelijke groet,", "Groetjes,")}

OUTAGE_BURST = {
    "openers": ("Ligt {brand} eruit?", "Weer een storing bij {brand}.", ""),
    "symptoms": ("Niks laadt meer sinds {time}.", "Zwart scherm op de tv en op mijn "
                 "telefoon.", "Elke serie geeft foutcode {code}."),
    "extras": ("En daar betaal ik {amount} per maand voor.", ""),
}
