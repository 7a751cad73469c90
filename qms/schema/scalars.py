"""The scalar field types: text, Markdown, ids of other documents, numbers, true/false, dates, choices.

Each converts one YAML scalar node, as written, into a value or an error with
a hint; and each states the same rules as JSON Schema for editors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..markdown_check import problems as markdown_problems
from .reader import Path, Reader, Reference, character_name, colon_problem, is_plain, suggest

_INTEGER = re.compile(r"[+-]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
# Control characters (all but tab and newline) and bidirectional overrides and isolates: invisible,
# they can hide or reorder what a reader sees, or drive a terminal.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
        colon = colon_problem(node, reader.lines)
        if colon is not None:
            reader.error(node, path, *colon)
            return None
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        reader.error(node, path, f"expected {self.label}, found {found}")
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
            reader.error(node, path, "is empty", "write a value" if reader.required else
                         "write a value or remove the field")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value):
            self.not_valid(node, path, reader, value)
            return None
        if self.max_length and len(value) > self.max_length:
            reader.error(node, path, f"is {len(value)} characters long; the limit is {self.max_length}",
                         "shorten it")
            return None
        return value

    def not_valid(self, node: yaml.Node, path: Path, reader: Reader, value: str) -> None:
        reader.error(node, path, f"{value!r} is not valid", self.pattern_hint)

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
    # Headings only where the field is a part of the page of its own (a general part), never
    # inside a step, a section or a record, where they would break the page's outline.
    headings: bool = False
    heading_levels: tuple[int, int] | None = None  # e.g. (2, 4): only ## to ####, which the page moves down

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = super().convert(node, path, reader)
        if value is None:
            return None
        found = markdown_problems(value, headings=self.headings, heading_levels=self.heading_levels)
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
    list_field: str = ""  # the sibling field that takes several ids, e.g. 'roles' for 'role'

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        if self.list_field and isinstance(node, yaml.SequenceNode):
            items = ", ".join(str(item.value) for item in node.value if isinstance(item, yaml.ScalarNode))
            reader.error(node, path, "expected one id, found a list",
                         f"for several, write '{self.list_field}: [{items or 'a, b'}]' instead of '{path[-1]}:'")
            return None
        value = super().convert(node, path, reader)
        if value is not None:
            line, column = reader.position(node, path)
            reader.references.append(Reference(self.kind, value, path, line, column))
        return value

    def not_valid(self, node: yaml.Node, path: Path, reader: Reader, value: str) -> None:
        """A title or a misspelt id ('Document Controller', 'document_controller') may stand for an id:
        which one is known only once every file is read, so the check of references reports it."""
        if self.pattern is not None and re.fullmatch(self.pattern, id_form(value)):
            line, column = reader.position(node, path)
            reader.references.append(Reference(self.kind, value, path, line, column, malformed=self.pattern_hint))
        else:
            super().not_valid(node, path, reader, value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "description": f"The id of a {self.kind}."}


def id_form(value: str) -> str:
    """A name as a word id is written: lower case, words joined by hyphens ('Document Controller')."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


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


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def why_not_a_date(year: int, month: int, day: int) -> str:
    """In plain words, why year-month-day is no day of the calendar (Python's own text is for programmers)."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    if day < 1:
        return f"there is no day {day}"
    if month == 2 and day == 29:
        return f"{year} is not a leap year, so February has 28 days"
    return f"{MONTHS[month - 1]} has {calendar.monthrange(year, month)[1]} days"


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
        except ValueError:
            reader.error(node, path, f"{value} is not a real date: {why_not_a_date(year, month, day)}",
                         "write it as YYYY-MM-DD")
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

