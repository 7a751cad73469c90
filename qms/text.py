"""Make text from data safe to place in generated Markdown.

Data is data: a field holding ``{{ config }}``, ``<script>`` or ``*stars*``
must show exactly as typed. Every value from data goes through ``plain`` on
its way into a page unless a template says the field allows Markdown, in
which case ``inline_markdown`` keeps Markdown syntax but still neutralises
HTML and attribute lists.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

_ESCAPES = str.maketrans({
    **{char: "\\" + char for char in "\\`*_[]{}()#+!|~^=-"},
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def plain(value: object) -> Markup:
    """Text that renders literally in Markdown and HTML (Markdown escapes, then HTML entities)."""
    if isinstance(value, Markup):
        return value
    text = str(value).translate(_ESCAPES)
    if "." in text:
        text = _LINE_START_NUMBER.sub(r"\1\\.", text)
    return Markup(text)


def inline_markdown(value: object) -> Markup:
    """Markdown stays Markdown; raw HTML, attribute lists and template braces are neutralised."""
    text = html.escape(str(value), quote=False)
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(text)


def html_text(value: object) -> str:
    """For places MkDocs and Material put into HTML unescaped: titles, navigation labels, meta tags."""
    return html.escape(str(value), quote=True)


def yaml_string(value: object) -> Markup:
    """A front-matter string: JSON is valid YAML and quotes everything."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def one_line(value: object) -> str:
    return " ".join(str(value).split())
