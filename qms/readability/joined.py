"""Two ideas in one sentence (``two-ideas``, "split it in two").

A sentence of ``Thresholds.joined_min_words`` (20) words or more that joins two clauses with a
semicolon, or sets an aside off with dashes, asks the reader to hold two things at once. Below
the long-sentence limit it reads as one sentence too many: editors split such sentences as often
as the ones over the limit (tests/readability_corpus/). A semicolon list of short duties in a table
cell counts too: past twenty words it is a paragraph in a cell.

Not a dash between numbers or a hyphenated word (``3-5 days``, ``Monday–Friday``): only a dash
with a word on each side and a space around it, or an em dash or ``--`` between words.
"""

from __future__ import annotations

import re

__all__ = ["joined_ideas"]

_LETTER = r"[^\W\d_]"
_SEMICOLON = re.compile(rf"{_LETTER}[\"'\u201d\u2019)\]]*\s*;\s*[\"'(\[\u201c\u2018]*{_LETTER}")
_DASH = re.compile(rf"(?<={_LETTER})(?:\s*(?:--|\u2014)\s*|\s+[-\u2013]\s+)(?=[\"'(\u201c\u2018]*{_LETTER})")


def joined_ideas(sentence: str) -> str | None:
    """How the sentence joins a second idea (``"semicolon"`` or ``"dash"``), or ``None``."""
    if ";" in sentence and _SEMICOLON.search(sentence):
        return "semicolon"
    if ("-" in sentence or "\u2014" in sentence or "\u2013" in sentence) and _DASH.search(sentence):
        return "dash"
    return None
