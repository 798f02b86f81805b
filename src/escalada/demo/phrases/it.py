"""Italian."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "it"
FIRST_NAMES = ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara",
               "Matteo", "Valentina", "Davide")
LAST_NAMES = ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
              "Ricci", "Marino", "Greco")
CITIES = ("Milano", "Roma", "Napoli", "Torino", "Bologna", "Firenze")
BIOS = ("Mamma, architetta, sempre di corsa", "Interista ⚫🔵", "Amo il mare e la pizza",
        "Sviluppatore, opinioni mie")
PHONE_PREFIX = "+39333000"
REF_WORDS = {"bank": "numero di riferimento", "airline": "codice di prenotazione",
             "retail": "numero d'ordine", "telecom": "codice cliente"}


def money(value: float) -> str:
    return decimal_comma(value) + " €"


def short_date(day: date) -> str:
    return f"{day.day}/{day.month}"


MESSAGES = {
    "billing": {
        "*": (
            "Mi avete addebitato due volte {amount} il {date}. Rivoglio indietro "
            "l'addebito doppio.",
            "Sto ancora aspettando il rimborso di {amount}, sono passate {n} settimane.",
        ),
    },
    "outage": {
        "*": ("{brand} non funziona? L'app non si apre dalle {time}.",
              "Il sito dà errore da un'ora, non riesco a fare niente."),
    },
    "delivery": {
        "retail": (
            "L'ordine {order} doveva arrivare il {date} e il tracciamento è fermo da {n} "
            "giorni.",
            "Pacco arrivato con la scatola schiacciata e il prodotto rotto. Ordine {order}.",
        ),
        "airline": ("La mia valigia non è arrivata a {city} con il volo {flight}. Nessuno "
                    "sa dirmi niente.",),
        "bank": ("Ho richiesto la nuova carta il {date} e non è ancora arrivata.",),
        "telecom": ("Il nuovo modem doveva arrivare il {date}, ancora niente.",),
    },
    "account": {
        "*": ("Non riesco più ad accedere e l'email per reimpostare la password non "
              "arriva.",
              "Qualcuno è entrato nel mio account e ha cambiato l'email. Credo di essere "
              "stato hackerato."),
    },
    "technical": {
        "*": ("Dopo l'aggiornamento l'app si chiude ogni volta che la apro.",
              "Quando provo a modificare i miei dati compare l'errore {code}."),
    },
    "sales_lead": {
        "*": ("Buongiorno, quanto costerebbe per un'azienda di circa {n}0 dipendenti? "
              "Vorremmo una demo.",
              "Potete mandarmi un preventivo per {n}00 pezzi?"),
    },
    "feature_request": {
        "*": ("Vi prego, aggiungete la modalità scura all'app!",),
    },
    "question": {
        "*": ("Quali sono gli orari del servizio clienti?",
              "Come posso cambiare l'email del mio account?"),
    },
    "praise": {
        "*": ("Grazie mille a {agent} della chat, problema risolto in cinque minuti 👏",
              "Servizio impeccabile oggi, bravi {brand}!"),
    },
    "reputation": {
        "*": ("Il responsabile del punto vendita di {city} ha urlato contro mia madre "
              "davanti a tutti. Vergognoso.",),
    },
    "cancellation": {
        "*": ("Disdico tutto. Cliente da {n} anni e vengo trattato così.",),
    },
    "legal": {
        "*": ("Se non risolvete entro venerdì mi rivolgo al mio avvocato.",),
    },
    "spam": {
        "*": ("💰 Guadagna 3.000 € al mese con le crypto! Scrivimi in DM 🚀",),
    },
    "abuse": {
        "*": ("siete la peggior azienda d'Italia", "che pagliacci 🤡"),
    },
}

TAILS = {
    "cancellation": ("O risolvete o cambio operatore.",),
    "legal": ("Il prossimo passo è il mio avvocato.",),
}

FOLLOW_UPS = {
    "details": ("Vi ho mandato i dati in DM.", "È l'ordine {order}, pagato {amount} il "
                "{date}."),
    "chase": ("Ciao? Ancora nessuna risposta.", "Aspetto da {n} ore."),
    "thanks": ("Risolto, grazie mille!",),
    "unhappy": ("Questa è una risposta preconfezionata. Ho già fatto tutto.",),
}

REPLIES = {
    "move_to_dm": ("Ciao {name}, ci dispiace. Puoi mandarci in DM il tuo {ref} così "
                   "verifichiamo?",),
    "ask_details": ("Ciao {name}, grazie per averci scritto. Ci confermi il tuo {ref} e "
                    "l'email dell'account?",),
    "apology": ("Ci dispiace molto, {name}. Abbiamo segnalato il caso al team e ti "
                "aggiorniamo entro 24 ore.",),
    "outage": ("Sappiamo che alcuni clienti hanno problemi con {brand} in questo momento. "
               "Ci stiamo lavorando.",),
    "sales": ("Grazie per l'interesse! Il nostro team commerciale ti contatterà oggi.",),
    "feature": ("Ottima idea, {name}! La giriamo al team di prodotto.",),
    "faq": ("Ciao {name}, trovi tutte le informazioni nel nostro centro assistenza.",),
    "thanks": ("Grazie di cuore, {name}! Lo diremo al team 💙",),
    "escalated": ("Ciao {name}, ci dispiace davvero. Abbiamo inoltrato il caso al "
                  "servizio relazioni clienti, che ti contatterà oggi.",),
    "calm": ("Ci dispiace che la pensi così. Se c'è qualcosa di concreto, siamo qui.",),
}

EMAIL = {"greetings": ("Buongiorno,", "Gentile servizio clienti,"),
         "signoffs": ("Cordiali saluti,", "Grazie,")}

OUTAGE_BURST = None
