"""Markdown -> prose blocks, for readability scoring: what a reader reads as sentences.

markdown-it-py parses the text (CommonMark with tables, strikethrough,
footnotes, definition lists, admonitions and front matter), so every block
is found where a browser would show it. Each of these is its own block:

* a paragraph, wherever it is: in a list item at any depth, in a block
  quote (and a list inside one), an admonition or content tab, a footnote
  or the definition of a definition list;
* a table cell of the body that reads as prose: at least
  ``CELL_MIN_WORDS`` (4) words, or a full stop, question or exclamation
  mark after at least two; shorter cells are names, values and labels;
* each line of a paragraph ended by a hard break (``\\`` or two spaces at
  the end of the line, or ``<br>``): the break ends the line, and the next
  line is not glued into the sentence.

Not read: front matter, headings, table headings, admonition and tab
titles, code (fenced, indented and inline), math blocks, HTML comments and
``<script>``/``<style>``/``<pre>``, images, link targets, autolinks, bare
URLs and e-mail addresses, reference, abbreviation and snippet lines,
attribute lists, macro expressions and footnote references (see
:mod:`.inline`). A bold or italic label that ends with a colon at the start
of a line or sentence (``**Note:** text``, ``**Record**: …``) is a label,
not part of the sentence.

Fragments are not sentences: a sentence that a removed code span, URL,
address or macro left with fewer than ``FRAGMENT_MAX_WORDS`` + 1 words
("Contact us at.", "Example:"), and a block that is only a label of at
most ``LABEL_MAX_WORDS`` words ending in a colon ("Records:", "For example:").
With ``keep_hidden`` a kept sentence keeps a mark for each thing taken out of
it, so the readability report can count it for length and show the sentence as
written (:func:`.inline.hide`, :func:`.inline.shown`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

from .inline import MARK, REMOVED, hide, mark_removals, may_have_markup, shown, strip_inline, tidy, unmarked
from .text import split_sentences, words

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Block", "markdown_blocks", "strip_inline", "strip_markdown"]

CELL_MIN_WORDS = 4
FRAGMENT_MAX_WORDS = 3
LABEL_MAX_WORDS = 2


class Block(NamedTuple):
    """One prose block and the 1-based source line it starts on."""

    line: int
    text: str
    cell: bool = False  # a table cell: its row names who acts (a role column) or what is described


# A line that may be block-level Markdown rather than a plain paragraph.
_BLOCK_SYNTAX = re.compile(r"\s|[#>|!?=`~$*+\-_]|\d{1,9}[.)]|\[[^\]]*\]:|<")
# Removed before parsing; newlines are kept so line numbers stay right.
_MULTILINE_REMOVALS = re.compile(r"<!--.*?-->|<(script|style|pre)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_ABBREVIATION = re.compile(r"^\s{0,3}\*\[[^\]]+\]:")
_SNIPPET = re.compile(r"^\s*-{2,}8<-{2,}")
_MATH_FENCE = re.compile(r"^\s*\$\$")
_TAB_TITLE = re.compile(r"^(\s*)===(\+?)(?=\s)")
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKED_BRACKETS = re.compile(f"([(\\[])\\s*({MARK.pattern})\\s*([)\\]])")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_SKIPPED_CONTAINERS = {"heading_open": "heading_close", "th_open": "th_close",
                       "admonition_title_open": "admonition_title_close"}
_LABEL_OPENERS = {"strong_open": "strong_close", "em_open": "em_close"}


def strip_markdown(text: str) -> list[str]:
    """Return the prose blocks of a Markdown text (see the module docstring)."""
    return [block.text for block in markdown_blocks(text)]


def markdown_blocks(text: str, *, keep_hidden: bool = False) -> list[Block]:
    """Return the prose blocks of ``text`` with their starting line numbers.

    ``keep_hidden``: leave a mark where a code span, URL, address or macro stood in a sentence
    that is kept, so the caller can count it as the word a reader still reads and show it."""
    if "\n" not in text and not _BLOCK_SYNTAX.match(text) and not may_have_markup(text):
        # One line of plain prose (most YAML fields): no parser needed.
        stripped = _without_fragments(strip_inline(text))
        return [Block(1, stripped)] if stripped else []
    tokens = _parser().parse(_prepared(text))
    blocks = list(_blocks(tokens))
    if keep_hidden:
        return blocks
    return [block._replace(text=unmarked(block.text)) if REMOVED in block.text else block for block in blocks]


@lru_cache(maxsize=1)
def _parser() -> "MarkdownIt":
    # imported when first needed: most fields are plain lines, and every qms command imports this module
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    return (MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
            .use(footnote_plugin).use(deflist_plugin).use(admon_plugin))


def _prepared(text: str) -> str:
    """Blank out what CommonMark would read as prose, keeping every line where it was."""
    if "<" in text:
        text = _MULTILINE_REMOVALS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.split("\n")
    in_math = False
    for index, line in enumerate(lines):
        if _MATH_FENCE.match(line):
            stripped = line.strip()
            if not (len(stripped) > 4 and stripped.endswith("$$")):  # not a one-line $$ x $$
                in_math = not in_math
            lines[index] = ""
        elif in_math or _ABBREVIATION.match(line) or _SNIPPET.match(line):
            lines[index] = ""
        elif line.lstrip().startswith("==="):
            # a content tab is read like an admonition: the title is skipped, its indented body is prose
            lines[index] = _TAB_TITLE.sub(lambda m: m.group(1) + "!!!" + m.group(2), line, count=1)
    return "\n".join(lines)


def _blocks(tokens: list["Token"]) -> Iterator[Block]:
    index = 0
    row_line = 1
    cell = ""  # inside a table cell or a definition term: only prose counts
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in _SKIPPED_CONTAINERS:
            closing = _SKIPPED_CONTAINERS[kind]
            while tokens[index].type != closing:
                index += 1
        elif kind == "tr_open" and token.map:
            row_line = token.map[0] + 1
        elif kind in ("td_open", "dt_open"):
            cell = kind
        elif kind in ("td_close", "dt_close"):
            cell = ""
        elif kind == "inline":
            first = row_line if cell == "td_open" or not token.map else token.map[0] + 1
            for line, text in _lines(token, first):
                if not cell or _reads_as_prose(text):
                    yield Block(line, text, cell == "td_open")
        elif kind == "html_block" and token.map:
            text = _finish(mark_removals(token.content))
            if text:
                yield Block(token.map[0] + 1, text)
        index += 1


def _reads_as_prose(cell: str) -> bool:
    """A table cell or a term with a sentence in it, not a name, value or label."""
    count = len(words(cell))
    return count >= CELL_MIN_WORDS or (count >= 2 and bool(_SENTENCE_END.search(cell)))


def _lines(inline: "Token", first_line: int) -> Iterator[tuple[int, str]]:
    """Each line of an inline token that a hard break ends, as prose, with its source line."""
    children = inline.children or []
    parts: list[str] = []
    line = start = first_line
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append("\n")
            line += 1
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK_TAG.fullmatch(child.content.strip())):
            yield from _line(start, parts)
            parts = []
            line += kind == "hardbreak"
            start = line
        elif kind == "code_inline":
            parts.append(f" {hide(child.markup + child.content + child.markup)} ")
        elif kind in ("image", "math_inline"):
            parts.append(f" {REMOVED} ")
        elif kind == "link_open" and child.markup == "autolink":
            written = []
            while children[index].type != "link_close":
                written.append(children[index].content)
                index += 1
            parts.append(f" {hide('<' + ''.join(written) + '>')} ")
        elif kind == "html_inline":
            parts.append(" ")
        elif kind in _LABEL_OPENERS and _at_line_or_sentence_start(parts):
            index = _after_label(children, index, parts)
        index += 1
    yield from _line(start, parts)


def _line(line: int, parts: list[str]) -> Iterator[tuple[int, str]]:
    text = _finish(_TASK_BOX.sub("", "".join(parts).lstrip()))
    if text:
        yield line, text


def _at_line_or_sentence_start(parts: list[str]) -> bool:
    for part in reversed(parts):  # only the text just before counts: joining it all would be quadratic
        before = part.rstrip()
        if before:
            return bool(_SENTENCE_END.search(before))
    return True


def _after_label(children: list["Token"], index: int, parts: list[str]) -> int:
    """Skip a bold or italic label ending with a colon; return the index to go on from."""
    closing = _LABEL_OPENERS[children[index].type]
    end = index + 1
    while end < len(children) and children[end].type != closing:
        if children[end].type not in ("text", "code_inline", "em_open", "em_close", "strong_open",
                                      "strong_close"):
            return index  # a link or a break inside: not a plain label
        end += 1
    if end >= len(children):
        return index
    label = "".join(child.content for child in children[index + 1:end]).rstrip()
    following = children[end + 1] if end + 1 < len(children) else None
    if label.endswith(":"):
        return end
    if following is not None and following.type == "text" and following.content.startswith(":"):
        following.content = following.content[1:]
        return end
    return index


def _finish(text: str) -> str:
    """Parsed text -> the words a reader reads, without fragments."""
    return _without_fragments(strip_inline(mark_removals(text)))


def _without_bracket_marks(sentence: str) -> str:
    """The sentence with brackets around a lone mark taken into it (the mark stays: it is read)."""
    return tidy(_MARKED_BRACKETS.sub(lambda m: hide(m.group(1) + shown(m.group(2)) + m.group(3)), sentence))


def _without_fragments(text: str) -> str:
    """Drop the sentences of ``text`` that are fragments or labels (see the module docstring)."""
    if REMOVED not in text and not text.endswith(":"):
        return text
    kept = []
    sentences = split_sentences(text)
    for sentence in sentences:
        removed = REMOVED in sentence
        count = len(words(sentence))  # the mark is no word: a fragment is told by the words left
        if count == 0 or (removed and count <= FRAGMENT_MAX_WORDS):
            continue
        if len(sentences) == 1 and sentence.endswith(":") and count <= LABEL_MAX_WORDS:
            continue
        kept.append(_without_bracket_marks(sentence) if removed else sentence)
    return " ".join(kept)
