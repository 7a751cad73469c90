"""Text from data, made safe to print on a terminal.

A title holding ESC can recolour or rewrite the terminal, a CR or LF can forge
a line of ``qms check`` output, and a bidi control such as U+202E can make a
message read backwards. Whatever the loader accepts, everything the command
line prints passes through ``terminal_text`` (or ``terminal_json``), which
shows such characters as visible escapes: ``\\x1b``, ``\\r``, ``\\u202e``.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any, TextIO

# Controls (C0, DEL, C1), format characters (bidi controls, zero-width, BOM),
# line and paragraph separators, and unpaired surrogates.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_text(value: object) -> str:
    """One line of text with every control, format or separator character escaped visibly."""
    text = str(value)
    if text.isprintable():  # the common case; isprintable is false for all of the unsafe characters
        return text
    return "".join(_escape(char) if _unsafe(char) else char for char in text)


def terminal_json(value: Any, **options: Any) -> str:
    """JSON for the terminal: still valid JSON, the same data, with unsafe characters as \\u escapes.

    ``json.dumps`` escapes C0 controls itself but leaves DEL, C1, bidi controls
    and separators raw when ``ensure_ascii`` is false (kept so names stay readable).
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char != "\n" and _unsafe(char):  # newlines here are indentation, never data
            encoded = char.encode("utf-16-be", "surrogatepass")
            out.extend(f"\\u{int.from_bytes(encoded[i:i + 2], 'big'):04x}" for i in range(0, len(encoded), 2))
        else:
            out.append(char)
    return "".join(out)


def echo(*lines: object, file: TextIO | None = None) -> None:
    """Print each of ``lines`` as one escaped line (to standard output unless ``file`` is given)."""
    stream = file if file is not None else sys.stdout
    for line in lines:
        print(terminal_text(line), file=stream)
