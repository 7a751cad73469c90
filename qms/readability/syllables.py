"""Syllable counts: the CMU Pronouncing Dictionary first, documented rules after.

Order of look-up in :func:`count_syllables` (the first that applies wins):

1. **Figures** - a token with a digit (``25``, ``7.5.3``, ``9001:2015``,
   ``v1.2``, ``24/7``) counts as **one** syllable. This follows Flesch's
   counting instructions (*How to Write Plain English*, 1979), which treat
   figures and symbols as one-syllable words; it also keeps clause numbers
   from making a procedure look harder than it reads.
2. **Acronyms** - a token of two or more capitals (optionally with a plural
   ``s``: ``NCRs``):

   a. a few quality acronyms that are said as words, or collide with a
      dictionary word, have fixed counts (``ISO`` 2, ``CAPA`` 2, ``SOP`` 3,
      ``IT`` 2 ...; see ``KNOWN_ACRONYMS``);
   b. no vowel letter -> spelled letter by letter (``NCR`` 3, ``QMS`` 3,
      ``HR`` 2; ``W`` counts 3, "double-u");
   c. in the dictionary -> the dictionary (``NOTE``, ``MUST``, ``NASA``);
   d. four letters or fewer -> spelled (``KPI`` 3, ``FMEA`` 4);
   e. longer -> read as a word (the steps below).
3. **Dotted abbreviations** (``e.g.``, ``i.e.``, ``U.S.``) -> the dictionary
   entry with its final dot if there is one, else one syllable per letter.
4. **Words** (lower-cased):

   a. the dictionary; where it gives several pronunciations the one with
      *fewest* syllables is used (Flesch's instruction for words with two
      accepted pronunciations);
   b. hyphenated or slashed compounds (``and/or``, ``follow-up``) -> the
      whole compound if the dictionary has it, else the sum of the parts;
   c. British spellings -> the American spelling (``utilise`` -> ``utilize``,
      ``colour`` -> ``color``, ``centre`` -> ``center``, ``catalogue`` ->
      ``catalog``, ``travelled`` -> ``traveled``, ``programme`` -> ``program``);
   d. a regular inflection or derivation of a dictionary word
      (``nonconformities`` -> ``nonconformity``; ``-s``, ``-es``, ``-ed``,
      ``-ing``, ``-er``, ``-ly``, ``-ness``, ``-ment``, ``-able``, possessive
      ``'s`` ...), adding a syllable for ``-es``/``'s`` after a sibilant
      (``boxes``, ``boss's``) and ``-ed`` after ``t``/``d`` (``updated``);
   e. a known prefix + a dictionary word (``re`` + ``baseline``), or two
      dictionary words of three letters or more (``sign`` + ``off``);
   f. the spelling rules of :mod:`qms.readability.heuristic`.

The dictionary and its disk cache are :mod:`qms.readability.pronouncing`; the
word lists of steps 2a and 4c-4e are :mod:`qms.readability.syllable_words`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from .heuristic import heuristic_syllables
from .pronouncing import SyllableTable, cmudict_path, load_syllable_table, parse_cmudict, syllable_table
from .syllable_words import BRITISH_SPELLINGS, KNOWN_ACRONYMS, PREFIXES, SUFFIXES

__all__ = [
    "KNOWN_ACRONYMS",
    "SyllableTable",
    "british_variants",
    "cmudict_path",
    "count_syllables",
    "load_syllable_table",
    "parse_cmudict",
    "syllable_table",
    "word_syllables",
]

_TOKEN_EDGES = re.compile(r"^[^\w]+|[^\w]+$")
_DIGIT = re.compile(r"\d")
_ACRONYM = re.compile(r"([A-Z]{2,})(s?)")
_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")
_VOWEL = re.compile(r"[aeiou]")
_COMPOUND_SEPARATOR = re.compile(r"[-/]+")
_SIBILANT_END = re.compile(r"(?:[sxz]|[cs]h|[cgsz]e)$")
_DOUBLED_CONSONANT = re.compile(r"([bcdfgklmnprstvz])\1$")

Lookup = Mapping[str, int]


@functools.lru_cache(maxsize=65536)
def count_syllables(word: str, cache_dir: Path | None = None) -> int:
    """Count the syllables of one word (see the module docstring for rules).

    ``cache_dir`` is where the dictionary's table is kept between runs
    (:func:`syllable_table`); the count never depends on it.
    Returns 0 for a token without letters or digits.
    """
    token = _TOKEN_EDGES.sub("", word.replace("\u2019", "'"))
    if not token.isascii():
        token = _strip_accents(token)
    if not token:
        return 0
    if _DIGIT.search(token):
        return 1
    table = syllable_table(cache_dir)
    acronym = _acronym_syllables(token, table)
    if acronym is not None:
        return acronym
    if _DOTTED_ABBREVIATION.fullmatch(token):
        return _abbreviation_syllables(token, table)
    return word_syllables(token.lower(), table)


def _strip_accents(token: str) -> str:
    """``café`` -> ``cafe``: the dictionary and the rules are ASCII."""
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _letter_syllables(letters: str) -> int:
    """Syllables of a spelled-out acronym: one per letter, three for W."""
    return len(letters) + 2 * letters.lower().count("w")


def _acronym_syllables(token: str, table: Lookup) -> int | None:
    """Apply the acronym rule (module docstring, step 2); ``None`` if not one."""
    match = _ACRONYM.fullmatch(token)
    if match is None:
        return None
    letters = match.group(1)
    lower = letters.lower()
    if lower in KNOWN_ACRONYMS:
        return KNOWN_ACRONYMS[lower]
    if not _VOWEL.search(lower):
        return _letter_syllables(letters)
    if lower in table:
        return table[lower]
    if len(letters) <= 4:
        return _letter_syllables(letters)
    return word_syllables(lower, table)


def _abbreviation_syllables(token: str, table: Lookup) -> int:
    """``e.g.`` -> the dictionary's ``e.g.`` if listed, else one per letter."""
    lower = token.lower().rstrip(".")
    known = table.get(lower + ".")
    if known is not None:
        return known
    return _letter_syllables(lower.replace(".", ""))


def word_syllables(word: str, table: Lookup) -> int:
    """Count a lower-case word: dictionary, then fallbacks 4b-4f in order.

    ``table`` is a parameter so tests can measure the fallbacks against a
    dictionary with the test words removed.
    """
    known = table.get(word)
    if known is not None:
        return known
    if _COMPOUND_SEPARATOR.search(word):
        parts = [part for part in _COMPOUND_SEPARATOR.split(word) if part]
        return sum(word_syllables(part, table) for part in parts)
    word = word.strip("'")
    if not word:
        return 0
    for attempt in (_british_syllables, _inflection_syllables, _prefix_syllables):
        found = attempt(word, table, 0)
        if found is not None:
            return found
    return heuristic_syllables(word)


def british_variants(word: str) -> Iterator[str]:
    """Yield American spellings to try for a (possibly) British word."""
    seen = {word}
    combined = word
    for pattern, replacement in BRITISH_SPELLINGS:
        variant = pattern.sub(replacement, word)
        combined = pattern.sub(replacement, combined)
        for candidate in (variant, combined):
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def _british_syllables(word: str, table: Lookup, depth: int) -> int | None:
    for variant in british_variants(word):
        if variant in table:
            return table[variant]
    return None


def _stems(word: str, suffix: str, endings: tuple[str, ...]) -> Iterator[str]:
    """Yield candidate base words for ``word`` minus ``suffix``."""
    stem = word[: -len(suffix)]
    if len(stem) < 2:
        return
    for ending in endings:
        yield stem + ending
    doubled = _DOUBLED_CONSONANT.search(stem)
    if doubled and suffix in {"ing", "ed", "er", "ers", "est", "able"}:
        yield stem[:-1]  # committed -> commit


def _inflection_syllables(word: str, table: Lookup, depth: int) -> int | None:
    """Count a regular inflection/derivation of a known word."""
    for suffix, extra, endings in SUFFIXES:
        if not word.endswith(suffix) or len(word) <= len(suffix) + 1:
            continue
        for base in _stems(word, suffix, endings):
            count = _known_or_derived(base, table, depth)
            if count is None:
                continue
            return count + extra + _sounded_ending(word, suffix, base)
    return None


def _sounded_ending(word: str, suffix: str, base: str) -> int:
    """Extra syllable of ``-s``/``-es``/``'s`` after a sibilant (boxes,
    pages, boss's) and of ``-ed`` after ``t``/``d`` (added, updated)."""
    if suffix in {"s", "es", "'s"}:
        return 1 if _SIBILANT_END.search(base) else 0
    if suffix == "ed":
        return 1 if word[: -len(suffix)].endswith(("t", "d")) else 0
    return 0


def _prefix_syllables(word: str, table: Lookup, depth: int) -> int | None:
    """Count prefix + known word, or two known words run together."""
    for prefix, syllables in PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 3:
            count = _known_or_derived(rest, table, depth)
            if count is not None:
                return syllables + count
    for split in range(len(word) - 3, 2, -1):
        head, tail = word[:split], word[split:]
        if head in table and tail in table:
            return table[head] + table[tail]
    return None


def _known_or_derived(word: str, table: Lookup, depth: int) -> int | None:
    """A word's count if the dictionary knows it or one more fallback step does."""
    known = table.get(word)
    if known is not None:
        return known
    if depth >= 1:
        return None
    for attempt in (_british_syllables, _inflection_syllables):
        found = attempt(word, table, depth + 1)
        if found is not None:
            return found
    return None
