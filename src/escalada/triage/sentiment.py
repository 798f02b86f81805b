"""Sentiment in [-1, 1] from small per-language word lists, emoji and category signals.

A first, transparent scorer: word valences (flipped by a nearby negator, boosted by
an intensifier or shouting), emoji and emoticons, plus the valence of the category
signals found ("charged twice" is a complaint even without an angry word). The sum
is squashed with s / sqrt(s² + 4), so one clear word gives about ±0.45 and three
give about ±0.83.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .categories import SignalHits
from .lexicon import load
from .matcher import PhraseMatcher
from .text import Tokens, fold

_SQUASH = 4.0
_NEGATION_WINDOW = 3
_NEGATED = -0.5
_INTENSIFIED = 1.5
_SHOUTED = 1.3


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: PhraseMatcher[float]
    negators: frozenset[str]
    intensifiers: frozenset[str]
    han: dict[str, float]  # Chinese entries, matched longest first
    han_lengths: tuple[int, ...]
    han_intensifiers: frozenset[str]
    emoji: dict[str, float]
    emoticons: re.Pattern[str]
    emoticon_values: dict[str, float]


@cache
def _lexicon() -> _Lexicon:
    data = load("sentiment")
    negators = {fold(w.casefold()) for lang in data["words"].values() for w in lang["negators"]}
    intensifiers = {
        fold(w.casefold()) for lang in data["words"].values() for w in lang["intensifiers"]
    }
    polarity: dict[tuple[str, str], set[float]] = {}
    for language, lists in data["words"].items():
        for key, sign in (("positive", 1.0), ("negative", -1.0)):
            for phrase in lists[key]:
                if language != "zh" and fold(phrase.casefold()) in negators:
                    continue  # "never", "nunca": negation, not valence
                polarity.setdefault((language, phrase), set()).add(sign)
    # A word that is praise in one language and complaint in another carries no valence.
    by_form: dict[str, set[float]] = {}
    for (language, phrase), signs in polarity.items():
        form = phrase if language == "zh" else fold(phrase.casefold())
        by_form.setdefault(form, set()).update(signs)
    entries = [
        (language, phrase, next(iter(signs)))
        for (language, phrase), signs in polarity.items()
        if language != "zh" and len(by_form[fold(phrase.casefold())]) == 1
    ]
    han = {
        phrase: next(iter(signs))
        for (language, phrase), signs in polarity.items()
        if language == "zh"
    }
    emoticons = data["emoticons"]
    return _Lexicon(
        words=PhraseMatcher(entries),
        negators=frozenset(negators),
        intensifiers=frozenset(intensifiers),
        han=han,
        han_lengths=tuple(sorted({len(p) for p in han}, reverse=True)),
        han_intensifiers=frozenset(data["words"]["zh"]["intensifiers"]),
        emoji={char: float(value) for char, value in data["emoji"].items()},
        emoticons=re.compile(
            r"(?<!\S)(?:"
            + "|".join(re.escape(e) for e in sorted(emoticons, key=len, reverse=True))
            + r")(?!\S)"
        ),
        emoticon_values={e: float(v) for e, v in emoticons.items()},
    )


def word_matcher() -> PhraseMatcher[float]:
    return _lexicon().words


def score_sentiment(
    text: str,
    tokens: Tokens,
    signals: SignalHits,
    shouting: bool,
    word_hits: list[tuple[int, float]] | None = None,
) -> float:
    """Lexicon sentiment; ``word_hits`` are the word matcher's, when already looked up."""
    lexicon = _lexicon()
    total = 0.0
    folded = tokens.folded
    if word_hits is None:
        word_hits = lexicon.words.find(tokens)
    for position, valence in word_hits:
        window = folded[max(0, position - _NEGATION_WINDOW) : position]
        if any(word in lexicon.negators for word in window):
            valence *= _NEGATED
        if position > 0 and folded[position - 1] in lexicon.intensifiers:
            valence *= _INTENSIFIED
        total += valence
    if tokens.han:
        total += _score_han(tokens.han, lexicon)
    emoji = lexicon.emoji
    total += sum(emoji[char] for char in text if char in emoji)
    if ":" in text or "<3" in text or ";" in text:
        total += sum(lexicon.emoticon_values[m.group()] for m in lexicon.emoticons.finditer(text))
    total += sum(signal.valence for signal in signals.signals)
    if shouting:
        total *= _SHOUTED
    if total and "!!" in text:
        total *= 1.0 + 0.1 * min(text.count("!"), 4)
    return round(total / math.sqrt(total * total + _SQUASH), 3)


def _score_han(text: str, lexicon: _Lexicon) -> float:
    """Greedy longest match, so "不好" counts as negative rather than as "好"."""
    total, index, boost = 0.0, 0, 1.0
    while index < len(text):
        for length in lexicon.han_lengths:
            piece = text[index : index + length]
            if piece in lexicon.han:
                total += lexicon.han[piece] * boost
                index += length
                boost = 1.0
                break
        else:
            boost = _INTENSIFIED if text[index] in lexicon.han_intensifiers else 1.0
            index += 1
    return total
