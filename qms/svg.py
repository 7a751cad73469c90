"""Tiny, dependency-free helpers for static, accessible SVG drawn at build time.

Charts on the portal are pictures made when the site is built: no JavaScript,
nothing fetched. Every picture carries a ``<title>`` and a ``<desc>`` named
by ``aria-labelledby`` and ``role="img"``, so a screen reader announces what
it shows; the page must also give the same facts as text or a table.

All text and attribute values are escaped here, so data can never turn into
markup. ``Drawing.markup()`` returns ``Markup`` for the page templates.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import Markup

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def escape(value: Any) -> str:
    """Text or attribute value, safe inside SVG (and HTML)."""
    return html.escape(str(value), quote=True)


def safe_id(value: str) -> str:
    """An XML id made of letters, digits, hyphens and underscores."""
    cleaned = _ID_UNSAFE.sub("-", str(value)).strip("-") or "svg"
    return cleaned if cleaned[0].isalpha() else f"svg-{cleaned}"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def attributes(attrs: dict[str, Any]) -> str:
    """``key="value"`` pairs in order; ``None`` and ``False`` leave an attribute out.

    A trailing underscore is dropped (``class_`` → ``class``) and other
    underscores become hyphens (``font_size`` → ``font-size``).
    """
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key[:-1] if key.endswith("_") else key.replace("_", "-")
        parts.append(f'{name}="{escape(_number(value))}"')
    return (" " + " ".join(parts)) if parts else ""


def element(tag: str, text: Any = None, children: Iterable[str] = (), **attrs: Any) -> str:
    """One element: escaped text, already-built child elements, or empty."""
    inner = escape(text) if text is not None else "".join(children)
    if not inner:
        return f"<{tag}{attributes(attrs)}/>"
    return f"<{tag}{attributes(attrs)}>{inner}</{tag}>"


@dataclass
class Drawing:
    """An SVG picture: add elements, then take ``markup()``.

    ``ident`` makes the ids of the title and the description unique on the page.
    """

    width: int
    height: int
    title: str
    description: str
    ident: str = "chart"
    css_class: str = ""
    font_family: str = "sans-serif"
    parts: list[str] = field(default_factory=list)

    def add(self, part: str) -> str:
        self.parts.append(part)
        return part

    def rect(self, x: float, y: float, width: float, height: float, **attrs: Any) -> str:
        return self.add(element("rect", x=x, y=y, width=max(width, 0), height=max(height, 0), **attrs))

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: Any) -> str:
        return self.add(element("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs))

    def text(self, x: float, y: float, value: Any, **attrs: Any) -> str:
        return self.add(element("text", value, x=x, y=y, **attrs))

    def tooltip_group(self, tooltip: str, children: Iterable[str], **attrs: Any) -> str:
        """A group whose ``<title>`` shows as a tooltip when pointed at."""
        return self.add(element("g", children=[element("title", tooltip), *children], **attrs))

    def markup(self) -> Markup:
        ident = safe_id(self.ident)
        title_id, desc_id = f"{ident}-title", f"{ident}-desc"
        head = (f'<svg xmlns="{SVG_NAMESPACE}"'
                + attributes({"viewBox": f"0 0 {self.width} {self.height}", "width": self.width,
                              "height": self.height, "role": "img",
                              "aria-labelledby": f"{title_id} {desc_id}",
                              "class": self.css_class or None, "id": ident,
                              "font-family": self.font_family or None})
                + ">")
        body = [element("title", self.title, id=title_id), element("desc", self.description, id=desc_id),
                *self.parts]
        return Markup(head + "".join(body) + "</svg>")


@dataclass(frozen=True)
class LinearScale:
    """Maps numbers from a domain onto a pixel range."""

    domain_start: float
    domain_end: float
    range_start: float
    range_end: float

    def __call__(self, value: float) -> float:
        span = self.domain_end - self.domain_start
        if span == 0:
            return self.range_start
        fraction = (value - self.domain_start) / span
        return self.range_start + fraction * (self.range_end - self.range_start)

    def ticks(self, count: int = 5) -> list[float]:
        """Evenly spaced values across the domain, both ends included."""
        if count < 2:
            return [self.domain_start]
        step = (self.domain_end - self.domain_start) / (count - 1)
        return [self.domain_start + step * index for index in range(count)]


@dataclass(frozen=True)
class DateScale:
    """Maps dates onto a pixel range (a time axis)."""

    start: dt.date
    end: dt.date
    range_start: float
    range_end: float

    def __call__(self, day: dt.date) -> float:
        return LinearScale(0, (self.end - self.start).days, self.range_start, self.range_end)(
            (day - self.start).days)

    def month_ticks(self) -> list[tuple[dt.date, str]]:
        """The first day of each month in the range, labelled 'Jan 2026'."""
        ticks = []
        day = dt.date(self.start.year, self.start.month, 1)
        if day < self.start:
            day = next_month(day)
        while day <= self.end:
            ticks.append((day, day.strftime("%b %Y")))
            day = next_month(day)
        return ticks


def month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
