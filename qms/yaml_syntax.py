"""Explain a YAML syntax error at the line the author must fix.

The parser often notices a mistake far from where it was made: an unclosed
quote swallows the lines after it and fails where a later quote happens to
close it; an unclosed ``[`` fails on the next field; ``title:x`` fails on the
line below. Its words ("did not find expected key while parsing a block
mapping") say nothing to a quality manager. Each common mistake is recognised
here and reported where it was made, with what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

PREFIX = "YAML syntax error: "
# A line that starts a field or a list item: what a runaway quoted value swallows.
_FIELD_LINE = re.compile(r"\n[ \t]*(?:- +)?[A-Za-z_][\w-]*:(?: |$)", re.MULTILINE)
_IDENTIFIER = re.compile(r"[A-Za-z_][\w-]*")
_KEY_THEN_VALUE = re.compile(r"^(?P<indent>[ \t]*(?:- +)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>.*\S)[ \t]*$")


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based
    column: int
    message: str
    hint: str


def syntax_problem(error: yaml.MarkedYAMLError, text: str, loader: type,
                   fields: frozenset[str] = frozenset()) -> SyntaxProblem:
    """Where and what the mistake behind ``error`` is, for the text that failed to parse.

    ``fields`` are the field names the file may use: a word before ': ' that is none of them is
    text, not a misplaced field (empty: any word may be a field).
    """
    problem = error.problem or "invalid YAML"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    lines = text.split("\n")
    here = lines[line] if line < len(lines) else ""

    runaway = _runaway_quote(text, loader)
    if runaway is not None:
        start_line, start_column, quote = runaway
        return SyntaxProblem(start_line + 1, start_column + 1, PREFIX + f"the {quote} opened here is not closed, so "
                             "the value runs on into the lines below",
                             f"end the value with {quote} on this line")
    if "scanning a quoted scalar" in context and error.context_mark is not None:
        start = error.context_mark
        quote = text[start.index] if start.index < len(text) else '"'
        return SyntaxProblem(start.line + 1, start.column + 1, PREFIX + f"the {quote} opened here is never closed",
                             f"end the value with {quote} on this line")
    if ("flow sequence" in context or "flow mapping" in context) and error.context_mark is not None \
            and error.context_mark.line < line:
        start = error.context_mark
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return SyntaxProblem(start.line + 1, start.column + 1, PREFIX + f"the {bracket} opened here is not closed",
                             f"end the list with {closing} on this line")
    if "\t" in here[:len(here) - len(here.lstrip(" \t"))] or "tab" in problem or "'\\t'" in problem:
        tab_line = line if "\t" in here else _first_tab_indent(lines, line)
        tab_column = lines[tab_line].find("\t") if tab_line < len(lines) else 0
        return SyntaxProblem(tab_line + 1, max(tab_column, 0) + 1, PREFIX + "a tab indents this line",
                             "indent with spaces: YAML does not allow tabs for indentation")
    if problem.startswith("mapping values are not allowed"):
        quoted = _quote_the_value(lines, line, column, fields)
        if quoted is not None:
            return SyntaxProblem(line + 1, column + 1, PREFIX + "the text holds ': ', which YAML reads as the start "
                                 "of another field", f"quote the whole value, e.g. {quoted}")
        started = _value_started_above(text, loader, line, column, fields)
        if started is not None:
            start_line, start_column = started
            return SyntaxProblem(start_line + 1, start_column + 1, PREFIX + f"the text holds ': ' (on line {line + 1}), "
                                 "which YAML reads as the start of another field",
                                 f"quote the whole value, e.g. {_quoted(lines, start_line, start_column)}")
        return SyntaxProblem(line + 1, column + 1, PREFIX + "this line is indented more than the field above it",
                             "line it up with the field it belongs with, using spaces")
    if "scanning a simple key" in context and error.context_mark is not None:
        start = error.context_mark
        return SyntaxProblem(start.line + 1, start.column + 1, PREFIX + "this line is not 'field: value'",
                             "put a space after the colon (title: Text), or indent the line to continue "
                             "the value above")
    if any(words in problem for words in ("expected key", "expected <block end>", "'-' indicator")):
        return SyntaxProblem(line + 1, column + 1, PREFIX + "this line is not indented like the lines around it",
                             "line it up with the field it belongs with, using spaces; list items start "
                             "with '- '")
    described = f"{problem} {context}".strip()
    return SyntaxProblem(line + 1, column + 1, PREFIX + described,
                         "check the indentation and quotes on this line and the one above")


def _runaway_quote(text: str, loader: type) -> tuple[int, int, str] | None:
    """(line, column, quote) of a quoted value that swallowed whole fields below it, if any."""
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line \
                    and _FIELD_LINE.search(text, token.start_mark.index, token.end_mark.index):
                return token.start_mark.line, token.start_mark.column, token.style
    except yaml.YAMLError:
        pass
    return None


def _first_tab_indent(lines: list[str], before: int) -> int:
    for number in range(min(before, len(lines) - 1), -1, -1):
        if "\t" in lines[number][:len(lines[number]) - len(lines[number].lstrip(" \t"))]:
            return number
    return before


def _quote_the_value(lines: list[str], line: int, column: int, fields: frozenset[str]) -> str | None:
    """``key: "value"`` for a line whose plain value holds ': ' before ``column``, else None."""
    match = _KEY_THEN_VALUE.match(lines[line] if line < len(lines) else "")
    if match is None or match.end("key") + 1 >= column:
        return None  # the colon at ``column`` is the line's own key separator: an indentation problem
    if fields and match.group("key") not in fields and match.group("indent").strip() == "-":
        # '- Staff: send the draft: …' in a list: the whole item is text, its first colon too
        return _quoted(lines, line, len(match.group("indent")))
    return _quoted(lines, line, match.start("value"))


def _value_started_above(text: str, loader: type, line: int, column: int,
                         fields: frozenset[str]) -> tuple[int, int] | None:
    """(line, column) where a plain value starts that ran on to the ': ' at ``line``, ``column``: the
    author's text with a colon on a continuation line. None if the words before the colon name a field
    (then the line is a field indented too far)."""
    before = _lines(text)[line][:column].strip()
    if not fields and _IDENTIFIER.fullmatch(before) or before in fields:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=loader):
            last = token
    except yaml.YAMLError:
        pass
    if not (isinstance(last, yaml.ScalarToken) and last.plain and last.start_mark.line < line
            and last.end_mark.line == line):
        return None
    return last.start_mark.line, last.start_mark.column


def field_names(schema: object) -> frozenset[str]:
    """Every field name a schema declares, at any depth (Record fields, ListOf items)."""
    names: set[str] = set()
    stack = [schema]
    while stack:
        current = stack.pop()
        declared = getattr(current, "fields", None)
        if isinstance(declared, dict):
            names.update(declared)
            stack.extend(getattr(spec, "type", None) for spec in declared.values())
        if getattr(current, "item", None) is not None:
            stack.append(current.item)
    return frozenset(names)


def _lines(text: str) -> list[str]:
    return text.split("\n") + [""]


def _quoted(lines: list[str], line: int, column: int) -> str:
    """The line that starts a value at ``column``, with the whole value (its continuation lines
    joined) in double quotes: what the author should write instead."""
    start = lines[line]
    before = start[:column]
    # continuation lines are indented more than the value's field, or than the '-' of a list item
    owner = len(before) - len(before.lstrip(" -")) if before.rstrip().endswith(":") else before.find("-")
    parts = [start[column:].strip()]
    for following in lines[line + 1:]:
        if not following.strip() or len(following) - len(following.lstrip(" ")) <= owner:
            break
        parts.append(following.strip())
    value = " ".join(parts)
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (start[:column].strip() + " " + quoted).strip()
