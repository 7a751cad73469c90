"""Make text from data safe to place in generated Markdown.

Data is data: a field holding ``{{ config }}``, ``<script>`` or ``*stars*``
must show exactly as typed. Every value from data goes through ``plain`` on
its way into a page unless the schema declares the field as Markdown (then
the loader has checked it against the allowlist and ``inline_markdown``
passes it through).
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from .markdown_check import normalise, render

# Numeric character references are literal everywhere: in Markdown text, table cells, link text,
# HTML blocks and attribute values alike. Backslash escapes are not: Python-Markdown only knows
# some of them, and an unknown one (\~, \=) stays on the page as a visible backslash.
_ALWAYS = str.maketrans({
    **{char: f"&#{ord(char)};" for char in "\\`*_{}[]()#|~^!\""},
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
# These start a list, a rule, a setext heading or a definition only at the start of a line; indentation
# there would start a code block (where references show as typed), and HTML folds it away anyway.
_LINE_START = re.compile(r"^[ \t]*([-+=:]|\d+\.)?", re.MULTILINE)


def _line_start(match: re.Match) -> str:
    token = match.group(1) or ""
    return token[:-1] + "&#46;" if token.endswith(".") else (f"&#{ord(token)};" if token else "")


def plain(value: object) -> Markup:
    """Text that renders literally in Markdown and HTML: special characters become character references."""
    if isinstance(value, Markup):
        return value
    return Markup(_LINE_START.sub(_line_start, str(value).translate(_ALWAYS)))


def code(value: object) -> Markup:
    """An inline code span holding ``value`` literally (character references would show in code)."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Markup(f"{fence}{padding}{text}{padding}{fence}")


def block_markdown(value: object, indent: int = 0, lead: str = "") -> Markup:
    """A field declared as Markdown, placed so that all its blocks stay where the template puts it.

    The schema's Markdown type has already refused raw HTML, attribute lists, links or images
    outside the allowlist, unclosed code blocks and (where the field is inside something)
    headings, and the page's HTML passes the sanitiser; escaping here as well would show
    ``&lt;`` inside code spans instead of ``<``.

    The template writes the first line where it wants the text; every further line gets
    ``indent`` spaces, so paragraphs, lists, tables and code blocks stay inside a list item
    (Python-Markdown reads four spaces as "still inside the item") instead of ending the
    list and restarting its numbering. ``lead`` ("*Note:* ") goes before the first
    paragraph when that renders the same; before a list, a table or code it is a paragraph
    of its own.
    """
    text = normalise(str(value)).strip("\n").rstrip()
    if lead:
        text = _with_lead(text, lead)
    pad = " " * indent
    first, *rest = text.split("\n")
    return Markup("\n".join([first, *(pad + line if line.strip() else "" for line in rest)]))


def _with_lead(text: str, lead: str) -> str:
    joined = f"{lead.rstrip()} {text.lstrip()}"
    alone, label = render(text), render(lead.strip())
    if alone.startswith("<p>") and label.startswith("<p>") and label.endswith("</p>"):
        if render(joined) == f"{label[:-len('</p>')]} {alone[len('<p>'):]}":
            return joined
    return f"{lead.strip()}\n\n{text}"



def html_text(value: object) -> str:
    """For places MkDocs and Material put into HTML unescaped: titles, navigation labels, meta tags."""
    return html.escape(str(value), quote=True)


def yaml_string(value: object) -> Markup:
    """A front-matter string: JSON is valid YAML and quotes everything."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def one_line(value: object) -> str:
    return " ".join(str(value).split())


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A number and its noun in proper English ("1 draft", "3 drafts"), never "draft(s)":
    staff read these pages, and a bracketed plural reads like a form to fill in."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
