"""Controlled copies: what a printed procedure carries, and pages to check a printed copy against.

- Procedure pages get, through the slot ``procedure.print``, the texts of the header every printed
  sheet carries (id, title, revision, status) and a box with a QR code drawn at build time.
- ``check/<id>/<revision>/`` says for every revision in a procedure's history whether it is still
  in force and what changed since; the QR code of a printed copy leads there, in the newest release.
- ``manual/`` holds every procedure in force on one page, to print or save as PDF for an audit.

The sheet header and footer themselves are CSS paged media (``docs/stylesheets/print.css``) and a
small script (``docs/javascripts/print.js``) that adds the reader's date of printing.
"""

from __future__ import annotations

from pathlib import Path

from ...registry import Feature
from .pages import check_pages, manual_page, printed_copy

FEATURE = Feature(
    name="controlled_copies",
    templates=Path(__file__).parent / "templates",
    slots={"procedure.print": ("controlled_copies/print_copy.md.j2",)},
    pages=(check_pages, manual_page),
    nav=lambda repository, generated, settings: [],  # reached from the home page and from printed copies
    template_globals={"printed_copy": printed_copy},
)
