"""The allowlist every page's HTML passes before it is written: a second line of defence.

Data is escaped and Markdown fields are checked when they are loaded; this
policy still drops anything a page should never hold, whatever slipped
through: scripts, styles, frames, event handlers, links with other schemes
and resources from other hosts. It keeps everything the templates, the
Markdown extensions, Material and the SVG charts produce (a build test checks
that it removes nothing from the demo's pages).
"""

from __future__ import annotations

import re

import nh3

from .urls import link_allowed, resource_allowed

_HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre",
    "progress", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
# The charts of qms/svg.py; attribute names keep SVG's camelCase (viewBox).
_SVG_TAGS = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path",
             "text", "tspan", "title", "desc"}
_SVG_ATTRIBUTES = {
    "viewBox", "xmlns", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx",
    "ry", "d", "points", "dx", "dy", "transform", "fill", "fill-opacity", "stroke", "stroke-width",
    "stroke-dasharray", "stroke-linejoin", "stroke-linecap", "stroke-opacity", "opacity",
    "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline",
    "preserveAspectRatio", "focusable",
}
_GENERIC_ATTRIBUTES = {"class", "id", "title", "role", "hidden", "lang"}
_TAG_ATTRIBUTES = {
    "a": {"href"},
    "div": {"tabindex"},  # a table's scrolling box: the keyboard must reach it to scroll it
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "button": {"type", "disabled"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "progress": {"max", "value"},
    "time": {"datetime"},
    **{tag: _SVG_ATTRIBUTES for tag in _SVG_TAGS},
}
LINK_SCHEMES = {"http", "https", "mailto"}
# The tables extension aligns columns with a style attribute; no other style is kept (CSS can load URLs).
_TABLE_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")
# Control characters have no business in a page (ESC can drive a terminal that shows the source);
# the loader refuses them in data, and text read from older commits was never checked.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return value if link_allowed(value) else None
    if attribute == "src":
        return value if resource_allowed(value) else None
    if attribute == "style":
        return value if _TABLE_ALIGN.fullmatch(value.strip()) else None
    return value


def sanitize(html: str) -> str:
    """``html`` with everything outside the portal's allowlist removed."""
    return _CONTROL.sub("", nh3.clean(
        html,
        tags=_HTML_TAGS | _SVG_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed"},
        attributes={"*": _GENERIC_ATTRIBUTES, **_TAG_ATTRIBUTES},
        generic_attribute_prefixes={"data-", "aria-"},
        attribute_filter=_filter,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ))
