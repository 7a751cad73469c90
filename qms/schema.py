"""Declared field types: one definition gives validation *and* JSON Schema.

Values are read from PyYAML's node tree, not from constructed Python objects,
so that every value keeps its line and column and nothing is silently
reinterpreted: ``NO`` stays the text "NO" in a text field, ``1.10`` stays
"1.10", and ``0755`` or ``yes`` in a number or true/false field is an error
with a hint instead of 493 or True.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import yaml

from .errors import DataError
from .markdown_check import problems as markdown_problems
from .typed import RESERVED, Fields, Shape

Path = tuple[str | int, ...]
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_INTEGER = re.compile(r"[+-]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
# Control characters (all but tab and newline) and bidirectional overrides and isolates: invisible,
# they can hide or reorder what a reader sees, or drive a terminal.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Reference:
    """A value that must name an existing document of ``kind``; checked after loading."""

    kind: str
    value: str
    path: Path
    line: int
    column: int


class Reader:
    """Converts one file's nodes, collecting errors, marks and references."""

    def __init__(self, source: str, errors: list[DataError], text: str | None = None,
                 today: dt.date | None = None):
        self.source = source
        self.errors = errors
        self.lines = text.splitlines() if text is not None else None  # to point inside block scalars
        self.today = today  # bounds Date(past=True); None only where no date must have happened
        # Set when a required value or a list item could not be read: the document's own checks
        # are then skipped, as they would crash on or misreport the gap (its errors say why).
        self.incomplete = False
        self.marks: dict[Path, tuple[int, int]] = {}
        self.references: list[Reference] = []

    def error(self, node: yaml.Node | None, path: Path, message: str, hint: str = "") -> None:
        line, column = self.position(node, path)
        self.errors.append(DataError(self.source, line, column, dotted(path), message, hint))

    def error_at(self, node: yaml.ScalarNode, path: Path, offset: int, message: str, hint: str = "") -> None:
        """An error about the character at ``offset`` of a scalar's value, on its own line when known."""
        line, column = self.position_in(node, offset)
        self.errors.append(DataError(self.source, line, column, dotted(path), message, hint))

    def position_in(self, node: yaml.ScalarNode, offset: int) -> tuple[int, int]:
        start_line, start_column = node.start_mark.line + 1, node.start_mark.column + 1
        value = node.value
        if node.style in ("|", ">") and "\n" not in value[:offset]:
            return self._block_position(start_line + 1, value, offset) or (start_line, start_column)
        if node.style != "|" and node.end_mark.line > node.start_mark.line:
            return start_line, start_column  # folded and multi-line flow scalars lose the author's line breaks
        if node.style != "|":  # one line; an escape sequence before offset shifts the column a little
            return start_line, start_column + offset + (1 if node.style in ("'", '"') else 0)
        line_index = value.count("\n", 0, offset)
        return self._block_position(start_line + 1 + line_index, value, offset) or (start_line + 1 + line_index, 1)

    def _block_position(self, line: int, value: str, offset: int) -> tuple[int, int] | None:
        """Line and column in a literal block, whose lines are the source lines minus their indentation."""
        if self.lines is None or line > len(self.lines):
            return None
        line_start = value.rfind("\n", 0, offset) + 1
        line_end = value.find("\n", offset)
        value_line = value[line_start:line_end if line_end >= 0 else len(value)]
        source_line = self.lines[line - 1]
        if not source_line.endswith(value_line):
            return None
        return line, len(source_line) - len(value_line) + offset - line_start + 1

    def position(self, node: yaml.Node | None, path: Path) -> tuple[int, int]:
        if node is not None:
            return node.start_mark.line + 1, node.start_mark.column + 1
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


def dotted(path: Path) -> str:
    """Field path as authors write it: ``steps[3].role``."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def is_plain(node: yaml.Node) -> bool:
    """A scalar written without quotes or block markers (libyaml says '', PyYAML None)."""
    return not node.style


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and is_plain(node) and node.value in NULL_WORDS


def reused_node(root: yaml.Node) -> yaml.Node | None:
    """A node reached twice: the target of a YAML alias (*name) or merge key (<<: *name).

    Aliases let a file of a few kilobytes stand for millions of values, each
    converted and checked in turn; every node is visited once here.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return None


class FieldType:
    """Base of all field types: convert a node or report why not."""

    label = "value"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def scalar(self, node: yaml.Node, path: Path, reader: Reader) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            forbidden = _FORBIDDEN_CHARACTER.search(node.value)
            if forbidden:
                character = forbidden.group()
                reader.error_at(node, path, forbidden.start(),
                                f"contains the invisible character U+{ord(character):04X} ({character_name(character)})",
                                "delete it: retype the text around it, or copy it from a plain-text source")
                return None
            return node.value
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        reader.error(node, path, f"expected {self.label}, found {found}", quote_hint(node))
        return None


@dataclass(frozen=True)
class Text(FieldType):
    """Text exactly as the author wrote it (plain scalars are never reinterpreted)."""

    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int | None = None
    numeric_ok: bool = False  # e.g. clause 7.5 or rev 3: allow unquoted numbers in the JSON Schema
    single_line: bool = False  # titles, names, terms: a line break would break headings, tables and tooltips
    label: str = "text"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        value = value.strip() if is_plain(node) or node.style in ("'", '"') or self.single_line else value
        if self.single_line and "\n" in value:
            reader.error_at(node, path, node.value.find("\n", len(node.value) - len(node.value.lstrip())),
                            "has a line break", "write it on one line, without a | or > block")
            return None
        if not value:
            reader.error(node, path, "is empty", "write a value or remove the field")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value):
            reader.error(node, path, f"{value!r} is not valid", self.pattern_hint)
            return None
        if self.max_length and len(value) > self.max_length:
            reader.error(node, path, f"is {len(value)} characters long; the limit is {self.max_length}",
                         "shorten it")
            return None
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": ["string", "number"] if self.numeric_ok else "string"}
        if self.pattern and not self.numeric_ok:
            schema["pattern"] = f"^(?:{self.pattern})$"
        if self.max_length:
            schema["maxLength"] = self.max_length
        if not self.numeric_ok:
            schema["minLength"] = 1
        if self.single_line:
            schema["pattern"] = schema.get("pattern", "^[^\\n]*$")  # never both: ids have their own pattern
        return schema


@dataclass(frozen=True)
class Markdown(Text):
    """Text that allows Markdown inside the allowlist of ``qms.markdown_check``; the rest is a data error."""

    label: str = "Markdown text"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = super().convert(node, path, reader)
        if value is None:
            return None
        found = markdown_problems(value)
        if not found:
            return value
        leading = len(node.value) - len(node.value.lstrip()) if value != node.value else 0
        for problem in found:
            reader.error_at(node, path, problem.offset + leading, problem.message, problem.hint)
        return None  # never render a refused value, even if someone ignores the errors

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "contentMediaType": "text/markdown"}


@dataclass(frozen=True)
class Ref(Text):
    """The id of another document; existence is checked once everything is loaded."""

    kind: str = ""
    label: str = "an id"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = super().convert(node, path, reader)
        if value is not None:
            line, column = reader.position(node, path)
            reader.references.append(Reference(self.kind, value, path, line, column))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "description": f"The id of a {self.kind}."}


@dataclass(frozen=True)
class Integer(FieldType):
    minimum: int | None = None
    maximum: int | None = None
    label: str = "a whole number"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        # A hint never suggests a value the field would refuse: "write 755" for a month count up to 60.
        if len(value.strip().lstrip("+-")) > 30:  # int() refuses thousands of digits with an exception
            reader.error(node, path, f"{value[:20]}… is not a whole number this field takes", self.range_hint())
            return None
        if not is_plain(node):
            fits = _INTEGER.fullmatch(value.strip()) and self.allows(int(value))
            reader.error(node, path, f"expected a whole number, found the text {value!r}",
                         "remove the quotes" if fits else f"{self.range_hint()}, without quotes")
            return None
        if _LEADING_ZERO.fullmatch(value):
            reader.error(node, path, f"{value} has a leading zero, which YAML reads as octal",
                         f"write {int(value)}" if self.allows(int(value)) else self.range_hint())
            return None
        if not _INTEGER.fullmatch(value):
            reader.error(node, path, f"expected a whole number, found {value!r}", self.range_hint())
            return None
        number = int(value)
        if self.minimum is not None and number < self.minimum:
            reader.error(node, path, f"{number} is too small", self.range_hint())
            return None
        if self.maximum is not None and number > self.maximum:
            reader.error(node, path, f"{number} is too large", self.range_hint())
            return None
        return number

    def allows(self, number: int) -> bool:
        return (self.minimum is None or number >= self.minimum) and (self.maximum is None or number <= self.maximum)

    def range_hint(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"use a whole number from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"use a whole number, {self.minimum} or more"
        if self.maximum is not None:
            return f"use a whole number, {self.maximum} or less"
        return "use a whole number, e.g. 12"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


NUMBER_LIMIT = 1e12  # beyond any count, score or budget a QMS holds; keeps sums, charts and text finite
NUMBER_PLACES = 6  # decimal places: finer values only break chart scales and mean nothing here
_NON_FINITE = re.compile(r"[+-]?\.?(inf|nan)", re.IGNORECASE)


@dataclass(frozen=True)
class Number(FieldType):
    """A finite decimal number within the field's range (and within NUMBER_LIMIT either way)."""

    minimum: float | None = None
    maximum: float | None = None
    label: str = "a number"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        if is_plain(node) and _NON_FINITE.fullmatch(value):
            reader.error(node, path, f"{value} is not a finite number", "write digits, e.g. 12.5")
            return None
        if not is_plain(node) or not _NUMBER.fullmatch(value):
            reader.error(node, path, f"expected a number, found {value!r}", "write digits, e.g. 12.5")
            return None
        if _LEADING_ZERO.fullmatch(value):
            reader.error(node, path, f"{value} has a leading zero", f"write {int(value)}")
            return None
        number = float(value)
        low = max(self.minimum, -NUMBER_LIMIT) if self.minimum is not None else -NUMBER_LIMIT
        high = min(self.maximum, NUMBER_LIMIT) if self.maximum is not None else NUMBER_LIMIT
        if number > high:
            reader.error(node, path, f"{value} is too large", f"use {high:g} or less")
            return None
        if number < low:
            reader.error(node, path, f"{value} is too small", f"use {low:g} or more")
            return None
        exact = decimal.Decimal(value)  # the written value: float() would turn 1e-400 into 0 silently
        if exact != round(exact, NUMBER_PLACES):
            reader.error(node, path, f"{value} has more than {NUMBER_PLACES} decimal places",
                         f"round it, e.g. to {round(number, NUMBER_PLACES):g}")
            return None
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


@dataclass(frozen=True)
class Boolean(FieldType):
    label: str = "true or false"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        if is_plain(node) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        hint = "write true or false"
        if value.lower() in _YAML11_BOOLEANS:
            hint += f" ({value!r} is ambiguous: YAML 1.1 reads it as a boolean, YAML 1.2 as text)"
        reader.error(node, path, f"expected true or false, found {value!r}", hint)
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


PAST_HINT = "a date that has happened; set QMS_TODAY if you meant another day"


@dataclass(frozen=True)
class Date(FieldType):
    """A calendar date; ``past`` for a date that records something done, never after today."""

    past: bool = False
    label: str = "a date"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        match = _DATE.fullmatch(value.strip())
        if not match:
            reader.error(node, path, f"{value!r} is not a date", "write YYYY-MM-DD, e.g. 2026-03-31")
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError as exc:
            reader.error(node, path, f"{value} is not a real date ({exc})",
                         "check the day and month")
            return None
        if self.past and reader.today is not None and date > reader.today:
            reader.error(node, path, f"{date} is after today ({reader.today})", PAST_HINT)
            return None
        return date

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Choice(FieldType):
    values: tuple[str, ...] = ()
    label: str = "one of the listed values"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = self.scalar(node, path, reader)
        if value is None:
            return None
        if value in self.values:
            return value
        reader.error(node, path, f"{value!r} is not allowed",
                     suggest(value, self.values) or "use one of: " + ", ".join(self.values))
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    min_items: int = 0
    unique: bool = False
    label: str = "a list"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            found = "a mapping" if isinstance(node, yaml.MappingNode) else f"{node.value!r}"
            example = "[a, b]" if not isinstance(self.item, Record) else "one '- ' item per entry"
            reader.error(node, path, f"expected a list, found {found}", f"write a list: {example}")
            return None
        items = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(node.value):
            child_path = path + (index,)
            reader.marks[child_path] = (child.start_mark.line + 1, child.start_mark.column + 1)
            if is_null(child):
                reader.error(child, child_path, "is empty", "remove the empty '-' line")
                reader.incomplete = True
                continue
            value = self.item.convert(child, child_path, reader)
            if value is None:
                reader.incomplete = True
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    reader.error(child, child_path, f"{value!r} is listed twice",
                                 f"remove the repeat of item {seen[value] + 1}")
                    continue
                seen[value] = index
            items.append(value)
        if len(node.value) < self.min_items:
            reader.error(node, path, f"needs at least {self.min_items} item(s)")
        return items

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    type: FieldType
    required: bool = False
    description: str = ""
    default: Any = None


@dataclass(frozen=True)
class Record(FieldType):
    """A mapping with declared fields: duplicate and unknown keys are errors."""

    fields: dict[str, Field] = field(default_factory=dict)
    description: str = ""
    check: Callable[[dict, Path, Reader], None] | None = None
    label: str = "a mapping of fields"
    unknown: str = "unknown field"  # the message for a key not declared, e.g. "unknown setting"

    def __post_init__(self) -> None:
        hidden = RESERVED & set(self.fields)
        if hidden:
            raise ValueError(f"field name(s) {', '.join(sorted(hidden))} would hide a method of the record; "
                             "choose another name")

    @cached_property
    def shape(self) -> Shape:
        return Shape(self.description or self.label, frozenset(self.fields),
                     frozenset(name for name, spec in self.fields.items() if isinstance(spec.type, ListOf)))

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else f"{node.value!r}"
            reader.error(node, path, f"expected fields (key: value), found {found}")
            return None
        result: dict[str, Any] = Fields(self.shape)
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child_path = path + (str(key),)
            if key is None:
                reader.error(key_node, path, "a key must be a plain word")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                reader.error(key_node, child_path, f"duplicate key {key!r} (first on line {first})",
                             "keep one of them")
                continue
            seen[key] = key_node
            reader.marks[child_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            spec = self.fields.get(key)
            if spec is None:
                reader.error(key_node, child_path, self.unknown,
                             suggest(key, self.fields) or "allowed: " + ", ".join(self.fields))
                continue
            if is_null(value_node):
                if spec.required:
                    reader.error(value_node, child_path, "is required but empty")
                continue
            value = spec.type.convert(value_node, child_path, reader)
            if value is not None:
                result[key] = value
        for name, spec in self.fields.items():
            if name in result or name in seen:
                continue
            if spec.required:
                reader.error(node, path + (name,), "is missing",
                             f"add '{name}:' ({spec.description.rstrip('.')})" if spec.description else "")
            elif spec.default is not None:
                result[name] = spec.default() if callable(spec.default) else spec.default
        if any(spec.required and name not in result for name, spec in self.fields.items()):
            # Reported above. An item inside a document is dropped rather than handed on half-read,
            # so checks of other documents may rely on its required fields; a whole document is kept,
            # for references to it, and marked incomplete.
            reader.incomplete = True
            if path:
                return None
        if self.check is not None:
            self.check(result, path, reader)
        return result

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        if self.description:
            schema["description"] = self.description
        for name, spec in self.fields.items():
            prop = spec.type.json_schema()
            if spec.description:
                prop = {"description": spec.description, **prop}
            schema["properties"][name] = prop
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        return schema


def quote_hint(node: yaml.Node) -> str:
    """For text like ``- Input: summary``, which YAML reads as a one-field mapping: say to quote it."""
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and is_plain(key)
            and is_plain(value) and key.start_mark.line == value.start_mark.line):
        return ""
    text = f"{key.value}: {value.value}".replace("\\", "\\\\").replace('"', '\\"')
    return f'quote the whole value, e.g. "{text}"; unquoted, YAML reads \'{key.value}:\' as a field name'


def character_name(character: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\r": "carriage return"}
    return names.get(character) or unicodedata.name(character, "control character")


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
