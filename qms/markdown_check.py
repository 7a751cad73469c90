"""Is a Markdown field inside the allowlist? Render it as the site does and read the HTML.

Checking the rendered HTML instead of the source means entity, case and
whitespace tricks meet the same parser a browser uses. Two constructs cannot
be told apart in the HTML alone, so the text is rendered three ways: as the
site renders it, without raw HTML and without attribute lists. Any
difference between those renderings means the author wrote raw HTML or an
attribute list.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown

from .markdown_places import url_place
from .urls import link_allowed, resource_allowed

# The same extensions as mkdocs.yml (tests/test_markdown_fields.py keeps the two lists equal).
EXTENSIONS = ("abbr", "admonition", "attr_list", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences")
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

LINK_HINT = "link to http://, https://, mailto: or a page of the portal, e.g. [QP-004](../QP-004.md)"
IMAGE_HINT = "use an image stored in the portal, with a relative path such as images/chart.png"
RAW_HTML = "raw HTML is not allowed"
RAW_HTML_HINT = "write Markdown instead (**bold**, [text](https://…)); to show a tag as text, put it in `backticks`"
ATTRIBUTE_LIST = "attribute lists {: …} are not allowed"
ATTRIBUTE_LIST_HINT = "remove the {: …} part; the portal styles pages itself"
URL_ATTRIBUTES = {"href": "link", "src": "image", "srcset": "image", "poster": "image",
                  "action": "link", "formaction": "link", "background": "image", "cite": "link"}


@dataclass(frozen=True)
class Problem:
    """One construct outside the allowlist: where it starts in the text, what is wrong, what to do."""

    offset: int
    message: str
    hint: str


def problems(text: str, headings: bool = True, heading_levels: tuple[int, int] | None = None) -> list[Problem]:
    """Everything in ``text`` a Markdown field may not hold; empty when it is safe.

    ``headings=False`` for a field shown inside something else (a step, a section): a heading
    there would break the page's outline and its table of contents. ``heading_levels=(2, 4)``
    for a field whose headings the page moves under a heading of its own (see ``heading_lines``):
    only ``##`` to ``####`` lines, each a heading the page can find and move.
    """
    text = normalise(text)
    found = _blocks(text, headings)
    if headings and heading_levels:
        found += _heading_problems(text, heading_levels)
    if not any(char in text for char in "<[{"):
        return found  # no tag, link, image, reference or attribute list can start without one of these
    site, references = _render(text, with_references=True)
    # The page as it would be without raw HTML: its links and images are the author's Markdown;
    # a URL inside a tag is part of that tag, reported once as raw HTML.
    plain = _render(text, raw_html=False) if "<" in text else site
    inline: list[Problem] = []
    if plain != site:
        inline += _raw_html(text, site, plain)
    if "{" in text and site != _render(text, attribute_lists=False):
        inline += _attribute_lists(text, site)
    inline += _url_problems(text, plain, references)
    # A used reference shows up as a link and as a definition: one message for both.
    return found + sorted(dict.fromkeys(inline), key=lambda problem: problem.offset)


def normalise(text: str) -> str:
    """Line breaks as Markdown reads them: Windows and old Mac endings become plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render(text: str) -> str:
    """``text`` as the site renders it, on its own (the page puts it inside a step or a section)."""
    return _render(normalise(text))


def _blocks(text: str, headings: bool) -> list[Problem]:
    """Block constructs that would not stay inside the field once it is placed in a page."""
    found: list[Problem] = []
    fence = _open_fence(text)
    if fence is not None:
        found.append(Problem(fence, "a code block is opened with ``` and never closed",
                             "end the code block with a line holding only ``` (or the ~~~ it began with)"))
    both_lists = _LIST_MARKS.issubset(_list_kinds(text))
    tables = _table_rows(text)
    html = _render(text) if not headings or both_lists or tables else ""
    if len(tables) > html.count("<table"):
        found.append(Problem(tables[0], "a table does not show as a table: its lines would appear with their | signs",
                             "leave a blank line before the table, start it with a header row, "
                             "and put the row |---|---| (one --- per column) under it"))
    if not headings and _HEADING.search(html):
        found.append(Problem(_offset(text, r"^[ \t]*#|^[ \t]*(-{2,}|={2,})[ \t]*$"),
                             "a heading cannot go here: it would break the page's outline",
                             "write the title as **bold text** on a line of its own"))
    if both_lists and html != _render(text, separate_lists=True):
        found.append(Problem(_second_list(text),
                             "a bulleted list and a numbered list follow each other, so they merge into one list",
                             "put a line of text between the two lists, such as \"Then:\""))
    return found


_HEADING = re.compile(r"<h[1-6][\s>]")
_ATX = re.compile(r"^([ \t]{0,3})(#{1,6})(.*)$")


def heading_lines(text: str) -> list[tuple[int, int, str, str]]:
    """The ``#`` heading lines of ``text`` outside code blocks: (line index, level, indentation, title).

    The title is without the optional closing ``#`` marks. Python-Markdown reads a ``#`` at the
    start of a line as a heading, with or without a space after it.
    """
    found, fence = [], None
    for index, line in enumerate(normalise(text).split("\n")):
        fenced = _FENCE.match(line)
        if fenced and (fence is None or fenced.group(1)[0] == fence):
            fence = fenced.group(1)[0] if fence is None else None
            continue
        match = _ATX.match(line) if fence is None else None
        if match:
            indent, marks, title = match.groups()
            found.append((index, len(marks), indent, re.sub(r"[ \t]+#+[ \t]*$|^#+[ \t]*$", "", title).strip()))
    return found


def _heading_problems(text: str, levels: tuple[int, int]) -> list[Problem]:
    """Headings a page cannot move under its own: underlined ones, those in lists or quotes, wrong levels."""
    lines = heading_lines(text)
    starts = _line_starts(text)
    low, high = levels
    found = []
    if len(_HEADING.findall(_render(text))) != len(lines):
        found.append(Problem(_offset(text, r"^[ \t]*(-{2,}|={2,})[ \t]*$|^[ \t]*>[ \t]*#|^[ \t]{4,}#"),
                             "this heading cannot be placed in the page's outline",
                             f"start the line with {'#' * low} and a space (no underlined titles, "
                             "no headings inside a list or a quote)"))
    for index, level, _indent, _title in lines:
        if level < low:
            found.append(Problem(starts[index], f"a heading here starts with {'#' * low}: {'#' * level} is "
                                 "for headings of the page itself",
                                 f"write {'#' * low} for a part of this text, {'#' * (low + 1)} for a part inside it"))
        elif level > high:
            found.append(Problem(starts[index], f"a heading here goes at most {high - low + 1} levels deep "
                                 f"({'#' * low} to {'#' * high})",
                                 f"use {'#' * high} or fewer #, or write the title as **bold text**"))
    return found


def _line_starts(text: str) -> list[int]:
    starts, offset = [], 0
    for line in text.split("\n"):
        starts.append(offset)
        offset += len(line) + 1
    return starts
_LIST_MARKS = {"bullet", "number"}
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")


def _list_kinds(text: str) -> set[str]:
    kinds = set()
    if re.search(r"^[ \t]*[-+*][ \t]", text, flags=re.MULTILINE):
        kinds.add("bullet")
    if re.search(r"^[ \t]*\d+\.[ \t]", text, flags=re.MULTILINE):
        kinds.add("number")
    return kinds


_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|"
                            r"^[ \t]*\|[ \t]*:?-+:?[ \t]*\|[ \t]*$")


def _table_rows(text: str) -> list[int]:
    """Where each table starts (the line above its |---| row), outside code blocks."""
    starts, offset, previous, fence = [], 0, 0, None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1)[0] == fence):
            fence = match.group(1)[0] if fence is None else None
        elif fence is None and _DELIMITER_ROW.match(line):
            starts.append(previous)
        previous, offset = offset, offset + len(line) + 1
    return starts


def _second_list(text: str) -> int:
    """Where the first list item of the other kind than the list before it starts."""
    last, offset = None, 0
    for line in text.split("\n"):
        kind = "bullet" if re.match(r"[ \t]*[-+*][ \t]", line) else (
            "number" if re.match(r"[ \t]*\d+\.[ \t]", line) else None)
        if kind and last and kind != last:
            return offset
        last = kind or last
        offset += len(line) + 1
    return 0


def _open_fence(text: str) -> int | None:
    """Where a fenced code block starts that no line closes, or None.

    Placed in a page, such a block would run on and swallow the rest of the step or the page.
    """
    opened: tuple[str, int] | None = None
    offset = 0
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match:
            marks, rest = match.groups()
            if opened is None:
                if not (marks[0] == "`" and "`" in rest):  # ```x``` on one line is inline code
                    opened = (marks, offset)
            elif marks[0] == opened[0][0] and len(marks) >= len(opened[0]) and not rest.strip():
                opened = None
        offset += len(line) + 1
    return opened[1] if opened else None


def _render(text: str, raw_html: bool = True, attribute_lists: bool = True, with_references: bool = False,
            separate_lists: bool = False):
    md = _markdown(raw_html, attribute_lists, separate_lists)
    md.reset()
    html = md.convert(text)
    if with_references:
        return html, [url for url, _title in md.references.values()]
    return html


@lru_cache(maxsize=None)
def _markdown(raw_html: bool, attribute_lists: bool, separate_lists: bool = False) -> markdown.Markdown:
    """One converter per variant and process, reset before each use (building one costs milliseconds)."""
    extensions = [name for name in EXTENSIONS if attribute_lists or name != "attr_list"]
    md = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)
    if separate_lists:
        # Python-Markdown continues a list with items of the other kind ("- a" then "1. b"); the
        # site renders that way, so this variant only tells when a text relies on it.
        md.parser.blockprocessors["olist"].SIBLING_TAGS = ["ol"]
        md.parser.blockprocessors["ulist"].SIBLING_TAGS = ["ul"]
    if not raw_html:
        # Without these two, Python-Markdown shows every tag, comment and instruction as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md


_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*|!--|[!?])")
_ATTRIBUTE_LIST = re.compile(r"\{:?\s*[#.:\w]")
_MOST_TRIES = 100


def _raw_html(text: str, site: str, plain: str) -> list[Problem]:
    """One problem per tag, comment or instruction the site would pass on as HTML.

    A ``<`` starts raw HTML when writing it as ``&lt;`` changes the site's page but not the page
    without raw HTML: in code, in an autolink or in a link's address it changes both. The end
    tag of a reported tag and whatever a comment holds are part of that one construct. Each try
    renders the text twice, so a pasted web page stops after ``_MOST_TRIES`` (the build fails
    all the same, and the next run shows the rest).
    """
    found: list[Problem] = []
    open_tags: dict[str, int] = {}
    skip_to = 0
    for match in itertools.islice(_TAG.finditer(text), _MOST_TRIES):
        start, closing, name = match.start(), match.group(1), match.group(2).lower()
        if closing and open_tags.get(name):
            open_tags[name] -= 1  # the end of a reported tag, raw as well or not
            continue
        if start < skip_to or not _changes(text, start, 1, "&lt;", site, plain, raw_html=False):
            continue
        if name == "!--":
            end = text.find("-->", start + 4)
            skip_to = len(text) if end < 0 else end + 3
        elif not closing and name not in "!?":
            open_tags[name] = open_tags.get(name, 0) + 1
        found.append(Problem(start, RAW_HTML, RAW_HTML_HINT))
    return found or [Problem(_offset(text, r"<[A-Za-z/!?]"), RAW_HTML, RAW_HTML_HINT)]


def _attribute_lists(text: str, site: str) -> list[Problem]:
    """One problem per attribute list: a ``{`` whose backslash escape changes only the site's page."""
    plain = _render(text, attribute_lists=False)
    found = [Problem(match.start(), ATTRIBUTE_LIST, ATTRIBUTE_LIST_HINT)
             for match in itertools.islice(_ATTRIBUTE_LIST.finditer(text), _MOST_TRIES)
             if _changes(text, match.start(), 0, "\\", site, plain, attribute_lists=False)]
    return found or [Problem(_offset(text, r"\{:?\s*[#.:\w]"), ATTRIBUTE_LIST, ATTRIBUTE_LIST_HINT)]


def _changes(text: str, start: int, length: int, written: str, site: str, plain: str, **without: bool) -> bool:
    """Does ``written`` in place of ``text[start:start + length]`` change the site's page and not ``plain``?"""
    changed = text[:start] + written + text[start + length:]
    return _render(changed, **without) == plain and _render(changed) != site  # code, the common miss, costs one


def _url_problems(text: str, html: str, references: list[str]) -> list[Problem]:
    """Links and images outside the allowlist, each at the place in ``text`` that wrote it.

    The page lists links and images in the order of the text, so each is looked for after the
    one before; an address written twice (a link, then an image) is then found where its own
    construct writes it.
    """
    found, cursor = [], 0
    items = [(URL_ATTRIBUTES.get(attribute, "link"), url, False) for attribute, url in _urls(html)]
    for kind, url, defined in items + [("link", url, True) for url in references]:
        start, cursor = url_place(text, kind, url, cursor, defined)
        if kind == "image" and not resource_allowed(url):
            found.append(Problem(start, f"the image {url!r} is not part of the portal", IMAGE_HINT))
        elif kind == "link" and not link_allowed(url):
            found.append(Problem(start, f"the link {url!r} is not allowed", LINK_HINT))
    return found


def _offset(text: str, pattern: str) -> int:
    match = re.search(pattern, text, flags=re.IGNORECASE | re.MULTILINE)
    return match.start() if match else 0


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
                self.found.extend((name, url) for url in urls)


def _urls(html: str) -> list[tuple[str, str]]:
    collector = _UrlCollector()
    collector.feed(html)
    collector.close()
    return collector.found
