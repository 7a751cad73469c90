"""iCalendar (RFC 5545) content lines: TEXT escaping and line folding.

A value from data must stay inside its property: a bare CR or LF in a title
would otherwise start a new line, and with it a forged property or event.
"""

from __future__ import annotations

import re

_NEWLINES = re.compile(r"\r\n|\r|\n")
# RFC 5545 TEXT allows no control character but HTAB (newlines are escaped first).
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TEXT_SPECIALS = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,"})
LINE_OCTETS = 75


def ical_text(value: object) -> str:
    """A TEXT value: backslash, semicolon and comma escaped; every newline (CRLF, CR or LF) as ``\\n``.

    Other control characters cannot be written in TEXT at all: each becomes U+FFFD,
    so that the reader sees something was there.
    """
    text = str(value).translate(_TEXT_SPECIALS)
    text = _NEWLINES.sub(r"\\n", text)
    return _CONTROLS.sub("\ufffd", text)


def fold(line: str) -> list[str]:
    """Split a content line into parts of at most 75 octets, never inside a UTF-8 character.

    Every part after the first starts with the space that marks a continuation,
    and the space counts towards its 75 octets.
    """
    parts: list[str] = []
    start, size = 0, 0
    for index, char in enumerate(line):
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if size + width > limit:
            parts.append(line[start:index])
            start, size = index, 0
        size += width
    parts.append(line[start:])
    return [parts[0]] + [" " + part for part in parts[1:]]


def calendar(lines: list[str]) -> str:
    """Content lines folded and joined with CRLF, as RFC 5545 says."""
    return "".join(part + "\r\n" for line in lines for part in fold(line))
