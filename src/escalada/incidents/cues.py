"""Language-independent cues of a complaint, and how alike two complaints are. Pure.

Two customers reporting the same outage rarely use the same words, and often not the
same language. What they share is concrete: the hashtag (#TidewaveDown), the error
code (E-1042, 0x80070005, 502), the URL, the amount charged twice, the product or
feature name, and a handful of incident words ("down", "no funciona", "nie działa")
that :data:`CONCEPTS` maps to one id per idea across the supported languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Categories that describe something broken; only these can make an incident.
INCIDENT_CATEGORIES = frozenset({"outage", "billing", "technical", "account", "delivery"})

# One id per incident idea; terms are case- and accent-folded and matched at word starts
# (Chinese terms anywhere). A term may be a stem ("carreg" matches "carregando").
CONCEPTS: dict[str, tuple[str, ...]] = {
    "down": (
        "down", "outage", "not working", "offline", "crashed", "no service",
        "caido", "caida", "se cayo", "no funciona", "fuera de servicio", "sin servicio",
        "caiu", "fora do ar", "nao funciona", "sem servico",
        "en panne", "panne", "ne marche", "ne fonctionne",
        "storung", "ausfall", "geht nicht", "funktioniert nicht",
        "non funziona", "disservizio", "nie dziala", "awaria", "padl",
        "ligt eruit", "storing", "werkt niet", "a picat", "nu functioneaza", "nu merge",
        "崩", "宕机", "打不开", "用不了", "挂了",
    ),
    "loading": (
        "load", "buffering", "stuck", "frozen", "froze", "carga", "cargando", "carrega",
        "travou", "ne charge", "chargement", "ladt", "laden", "laduje", "ladowanie", "laadt",
        "carica", "caricamento", "incarca", "加载", "卡住",
    ),
    "error": (
        "error", "erreur", "fehler", "erro", "errore", "blad", "fout", "eroare", "报错", "错误",
    ),
    "black_screen": (
        "black screen", "pantalla negra", "tela preta", "ecran noir", "schwarzer bildschirm",
        "zwart scherm", "czarny ekran", "schermo nero", "ecran negru", "黑屏",
    ),
    "app": ("app", "appli", "aplikacj", "aplicati", "aplicaci", "applicazion", "应用"),
    "website": ("website", "site", "sitio", "webseite", "strona", "sito", "网站", "网页"),
    "login": (
        "log in", "login", "sign in", "password", "iniciar sesion", "contrasena", "senha",
        "mot de passe", "anmelden", "passwort", "zalogowac", "haslo", "inloggen", "wachtwoord",
        "accedere", "autentific", "parola", "登录", "密码",
    ),
    "charged": (
        "charged", "charge twice", "double charge", "cobrad", "cobraron", "cobranc", "debite",
        "preleve", "abgebucht", "obciazy", "pobrano", "pobrali", "afgeschreven", "addebit",
        "taxat", "扣款", "扣了",
    ),
    "twice": (
        "twice", "double", "dos veces", "duas vezes", "deux fois", "doppelt", "zweimal",
        "dwa razy", "podwojn", "twee keer", "dubbel", "due volte", "de doua ori", "两次",
    ),
    "tv": ("tv", "tele", "fernseher", "telewizor", "televis", "电视"),
    "phone": ("phone", "movil", "celular", "telephone", "handy", "telefon", "手机"),
    "live_event": (
        "match", "kick-off", "partido", "jogo", "spiel", "mecz", "wedstrijd", "partita",
        "meci", "比赛",
    ),
    "episode": (
        "show", "series", "serie", "episod", "programme", "programa", "folge", "odcinek",
        "aflevering", "puntata", "节目",
    ),
    "connection": (
        "internet", "wifi", "connection", "conexion", "conexao", "connexion", "verbindung",
        "polaczeni", "verbinding", "connessione", "conexiun", "router", "网络",
    ),
    "delivery": (
        "parcel", "package", "paquete", "paquet", "paket", "paczk", "pakket", "pacco",
        "colet", "encomenda", "包裹", "快递",
    ),
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "’": "'"})
_URL = re.compile(r"(?:https?://|www\.)([^\s/?#]+)(/[^\s/?#]*)?", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w#])#([^\W_][\w]{1,60})")
_MENTION = re.compile(r"(?<![\w.])@\w+")
# Codes: letters and digits together (E-1042, TW-3001, AUTH-17), hex (0x80070005),
# constant-style names (ERR_NETWORK), and HTTP error statuses.
_CODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,6}[-_]?\d{2,6}|0x[0-9A-Fa-f]{4,}|[A-Z]{2,}_[A-Z_]{2,}|[45]\d\d)(?![\w-])"
)
_ORDER_REF = re.compile(r"#\s?[A-Z]{0,3}\d{4,}")
_AMOUNT = re.compile(
    r"(?:[$€£¥]\s?(\d+(?:[.,]\d{1,2})?))"
    r"|(?:(\d+(?:[.,]\d{1,2})?)\s?(?:[$€£¥]|eur\b|usd\b|zł|zl\b|pln\b|lei\b))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_END = re.compile(r"[.!?…]\s*$")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def _concept_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    latin = sorted((fold(t) for t in terms if not _HAN.search(t)), key=len, reverse=True)
    han = [t for t in terms if _HAN.search(t)]
    parts = []
    if latin:
        parts.append(r"(?<![^\W\d_])(?:" + "|".join(re.escape(t) for t in latin) + ")")
    if han:
        parts.append("|".join(re.escape(t) for t in han))
    return re.compile("|".join(parts))


_CONCEPT_PATTERNS = {name: _concept_pattern(terms) for name, terms in CONCEPTS.items()}


def _names(text: str, ignore: frozenset[str]) -> set[str]:
    """Product or feature names: capitalised words that do not start a sentence."""
    names: set[str] = set()
    previous_end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        before = text[previous_end:match.start()]
        starts_sentence = previous_end == 0 or bool(_SENTENCE_END.search(text[:match.start()]))
        previous_end = match.end()
        if len(word) < 2 or before[-1:] in ("@", "#") or any(c.isdigit() for c in word):
            continue
        if any(p.match(fold(word)) for p in _CONCEPT_PATTERNS.values()):
            continue  # an incident word, already a concept cue
        mixed = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
        capitalised = word[0].isupper() and not starts_sentence
        if (mixed or capitalised) and fold(word) not in ignore:
            names.add(fold(word))
    return names


def extract_cues(text: str, *, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The cues of one message; ``ignore`` holds folded words to skip (the brand's name)."""
    ignored = frozenset(fold(w) for w in ignore)
    text = text[:4000]
    cues: set[str] = set()
    for host, path in _URL.findall(text):
        cues.add("url:" + fold(host).removeprefix("www.") + (fold(path) if path and len(path) > 1 else ""))
    bare = _ORDER_REF.sub(" ", _URL.sub(" ", text))
    for tag in _HASHTAG.findall(bare):
        cues.add("tag:" + fold(tag))
    bare = _MENTION.sub(" ", _HASHTAG.sub(" ", bare))
    for code in _CODE.findall(bare):
        cues.add("code:" + code.upper().replace("_", "-"))
    for first, second in _AMOUNT.findall(bare):
        cues.add("amount:" + (first or second).replace(",", "."))
    folded = fold(bare)
    for name, pattern in _CONCEPT_PATTERNS.items():
        if pattern.search(folded):
            cues.add("concept:" + name)
    for name in _names(bare, ignored):
        if name not in ("i", "i'm", "im"):
            cues.add("name:" + name)
    return frozenset(cues)


@dataclass(frozen=True, slots=True)
class Likeness:
    score: float
    categories: tuple[str, ...]
    cues: tuple[str, ...]

    def explain(self) -> str:
        shared = ", ".join(c.split(":", 1)[1] if c.startswith("concept:") else c for c in self.cues[:6])
        return f"{'/'.join(self.categories)} complaint sharing {shared or 'no cues'}"


# A shared category alone is worth this much; shared cues add the rest.
CATEGORY_WEIGHT = 0.4


def likeness(categories_a: Iterable[str], cues_a: Iterable[str],
             categories_b: Iterable[str], cues_b: Iterable[str]) -> Likeness:
    """0 without a shared incident category; else 0.4 plus 0.6 × the cue overlap coefficient."""
    shared_categories = tuple(sorted(set(categories_a) & set(categories_b) & INCIDENT_CATEGORIES))
    if not shared_categories:
        return Likeness(0.0, (), ())
    a, b = set(cues_a), set(cues_b)
    shared = tuple(sorted(a & b))
    overlap = len(shared) / min(len(a), len(b)) if a and b else 0.0
    return Likeness(CATEGORY_WEIGHT + (1 - CATEGORY_WEIGHT) * overlap, shared_categories, shared)


def core_cues(counts: Mapping[str, int], reports: int) -> set[str]:
    """The cues a good share of an incident's reports carry (what a new one must share)."""
    floor = max(2, round(0.15 * reports))
    core = {cue for cue, count in counts.items() if count >= floor}
    return core or set(counts)
