"""Two ideas in one sentence (``two-ideas``, "split it in two").

A sentence of ``Thresholds.joined_min_words`` (20) words or more that joins two clauses with a
semicolon or with a comma and "and", "or", "but" or "so" (``Add the files as needed, and add a
comment to anything critical``), or sets an aside off with dashes, asks the reader to hold two
things at once. Below the long-sentence limit it reads as one sentence too many: editors split
such sentences as often as the ones over the limit (tests/readability_corpus/). A semicolon list
of short duties in a table cell counts too: past twenty words it is a paragraph in a cell.

Not "so that" (a purpose, not a second clause); not a dash after a label of a word or two
(``Holiday pay: Yes - You receive ...``) or one that brings in examples (``-- not your
birthday``). Not a dash between numbers or a hyphenated word (``3-5 days``, ``Monday–Friday``):
only a dash with a word on each side and a space around it, or an em dash or ``--`` between
words. Not the last comma of a list (``forms, logs, and records``): each side of the comma and
its "and" must run to ``CLAUSE_MIN_WORDS`` words before the next comma.
"""

from __future__ import annotations

import re

from .text import words

__all__ = ["CLAUSE_MIN_WORDS", "joined_ideas"]

CLAUSE_MIN_WORDS = 4
LABEL_MAX_WORDS = 2

_LETTER = r"[^\W\d_]"
_SEMICOLON = re.compile(rf"{_LETTER}[\"'\u201d\u2019)\]]*\s*;\s*[\"'(\[\u201c\u2018]*{_LETTER}")
_COMMA_JOIN = re.compile(r",\s+(?:and|or|but|so(?!\s+(?:that|as)\b))\s+(?:then\s+)?", re.IGNORECASE)
_EXAMPLES = re.compile(r"(?:not|e\.?g\.?|for example|including)\b", re.IGNORECASE)
_DASH = re.compile(rf"(?<={_LETTER})(?:\s*(?:--|\u2014)\s*|\s+[-\u2013]\s+)(?=[\"'(\u201c\u2018]*{_LETTER})")


def joined_ideas(sentence: str) -> str | None:
    """How the sentence joins a second idea (``"semicolon"``, ``"dash"`` or ``"comma"``), or ``None``."""
    if ";" in sentence and _SEMICOLON.search(sentence):
        return "semicolon"
    if ("-" in sentence or "\u2014" in sentence or "\u2013" in sentence) and any(
            _aside(sentence, match) for match in _DASH.finditer(sentence)):
        return "dash"
    if "," in sentence and _joins_clauses(sentence):
        return "comma"
    return None


def _aside(sentence: str, match: re.Match[str]) -> bool:
    """A dash that opens a second idea: not one after a short label (``Holiday pay: Yes - You
    will receive``) nor one that brings in examples (``hard to guess -- not your birthday``)."""
    label = re.split(r"[:;]", sentence[: match.start()])[-1]
    return len(words(label)) > LABEL_MAX_WORDS and not _EXAMPLES.match(sentence, match.end())


def _joins_clauses(sentence: str) -> bool:
    for match in _COMMA_JOIN.finditer(sentence):
        before = sentence[: match.start()].rsplit(",", 1)[-1]
        after = sentence[match.end():].split(",", 1)[0]
        if len(words(before)) >= CLAUSE_MIN_WORDS and len(words(after)) >= CLAUSE_MIN_WORDS:
            return True
    return False
