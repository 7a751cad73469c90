"""Markdown -> prose blocks, for readability scoring.

Only the words a reader reads as prose are kept. Removed entirely: front
matter, fenced and indented code, inline code, tables, headings (they are
labels, not sentences), horizontal rules, HTML comments and
``<script>``/``<style>``/``<pre>`` blocks, images, link targets, bare URLs and
e-mail addresses, reference/abbreviation definitions, attribute lists
(``{: .class}``), Jinja/macro expressions (``{{ ... }}``, ``{% ... %}``),
footnote references and admonition/tab title lines (``!!! note "Title"``).
Kept as text: link text, emphasis content, the text inside other HTML tags,
block quotes, admonition bodies and footnote text.

Each paragraph and each list item is its own block, so a list of short items
is not read as one long sentence.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

__all__ = ["markdown_blocks", "strip_inline", "strip_markdown"]


class Block(NamedTuple):
    """One prose block and the 1-based source line it starts on."""

    line: int
    text: str


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_MATH_FENCE = re.compile(r"^\s*\$\$")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)+\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|")
_DEFINITION = re.compile(r"^\s{0,3}(?:\*\[[^\]]+\]:|\[[^\]^]+\]:\s*\S)")
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_CONTAINER_TITLE = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s*\S*")
_SNIPPET = re.compile(r"^\s*-{2,}8<-{2,}")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])(?:\s+|$)(?:\[[ xX]\]\s+)?")
_BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+")
_INDENTED = re.compile(r"^(?: {4}|\t)")

# A line that may be block-level Markdown rather than a plain paragraph.
_BLOCK_SYNTAX = re.compile(r"\s|[#>|!?=`~$*+\-_]|\d{1,9}[.)]|\[[^\]]*\]:|<")

# Removed before line parsing; newlines are kept so line numbers stay right.
_MULTILINE_REMOVALS = re.compile(
    r"<!--.*?-->|<(script|style|pre)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)

_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]*:|www\.)[^>\s]*>|<[^@>\s]+@[^>\s]+>", re.I)
_BARE_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.:][^}]*\}")
_KEYS = re.compile(r"\+\+[^+\s][^\s]*?\+\+")
_EMPHASIS = re.compile(r"(\*{1,3}|~~|==|\^\^)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w])")
_STRAY_MARKERS = re.compile(r"(?<!\w)[*_]{1,3}(?!\w)|(?<=\w)\*{1,3}|\*{1,3}(?=\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=^])")
_WHITESPACE = re.compile(r"\s+")
# Any character that can start inline markup; plain sentences skip the work.
_MAY_HAVE_MARKUP = re.compile(r"[`\[\]<>*_~=^{}\\&+@]|://|www\.")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)\]])")


def strip_markdown(text: str) -> list[str]:
    """Return the prose blocks of a Markdown text (see the module docstring)."""
    return [block.text for block in markdown_blocks(text)]


def markdown_blocks(text: str) -> list[Block]:
    """Return the prose blocks of ``text`` with their starting line numbers."""
    if "\n" not in text and not _BLOCK_SYNTAX.match(text):
        # One line of plain prose (most YAML fields): skip the block parser.
        stripped = strip_inline(text)
        return [Block(1, stripped)] if stripped else []
    if "<" in text:
        text = _MULTILINE_REMOVALS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    parser = _BlockParser(text.splitlines())
    return parser.parse()


def strip_inline(text: str) -> str:
    """Remove inline Markdown/HTML markup and normalise white space."""
    if not _MAY_HAVE_MARKUP.search(text):
        if "  " in text or not text.isprintable():  # tabs, newlines, runs
            text = _WHITESPACE.sub(" ", text)
        return text.strip()
    text = _INLINE_CODE.sub(" ", text)
    text = _TEMPLATE.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ATTRIBUTE_LIST.sub(" ", text)
    text = _KEYS.sub(" ", text)
    for _ in range(2):  # nested emphasis: ***bold italic*** or **_both_**
        text = _EMPHASIS.sub(r"\2", text)
        text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
    text = _STRAY_MARKERS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


class _BlockParser:
    """A small line-based Markdown block parser, just enough for prose."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.current: list[str] = []
        self.current_line = 0
        self.current_is_item = False
        self.in_container = False  # inside a list item or an admonition body

    def parse(self) -> list[Block]:
        index = self._skip_front_matter()
        while index < len(self.lines):
            index = self._line(index)
        self._flush()
        return self.blocks

    def _skip_front_matter(self) -> int:
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for index in range(1, len(self.lines)):
            if self.lines[index].strip() in {"---", "..."}:
                return index + 1
        return 0

    def _line(self, index: int) -> int:
        """Handle the line at ``index``; return the index of the next one."""
        line = self.lines[index]
        if not line.strip():
            self._flush()
            return index + 1
        fence = _FENCE.match(line)
        if fence:
            return self._skip_fence(index, fence.group(1))
        if _MATH_FENCE.match(line):
            return self._skip_until(index, _MATH_FENCE)
        if _INDENTED.match(line) and not self.current and not self.in_container:
            return index + 1  # indented code block
        if not _INDENTED.match(line) and not self.current:
            self.in_container = False  # a new top-level block ends a list/admonition
        return self._structural(index, line)

    def _structural(self, index: int, line: str) -> int:
        if _SETEXT_UNDERLINE.match(line) and self.current and not self.current_is_item:
            self.current = []  # the paragraph was a setext heading
            return index + 1
        if _ATX_HEADING.match(line) or _RULE.match(line) or _SNIPPET.match(line):
            self._flush()
            return index + 1
        if _is_table_start(self.lines, index):
            return self._skip_table(index)
        if _DEFINITION.match(line):
            self._flush()
            return index + 1
        if _CONTAINER_TITLE.match(line):
            self._flush()
            self.in_container = True
            return index + 1
        item = _LIST_ITEM.match(line)
        if item:
            self._flush()
            self._start(index, line[item.end() :], is_item=True)
            self.in_container = True
            return index + 1
        footnote = _FOOTNOTE_DEFINITION.match(line)
        if footnote:
            self._flush()
            self._start(index, line[footnote.end() :], is_item=False)
            self.in_container = True
            return index + 1
        content = _BLOCKQUOTE.sub("", line, count=1)
        if not self.current:
            self._start(index, content, is_item=False)
        else:
            self.current.append(content)
        return index + 1

    def _start(self, index: int, content: str, *, is_item: bool) -> None:
        self.current = [content]
        self.current_line = index + 1
        self.current_is_item = is_item

    def _flush(self) -> None:
        if self.current:
            text = strip_inline("\n".join(self.current))
            if text:
                self.blocks.append(Block(self.current_line, text))
        self.current = []
        self.current_is_item = False

    def _skip_fence(self, index: int, marker: str) -> int:
        self._flush()
        closing = re.compile(rf"^\s*{re.escape(marker[0])}{{{len(marker)},}}\s*$")
        for end in range(index + 1, len(self.lines)):
            if closing.match(self.lines[end]):
                return end + 1
        return len(self.lines)

    def _skip_until(self, index: int, closing: re.Pattern[str]) -> int:
        self._flush()
        for end in range(index + 1, len(self.lines)):
            if closing.match(self.lines[end]):
                return end + 1
        return len(self.lines)

    def _skip_table(self, index: int) -> int:
        self._flush()
        end = index
        while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
            end += 1
        return end


def _is_table_start(lines: list[str], index: int) -> bool:
    """A pipe table starts with a ``|`` row or a header over a ``|---|`` row."""
    line = lines[index]
    if _TABLE_ROW.match(line) or _TABLE_SEPARATOR.match(line):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return "|" in line and bool(_TABLE_SEPARATOR.match(following))
