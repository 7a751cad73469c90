"""What a printed copy carries and what its check page says, as plain functions.

A printed procedure is out of the portal's control the moment it leaves the
printer. Each sheet names the document, revision and status (CSS paged
media, see ``docs/stylesheets/print.css`` and ``docs/javascripts/print.js``),
and the copy carries a QR code that leads to a page of the portal saying
whether that revision is still the one in force.
"""

from __future__ import annotations

import html
import io
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import segno
from markupsafe import Markup

CHECK_PREFIX = "check"
# the alias `qms publish` keeps on the newest release (qms.publish.LATEST; not imported, because the
# publish command imports the build, and a feature must not pull the build into its own import)
LATEST = "latest"
# mike names the release it builds here and appends it to site_url (mike.mkdocs_plugin.on_config)
MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"
# characters a CSS string may hold as they are; everything else becomes an escape, so no data can
# end the string, the rule or the <style> element that holds it ("</style>", quotes, backslashes)
_CSS_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
_SLUG_SAFE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")


def css_string(text: Any) -> str:
    """``text`` as a quoted CSS string that shows exactly as typed.

    Every character but ASCII letters, digits and space becomes a hexadecimal escape
    ending in a space (``\\22 `` for a quote), the form CSS reads back unambiguously.
    NUL, which CSS turns into U+FFFD anyway, is written as U+FFFD.
    """
    out = []
    for char in str(text):
        if char in _CSS_SAFE:
            out.append(char)
        else:
            out.append(f"\\{ord(char) if char != chr(0) else 0xFFFD:x} ")
    return '"' + "".join(out) + '"'


def revision_slug(rev: Any) -> str:
    """The address segment of a revision: the label itself when it is safe in a path, else
    ``_`` and its UTF-8 bytes in hex (labels are free text; ``_`` cannot start a plain one)."""
    label = str(rev)
    if _SLUG_SAFE.fullmatch(label):
        return label
    return "_" + label.encode("utf-8").hex()


def check_uri(doc_id: str, rev: Any) -> str:
    """Source path of the check page of one revision, served at ``check/<id>/<revision>/``."""
    return f"{CHECK_PREFIX}/{doc_id}/{revision_slug(rev)}.md"


def check_path(doc_id: str, rev: Any) -> str:
    """The check page's address below the site root, each segment URL-escaped."""
    return (f"{CHECK_PREFIX}/{urllib.parse.quote(doc_id, safe='')}/"
            f"{urllib.parse.quote(revision_slug(rev), safe='')}/")


def newest_site_url(site_url: str, environ: Mapping[str, str]) -> str:
    """The address of the newest release of the portal.

    A release built by mike has its version appended to ``site_url``; a copy printed
    from it must check against whatever release is newest when it is scanned, so the
    version becomes the ``latest`` alias ``qms publish`` keeps.
    """
    base = site_url.strip()
    if not base:
        return ""
    version = environ.get(MIKE_VERSION_ENV, "").strip()
    trimmed = base.rstrip("/")
    if version and trimmed.rsplit("/", 1)[-1] == version:
        trimmed = trimmed[: -len(version)] + LATEST
    return trimmed + "/"


def check_url(site_url: str, environ: Mapping[str, str], doc_id: str, rev: Any) -> str:
    """The absolute address a printed copy's QR code holds, or "" without a site_url."""
    base = newest_site_url(site_url, environ)
    return base + check_path(doc_id, rev) if base else ""


def qr_svg(url: str, label: str) -> Markup:
    """A QR code of ``url`` as inline SVG, drawn at build time by segno.

    The quiet zone of four modules is part of the drawing, so the code scans on
    any background; ``label`` names it for screen readers.
    """
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4,
              svgclass=None, lineclass=None, dark="#000")
    svg = buffer.getvalue().decode("ascii")
    if not svg.startswith("<svg "):  # segno's output is the contract; fail loudly if it changes
        raise ValueError("segno wrote an SVG this portal does not expect")
    attributes = f'class="qms-qr" role="img" aria-label="{html.escape(label, quote=True)}" '
    return Markup("<svg " + attributes + svg[len("<svg "):])


@dataclass(frozen=True)
class CopyCheck:
    """What the check page of one revision says."""

    state: str  # "current", "replaced" or "withdrawn" (the whole document is obsolete)
    revision: Any  # the revision the printed copy shows
    current: Any | None  # the revision in force now (None when the document has none)
    since: tuple[Any, ...] = ()  # revisions made after the printed one, oldest first


def copy_check(status: str, revisions: Sequence[Any], index: int) -> CopyCheck:
    """Whether revision ``revisions[index]`` of a document with ``status`` is still in force."""
    revision = revisions[index]
    current = revisions[-1] if revisions else None
    since = tuple(revisions[index + 1:])
    if status == "obsolete":
        return CopyCheck("withdrawn", revision, current, since)
    if index == len(revisions) - 1:
        return CopyCheck("current", revision, current)
    return CopyCheck("replaced", revision, current, since)
