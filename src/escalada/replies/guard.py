"""The reply guard: tone suggestions and the privacy check, run before a reply is sent.

Pure: plain text in, plain data out; no database, no I/O. Other features (incidents,
integrations) import :func:`check_reply` directly.

- Tone findings (minimising words, blaming the customer, corporate clichés, humour on
  a serious case, shouting) are suggestions and never block.
- Privacy findings (asking for or revealing account numbers, order numbers, emails,
  phone numbers, addresses, card data, passwords) block a *public* reply; in a
  private reply they are fine and not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from escalada.replies import guard_lexicon as lex

PRIVACY = "privacy"
TONE = "tone"
PRIVATE_ADVICE = (
    "A public reply must not ask for or show personal data. Invite the customer to a "
    "private message and ask for the details there."
)
# Capitalised tokens that are not shouting.
_ACRONYMS = frozenset({
    "DM", "DMS", "PM", "MD", "MP", "PN", "FAQ", "URL", "SMS", "CVV", "CVC", "PIN", "IBAN", "OTP",
    "ID", "USA", "UK", "EU", "API", "APP", "IOS", "PDF", "AWB", "OK", "TV", "GPS", "VAT", "IVA",
    "TVA", "CEO", "NB", "PS", "ASAP", "UTC", "CET", "EST", "PST",
})


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "privacy" | "tone"
    code: str  # e.g. "asks_for_order_number", "reveals_email", "minimising", "shouting"
    message: str
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "code": self.code, "message": self.message,
                "span": [self.span[0], self.span[1]]}


@dataclass(frozen=True, slots=True)
class GuardResult:
    blocked: bool
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def advice(self) -> str | None:
        return PRIVATE_ADVICE if self.blocked else None

    @property
    def privacy(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == PRIVACY)

    @property
    def tone(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == TONE)

    def to_dict(self) -> dict[str, Any]:
        return {"blocked": self.blocked, "findings": [f.to_dict() for f in self.findings]}


def check_reply(
    text: str, visibility: str = "public", language: str | None = None, *, serious: bool = False
) -> GuardResult:
    """Check a draft reply. ``language`` narrows the tone lexicon (all languages when
    unknown); privacy checks always use every language. ``serious`` marks a case where
    humour is out of place (high tier, negative mood)."""
    if visibility not in ("public", "private"):
        raise ValueError("visibility is 'public' or 'private'")
    findings: list[Finding] = []
    languages = (language,) if language in lex.LANGUAGES else lex.LANGUAGES
    findings += _tone(text, languages, serious=serious)
    if visibility == "public":
        findings += _privacy(text)
    findings = _without_overlaps(findings)
    findings.sort(key=lambda f: (f.span[0], f.span[1], f.kind))
    blocked = any(f.kind == PRIVACY for f in findings)
    return GuardResult(blocked=blocked, findings=tuple(findings))


# -- tone ------------------------------------------------------------------------------

def _bounded(fragment: str, language: str) -> str:
    if language == "zh":
        return f"(?:{fragment})"
    return rf"(?<!\w)(?:{fragment})(?!\w)"


@lru_cache(maxsize=64)
def _phrase_pattern(table: str, language: str) -> re.Pattern[str] | None:
    fragments = getattr(lex, table).get(language) or []
    if not fragments:
        return None
    return re.compile("|".join(_bounded(f, language) for f in fragments), re.IGNORECASE)


_TONE_RULES = (
    ("MINIMISING", "minimising",
     "“{}” can make the customer's problem sound trivial; leave it out."),
    ("BLAMING", "blaming",
     "“{}” puts the fault on the customer; say what will fix it instead."),
    ("CLICHES", "cliche",
     "“{}” reads like a form letter; say what happened in your own words."),
)
_HUMOUR_MESSAGE = "Humour (“{}”) on a serious case can read as mocking; keep the tone plain."
_SHOUT_MESSAGE = "Capitals read as shouting; write in sentence case."
_BANGS = re.compile(r"[!！]{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def _tone(text: str, languages: tuple[str, ...], *, serious: bool) -> list[Finding]:
    found: list[Finding] = []
    for language in languages:
        for table, code, message in _TONE_RULES:
            pattern = _phrase_pattern(table, language)
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                found.append(Finding(TONE, code, message.format(m.group(0)), m.span()))
        if serious:
            humour = _phrase_pattern("HUMOUR", language)
            if humour is not None:
                for m in humour.finditer(text):
                    found.append(Finding(TONE, "humour", _HUMOUR_MESSAGE.format(m.group(0)), m.span()))
    if serious:
        for m in re.finditer(lex.HUMOUR_EMOJI, text):
            found.append(Finding(TONE, "humour", _HUMOUR_MESSAGE.format(m.group(0)), m.span()))
    found += _shouting(text)
    return found


def _shouting(text: str) -> list[Finding]:
    """Two or more capitalised words in a row (not acronyms), or a run of exclamation marks."""
    found: list[Finding] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= 2:
            found.append(Finding(TONE, "shouting", _SHOUT_MESSAGE, (run[0].start(), run[-1].end())))
        run.clear()

    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.isupper() and word not in _ACRONYMS and len(word) >= 2:
            if run and text[run[-1].end():m.start()].strip(" ,'-") not in ("",):
                close()
            run.append(m)
        else:
            close()
    close()
    for m in _BANGS.finditer(text):
        found.append(Finding(TONE, "shouting", _SHOUT_MESSAGE, m.span()))
    return found


# -- privacy ---------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*", re.UNICODE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_DIGIT_RUN = re.compile(r"(?<![\w+])(?:\+\s?)?\(?\d[\d\s().-]{7,22}\d(?!\w)")
_IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?(?!\w)")
_ORDER_WORDS = (
    r"order|pedido|orden|encomenda|commande|bestellung|auftrag|ordine|zamówieni[ea]|"
    r"comand[aă]|comenzii|bestelling|tracking|AWB"
)
_ORDER_REF = re.compile(
    rf"(?:(?<!\w)(?:{_ORDER_WORDS})(?:\s*(?:number|no\.?|nr\.?|n[º°o]\.?|número|numéro|nummer|numero|numer|numărul))?"
    rf"\s*[#:]?\s*|订单号?[:：]?\s*|#)(?=[A-Z0-9-]*\d)([A-Z0-9][A-Z0-9-]{{3,}})(?!\w)",
    re.IGNORECASE,
)
_ACCOUNT_REF = re.compile(
    r"(?<!\w)(?:account|cuenta|conta|compte|Konto|conto|konta|rachunku|cont|rekening|账号|账户)"
    r"(?:\s*(?:number|no\.?|nr\.?|número|numéro|nummer|numero|numer))?\s*[#:]?\s*(\d[\d -]{4,}\d)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-z]?\s+(?:[A-Za-zÀ-ÿ'-]+\s+){{0,3}}(?:{lex.STREET_WORDS})(?!\w)"
    rf"|(?<!\w)(?:{lex.STREET_WORDS})\s+(?:[A-Za-zÀ-ÿ'-]+\s+){{0,3}}\d{{1,5}}[a-z]?(?!\w)"
    rf"|(?<!\w)[A-Za-zÀ-ÿ]+(?:straße|strasse|weg|straat|laan|gracht|platz)\s+\d{{1,5}}[a-z]?(?!\w)",
    re.IGNORECASE,
)


def order_numbers(text: str) -> list[str]:
    """Order references written in ``text`` ("order #A5531", "pedido 4471", "#55310")."""
    return [m.group(1) for m in _ORDER_REF.finditer(text)]


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _privacy(text: str) -> list[Finding]:
    return _revealed(text) + _asked(text)


def _revealed(text: str) -> list[Finding]:
    found: list[Finding] = []
    for m in _EMAIL.finditer(text):
        found.append(Finding(PRIVACY, "reveals_email",
                             "Shows an email address in public: send it by private message.", m.span()))
    for m in _IBAN.finditer(text):
        found.append(Finding(PRIVACY, "reveals_account_number",
                             "Shows a bank account number (IBAN) in public: move to a private message.",
                             m.span()))
    for m in _ACCOUNT_REF.finditer(text):
        found.append(Finding(PRIVACY, "reveals_account_number",
                             "Shows an account number in public: move to a private message.", m.span(1)))
    for m in _ORDER_REF.finditer(text):
        found.append(Finding(PRIVACY, "reveals_order_number",
                             "Shows an order number in public: confirm order details by private message.",
                             m.span(1)))
    for m in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(Finding(PRIVACY, "reveals_card_number",
                                 "Shows a payment card number in public: remove it now.", m.span()))
        elif 9 <= len(digits) <= 15 and (m.group(0).lstrip().startswith(("+", "(")) or
                                         re.search(r"\d[\s.-]\d", m.group(0))):
            found.append(Finding(PRIVACY, "reveals_phone_number",
                                 "Shows a phone number in public: move to a private message.", m.span()))
    for m in _ADDRESS.finditer(text):
        found.append(Finding(PRIVACY, "reveals_address",
                             "Shows a postal address in public: move to a private message.", m.span()))
    return found


@lru_cache(maxsize=16)
def _asking_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                             re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    verbs = re.compile(_bounded(lex.ASK_VERBS[language], language), re.IGNORECASE)
    negation = re.compile(_bounded(lex.NEGATIONS[language], language), re.IGNORECASE)
    possessive = re.compile(_bounded(lex.POSSESSIVES[language], language) + r"\s*$", re.IGNORECASE)
    private = re.compile(_bounded(lex.PRIVATE_CHANNEL[language], language), re.IGNORECASE)
    nouns = [(kind, re.compile(_bounded(noun, language), re.IGNORECASE))
             for kind, noun in lex.SENSITIVE[language]]
    return verbs, possessive, private, negation, nouns


def _asked(text: str) -> list[Finding]:
    """Sentences that ask for sensitive data, unless they point to a private channel or
    say not to share it."""
    found: list[Finding] = []
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group(0)
        offset = sentence.start()
        question = body.rstrip().endswith(("?", "？"))
        for language in lex.LANGUAGES:
            verbs, possessive, private, negation, nouns = _asking_patterns(language)
            if private.search(body):
                continue
            for kind, noun in nouns:
                for m in noun.finditer(body):
                    before = body[: m.start()]
                    if negation.search(before):
                        continue
                    asks = verbs.search(before) or (question and possessive.search(before))
                    if asks:
                        found.append(Finding(
                            PRIVACY, "asks_for_" + kind.replace(" ", "_"),
                            f"Asks for the customer's {kind} in public: ask for it by private message.",
                            (offset + m.start(), offset + m.end()),
                        ))
    return found


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per stretch of text and kind: a finding inside another of its kind is
    dropped. A sweep by start (longest first), so long drafts stay linear-ish."""
    kept: list[Finding] = []
    for kind in (PRIVACY, TONE):
        reach = -1
        for f in sorted((f for f in findings if f.kind == kind),
                        key=lambda f: (f.span[0], -(f.span[1] - f.span[0]))):
            if f.span[1] <= reach:
                continue
            kept.append(f)
            reach = f.span[1]
    return kept
