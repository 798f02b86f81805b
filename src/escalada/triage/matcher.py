"""Phrase lookup over tokens, shared by the category, sentiment and troll lexicons.

A phrase is written as plain words, for example ``"charged twice"``. Conventions:

* ``refund*``   a trailing ``*`` matches any word starting with the stem;
* ``=sąd``      a leading ``=`` keeps the accents significant (Polish "sąd", court,
  must not match English "sad"); every other phrase matches with or without accents,
  because customers often type without them;
* Chinese phrases (language ``zh``) match as substrings, since Chinese has no spaces.

Lookup walks the tokens once and indexes phrases by their first word, so the cost
grows with the message, not with the size of the lexicon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .text import Tokens, fold

T = TypeVar("T")
_WORD = re.compile(r"[^\W_]+\*?")
_APOSTROPHES = str.maketrans({"’": "'"})
_START_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class _Phrase(Generic[T]):
    rest: tuple[str, ...]  # the words after the first; a trailing '*' marks a stem
    exact: bool
    payload: T


class PhraseMatcher(Generic[T]):
    def __init__(self, entries: Iterable[tuple[str, str, T]]) -> None:
        """``entries`` are (language, phrase, payload) triples."""
        self._folded: dict[str, list[_Phrase[T]]] = defaultdict(list)
        self._exact: dict[str, list[_Phrase[T]]] = defaultdict(list)
        self._stems: dict[str, list[_Phrase[T]]] = defaultdict(list)
        self._han: list[tuple[str, T]] = []
        for language, phrase, payload in entries:
            if language == "zh":
                self._han.append((phrase.casefold(), payload))
                continue
            exact = phrase.startswith("=")
            text = phrase.lstrip("=").translate(_APOSTROPHES).casefold().replace("n't", " not")
            words = [w if exact else fold(w) for w in _WORD.findall(text)]
            if not words:
                raise ValueError(f"empty phrase {phrase!r} ({language})")
            first, entry = words[0], _Phrase(rest=tuple(words[1:]), exact=exact, payload=payload)
            if first.endswith("*"):
                if exact:
                    raise ValueError(f"an accent-exact phrase cannot start with a stem: {phrase!r}")
                self._stems[first[:-1]].append(entry)
            else:
                (self._exact if exact else self._folded)[first].append(entry)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})
        # Phrases that may start at a given (folded, exact) word. Words follow Zipf's
        # law, so a bounded cache answers almost every token with one lookup.
        self._starts: dict[tuple[str, str], tuple[_Phrase[T], ...]] = {}

    def _phrases_starting_with(self, folded: str, exact: str) -> tuple[_Phrase[T], ...]:
        key = (folded, exact)
        found = self._starts.get(key)
        if found is None:
            found = self._candidates(folded, exact)
            if len(self._starts) >= _START_CACHE_SIZE:
                self._starts.clear()
            self._starts[key] = found
        return found

    def _candidates(self, folded: str, exact: str) -> tuple[_Phrase[T], ...]:
        candidates = [*self._folded.get(folded, ()), *self._exact.get(exact, ())]
        for length in self._stem_lengths:
            if length > len(folded):
                break
            candidates.extend(self._stems.get(folded[:length], ()))
        return tuple(candidates)

    def _han_hits(self, han: str) -> list[tuple[int, T]]:
        return [(-1, payload) for phrase, payload in self._han if phrase in han]

    def find(self, tokens: Tokens) -> list[tuple[int, T]]:
        """(token position, payload) for every phrase occurrence; Chinese hits get position -1."""
        hits: list[tuple[int, T]] = []
        folded, exact = tokens.folded, tokens.exact
        starts, starting_with = self._starts, self._phrases_starting_with
        for index, word in enumerate(folded):
            key = (word, exact[index])
            candidates = starts.get(key)
            if candidates is None:
                candidates = starting_with(*key)
            for phrase in candidates:
                if not phrase.rest or _rest_matches(
                    phrase.rest, phrase.exact, index, folded, exact
                ):
                    hits.append((index, phrase.payload))
        if tokens.han:
            hits.extend(self._han_hits(tokens.han))
        return hits


class MatcherGroup:
    """Several phrase matchers answered in one walk over the tokens.

    ``find(tokens)[n]`` equals ``matchers[n].find(tokens)``, but each token costs one
    lookup for the whole group instead of one per matcher: most words start no phrase
    of any lexicon, and the shared cache answers them with a single miss.
    """

    def __init__(self, matchers: Sequence[PhraseMatcher]) -> None:
        self._matchers = tuple(matchers)
        # The matchers' first-word indexes merged, each entry tagged with its matcher,
        # so a word not seen before costs two lookups and a few stem probes for the
        # whole group. Each matcher keeps its own order (whole words, accent-exact
        # words, then stems from the shortest), hence the same hits in the same order.
        folded: dict[str, list[tuple[int, _Phrase]]] = defaultdict(list)
        exact: dict[str, list[tuple[int, _Phrase]]] = defaultdict(list)
        stems: dict[str, list[tuple[int, _Phrase]]] = defaultdict(list)
        for number, matcher in enumerate(self._matchers):
            for merged, own in ((folded, matcher._folded), (exact, matcher._exact),
                                (stems, matcher._stems)):
                for word, phrases in own.items():
                    merged[word].extend((number, phrase) for phrase in phrases)
        self._folded = {word: tuple(found) for word, found in folded.items()}
        self._exact = {word: tuple(found) for word, found in exact.items()}
        self._stems = {stem: tuple(found) for stem, found in stems.items()}
        self._stem_lengths = sorted({len(stem) for stem in stems})
        self._starts: dict[tuple[str, str], tuple[_Candidate, ...]] = {}

    def _phrases_starting_with(self, folded: str, exact: str) -> tuple[_Candidate, ...]:
        found = [*self._folded.get(folded, ()), *self._exact.get(exact, ())]
        stems = self._stems
        for length in self._stem_lengths:
            if length > len(folded):
                break
            found.extend(stems.get(folded[:length], ()))
        result = tuple(_candidate(number, phrase) for number, phrase in found)
        if len(self._starts) >= _START_CACHE_SIZE:
            self._starts.clear()
        self._starts[(folded, exact)] = result
        return result

    def find(self, tokens: Tokens) -> list[list[tuple[int, Any]]]:
        hits: list[list[tuple[int, Any]]] = [[] for _ in self._matchers]
        folded, exact = tokens.folded, tokens.exact
        size = len(folded)
        starts, starting_with = self._starts, self._phrases_starting_with
        for index, key in enumerate(zip(folded, exact)):
            candidates = starts.get(key)
            if candidates is None:
                candidates = starting_with(*key)
            for number, payload, rest, accents, following, stem in candidates:
                if rest:
                    # Most phrases fail on their second word: test it here, inline.
                    if index + 1 >= size:
                        continue
                    token = exact[index + 1] if accents else folded[index + 1]
                    if stem:
                        if not token.startswith(following):
                            continue
                    elif token != following:
                        continue
                    if len(rest) > 1 and not _rest_matches(rest, accents, index, folded, exact):
                        continue
                hits[number].append((index, payload))
        if tokens.han:
            for found, matcher in zip(hits, self._matchers):
                found.extend(matcher._han_hits(tokens.han))
        return hits


# (matcher number, payload, words after the first, accent-exact, the second word
# without its '*', whether the second word is a stem)
_Candidate = tuple[int, Any, tuple[str, ...], bool, str, bool]


def _candidate(number: int, phrase: _Phrase) -> _Candidate:
    following = phrase.rest[0] if phrase.rest else ""
    stem = following.endswith("*")
    return (number, phrase.payload, phrase.rest, phrase.exact, following.rstrip("*"), stem)


def _rest_matches(
    rest: tuple[str, ...], accents: bool, index: int, folded: tuple[str, ...],
    exact: tuple[str, ...],
) -> bool:
    if index + 1 + len(rest) > len(folded):
        return False
    source = exact if accents else folded
    for offset, word in enumerate(rest, start=index + 1):
        token = source[offset]
        if word.endswith("*"):
            if not token.startswith(word[:-1]):
                return False
        elif token != word:
            return False
    return True
