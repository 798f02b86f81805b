"""Romanian."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "ro"
FIRST_NAMES = ("Andreea", "Mihai", "Ioana", "Alexandru", "Elena", "Andrei", "Cristina",
               "Bogdan", "Raluca", "Vlad")
LAST_NAMES = ("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe",
              "Munteanu", "Constantin")
CITIES = ("București", "Cluj-Napoca", "Iași", "Timișoara", "Brașov", "Constanța")
BIOS = ("Mamă, inginer, iubitoare de munte ⛰️", "Programator. Cafea multă.",
        "Din Cluj cu drag", "Profesoară de română")
PHONE_PREFIX = "+40722000"
REF_WORDS = {"bank": "numărul de referință", "airline": "codul rezervării",
             "retail": "numărul comenzii", "telecom": "codul de client"}


def money(value: float) -> str:
    return decimal_comma(value * 5) + " lei"


def short_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}"


MESSAGES = {
    "billing": {
        "*": (
            "Mi-ați luat de două ori {amount} pe {date}. Vă rog să-mi returnați plata "
            "dublă.",
            "Încă aștept rambursarea de {amount}. Au trecut deja {n} săptămâni.",
        ),
    },
    "outage": {
        "*": ("A picat {brand}? Aplicația nu se mai încarcă de la ora {time}.",
              "Site-ul dă eroare de o oră, nu pot face nimic."),
    },
    "delivery": {
        "retail": (
            "Comanda {order} trebuia să ajungă pe {date}, iar coletul stă pe loc de {n} "
            "zile.",
            "Coletul a venit cu cutia strivită și produsul spart. Comanda {order}.",
        ),
        "airline": ("Bagajul meu nu a ajuns la {city} cu zborul {flight}. Nimeni nu știe "
                    "nimic.",),
        "bank": ("Am cerut cardul nou pe {date} și încă nu a ajuns.",),
        "telecom": ("Routerul nou trebuia să vină pe {date}, încă nimic.",),
    },
    "account": {
        "*": ("Nu mă mai pot conecta la cont, iar e-mailul pentru resetarea parolei nu "
              "vine deloc.",
              "Cineva a intrat în contul meu și a schimbat adresa de e-mail. Cred că am "
              "fost hackuit."),
    },
    "technical": {
        "*": ("De la ultima actualizare aplicația se închide de fiecare dată când o "
              "deschid.",
              "Primesc eroarea {code} când încerc să-mi modific datele."),
    },
    "sales_lead": {
        "*": ("Bună ziua, cât ar costa pentru o firmă cu aproximativ {n}0 de angajați? Am "
              "vrea și o prezentare.",
              "Îmi puteți trimite o ofertă de preț pentru {n}00 de bucăți?"),
    },
    "feature_request": {
        "*": ("Vă rog, adăugați modul întunecat în aplicație!",),
    },
    "question": {
        "*": ("Care este programul serviciului de relații cu clienții?",
              "Cum îmi schimb adresa de e-mail din cont?"),
    },
    "praise": {
        "*": ("Mulțumesc mult colegei de pe chat, mi-a rezolvat problema în cinci minute 👏",
              "Servicii excelente azi, bravo {brand}!"),
    },
    "reputation": {
        "*": ("Șeful magazinului vostru din {city} a țipat la mama mea în fața tuturor. O "
              "rușine.",),
    },
    "cancellation": {
        "*": ("Renunț la abonament. Sunt client de {n} ani și așa mă tratați.",),
    },
    "legal": {
        "*": ("Dacă nu rezolvați până vineri, merg la avocat și fac plângere la ANPC.",),
    },
    "spam": {
        "*": ("💰 Câștigă 10.000 de lei pe lună din crypto! Scrie-mi în privat 🚀",),
    },
    "abuse": {
        "*": ("cea mai proastă firmă din țară", "niște clovni 🤡"),
    },
}

TAILS = {
    "cancellation": ("Ori rezolvați, ori plec la concurență.",),
    "legal": ("Următorul pas e avocatul.",),
}

FOLLOW_UPS = {
    "details": ("V-am trimis datele în privat.", "Este {order}, plătit {amount} pe {date}."),
    "chase": ("Alo? Tot niciun răspuns.", "Aștept de {n} ore."),
    "thanks": ("S-a rezolvat, mulțumesc frumos!",),
    "unhappy": ("Ăsta e un răspuns standard. Am făcut deja tot ce ați zis.",),
}

REPLIES = {
    "move_to_dm": ("Bună, {name}, ne pare rău. Ne trimiți în privat {ref}, ca să "
                   "verificăm?",),
    "ask_details": ("Bună, {name}, mulțumim pentru mesaj. Ne confirmi {ref} și adresa de "
                    "e-mail a contului?",),
    "apology": ("Ne pare foarte rău, {name}. Am transmis echipei și revenim în 24 de "
                "ore.",),
    "outage": ("Știm că unii clienți au probleme cu {brand} în acest moment. Colegii "
               "tehnici lucrează deja la remediere.",),
    "sales": ("Mulțumim pentru interes! Echipa de vânzări te va contacta astăzi.",),
    "feature": ("Super idee, {name}! O transmitem echipei de produs.",),
    "faq": ("Bună, {name}, găsești toate informațiile în centrul nostru de ajutor.",),
    "thanks": ("Mulțumim frumos, {name}! Transmitem echipei 💙",),
    "escalated": ("Bună, {name}, ne pare sincer rău. Am escaladat cazul către echipa de "
                  "relații cu clienții, care te va contacta astăzi.",),
    "calm": ("Ne pare rău că vezi lucrurile așa. Dacă te putem ajuta cu ceva concret, "
             "scrie-ne.",),
}

EMAIL = {"greetings": ("Bună ziua,", "Stimată echipă,"),
         "signoffs": ("Cu stimă,", "Mulțumesc,")}

OUTAGE_BURST = None
