"""Readability engine: plain-language metrics and hints for quality documents.

Pure Python, offline, no MkDocs imports. Typical use::

    from qms.readability import PlainWords, Thresholds, Unit, analyse

    report = analyse(
        [Unit("Utilise the form prior to the audit.", line=12, label="step 1")],
        plain_words=PlainWords.from_mapping(yaml.safe_load(plain_words_yaml)),
        thresholds=Thresholds().merged({"max_sentence_words": 20}),
    )
    report.to_dict()

Modules: :mod:`.markup` (Markdown -> prose blocks), :mod:`.text` (words and
sentences), :mod:`.syllables`, :mod:`.syllable_words`, :mod:`.pronouncing`
and :mod:`.heuristic` (syllable counts),
:mod:`.passive` (passive voice), :mod:`.plain` (plain-word list and the
organisation's known terms), :mod:`.grade` (what a sentence's grade
discounts), :mod:`.hints` (steps that name no doer, vague deadlines),
:mod:`.joined` (two ideas in one sentence), :mod:`.filler` (dangling
references, empty sentences), :mod:`.formulas` (the published formulas) and
:mod:`.report` (metrics, flags and :func:`analyse`). Each module's docstring
states the rules it applies.
"""

from __future__ import annotations

from .heuristic import heuristic_syllables
from .markup import markdown_blocks, strip_inline, strip_markdown
from .formulas import automated_readability_index, flesch_kincaid_grade, flesch_reading_ease
from .passive import find_passive, is_passive
from .plain import PhraseMatch, PlainWords
from .report import (
    PAGE_MIN_SENTENCES,
    PAGE_MIN_WORDS,
    PhraseFlag,
    ReadabilityReport,
    SentenceFlag,
    Thresholds,
    Unit,
    analyse,
)
from .syllables import count_syllables
from .text import split_sentences, words

__all__ = [
    "PAGE_MIN_SENTENCES",
    "PAGE_MIN_WORDS",
    "PhraseFlag",
    "PhraseMatch",
    "PlainWords",
    "ReadabilityReport",
    "SentenceFlag",
    "Thresholds",
    "Unit",
    "analyse",
    "automated_readability_index",
    "count_syllables",
    "find_passive",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "heuristic_syllables",
    "is_passive",
    "markdown_blocks",
    "split_sentences",
    "strip_inline",
    "strip_markdown",
    "words",
]
