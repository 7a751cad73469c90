"""Where a value sits and how errors point at it: the reader of one file's YAML nodes.

A :class:`Reader` walks one file's node tree for the field types, collecting
every error with its line and column, the marks of the fields it meets and the
references to check once everything is loaded. The helpers here (field paths,
plain and null scalars, aliases, hints) know nothing of any field type.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass

import yaml

from ..errors import DataError
from .folding import folded_position

Path = tuple[str | int, ...]
NULL_WORDS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True)
class Reference:
    """A value that must name an existing document of ``kind``; checked after loading."""

    kind: str
    value: str
    path: Path
    line: int
    column: int
    # Set when the value is not written as an id (a role's title, 'Document Controller'): checked
    # with the ids it may stand for, so the message can name the right one; this says the id's form.
    malformed: str = ""


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
        self.required = False  # whether the field being converted is required: "remove it" is then no fix
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
            return (self._block_position(start_line + 1, value, offset)
                    or folded_position(self.lines or [], node, offset) or (start_line, start_column))
        if node.style != "|" and node.end_mark.line > node.start_mark.line:  # folding lost the line breaks
            return folded_position(self.lines or [], node, offset) or (start_line, start_column)
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



def colon_problem(node: yaml.Node, lines: list[str] | None = None) -> tuple[str, str] | None:
    """(message, hint) for text like ``- Input: summary``, which YAML reads as a one-field mapping.

    The hint shows the line as it should be written; ``lines`` (the file's) tell a list item
    (``- "…"``) from a value in a ``[…]`` list or on a line of its own (just ``"…"``).
    """
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return None
    key, value = node.value[0]
    if not (isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and is_plain(key)
            and is_plain(value) and key.start_mark.line == value.start_mark.line):
        return None
    line = lines[key.start_mark.line] if lines is not None and key.start_mark.line < len(lines) else ""
    start = node.start_mark
    if (start.buffer or "")[start.index:start.index + 1] == "{" or line[start.column:start.column + 1] == "{":
        return None  # written as {key: value}: a mapping on purpose, not text
    text = '"' + f"{key.value}: {value.value}".replace("\\", "\\\\").replace('"', '\\"') + '"'
    if line[:key.start_mark.column].strip() == "-":
        text = f"- {text}"
    return (f"the text holds ': ', so YAML reads '{key.value}:' as a field name, not as part of the text",
            f"quote the whole value, e.g. {text}")


def character_name(character: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\r": "carriage return"}
    return names.get(character) or unicodedata.name(character, "control character")


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
