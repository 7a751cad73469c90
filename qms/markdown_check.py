"""Is a Markdown field inside the allowlist? Render it as the site does and read the HTML.

Checking the rendered HTML instead of the source means entity, case and
whitespace tricks meet the same parser a browser uses. Two constructs cannot
be told apart in the HTML alone, so the text is rendered three ways: as the
site renders it, without raw HTML and without attribute lists. Any
difference between those renderings means the author wrote raw HTML or an
attribute list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown

from .urls import link_allowed, resource_allowed

# The same extensions as mkdocs.yml (tests/test_markdown_fields.py keeps the two lists equal).
EXTENSIONS = ("abbr", "admonition", "attr_list", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences")
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

LINK_HINT = "link to http://, https://, mailto: or a page of the portal, e.g. [QP-004](../QP-004.md)"
IMAGE_HINT = "use an image stored in the portal, with a relative path such as images/chart.png"
URL_ATTRIBUTES = {"href": "link", "src": "image", "srcset": "image", "poster": "image",
                  "action": "link", "formaction": "link", "background": "image", "cite": "link"}


@dataclass(frozen=True)
class Problem:
    """One construct outside the allowlist: where it starts in the text, what is wrong, what to do."""

    offset: int
    message: str
    hint: str


def problems(text: str) -> list[Problem]:
    """Everything in ``text`` a Markdown field may not hold; empty when it is safe."""
    if not any(char in text for char in "<[{"):
        return []  # no tag, link, image, reference or attribute list can start without one of these
    site, references = _render(text, with_references=True)
    found: list[Problem] = []
    if "<" in text and site != _render(text, raw_html=False):
        found.append(Problem(_offset(text, r"<[A-Za-z/!?]"), "raw HTML is not allowed",
                             "write Markdown instead (**bold**, [text](https://…)); "
                             "to show a tag as text, put it in `backticks`"))
    if "{" in text and site != _render(text, attribute_lists=False):
        found.append(Problem(_offset(text, r"\{:?\s*[#.:\w]"), "attribute lists {: …} are not allowed",
                             "remove the {: …} part; the portal styles pages itself"))
    for attribute, url in _urls(site) + [("href", url) for url in references]:
        kind = URL_ATTRIBUTES.get(attribute, "link")
        if kind == "image" and not resource_allowed(url):
            found.append(Problem(_offset(text, re.escape(url)), f"the image {url!r} is not part of the portal",
                                 IMAGE_HINT))
        elif kind == "link" and not link_allowed(url):
            found.append(Problem(_offset(text, re.escape(url)), f"the link {url!r} is not allowed", LINK_HINT))
    return list(dict.fromkeys(found))  # a used reference shows up as a link and as a definition


def _render(text: str, raw_html: bool = True, attribute_lists: bool = True, with_references: bool = False):
    md = _markdown(raw_html, attribute_lists)
    md.reset()
    html = md.convert(text)
    if with_references:
        return html, [url for url, _title in md.references.values()]
    return html


@lru_cache(maxsize=None)
def _markdown(raw_html: bool, attribute_lists: bool) -> markdown.Markdown:
    """One converter per variant and process, reset before each use (building one costs milliseconds)."""
    extensions = [name for name in EXTENSIONS if attribute_lists or name != "attr_list"]
    md = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)
    if not raw_html:
        # Without these two, Python-Markdown shows every tag, comment and instruction as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md


def _offset(text: str, pattern: str) -> int:
    match = re.search(pattern, text, flags=re.IGNORECASE)
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
