"""Readability analysis of a page: metrics, sentence flags, plain-word hints.

Definitions used throughout:

* words, sentences: :mod:`qms.readability.text`; syllables:
  :mod:`qms.readability.syllables`; characters: letters and digits of the
  words (the ARI's unit).
* An empty page (0 words) scores Flesch Reading Ease 100.0, grades 0.0 and
  average sentence length 0.0, and raises no flags: nothing in it is hard.
* Page flags (``low-reading-ease``, ``high-grade``) are raised only when the
  page has at least ``PAGE_MIN_WORDS`` (30) words *and* ``PAGE_MIN_SENTENCES``
  (3) sentences: the formulas are averages and mean little for a few lines.
* A sentence's grade is its own ARI, its clauses between semicolons read
  as sentences of their own (a list of duties), and each word of a known term (the
  organisation's ``vocabulary`` and the list's terms of art) counted as at
  most ``KNOWN_WORD_LETTERS`` letters: a role title or a glossary term the
  reader knows does not make a sentence hard. Following the Hemingway
  editor, only a sentence of at least ``hard_min_words`` words can be
  "hard" (grade >= ``hard_grade``), and only one of at least
  ``very_hard_min_words`` "very hard" (grade >= ``very_hard_grade``): short
  sentences with one long word are fine.
* A sentence of a step (``Unit.step``) may also get ``no-actor`` (it does
  not say who acts; then not also ``passive-voice``) and ``vague-time`` (a
  deadline with no time); any sentence gets ``no-actor`` for a passive order
  or statement of the work (``shall be recorded``, ``Outputs are reviewed.``)
  and ``vague-time`` when it gives an order: see :mod:`.hints`. A table cell
  never gets ``no-actor``: its row names who acts (the role column of a
  responsibilities table) or what it describes. ``dangling-reference`` and
  ``empty-sentence``: :mod:`.filler`.
* A sentence below the length limit but of at least ``joined_min_words``
  words that joins two clauses (a semicolon, a dash aside, a comma and
  "and") gets ``two-ideas``: see :mod:`.joined`.
* A sentence's length (``long-sentence``, minimum lengths) counts each code
  span, URL or address as one word a reader reads; grades count words only.
* An accepted sentence (``accept=``) still counts in the page metrics but
  raises no sentence flags and no plain-word hints. Accepted and actual
  sentences are compared by their words only, ignoring case, white space,
  punctuation and Markdown.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .grade import clauses, known_excess
from .filler import dangling_reference, empty_sentence
from .hints import gives_an_order, no_actor, vague_time
from .formulas import (EMPTY_GRADE, EMPTY_READING_EASE, automated_readability_index, flesch_kincaid_grade,
                       flesch_reading_ease)
from .joined import joined_ideas
from .inline import REMOVED, shown, unmarked
from .markup import markdown_blocks, strip_inline
from .passive import is_passive
from .plain import KnownTerms, PlainWords
from .syllables import count_syllables
from .text import letter_count, split_sentences, words

__all__ = [
    "PAGE_MIN_SENTENCES",
    "PAGE_MIN_WORDS",
    "PhraseFlag",
    "ReadabilityReport",
    "SentenceFlag",
    "Thresholds",
    "Unit",
    "analyse",
]

PAGE_MIN_WORDS = 30
PAGE_MIN_SENTENCES = 3

# --------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Limits for flags; a document may override any of them."""

    max_sentence_words: int = 25
    hard_min_words: int = 14
    very_hard_min_words: int = 20
    joined_min_words: int = 20  # "two-ideas": a semicolon or a dash aside from this length on
    hard_grade: float = 10.0
    # Judged real procedures put the line here: chosen on four sets of documents and tried on the
    # fifth, it held on four of five (BENCHMARKS.md); below it, a 20-word sentence editors call
    # hard is as often one they call clear.
    very_hard_grade: float = 15.0
    min_reading_ease: float = 50.0
    max_grade: float = 10.0
    words_per_minute: int = 200

    def merged(self, overrides: Mapping[str, Any] | None) -> Thresholds:
        """Return a copy with ``overrides`` applied (``snake_case`` or
        ``kebab-case`` keys). Raises ``ValueError`` for an unknown key or a
        value of the wrong type, so a typo in a document is reported."""
        if not overrides:
            return self
        fields = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for raw_key, value in overrides.items():
            key = str(raw_key).replace("-", "_")
            if key not in fields:
                known = ", ".join(sorted(fields))
                raise ValueError(f"unknown readability threshold {raw_key!r} (known: {known})")
            changes[key] = _threshold_value(key, fields[key].type, value)
        return dataclasses.replace(self, **changes)


def _threshold_value(key: str, kind: Any, value: Any) -> int | float:
    """Check one override value against the field's type."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in {"int", int}:
        if not (is_number and float(value).is_integer()):
            raise ValueError(f"readability threshold {key!r} must be a whole number: {value!r}")
        result: int | float = int(value)
    else:
        if not is_number:
            raise ValueError(f"readability threshold {key!r} must be a number: {value!r}")
        result = float(value)
    if key == "words_per_minute" and result <= 0:
        raise ValueError(f"readability threshold {key!r} must be positive: {value!r}")
    return result


@dataclass(frozen=True)
class Unit:
    """One unit of prose: a paragraph, a list item, a procedure step."""

    text: str
    line: int | None = None
    label: str = ""
    step: bool = False  # an instruction: it should say who acts and by when
    cell: bool = False  # a table cell, whose row names who acts: no "say who does it"


@dataclass
class SentenceFlag:
    """A sentence that crossed a threshold, with the reasons why."""

    text: str
    words: int
    reasons: list[str]
    grade: float
    line: int | None = None
    label: str = ""
    shown: str = ""  # the sentence as written, with its code spans and addresses: ``text`` is what was read

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.shown or self.text,  # what the author wrote, to find it in the file
            "words": self.words,
            "reasons": list(self.reasons),
            "grade": round(self.grade, 2),
            "line": self.line,
            "label": self.label,
        }


@dataclass
class PhraseFlag:
    """A word or phrase with a plainer alternative."""

    phrase: str
    suggestion: str
    sentence: str
    line: int | None = None
    label: str = ""
    level: str = "info"  # "warning": a phrase readers stumble on (see qms.readability.plain)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class ReadabilityReport:
    """Page metrics and findings. ``to_dict`` rounds floats to 2 places."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    characters: int = 0
    flesch_reading_ease: float = EMPTY_READING_EASE
    flesch_kincaid_grade: float = EMPTY_GRADE
    automated_readability_index: float = EMPTY_GRADE
    average_sentence_length: float = 0.0
    reading_minutes: float = 0.0
    flagged_sentences: list[SentenceFlag] = field(default_factory=list)
    phrases: list[PhraseFlag] = field(default_factory=list)
    page_flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "characters": self.characters,
            "flesch_reading_ease": round(self.flesch_reading_ease, 2),
            "flesch_kincaid_grade": round(self.flesch_kincaid_grade, 2),
            "automated_readability_index": round(self.automated_readability_index, 2),
            "average_sentence_length": round(self.average_sentence_length, 2),
            "reading_minutes": round(self.reading_minutes, 2),
            "flagged_sentences": [flag.to_dict() for flag in self.flagged_sentences],
            "phrases": [flag.to_dict() for flag in self.phrases],
            "page_flags": list(self.page_flags),
        }


# --------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------


class _Sentence(NamedTuple):
    text: str
    shown: str  # with code spans, URLs and addresses as written
    lowered: list[str]  # lower-case words, shared by the detectors
    words: int
    read_words: int  # with each code span, URL or address counted as one word: a reader still reads it
    syllables: int
    characters: int
    line: int | None
    label: str
    grade: float  # the sentence's own ARI, known terms discounted
    step: bool
    cell: bool


def analyse(
    units: Sequence[Unit] | str,
    *,
    plain_words: PlainWords | None = None,
    thresholds: Thresholds = Thresholds(),
    accept: Iterable[str] = (),
    cache_dir: Path | None = None,
    vocabulary: Iterable[str] = (),
) -> ReadabilityReport:
    """Analyse a Markdown document (``str``) or already separated prose units.

    Each unit's text still goes through :func:`strip_markdown`, so inline
    markup in a YAML field is handled too. ``cache_dir`` is where the
    pronouncing dictionary's table is kept between runs (``None``: in memory
    only); the caller decides it, as this engine reads no environment.
    """
    accepted = {_sentence_key(sentence) for sentence in accept}
    accepted.discard("")
    terms = tuple(plain_words.terms_of_art) if plain_words is not None else ()
    known = _known_terms(tuple(vocabulary) + terms)
    sentences = list(_sentences(units, cache_dir, known))
    report = _page_metrics(sentences, thresholds)
    for sentence in sentences:
        if accepted and _sentence_key(sentence.text) in accepted:
            continue
        flag = _sentence_flag(sentence, thresholds)
        if flag is not None:
            report.flagged_sentences.append(flag)
        if plain_words is not None:
            report.phrases.extend(_phrase_flags(sentence, plain_words))
    return report


def _prose(units: Sequence[Unit] | str) -> Iterator[tuple[str, Unit, bool]]:
    """Yield ``(prose block, its unit, whether it is a table cell)`` for the input."""
    if isinstance(units, str):
        for block in markdown_blocks(units, keep_hidden=True):
            yield block.text, Unit(block.text, block.line), block.cell
        return
    for unit in units:
        if isinstance(unit, str):
            unit = Unit(unit)
        for block in markdown_blocks(unit.text or "", keep_hidden=True):
            yield block.text, unit, unit.cell or block.cell


@functools.lru_cache(maxsize=8)
def _known_terms(terms: tuple[str, ...]) -> KnownTerms:
    return KnownTerms(terms)


def _sentences(units: Sequence[Unit] | str, cache_dir: Path | None, known: KnownTerms) -> Iterator[_Sentence]:
    for text, unit, cell in _prose(units):
        for sentence in split_sentences(text):
            hidden = sentence.count(REMOVED)
            written = sentence
            if hidden:
                written, sentence = shown(sentence), unmarked(sentence)
            tokens = words(sentence)
            if tokens:
                characters = letter_count(tokens)
                yield _Sentence(
                    text=sentence,
                    shown=written,
                    lowered=[token.lower() for token in tokens],
                    words=len(tokens),
                    read_words=len(tokens) + hidden,
                    syllables=sum(count_syllables(token, cache_dir) for token in tokens),
                    characters=characters,
                    line=unit.line,
                    label=unit.label,
                    grade=automated_readability_index(
                        characters - known_excess(sentence, known), len(tokens), clauses(sentence)),
                    step=unit.step,
                    cell=cell,
                )


def _page_metrics(sentences: list[_Sentence], thresholds: Thresholds) -> ReadabilityReport:
    n_words = sum(s.words for s in sentences)
    n_sentences = len(sentences)
    n_syllables = sum(s.syllables for s in sentences)
    n_characters = sum(s.characters for s in sentences)
    report = ReadabilityReport(
        words=n_words,
        sentences=n_sentences,
        syllables=n_syllables,
        characters=n_characters,
        flesch_reading_ease=flesch_reading_ease(n_words, n_sentences, n_syllables),
        flesch_kincaid_grade=flesch_kincaid_grade(n_words, n_sentences, n_syllables),
        automated_readability_index=automated_readability_index(n_characters, n_words, n_sentences),
        average_sentence_length=n_words / n_sentences if n_sentences else 0.0,
        reading_minutes=n_words / thresholds.words_per_minute,
    )
    if n_words >= PAGE_MIN_WORDS and n_sentences >= PAGE_MIN_SENTENCES:
        if report.flesch_reading_ease < thresholds.min_reading_ease:
            report.page_flags.append("low-reading-ease")
        if report.flesch_kincaid_grade > thresholds.max_grade:
            report.page_flags.append("high-grade")
    return report


def _sentence_flag(sentence: _Sentence, thresholds: Thresholds) -> SentenceFlag | None:
    grade = sentence.grade
    reasons = []
    length = sentence.read_words
    if length > thresholds.max_sentence_words:
        reasons.append("long-sentence")
    elif length >= thresholds.joined_min_words and joined_ideas(sentence.text):
        reasons.append("two-ideas")
    if length >= thresholds.very_hard_min_words and grade >= thresholds.very_hard_grade:
        reasons.append("very-hard-sentence")
    elif length >= thresholds.hard_min_words and grade >= thresholds.hard_grade:
        reasons.append("hard-sentence")
    actorless = not sentence.cell and no_actor(sentence.text, sentence.step)
    if actorless:
        reasons.append("no-actor")
    if (sentence.step or gives_an_order(sentence.text)) and vague_time(sentence.text):
        reasons.append("vague-time")
    if not actorless and is_passive(sentence.text, sentence.lowered):
        reasons.append("passive-voice")
    if dangling_reference(sentence.text):
        reasons.append("dangling-reference")
    if empty_sentence(sentence.text):
        reasons.append("empty-sentence")
    if not reasons:
        return None
    return SentenceFlag(
        text=sentence.text,
        words=sentence.read_words,
        reasons=reasons,
        grade=grade,
        line=sentence.line,
        label=sentence.label,
        shown=sentence.shown if sentence.shown != sentence.text else "",
    )


def _phrase_flags(sentence: _Sentence, plain_words: PlainWords) -> list[PhraseFlag]:
    return [
        PhraseFlag(
            phrase=match.phrase,
            suggestion=match.suggestion,
            sentence=sentence.text,
            line=sentence.line,
            label=sentence.label,
            level=match.level,
        )
        for match in plain_words.find(sentence.text, sentence.lowered)
    ]


def _sentence_key(sentence: str) -> str:
    """Compare sentences by their words only (see the module docstring)."""
    return " ".join(words(strip_inline(sentence))).casefold()
