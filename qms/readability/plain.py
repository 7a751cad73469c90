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
  ``a number of``);
* a phrase marked ``level: warning`` is one readers stumble on (``shall``,
  ``constitute``, ``including but not limited to``); the others are
  ``info``: a better word, but the sentence reads well enough without it.

Matching works on words, not one big regular expression: a dictionary from
each phrase's first word to the phrases starting with it. That keeps the
cost per sentence independent of the length of the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["KnownTerms", "PhraseMatch", "PlainWords", "inflections"]

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
    level: str = "info"  # or "warning": see the module docstring


class _Entry(NamedTuple):
    """A phrase split into words; ``last`` holds the last word's forms."""

    leading: list[str]  # the words before the last one
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


# Too common to be a useful key for the pre-check of a multiword phrase.
_COMMON_WORDS = frozenset(
    "a an and are as at be by for in is it of on or that the this to with".split()
)


def _rarest_word(parts: list[str]) -> int:
    """Index of the word least likely to occur in other text: the longest
    word that is not a common function word, the earliest on a tie."""
    return max(range(len(parts)), key=lambda i: (parts[i] not in _COMMON_WORDS, len(parts[i]), -i))


class _Matcher:
    """Finds listed phrases in text, longest first, without overlaps."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_first: dict[str, list[_Entry]] = {}
        self.keys: set[str] = set()  # a rare word of each phrase, for a quick pre-check
        for index, phrase in enumerate(phrases):
            parts = phrase.lower().split()
            entry = _Entry(parts[:-1], inflections(parts[-1]), index)
            firsts = entry.last if len(parts) == 1 else {parts[0]}
            for first in firsts:
                self.by_first.setdefault(first, []).append(entry)
            rarest = _rarest_word(parts)
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
        """Return ``(start, end, entry number)`` for each phrase in ``text``."""
        lowered = _lower_keeping_offsets(text)
        tokens = _TOKEN.findall(lowered)
        candidates = [i for i, token in enumerate(tokens) if token in self.by_first]
        if not candidates:
            return []
        spans: list[tuple[int, int]] = []  # token offsets, computed on the first hit
        found = []
        next_free = 0
        for first in candidates:
            if first < next_free:
                continue  # inside the phrase found just before
            for entry in self.by_first[tokens[first]]:
                last = first + len(entry.leading)
                if last >= len(tokens) or tokens[last] not in entry.last:
                    continue
                if entry.leading and tokens[first:last] != entry.leading:
                    continue
                spans = spans or [m.span() for m in _TOKEN.finditer(lowered)]
                if all(text[spans[k][1] : spans[k + 1][0]].isspace() for k in range(first, last)):
                    found.append((spans[first][0], spans[last][1], entry.number))
                    next_free = last + 1
                    break
        return found


@dataclass(frozen=True)
class PlainWords:
    """The plain-words list: ``(phrase, suggestion)`` pairs and terms of art."""

    replacements: tuple[tuple[str, str], ...] = ()
    terms_of_art: tuple[str, ...] = ()
    warnings: frozenset[str] = frozenset()  # the phrases (lower case) marked level: warning
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
        entries = [_replacement(entry, index) for index, entry in enumerate(data.get("replacements") or [])]
        replacements = tuple((phrase, suggestion) for phrase, suggestion, _ in entries)
        warnings = frozenset(phrase.casefold() for phrase, _, level in entries if level == "warning")
        terms = tuple(
            _text(term, f"terms_of_art[{index}]")
            for index, term in enumerate(data.get("terms_of_art") or [])
        )
        _reject_duplicates([phrase for phrase, _ in replacements], "phrase")
        _reject_duplicates(list(terms), "term of art")
        return cls(replacements=replacements, terms_of_art=terms, warnings=warnings)

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
            PhraseMatch(start, end, text[start:end], self.replacements[index][1],
                        "warning" if self.replacements[index][0].casefold() in self.warnings else "info")
            for start, end, index in matches
            if not any(lo < end and start < hi for lo, hi in protected)
        ]


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"plain words: {what} must be a non-empty string: {value!r}")
    return " ".join(value.split())


def _replacement(entry: Any, index: int) -> tuple[str, str, str]:
    where = f"replacements[{index}]"
    if (not isinstance(entry, Mapping) or not {"phrase", "suggestion"} <= set(entry)
            or not set(entry) <= {"phrase", "suggestion", "level"}):
        raise ValueError(f"plain words: {where} needs 'phrase' and 'suggestion' (and may have 'level'): {entry!r}")
    level = entry.get("level") or "info"
    if level not in ("info", "warning"):
        raise ValueError(f"plain words: {where}.level must be info or warning: {level!r}")
    phrase = _text(entry["phrase"], f"{where}.phrase")
    return phrase, _text(entry["suggestion"], f"{where}.suggestion"), level


def _reject_duplicates(items: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.casefold()
        if key in seen:
            raise ValueError(f"plain words: duplicate {what} {item!r}")
        seen.add(key)


class KnownTerms:
    """The organisation's own vocabulary (role titles, glossary terms, names), matched like a
    phrase of the list: whole words, any case, the last word with its regular inflections."""

    def __init__(self, terms: Iterable[str]) -> None:
        cleaned = {" ".join(str(term).split()).casefold() for term in terms if str(term).strip()}
        self.terms = tuple(sorted(cleaned))
        self._matcher = _Matcher(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of each known term in ``text``."""
        if not self.terms:
            return []
        return [(start, end) for start, end, _ in self._matcher.find(text)]
