"""Where a character of a folded value is in the file.

YAML folds a ``>`` block and a plain or quoted value over several lines: it drops
each line's indentation and turns most line breaks into spaces, so an offset in
the value says nothing about the line. The words of each line stay in order,
though: each line of the file is found in the value after the one before it.
"""

from __future__ import annotations

import yaml

_QUOTES = ("'", '"')


def folded_position(lines: list[str], node: yaml.ScalarNode, offset: int) -> tuple[int, int] | None:
    """Line and column (from 1) of the value's character at ``offset``, or None when no line holds it.

    A line that escapes or doubles a character is not found as written and is skipped; the
    caller then falls back to the start of the value.
    """
    value, first, last = node.value, node.start_mark.line, node.end_mark.line
    if node.style in ("|", ">") and node.end_mark.column == 0:
        last -= 1  # a block ends where the next line starts
    searched = 0
    for index in range(first, min(last, len(lines) - 1) + 1):
        begin, end = 0, len(lines[index])
        if index == first:
            if node.style in ("|", ">"):
                continue  # the line of the key holds only the block's indicator
            begin = node.start_mark.column + (1 if node.style in _QUOTES else 0)
        if index == node.end_mark.line and node.style not in ("|", ">"):
            end = node.end_mark.column - (1 if node.style in _QUOTES else 0)
        written = lines[index][begin:end]
        content = written.strip()
        at = value.find(content, searched) if content else -1
        if at < 0:
            continue
        if at <= offset < at + len(content):
            return index + 1, begin + len(written) - len(written.lstrip()) + offset - at + 1
        searched = at + len(content)
    return None
