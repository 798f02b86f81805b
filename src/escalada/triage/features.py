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
from collections.abc import Sequence
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


# Per word: its unigram and prefix buckets, the running CRC-32 of "b <word>" (the
# start of every bigram it opens) and the bytes " <word>" (the end of every bigram
# it closes). A bigram's bucket is then one zlib.crc32 call over a few bytes, with
# no string built, since crc32(b" y", crc32(b"b x")) == crc32(b"b x y").
_WORDS: dict[str, tuple[tuple[int, ...], int, bytes]] = {}
_WORDS_CACHED = 200_000


def _word(word: str) -> tuple[tuple[int, ...], int, bytes]:
    encoded = word.encode("utf-8")
    if len(word) > PREFIX:
        own: tuple[int, ...] = (_bucket(f"w {word}"), _bucket(f"p {word[:PREFIX]}"))
    else:
        own = (_bucket(f"w {word}"),)
    found = (own, zlib.crc32(b"b " + encoded), b" " + encoded)
    if len(_WORDS) >= _WORDS_CACHED:
        _WORDS.clear()
    _WORDS[word] = found
    return found


def text_buckets(tokens: Tokens) -> frozenset[int]:
    """The buckets of a message's words, word pairs, prefixes and Chinese characters,
    bias included: computed once per message and shared by every model that reads it.

    The same buckets as hashing every string of ``feature_strings()``, computed with
    one dictionary lookup per word and one short CRC per word pair (this runs for
    every inbound message).
    """
    buckets = {BIAS}
    known, crc32, mask = _WORDS.get, zlib.crc32, _MASK
    opening = -1
    for word in tokens.folded[:MAX_TOKENS]:
        own, opens, closes = known(word) or _word(word)
        buckets.update(own)
        if opening >= 0:
            buckets.add(crc32(closes, opening) & mask)
        opening = opens
    if tokens.han:
        buckets.update(_bucket(f) for f in feature_strings(tokens) if f.startswith("c "))
    return frozenset(buckets)


def with_context(base: frozenset[int], context: Sequence[str] = ()) -> tuple[list[int], float]:
    """Sorted unique bucket ids of ``base`` plus the ``context`` strings, and the value each
    carries (binary features, L2-normalised). Sorted, so a gather walks the weights in order."""
    buckets = base.union(map(_bucket, context))
    return sorted(buckets), 1.0 / math.sqrt(len(buckets))


def hashed(tokens: Tokens, context: Sequence[str] = ()) -> tuple[list[int], float]:
    """Sorted unique bucket ids (bias included) and the value each carries."""
    return with_context(text_buckets(tokens), context)
