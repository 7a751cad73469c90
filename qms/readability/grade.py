"""What a sentence's own grade discounts: known terms and semicolon lists.

* Each word of a known term (the organisation's vocabulary: role titles,
  glossary terms, names; and the plain-words list's terms of art) counts as
  at most ``KNOWN_WORD_LETTERS`` letters. Staff read "Document Control
  Coordinator" as one familiar name, so it should not push a sentence to
  "very hard" the way three unfamiliar long words would.
* Clauses between semicolons count as sentences of their own in the
  formula's words-per-sentence term: a table cell such as "Lead reviews;
  approve the plan; confirm the results" is read one duty at a time.

Only the per-sentence grade uses these; the page metrics are the published
formulas, unchanged.
"""

from __future__ import annotations

from .plain import KnownTerms
from .text import letter_count, words

__all__ = ["KNOWN_WORD_LETTERS", "clauses", "known_excess"]

KNOWN_WORD_LETTERS = 5  # about the length of an everyday English word


def known_excess(sentence: str, known: KnownTerms) -> int:
    """Letters of known terms beyond ``KNOWN_WORD_LETTERS`` a word."""
    return sum(max(0, letter_count([word]) - KNOWN_WORD_LETTERS)
               for start, end in known.spans(sentence) for word in words(sentence[start:end]))


def clauses(sentence: str) -> int:
    """Parts a reader takes one at a time: the clauses between semicolons."""
    return max(1, sum(1 for part in sentence.split(";") if words(part)))
