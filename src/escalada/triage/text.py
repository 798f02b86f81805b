"""Text normalisation, tokens and concrete details shared by the triage signals."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Anything past this is not read: a quoted e-mail thread or a pasted log adds
# latency, not meaning, and the decision rests on the first screenful of text.
MAX_ANALYSED_CHARS = 3000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
_TOKEN = re.compile(r"[^\W_]+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters that NFD does not split into base + accent.
_EXTRA_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

_DIGITS_RUN = re.compile(r"(?=\d)(?<![\w])(?:\d[ -]?){13,19}(?![\w])")
_PHONE = re.compile(r"(?=[+(\d])(?<![\w+])\+?\(?\d[\d ().-]{7,}\d(?![\w])")
_ORDER_ID = re.compile(
    r"(?=[opecbzrt#订])"
    r"(?:\b(?:order|pedido|encomenda|commande|bestellung|bestellnummer|ordine|zam[oó]wieni[ea]"
    r"|comand[aăa]|bestelling|ordernummer|tracking|ref)\b"
    r"\D{0,16}?#?\s?(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{4,}"
    r"|#\s?[A-Z]{0,3}\d{4,}"
    r"|订单号?\s*[:：]?\s*[A-Z0-9-]{5,})",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?=[$€£¥₹\d])(?:[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|eur|usd|gbp|zł|zl|lei|ron|pln|元|块)\b)", re.IGNORECASE
)
_DATE_TIME = re.compile(
    r"(?=\d)(?:\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|h)\b"
    r"|\d+\s?(?:days?|hours?|weeks?|días?|dias?|jours?|tage?n?|giorni|dni|zile|dagen|天|小时)\b)",
    re.IGNORECASE,
)
_ERROR_CODE = re.compile(
    r"(?=[cefk])\b(?:error|err|code|código|codice|kod|cod|fehler|erreur|foutcode)\b\W{0,3}\w*\d",
    re.IGNORECASE,
)
_MIXED_ALNUM = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*\d)\w{2,}\b")
_DIGIT = re.compile(r"\d")
# The lookaheads above ("(?=\d)", "(?=[cefk])"...) name the characters a match can
# start with, so the engine skips every other position at once; they change no match.
# A match of _EMAIL always starts where no address character precedes it, and
# saying so spares a scan of every word of a message that has an '@'.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Digits, underscores, symbols and emoji: what a language detector should not see.
_NOT_LANGUAGE = re.compile(r"[^\w '’.,!?¿¡-]|[\d_]")


def clean(text: str) -> str:
    """Text without control characters, capped in length."""
    return _CONTROL.sub(" ", text[:MAX_ANALYSED_CHARS])


def strip_for_language(text: str) -> str:
    """Only words a language detector should see: no URLs, handles, '#', e-mails or emoji."""
    return strip_unlinked(without_links(text))


def strip_unlinked(unlinked: str) -> str:
    """``strip_for_language`` of a text that already went through ``without_links``."""
    return " ".join(_NOT_LANGUAGE.sub(" ", unlinked).split())


def without_links(text: str) -> str:
    """The text with URLs, e-mail addresses and @handles blanked out."""
    if "://" in text or "ww." in text or "WW." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", _EMAIL.sub(" ", text))
    return text


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Casefolded, accent-stripped form of an already casefolded word."""
    decomposed = unicodedata.normalize("NFD", word.translate(_EXTRA_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    return _COMBINING.sub("", decomposed)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Word tokens of one message, kept in two aligned forms."""

    exact: tuple[str, ...]  # casefolded, accents kept
    folded: tuple[str, ...]  # casefolded, accents stripped
    han: str  # the casefolded text if it holds Han characters, else ''


def tokenize(text: str, unlinked: str | None = None) -> Tokens:
    """Tokens for lexicon matching: URLs, handles and e-mails removed, contractions split.

    ``unlinked`` is ``without_links(text)`` when the caller already has it.
    """
    if unlinked is None:
        unlinked = without_links(text)
    if unlinked.isascii():
        # The same as below: in ASCII only '`' is an apostrophe to map, and casefold()
        # is lower(); there is no accent to strip.
        body = unlinked.replace("`", "'").lower().replace("n't", " not")
        exact = folded = tuple(_TOKEN.findall(body))
    else:
        body = unlinked.translate(_APOSTROPHES).casefold().replace("n't", " not")
        exact = tuple(_TOKEN.findall(body))
        folded = tuple(_TOKEN.findall(_fold_text(body))) if not body.isascii() else exact
    if len(folded) != len(exact):  # a stray combining mark moved a word boundary
        folded = tuple(fold(word) for word in exact)
    han = body if HAN.search(body) else ""
    return Tokens(exact=exact, folded=folded, han=han)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@dataclass(frozen=True, slots=True)
class Details:
    """Concrete, checkable facts a message gives, and personal data it exposes."""

    concrete: tuple[str, ...]  # e.g. ("order number", "amount", "date or time")
    personal: tuple[str, ...]  # e.g. ("email address", "phone number")


def find_details(text: str) -> Details:
    concrete: list[str] = []
    personal: list[str] = []
    if not _DIGIT.search(text):
        # Every detail pattern but e-mail addresses and Chinese order numbers needs a digit.
        if "@" in text and _EMAIL.search(text):
            personal.append("email address")
        if HAN.search(text) and _ORDER_ID.search(text):
            concrete.append("order number")
            personal.append("order number")
        return Details(concrete=tuple(concrete), personal=tuple(personal))
    cards = [m.group() for m in _DIGITS_RUN.finditer(text)]
    card_like = any(_luhn_ok(re.sub(r"\D", "", c)) for c in cards)
    if "@" in text and _EMAIL.search(text):
        personal.append("email address")
    if card_like:
        personal.append("card-like number")
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if (
            9 <= len(digits) <= 15
            and not _DATE_TIME.fullmatch(match.group())
            and digits not in (re.sub(r"\D", "", c) for c in cards if card_like)
        ):
            personal.append("phone number")
            break
    if _ORDER_ID.search(text):
        concrete.append("order number")
        personal.append("order number")
    if _AMOUNT.search(text):
        concrete.append("amount")
    if _DATE_TIME.search(text):
        concrete.append("date or time")
    if _ERROR_CODE.search(text):
        concrete.append("error code")
    if _MIXED_ALNUM.search(text):
        concrete.append("product or reference")
    elif not concrete:  # _DIGIT found a digit above
        concrete.append("number")
    return Details(concrete=tuple(concrete), personal=tuple(personal))
