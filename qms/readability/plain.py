"""Plain-word suggestions: phrases with plainer alternatives, and terms of art.

Matching rules:

* case-insensitive and whole-word: ``shall`` does not match ``marshall``,
  and a hyphenated word is one word (``prior`` does not match ``prior-year``);
* the words of a multiword phrase may be separated by any white space
  (``prior  to``, a line break) but not by punctuation (``prior, to``);
* the *last* word of a phrase (and of a term of art) also matches its
  regular inflections: ``-s``/``-es``, ``-ed``/``-d``, ``-ing`` (a final
  ``e`` dropped: ``utilise`` -> ``utilising``; a final consonant + ``y`` ->
  ``-ies``/``-ied``/``-ying``; a doubled final consonant: ``commit`` ->
  ``committed``). Irregular forms must be listed on their own;
* a phrase inside a term of art is never flagged (with ``information``
  listed, ``documented information`` would still pass);
* where phrases overlap, the longest one wins (``a large number of`` before
  ``a number of``).

Matching works on words, not one big regular expression: a dictionary from
each phrase's first word to the phrases starting with it. That keeps the
cost per sentence independent of the length of the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

__all__ = ["PhraseMatch", "PlainWords", "inflections"]

_CONSONANT_Y = re.compile(r"[^aeiou]y$")
_SHORT_CLOSED = re.compile(r"(?:^|[^aeiou])[aeiou][bdgklmnprt]$")
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_HAS_JOINER = re.compile(r"[^\W_]['\u2019./&:,][^\W_]")


class PhraseMatch(NamedTuple):
    """One phrase found in a text: character offsets, text, suggestion."""

    start: int
    end: int
    phrase: str  # as written in the text
    suggestion: str


class _Entry(NamedTuple):
    """A phrase split into words; ``last`` holds the last word's forms."""

    leading: tuple[str, ...]
    last: frozenset[str]
    number: int  # position in PlainWords.replacements (or terms_of_art)


def inflections(word: str) -> frozenset[str]:
    """A word and its regular inflections (see the module docstring)."""
    word = word.lower()
    if not word.isalpha():
        return frozenset({word})
    if word.endswith("e"):
        stem = word[:-1]
        return frozenset({word, word + "s", word + "d", stem + "ing"})
    if _CONSONANT_Y.search(word):
        stem = word[:-1]
        return frozenset({word, stem + "ies", stem + "ied", word + "ing"})
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if _SHORT_CLOSED.search(word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def _lower_keeping_offsets(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets carry over."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


class _Matcher:
    """Finds listed phrases in text, longest first, without overlaps."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_first: dict[str, list[_Entry]] = {}
        self.keys: set[str] = set()  # a rare word of each phrase, for a quick pre-check
        for index, phrase in enumerate(phrases):
            parts = phrase.lower().split()
            entry = _Entry(tuple(parts[:-1]), inflections(parts[-1]), index)
            firsts = entry.last if len(parts) == 1 else {parts[0]}
            for first in firsts:
                self.by_first.setdefault(first, []).append(entry)
            rarest = max(range(len(parts)), key=lambda i: (len(parts[i]), i))
            self.keys |= entry.last if rarest == len(parts) - 1 else {parts[rarest]}
        for entries in self.by_first.values():
            entries.sort(key=lambda entry: -len(entry.leading))

    def may_match(self, text: str, lowered_words: list[str]) -> bool:
        """Cheap test: could ``text``, whose lower-case words (any
        tokenisation) are ``lowered_words``, contain a listed phrase?"""
        if not self.keys.isdisjoint(lowered_words):
            return True
        if not _HAS_JOINER.search(text):
            return False
        return not self.keys.isdisjoint(_TOKEN.findall(text.lower()))

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Return ``(start, end, entry index)`` for each phrase in ``text``."""
        lowered = _lower_keeping_offsets(text)
        if self.by_first.keys().isdisjoint(_TOKEN.findall(lowered)):
            return []
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(lowered)]
        found = []
        position = 0
        while position < len(tokens):
            entry = self._entry_at(text, tokens, position)
            if entry is None:
                position += 1
                continue
            last = position + len(entry.leading)
            found.append((tokens[position][0], tokens[last][1], entry.number))
            position = last + 1
        return found

    def _entry_at(
        self, text: str, tokens: list[tuple[int, int, str]], position: int
    ) -> _Entry | None:
        for entry in self.by_first.get(tokens[position][2], ()):
            size = len(entry.leading) + 1
            if position + size > len(tokens):
                continue
            window = tokens[position : position + size]
            if tuple(token[2] for token in window[:-1]) != entry.leading:
                continue
            if window[-1][2] not in entry.last:
                continue
            gaps = (text[a[1] : b[0]] for a, b in pairwise(window))
            if all(gap.isspace() for gap in gaps):
                return entry
        return None


@dataclass(frozen=True)
class PlainWords:
    """The plain-words list: ``(phrase, suggestion)`` pairs and terms of art."""

    replacements: tuple[tuple[str, str], ...] = ()
    terms_of_art: tuple[str, ...] = ()
    _phrases: _Matcher = field(init=False, repr=False, compare=False)
    _terms: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built once per list; the dataclass stays immutable from outside.
        object.__setattr__(self, "_phrases", _Matcher(p for p, _ in self.replacements))
        object.__setattr__(self, "_terms", _Matcher(self.terms_of_art))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> PlainWords:
        """Build from data shaped like ``data/plain-words.yml``.

        Raises ``ValueError`` on a malformed entry, naming it, so a typo in
        the list is reported rather than silently ignored.
        """
        data = data or {}
        if not isinstance(data, Mapping):
            raise ValueError("plain words: expected 'replacements' and 'terms_of_art'")
        unknown = set(data) - {"replacements", "terms_of_art"}
        if unknown:
            raise ValueError(f"plain words: unknown keys {sorted(unknown)}")
        replacements = tuple(
            _replacement(entry, index) for index, entry in enumerate(data.get("replacements") or [])
        )
        terms = tuple(
            _text(term, f"terms_of_art[{index}]")
            for index, term in enumerate(data.get("terms_of_art") or [])
        )
        _reject_duplicates([phrase for phrase, _ in replacements], "phrase")
        _reject_duplicates(list(terms), "term of art")
        return cls(replacements=replacements, terms_of_art=terms)

    def find(self, text: str, lowered_words: list[str] | None = None) -> list[PhraseMatch]:
        """Return the phrases in ``text`` that have a plainer alternative.

        ``lowered_words``, if the caller already has the lower-case words of
        ``text``, allows a quick exit for the many sentences that contain no
        listed phrase.
        """
        if lowered_words is not None and not self._phrases.may_match(text, lowered_words):
            return []
        matches = self._phrases.find(text)
        if not matches:
            return []
        protected = [(start, end) for start, end, _ in self._terms.find(text)]
        return [
            PhraseMatch(start, end, text[start:end], self.replacements[index][1])
            for start, end, index in matches
            if not any(lo < end and start < hi for lo, hi in protected)
        ]


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"plain words: {what} must be a non-empty string: {value!r}")
    return " ".join(value.split())


def _replacement(entry: Any, index: int) -> tuple[str, str]:
    where = f"replacements[{index}]"
    if not isinstance(entry, Mapping) or set(entry) != {"phrase", "suggestion"}:
        raise ValueError(f"plain words: {where} needs exactly 'phrase' and 'suggestion': {entry!r}")
    phrase = _text(entry["phrase"], f"{where}.phrase")
    return phrase, _text(entry["suggestion"], f"{where}.suggestion")


def _reject_duplicates(items: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.casefold()
        if key in seen:
            raise ValueError(f"plain words: duplicate {what} {item!r}")
        seen.add(key)
