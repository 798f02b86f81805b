"""Everything the demo says, one module per language.

Each language module carries the same names: ``MESSAGES`` (category -> industry or
``"*"`` -> templates), ``TAILS``, ``FOLLOW_UPS``, ``REPLIES``, ``EMAIL``,
``OUTAGE_BURST`` (or ``None``), ``REF_WORDS``, people's names, cities and bios, and
``money()`` / ``short_date()`` for the local way of writing amounts and dates.
"""

from __future__ import annotations

from types import ModuleType

from escalada.demo.phrases import de, en, es, fr, it, nl, pl, pt, ro, zh

LANGUAGES: dict[str, ModuleType] = {
    module.CODE: module for module in (en, es, pt, fr, de, it, pl, ro, nl, zh)
}
# Share of everyday traffic per language: English first, the rest a long tail.
LANGUAGE_WEIGHTS: dict[str, float] = {
    "en": 55.0, "es": 9.0, "pt": 7.0, "fr": 6.0, "de": 6.0,
    "it": 4.0, "pl": 4.0, "ro": 3.0, "nl": 3.0, "zh": 3.0,
}
BURST_LANGUAGES = tuple(code for code, module in LANGUAGES.items() if module.OUTAGE_BURST)


def templates(language: str, category: str, industry: str) -> tuple[str, ...]:
    """The message templates for a category, the industry's own first."""
    table = LANGUAGES[language].MESSAGES.get(category, {})
    return tuple(table.get(industry, ())) + tuple(table.get("*", ()))


def joiner(language: str) -> str:
    """Chinese runs sentences together; the other languages put a space between them."""
    return "" if language == "zh" else " "
