"""French."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "fr"
FIRST_NAMES = ("Camille", "Julien", "Manon", "Thomas", "Léa", "Nicolas", "Chloé", "Hugo",
               "Inès", "Mathieu", "Sarah", "Antoine")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard",
              "Roux", "Fontaine", "Mercier")
CITIES = ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille")
BIOS = ("Maman de deux loulous", "Dev web, amateur de vélo 🚲", "Prof de maths", "Parisien "
        "exilé à Nantes", "Café, livres et randonnée")
PHONE_PREFIX = "+33612"
REF_WORDS = {"bank": "numéro de référence", "airline": "numéro de réservation",
             "retail": "numéro de commande", "telecom": "numéro client"}


def money(value: float) -> str:
    return decimal_comma(value, thousands="\u202f") + " €"


def short_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


MESSAGES = {
    "billing": {
        "*": (
            "J'ai été prélevé deux fois pour la même chose : {amount} le {date}. Merci de "
            "me rembourser le doublon.",
            "J'attends toujours mon remboursement de {amount}, ça fait {n} semaines.",
        ),
        "bank": ("Ma carte finissant par {last4} a été débitée deux fois de {amount} chez "
                 "le même commerçant le {date}. Réf. {order}.",),
    },
    "outage": {
        "*": ("{brand} est en panne ? L'appli ne charge plus depuis {time}.",
              "Votre site affiche une erreur depuis une heure, impossible de faire quoi "
              "que ce soit."),
    },
    "delivery": {
        "retail": (
            "Ma commande {order} devait arriver le {date} et le suivi n'a pas bougé depuis "
            "{n} jours.",
            "Colis reçu aujourd'hui, carton écrasé et article cassé. Commande {order}.",
            "J'ai commandé une lampe et j'ai reçu une coque de téléphone. Commande {order}.",
        ),
        "airline": ("Ma valise n'est pas arrivée à {city} avec le vol {flight}. Personne ne "
                    "peut me renseigner.",),
        "bank": ("J'ai demandé une nouvelle carte le {date} et je ne l'ai toujours pas "
                 "reçue.",),
        "telecom": ("Ma nouvelle box devait arriver le {date}, toujours rien.",),
    },
    "account": {
        "*": ("Je n'arrive plus à me connecter et l'e-mail de réinitialisation du mot de "
              "passe n'arrive jamais.",
              "Quelqu'un s'est connecté à mon compte et a changé mon adresse e-mail. Je "
              "pense avoir été piraté."),
    },
    "technical": {
        "*": ("L'appli plante à chaque ouverture depuis la mise à jour.",
              "J'ai l'erreur {code} quand j'essaie de modifier mes informations."),
    },
    "sales_lead": {
        "*": ("Bonjour, quel serait le tarif pour une entreprise d'environ {n}0 salariés ? "
              "Nous aimerions une démo.",
              "Pourriez-vous m'envoyer un devis pour {n}00 unités ?"),
    },
    "feature_request": {
        "*": ("Ce serait top d'avoir un mode sombre dans l'appli.",
              "Pourquoi ne pas permettre l'export de l'historique en CSV ?"),
    },
    "question": {
        "*": ("Quels sont vos horaires de service client ?",
              "Comment je change l'adresse e-mail de mon compte ?"),
        "airline": ("Quelle est la franchise bagage cabine sur le vol {flight} ?",),
    },
    "praise": {
        "*": ("Un grand merci à {agent} du chat, problème réglé en cinq minutes 👏",
              "Service client au top, merci {brand} !"),
    },
    "reputation": {
        "*": ("Le responsable de votre agence de {city} a crié sur ma mère devant tout le "
              "monde. Inadmissible.",),
    },
    "cancellation": {
        "*": ("Je résilie. {n} ans de fidélité pour être traité comme ça.",),
    },
    "legal": {
        "*": ("Sans solution d'ici vendredi, je saisis mon avocat.",
              "J'ai déjà saisi le médiateur et l'association de consommateurs."),
    },
    "spam": {
        "*": ("💰 Gagnez 3 000 € par mois avec la crypto ! Écrivez-moi en privé 🚀",),
    },
    "abuse": {
        "*": ("la pire boîte de France", "bande de guignols 🤡", "vous êtes une honte"),
    },
}

TAILS = {
    "cancellation": ("Réglez ça ou je pars chez un concurrent.",),
    "legal": ("Prochaine étape : mon avocat.",),
}

FOLLOW_UPS = {
    "details": ("Je vous ai envoyé les infos en MP.", "C'est la {order}, payée {amount} le "
                "{date}."),
    "chase": ("Bonjour ? Toujours pas de réponse.", "Ça fait {n} heures que j'attends."),
    "thanks": ("C'est réglé, merci beaucoup !",),
    "unhappy": ("C'est une réponse toute faite. J'ai déjà tout essayé.",),
}

REPLIES = {
    "move_to_dm": ("Bonjour {name}, nous sommes désolés. Pouvez-vous nous envoyer votre "
                   "{ref} en message privé ?",),
    "ask_details": ("Bonjour {name}, merci pour votre message. Pouvez-vous nous confirmer "
                    "votre {ref} et l'adresse e-mail du compte ?",),
    "apology": ("Toutes nos excuses, {name}. Nous avons transmis à l'équipe et revenons "
                "vers vous sous 24 heures.",),
    "outage": ("Nous savons que certains clients rencontrent des difficultés avec {brand} "
               "en ce moment. Nos équipes sont mobilisées.",),
    "sales": ("Merci pour votre intérêt ! Notre équipe commerciale vous contactera "
              "aujourd'hui.",),
    "feature": ("Excellente idée, {name} ! Nous la transmettons à l'équipe produit.",),
    "faq": ("Bonjour {name}, vous trouverez toutes les infos dans notre centre d'aide. "
            "N'hésitez pas si besoin.",),
    "thanks": ("Merci beaucoup, {name} ! Nous transmettons à l'équipe 💙",),
    "escalated": ("Bonjour {name}, nous sommes sincèrement désolés. Votre dossier est "
                  "transmis au service relation client, qui vous contactera aujourd'hui.",),
    "calm": ("Désolés que vous le voyiez ainsi. Si nous pouvons vous aider sur un point "
             "précis, écrivez-nous.",),
}

EMAIL = {"greetings": ("Bonjour,", "Madame, Monsieur,"),
         "signoffs": ("Cordialement,", "Bien à vous,")}

OUTAGE_BURST = {
    "openers": ("{brand} en panne ?", "Encore une panne {brand}.", "Je suis le seul ?", ""),
    "symptoms": ("Plus rien ne charge depuis {time}.", "Écran noir sur la télé et sur le "
                 "téléphone.", "Erreur {code} sur tous les programmes."),
    "extras": ("Pour {amount} par mois…", "Box redémarrée deux fois, rien.", ""),
}
