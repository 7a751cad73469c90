"""Which link targets and resource addresses the portal allows, read the way a browser reads them.

Browsers drop ASCII tab and newline anywhere in a URL and leading or trailing
spaces and control characters, and compare schemes without regard to case, so
``" JaVa\tScRiPt:alert(1)"`` is a ``javascript:`` URL. Callers pass attribute
values already entity-decoded (html.parser does that).
"""

from __future__ import annotations

import re

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED_ANYWHERE = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(code) for code in range(0x21)) + "\x7f"
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalised(url: str) -> str:
    """The URL as a browser's parser sees it: edges trimmed, tabs and newlines gone, ``\\`` read as ``/``."""
    return _DROPPED_ANYWHERE.sub("", url.strip(_EDGES)).replace("\\", "/")


def scheme(url: str) -> str | None:
    """Lower-case scheme, or None for a relative URL (``page.md``, ``../x``, ``#anchor``, ``//host``)."""
    match = _SCHEME.match(normalised(url))
    return match.group(1).lower() if match else None


def other_host(url: str) -> bool:
    """A scheme-relative URL (``//host/…``) points at another host."""
    return normalised(url).startswith("//")


def link_allowed(url: str) -> bool:
    """Links may go to http, https, mailto, or anywhere in the portal (relative paths, #anchors)."""
    if _CONTROL.search(normalised(url)):
        return False  # no browser quirk gets a say
    found = scheme(url)
    return found in LINK_SCHEMES if found else True


def resource_allowed(url: str) -> bool:
    """Images and other loaded resources come from the site itself: no scheme, no other host."""
    return link_allowed(url) and scheme(url) is None and not other_host(url)
