"""Polish."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "pl"
FIRST_NAMES = ("Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka",
               "Michał", "Zofia", "Krzysztof")
LAST_NAMES = ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski",
              "Zieliński", "Szymański")
CITIES = ("Warszawa", "Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź")
BIOS = ("Mama, programistka, kawoholiczka", "Biegam, czytam, narzekam", "Kraków ❤️",
        "Nauczyciel fizyki")
PHONE_PREFIX = "+48500000"
REF_WORDS = {"bank": "numer referencyjny", "airline": "numer rezerwacji",
             "retail": "numer zamówienia", "telecom": "numer klienta"}


def money(value: float) -> str:
    return decimal_comma(value * 4, thousands=" ") + " zł"


def short_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}"


MESSAGES = {
    "billing": {
        "*": (
            "Pobraliście ode mnie dwa razy {amount} dnia {date}. Proszę o zwrot "
            "podwójnej płatności.",
            "Nadal czekam na zwrot {amount}. Minęły już {n} tygodnie.",
        ),
    },
    "outage": {
        "*": ("Czy {brand} nie działa? Aplikacja nie ładuje się od {time}.",
              "Strona od godziny pokazuje błąd, nic nie da się zrobić."),
    },
    "delivery": {
        "retail": (
            "Zamówienie {order} miało przyjść {date}, a śledzenie przesyłki stoi od {n} "
            "dni.",
            "Paczka przyszła zgnieciona, a produkt jest pęknięty. Zamówienie {order}.",
        ),
        "airline": ("Moja walizka nie doleciała do {city} lotem {flight}. Nikt nic nie "
                    "wie.",),
        "bank": ("Zamówiłam nową kartę {date} i nadal nie dotarła.",),
        "telecom": ("Nowy router miał być {date}, a dalej go nie ma.",),
    },
    "account": {
        "*": ("Nie mogę się zalogować, a mail do resetu hasła w ogóle nie przychodzi.",
              "Ktoś zalogował się na moje konto i zmienił adres e-mail. Chyba zostałem "
              "zhakowany."),
    },
    "technical": {
        "*": ("Od aktualizacji aplikacja wyłącza się przy każdym uruchomieniu.",
              "Przy zmianie danych wyskakuje błąd {code}."),
    },
    "sales_lead": {
        "*": ("Dzień dobry, ile kosztowałoby to dla firmy z około {n}0 pracownikami? "
              "Chętnie zobaczymy demo.",
              "Czy mogę prosić o wycenę na {n}00 sztuk?"),
    },
    "feature_request": {
        "*": ("Dodajcie w końcu tryb ciemny w aplikacji!",),
    },
    "question": {
        "*": ("W jakich godzinach działa obsługa klienta?",
              "Jak zmienić adres e-mail przypisany do konta?"),
    },
    "praise": {
        "*": ("Konsultant na czacie załatwił sprawę w pięć minut, wielkie dzięki 👏",
              "Świetna obsługa, dziękuję {brand}!"),
    },
    "reputation": {
        "*": ("Kierownik waszego oddziału w {city} nakrzyczał na moją mamę przy wszystkich. "
              "Skandal.",),
    },
    "cancellation": {
        "*": ("Rezygnuję. {n} lata jestem klientem i tak mnie traktujecie.",),
    },
    "legal": {
        "*": ("Jeśli do piątku tego nie rozwiążecie, sprawa trafi do mojego prawnika.",
              "Zgłosiłem sprawę do rzecznika konsumentów."),
    },
    "spam": {
        "*": ("💰 Zarabiaj 10 000 zł miesięcznie na kryptowalutach! Pisz na priv 🚀",),
    },
    "abuse": {
        "*": ("najgorsza firma w Polsce", "banda klaunów 🤡"),
    },
}

TAILS = {
    "cancellation": ("Albo to naprawicie, albo odchodzę.",),
    "legal": ("Następny krok to prawnik.",),
}

FOLLOW_UPS = {
    "details": ("Wysłałem dane w wiadomości prywatnej.", "To {order}, zapłacone {amount} "
                "dnia {date}."),
    "chase": ("Halo? Dalej brak odpowiedzi.", "Czekam już {n} godziny."),
    "thanks": ("Wszystko załatwione, dziękuję!",),
    "unhappy": ("To gotowa formułka. Wszystko to już zrobiłem.",),
}

REPLIES = {
    "move_to_dm": ("Cześć {name}, przykro nam. Prześlij nam proszę {ref} w wiadomości "
                   "prywatnej, a sprawdzimy sprawę.",),
    "ask_details": ("Cześć {name}, dziękujemy za wiadomość. Podasz nam {ref} i adres e-mail "
                    "przypisany do konta?",),
    "apology": ("Bardzo nam przykro, {name}. Przekazaliśmy sprawę do zespołu i odezwiemy "
                "się w ciągu 24 godzin.",),
    "outage": ("Wiemy, że część klientów ma teraz problem z {brand}. Nasi technicy już nad "
               "tym pracują.",),
    "sales": ("Dziękujemy za zainteresowanie! Nasz dział sprzedaży skontaktuje się dziś.",),
    "feature": ("Świetny pomysł, {name}! Przekażemy go zespołowi produktowemu.",),
    "faq": ("Cześć {name}, wszystkie informacje znajdziesz w naszym centrum pomocy.",),
    "thanks": ("Dziękujemy, {name}! Przekażemy to zespołowi 💙",),
    "escalated": ("Cześć {name}, bardzo przepraszamy. Przekazaliśmy sprawę do działu "
                  "relacji z klientami, który skontaktuje się z Tobą jeszcze dziś.",),
    "calm": ("Przykro nam, że tak to odbierasz. Jeśli możemy pomóc w czymś konkretnym, "
             "napisz.",),
}

EMAIL = {"greetings": ("Dzień dobry,", "Szanowni Państwo,"),
         "signoffs": ("Pozdrawiam,", "Z poważaniem,")}

OUTAGE_BURST = None
