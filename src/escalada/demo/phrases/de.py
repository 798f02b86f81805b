"""German."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "de"
FIRST_NAMES = ("Lukas", "Anna", "Jonas", "Laura", "Felix", "Katharina", "Tobias", "Julia",
               "Maximilian", "Sabine", "Jan", "Lena")
LAST_NAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
              "Schäfer", "Koch", "Richter")
CITIES = ("Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Leipzig", "Wien")
BIOS = ("Papa, Läufer, Kaffeetrinker", "Ingenieurin aus Leidenschaft", "Hier privat",
        "Bayern durch und durch", "Lehrerin 📚")
PHONE_PREFIX = "+49151000"
REF_WORDS = {"bank": "Referenznummer", "airline": "Buchungsnummer",
             "retail": "Bestellnummer", "telecom": "Kundennummer"}


def money(value: float) -> str:
    return decimal_comma(value) + " €"


def short_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}."


MESSAGES = {
    "billing": {
        "*": (
            "Mir wurden am {date} zweimal {amount} abgebucht. Bitte erstatten Sie die "
            "doppelte Buchung.",
            "Ich warte immer noch auf meine Erstattung über {amount}. Das sind jetzt {n} "
            "Wochen.",
        ),
        "bank": ("Karte mit Endziffern {last4}: am {date} zweimal {amount} beim selben "
                 "Händler. Referenz {order}.",),
        "telecom": ("Meine Rechnung liegt diesen Monat bei {amount}, obwohl ich einen "
                    "Festpreis habe. Kundennummer {order}.",),
    },
    "outage": {
        "*": ("Ist {brand} down? Die App lädt seit {time} Uhr nicht mehr.",
              "Eure Webseite zeigt seit einer Stunde nur Fehler an."),
        "telecom": ("Seit {time} Uhr kein Internet in {city}. Alle Lämpchen am Router "
                    "rot.",),
    },
    "delivery": {
        "retail": (
            "Bestellung {order} sollte am {date} kommen, die Sendungsverfolgung steht seit "
            "{n} Tagen still.",
            "Paket heute angekommen, Karton zerdrückt, Ware kaputt. Bestellung {order}.",
            "Ich habe eine Lampe bestellt und eine Handyhülle bekommen. Bestellung {order}.",
        ),
        "airline": ("Mein Koffer ist mit Flug {flight} nicht in {city} angekommen. Am "
                    "Schalter weiß niemand etwas.",),
        "bank": ("Die neue Karte habe ich am {date} bestellt, sie ist immer noch nicht "
                 "da.",),
        "telecom": ("Der neue Router sollte am {date} kommen. Bis heute nichts.",),
    },
    "account": {
        "*": ("Ich komme nicht mehr in mein Konto und die Mail zum Zurücksetzen des "
              "Passworts kommt nie an.",
              "Jemand hat sich in mein Konto eingeloggt und die E-Mail-Adresse geändert. "
              "Ich glaube, ich wurde gehackt."),
    },
    "technical": {
        "*": ("Seit dem Update stürzt die App bei jedem Start ab.",
              "Beim Ändern meiner Daten kommt immer Fehler {code}."),
    },
    "sales_lead": {
        "*": ("Hallo, was würde das für ein Unternehmen mit etwa {n}0 Mitarbeitenden "
              "kosten? Gerne auch eine Demo.",
              "Können Sie mir ein Angebot für {n}00 Stück schicken?"),
    },
    "feature_request": {
        "*": ("Bitte baut endlich einen Dark Mode in die App ein.",
              "Ein CSV-Export der Umsätze wäre super."),
    },
    "question": {
        "*": ("Wann ist Ihr Kundenservice erreichbar?",
              "Wie ändere ich die E-Mail-Adresse in meinem Konto?"),
        "airline": ("Wie viel Handgepäck darf ich auf Flug {flight} mitnehmen?",),
    },
    "praise": {
        "*": ("Großes Dankeschön an {agent} vom Chat, Problem in fünf Minuten gelöst 👏",
              "Top Service heute, danke {brand}!"),
    },
    "reputation": {
        "*": ("Der Filialleiter in {city} hat meine Mutter vor allen Leuten angeschrien. "
              "Unmöglich.",),
    },
    "cancellation": {
        "*": ("Ich kündige. {n} Jahre Kunde und dann so etwas.",),
    },
    "legal": {
        "*": ("Wenn das bis Freitag nicht geklärt ist, geht die Sache an meinen Anwalt.",
              "Ich habe mich bereits an die Verbraucherzentrale gewandt."),
    },
    "spam": {
        "*": ("🚀 Mit Krypto 5.000 € im Monat von zu Hause! Schreib mir per DM 💰",),
    },
    "abuse": {
        "*": ("schlechteste Firma der Welt", "ihr seid so ein Witz 🤡", "einfach nur "
              "erbärmlich"),
    },
}

TAILS = {
    "cancellation": ("Entweder ihr löst das, oder ich wechsle.",),
    "legal": ("Als Nächstes schalte ich meinen Anwalt ein.",),
}

FOLLOW_UPS = {
    "details": ("Hab euch die Daten per DM geschickt.", "Es ist {order}, bezahlt {amount} "
                "am {date}."),
    "chase": ("Hallo? Immer noch keine Antwort.", "Ich warte jetzt seit {n} Stunden."),
    "thanks": ("Hat sich erledigt, vielen Dank!",),
    "unhappy": ("Das ist eine Standardantwort. Das habe ich alles schon gemacht.",),
}

REPLIES = {
    "move_to_dm": ("Hallo {name}, das tut uns leid. Schick uns bitte deine {ref} per DM, "
                   "dann schauen wir uns das an.",),
    "ask_details": ("Hallo {name}, danke für deine Nachricht. Kannst du uns deine {ref} und "
                    "die E-Mail-Adresse deines Kontos bestätigen?",),
    "apology": ("Das tut uns wirklich leid, {name}. Wir haben es ans Team gegeben und "
                "melden uns innerhalb von 24 Stunden.",),
    "outage": ("Uns ist bekannt, dass es bei {brand} gerade Probleme gibt. Unsere Technik "
               "arbeitet daran.",),
    "sales": ("Danke für dein Interesse! Unser Vertriebsteam meldet sich noch heute.",),
    "feature": ("Gute Idee, {name}! Wir geben sie ans Produktteam weiter.",),
    "faq": ("Hallo {name}, alle Infos dazu findest du in unserem Hilfe-Center. Melde dich "
            "gern, wenn noch etwas offen ist.",),
    "thanks": ("Vielen Dank, {name}! Wir geben das Lob ans Team weiter 💙",),
    "escalated": ("Hallo {name}, das tut uns sehr leid. Wir haben den Fall an unser "
                  "Kundenbeziehungsteam übergeben, das sich heute bei dir meldet.",),
    "calm": ("Schade, dass du das so siehst. Wenn wir bei etwas Konkretem helfen können, "
             "sind wir da.",),
}

EMAIL = {"greetings": ("Guten Tag,", "Sehr geehrte Damen und Herren,"),
         "signoffs": ("Mit freundlichen Grüßen,", "Viele Grüße,")}

OUTAGE_BURST = {
    "openers": ("Ist {brand} down?", "Schon wieder Störung bei {brand}.", "Nur bei mir?",
                ""),
    "symptoms": ("Seit {time} Uhr lädt gar nichts.", "Schwarzer Bildschirm auf dem "
                 "Fernseher und am Handy.", "Jede Serie zeigt Fehler {code}."),
    "extras": ("Und dafür zahle ich {amount} im Monat.", "Router zweimal neu gestartet, "
               "nichts.", ""),
}
