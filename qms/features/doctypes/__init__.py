"""More controlled document types: forms and templates, work instructions, external documents.

They share document control with procedures (owner, status, revisions and
approval, review dates, the register, history, search, the dashboard and the
readability gate) and any reference to a controlled document may name them:
``doc_ref`` fields accept the id of any kind declared ``controlled``.

- ``data/forms/FRM-NNN.yml`` with its file in ``data/forms/files/``: the page
  offers the file for download under a name with the id and revision.
- ``data/work-instructions/WI-NNN.yml`` with pictures in
  ``data/work-instructions/images/`` (PNG, JPEG, GIF, WebP; never SVG).
- ``data/external-documents/EXT-NNN.yml``: origin, edition, where it is kept
  and the edition check (who checks for a new edition, and when), flagged
  when due like a review date.

``qms new form`` (or ``work-instruction``, ``external-document``) writes a draft of
each with the next free id; each may claim ``clauses``, which count on the
clause coverage pages like a procedure's.

Search indexes each page from the data (``search``: what each page shows under
which heading), so the search box and ``qms search`` find them alike.
"""

from __future__ import annotations

from pathlib import Path

from ...registry import Feature
from ...validate import check_controlled
from .analysis import FLAG_KINDS, analyse_doctypes
from .checks import check_form, check_unique_ids, check_work_instruction
from .kinds import KINDS, external_document, form, work_instruction
from .pages import form_context, navigation, site_files, work_instruction_context
from .scaffold import SCAFFOLDS
from .search import external_document_sections, form_sections, work_instruction_sections

__all__ = ["FEATURE"]

FEATURE = Feature(
    name="doctypes",
    kinds=KINDS,
    templates=Path(__file__).parent / "templates",
    checks={form.name: (check_controlled, check_form),
            work_instruction.name: (check_controlled, check_work_instruction),
            external_document.name: (check_controlled,)},
    repository_checks=(check_unique_ids,),
    analyse=analyse_doctypes,
    page_context={form.name: form_context, work_instruction.name: work_instruction_context},
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    site_files=site_files,
    services=SCAFFOLDS,
    search_sections={form.name: form_sections, work_instruction.name: work_instruction_sections,
                     external_document.name: external_document_sections},
)
