"""The pages of printed copies: one check page per revision, and the whole manual on one page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from markupsafe import Markup

from ...model import Document, Repository
from ...render import GeneratedPage, Renderer
from .copies import check_path, check_uri, check_url, copy_check, css_string, qr_svg

MANUAL_URI = "manual.md"
SEP = " \u00b7 "  # the middle dot the footer uses too


@dataclass(frozen=True)
class PrintedCopy:
    """What a printed procedure carries: its sheet header, and where its QR code leads."""

    header_left: str  # CSS strings (see copies.css_string), for the page's @page rule
    header_right: str
    rev: str | None
    url: str  # absolute address of the check page, "" without site_url
    path: str  # the check page below the site root, to show when there is no site_url
    qr: Markup | None


def status_label(doc: Document) -> str:
    return doc.status.capitalize()


def printed_copy(doc: Document, site_url: str = "", environ: Mapping[str, str] | None = None) -> PrintedCopy:
    """The header and check code of a printed copy of ``doc`` (template global of the procedure slot)."""
    revisions = list(doc.revisions or [])
    rev = str(revisions[-1].rev) if revisions else None
    left = css_string(f"{doc.id} {doc.title}")
    right = css_string(f"Revision {rev if rev is not None else 'none'}{SEP}{status_label(doc)}")
    if rev is None:
        return PrintedCopy(left, right, None, "", "", None)
    url = check_url(site_url, environ or {}, doc.id, rev)
    qr = qr_svg(url, f"QR code: is revision {rev} of {doc.id} still current? It opens {url}") if url else None
    return PrintedCopy(left, right, rev, url, check_path(doc.id, rev), qr)


def current_procedures(repository: Repository) -> list[Document]:
    """The procedures in force: published and not obsolete, by id."""
    return sorted((doc for doc in repository.published("procedure") if doc.status == "approved"),
                  key=lambda d: d.id)


def check_pages(renderer: Renderer) -> list[GeneratedPage]:
    """A page for every revision of every published procedure: a copy of any of them may be on paper."""
    pages = []
    for doc in sorted(renderer.repository.published("procedure"), key=lambda d: d.id):
        revisions = list(doc.revisions or [])
        for index, revision in enumerate(revisions):
            check = copy_check(doc.status, revisions, index)
            title = f"Is revision {revision.rev} of {doc.id} current?"
            pages.append(renderer.page("controlled_copies/check.md.j2", check_uri(doc.id, revision.rev), title,
                                       doc.path, doc=doc, check=check, exclude_from_search=True))
    return pages


def manual_page(renderer: Renderer) -> list[GeneratedPage]:
    """Every procedure in force with its steps on one page, each starting on a new sheet when printed.

    Left out of search: it holds the text of every procedure, so it would match every query.
    """
    docs = current_procedures(renderer.repository)
    copies = {doc.id: printed_copy(doc) for doc in docs}
    org = renderer.repository.organisation
    return [renderer.page("controlled_copies/manual.md.j2", MANUAL_URI, "The whole manual", None,
                          docs=docs, copies=copies, exclude_from_search=True,
                          manual_left=css_string(f"{org.name}{SEP}Quality manual"),
                          manual_right=css_string(f"{len(docs)} procedures in force"))]
