"""Hashed text features shared by training and inference.

Features of one message: folded word unigrams, word bigrams, 5-letter word prefixes
(a cheap stemmer that works the same in every alphabetic language) and, for Chinese,
character unigrams and bigrams. Each feature string is hashed with CRC-32 (stable
across processes, unlike ``hash()``) into ``2**HASH_BITS`` buckets; the vector is
binary and L2-normalised, with a bias bucket always set.
"""

from __future__ import annotations

import math
import re
import zlib
from functools import lru_cache

from .text import Tokens

HASH_BITS = 16
BUCKETS = 1 << HASH_BITS
BIAS = BUCKETS  # one extra row, after the hashed buckets
PREFIX = 5
_MASK = BUCKETS - 1
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Long messages add features but no meaning past the first screenful.
MAX_TOKENS = 80


@lru_cache(maxsize=200_000)
def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & _MASK


def feature_strings(tokens: Tokens) -> list[str]:
    words = tokens.folded[:MAX_TOKENS]
    found = [f"w {word}" for word in words]
    found.extend(f"b {a} {b}" for a, b in zip(words, words[1:]))
    found.extend(f"p {word[:PREFIX]}" for word in words if len(word) > PREFIX)
    if tokens.han:
        for run in _HAN_RUN.findall(tokens.han[: 4 * MAX_TOKENS]):
            found.extend(f"c {char}" for char in run)
            found.extend(f"c {run[i:i + 2]}" for i in range(len(run) - 1))
    return found


def context_features(
    signal_names: list[str], lexicon_sentiment: float, details: list[str], shouting: bool
) -> list[str]:
    """Language-independent evidence: lexicon signals, lexicon valence, concrete details.

    The lexicons cover every supported language, so weights learned for these features
    from English data carry over to the other languages.
    """
    found = [f"s {name}" for name in signal_names]
    found.append(f"v {round(lexicon_sentiment * 4) / 4:+.2f}")
    found.extend(f"d {kind}" for kind in details)
    if shouting:
        found.append("shouting")
    return found


@lru_cache(maxsize=200_000)
def _word_buckets(word: str) -> tuple[int, ...]:
    """Buckets of a word's unigram and prefix features (the same as feature_strings)."""
    if len(word) > PREFIX:
        return (_bucket(f"w {word}"), _bucket(f"p {word[:PREFIX]}"))
    return (_bucket(f"w {word}"),)


def hashed(tokens: Tokens, context: list[str] = ()) -> tuple[list[int], float]:
    """Sorted unique bucket ids (bias included) and the value each carries.

    The same buckets as hashing every string of ``feature_strings()``, computed with
    one cache lookup per word (this runs for every inbound message).
    """
    words = tokens.folded[:MAX_TOKENS]
    buckets = {BIAS}
    for word in words:
        buckets.update(_word_buckets(word))
    buckets.update(_bucket(f"b {a} {b}") for a, b in zip(words, words[1:]))
    if tokens.han:
        buckets.update(_bucket(f) for f in feature_strings(tokens) if f.startswith("c "))
    buckets.update(_bucket(feature) for feature in context)
    return sorted(buckets), 1.0 / math.sqrt(len(buckets))
