"""Readability of one data file, field by field: what ``qms readability data/procedures/QP-017.yml`` shows.

The fields are the ones the readability gates of a build read for that kind
of document (the caller hands them in as ``units_of``, by kind), plus every
Markdown field of any kind; YAML keys, ids and dates are never read as prose.
Each field is named by its path as authors write it (``steps[3].note``) and
the line it is on, and the whole document is scored with the document's own
thresholds and accepted sentences, as the gates score it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import DataError
from .kinds import Kind
from .model import Document, read_file
from .readability import (PhraseFlag, PlainWords, ReadabilityReport, SentenceFlag, Thresholds, Unit, analyse,
                          flesch_kincaid_grade, markdown_blocks)
from .schema import dotted
from .schema.compound import ListOf, Record
from .schema.scalars import Markdown

UnitsOf = Mapping[str, Callable[[Document], list[Unit]]]
# A key whose value is a literal block (``note: |``): the value's lines are the file's lines after it.
_LITERAL_BLOCK = re.compile(r":\s+\|[-+0-9]*\s*(?:#.*)?$")


@dataclass
class FieldReading:
    """One prose field: where it is, how hard it reads, and what the gates flag in it."""

    field: str
    line: int
    label: str
    words: int = 0
    sentences: int = 0
    grade: float = 0.0
    flagged: list[SentenceFlag] = field(default_factory=list)
    phrases: list[PhraseFlag] = field(default_factory=list)

    def reasons(self) -> list[str]:
        found: list[str] = []
        for flag in self.flagged:
            found.extend(reason for reason in flag.reasons if reason not in found)
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "label": self.label, "words": self.words,
                "sentences": self.sentences, "grade": round(self.grade, 2), "flags": self.reasons(),
                "flagged_sentences": [flag.to_dict() for flag in self.flagged],
                "phrases": [phrase.to_dict() for phrase in self.phrases]}


@dataclass
class FileReading:
    path: str
    kind: str
    id: str
    fields: list[FieldReading]
    report: ReadabilityReport

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "id": self.id,
                "fields": [reading.to_dict() for reading in self.fields], "report": self.report.to_dict()}

    def lines(self) -> list[str]:
        """``path:line field: grade …, words, flags`` for each field, then the document's figures."""
        out = []
        for reading in self.fields:
            parts = [f"grade {reading.grade:.0f}", f"{reading.words} {_plural(reading.words, 'word')}"]
            parts += reading.reasons()
            parts += [f"use \"{p.suggestion}\" instead of \"{p.phrase}\"" for p in reading.phrases]
            out.append(f"{self.path}:{reading.line} {reading.field}: {', '.join(parts)}")
            if reading.sentences > 1:
                for flag in reading.flagged:
                    out.append(f"    line {flag.line}: {', '.join(flag.reasons)} ({flag.words} words, "
                               f"grade {flag.grade:.0f}): \"{_short(flag.shown or flag.text)}\"")
        report = self.report
        summary = (f"{self.path}: {report.words} {_plural(report.words, 'word')} in {report.sentences} "
                   f"{_plural(report.sentences, 'sentence')}, reading ease {report.flesch_reading_ease:.0f}, "
                   f"grade {report.flesch_kincaid_grade:.1f}")
        if report.page_flags:
            summary += f"; {', '.join(report.page_flags)}"
        if not self.fields:
            summary = (f"{self.path}: nothing to read: the readability checks read no field of this kind of "
                       f"file ({self.kind})")
        return out + [summary]


def kind_of_file(path: Path, data_path: Path, kinds: tuple[Kind, ...]) -> Kind | None:
    """The kind whose files live where ``path`` is: data/<folder>/*.yml or its own data/<file>."""
    resolved = path.resolve()
    try:
        place = resolved.relative_to(data_path.resolve()).as_posix()
    except ValueError:
        place = f"{resolved.parent.name}/{resolved.name}"  # a copy outside data/, in a folder of its kind
    for kind in kinds:
        if kind.file and (place == kind.file or (place.endswith("/" + kind.file) and "/" not in kind.file)):
            return kind
    folder = place.rsplit("/", 1)[0] if "/" in place else ""
    for kind in kinds:
        if kind.folder and folder == kind.folder and path.suffix in (".yml", ".yaml"):
            return kind
    return None


def read_document(path: Path, shown: str, kind: Kind) -> tuple[Document | None, list[DataError]]:
    errors: list[DataError] = []
    doc = read_file(path, shown, kind, errors)
    return doc, errors


def prose_fields(doc: Document, kind: Kind, units_of: UnitsOf) -> list[tuple[str, Unit]]:
    """(field path, unit) for the gate's units of the kind, then any Markdown field they leave out."""
    units = list(units_of[kind.name](doc)) if kind.name in units_of else []
    strings = _string_fields(doc, kind.schema)
    found = [(_field_of(unit, strings), unit) for unit in units]
    covered = {name for name, _ in found}
    for path, (line, value, schema_type) in strings.items():
        name = dotted(path)
        if isinstance(schema_type, Markdown) and name not in covered and value.strip():
            found.append((name, Unit(value, line, name)))
    return found


def read_prose(doc: Document, kind: Kind, units_of: UnitsOf, *, plain_words: PlainWords,
               thresholds: Thresholds, accept: list[str], cache_dir: Path | None, source: str = "",
               vocabulary: tuple[str, ...] = ()) -> FileReading:
    """Score the document as its gates do, then each field alone; ``source`` (the file's text) lets a
    flagged sentence in a literal block (``note: |``) name its own line."""
    fields = prose_fields(doc, kind, units_of)
    source_lines = source.splitlines()
    units = [unit for _, unit in fields]
    report = analyse(units, plain_words=plain_words, thresholds=thresholds, accept=accept, cache_dir=cache_dir,
                     vocabulary=vocabulary)
    readings = []
    by_place: dict[tuple[int | None, str], tuple[FieldReading, Unit]] = {}
    for name, unit in fields:
        alone = analyse([unit], thresholds=thresholds, cache_dir=cache_dir)
        reading = FieldReading(name, unit.line or 1, unit.label, alone.words, alone.sentences,
                               max(0.0, flesch_kincaid_grade(alone.words, alone.sentences, alone.syllables)))
        readings.append(reading)
        by_place.setdefault((unit.line, unit.label), (reading, unit))
    for flag in report.flagged_sentences:
        if (found := by_place.get((flag.line, flag.label))) is not None:
            owner, unit = found
            owner.flagged.append(dataclasses.replace(flag, line=_line_in_field(unit, flag.text, source_lines)))
    for phrase in report.phrases:
        found = by_place.get((phrase.line, phrase.label))
        if found is not None and all(p.phrase.lower() != phrase.phrase.lower() for p in found[0].phrases):
            found[0].phrases.append(phrase)
    return FileReading(doc.path, kind.name, doc.id, readings, report)


def _line_in_field(unit: Unit, sentence: str, source_lines: list[str]) -> int | None:
    """The file line a sentence is on: the block's own line in a literal block, else the field's."""
    line = unit.line
    if line is None or "\n" not in unit.text.strip() or not 0 < line <= len(source_lines):
        return line
    if not _LITERAL_BLOCK.search(source_lines[line - 1]):
        return line  # a folded or quoted value: its lines are not the file's
    for block in markdown_blocks(unit.text):
        if sentence in block.text:
            return line + block.line
    return line


def _string_fields(doc: Document, schema: Record) -> dict[tuple, tuple[int, str, Any]]:
    """Every text value of the document: path -> (line, value, its schema type)."""
    found = {}
    for path, (line, _) in doc.marks.items():
        value = _value_at(doc.data, path)
        if isinstance(value, str) and path:
            found[path] = (line, value, _type_at(schema, path))
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def _field_of(unit: Unit, strings: dict[tuple, tuple[int, str, Any]]) -> str:
    """The field a unit came from: the text field on its line holding its text, else the last one before it."""
    best: tuple | None = None
    for path, (line, value, _) in strings.items():
        if unit.line is not None and line > unit.line:
            break
        if line == unit.line and value == unit.text:
            return dotted(path)
        best = path
    return dotted(best) if best else unit.label


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _type_at(schema: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(schema, Record) and isinstance(part, str) and part in schema.fields:
            schema = schema.fields[part].type
        elif isinstance(schema, ListOf) and isinstance(part, int):
            schema = schema.item
        else:
            return None
    return schema


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
