"""``qms new form|work-instruction|external-document``: a new draft with the next free id.

Each text loads without errors as written, with "Say …" where the author writes their own words.
A form is the exception: its file is a document only the author has, so a comment says where to
put it, and ``qms check`` names the missing file until it is there.
"""

from __future__ import annotations

import datetime as dt

from ...model import Repository
from ...scaffold import quote, scaffold_service
from .kinds import FORMS_FOLDER, WORK_INSTRUCTIONS_FOLDER, external_document, form, work_instruction


def _area_line(area: str | None, repository: Repository) -> str:
    if area:
        return f"area: {area}\n"
    example = next(iter(repository.areas), "production")
    return f"# area: {example}   (optional: the process area it belongs to)\n"


def _control_tail(written: str, review: bool = True) -> str:
    """Related documents, clauses, keywords, review dates and the first draft revision."""
    review_part = f"""review:
  last_reviewed: {written}
  interval_months: 12
""" if review else ""
    return f"""related: []
# Clauses of ISO 9001 it helps to meet, shown on the clause coverage page, e.g. ["7.5.3"]:
clauses: []
keywords: []
{review_part}revisions:
  - rev: "0.1"
    date: {written}
    summary: First draft.
"""


def new_form(repository: Repository, doc_id: str, title: str, owner: str, area: str | None,
             today: dt.date) -> str:
    return f"""# yaml-language-server: $schema=../../schemas/form.schema.json
id: {doc_id}
title: {quote(title)}
status: draft
owner: {owner}
{_area_line(area, repository)}purpose: Say in one or two sentences what the form is for.
# Put the form's file (Word, Excel, PDF, …) in data/{FORMS_FOLDER}/files/ and write its name here.
# qms check reports the file as missing until it is there.
file: files/{doc_id}.docx
instructions: Say how to fill it in and where to send it.
{_control_tail(today.isoformat())}"""


def new_work_instruction(repository: Repository, doc_id: str, title: str, owner: str, area: str | None,
                         today: dt.date) -> str:
    return f"""# yaml-language-server: $schema=../../schemas/work-instruction.schema.json
id: {doc_id}
title: {quote(title)}
status: draft
owner: {owner}
{_area_line(area, repository)}purpose: Say in one sentence what the task achieves.
audience: [{owner}]
# safety: Say what to check before starting, if anything.
equipment: []
steps:
  - action: Write the first step as an instruction, for example "Switch off the machine".
    # Pictures go in data/{WORK_INSTRUCTIONS_FOLDER}/images/ (PNG, JPEG, GIF or WebP):
    # images:
    #   - file: images/{doc_id}-first-step.png
    #     alt: Say what the picture shows.
{_control_tail(today.isoformat())}"""


def new_external_document(repository: Repository, doc_id: str, title: str, owner: str, area: str | None,
                          today: dt.date) -> str:
    written = today.isoformat()
    return f"""# yaml-language-server: $schema=../../schemas/external-document.schema.json
id: {doc_id}
title: {quote(title)}
status: draft
owner: {owner}
{_area_line(area, repository)}purpose: Say what we use it for.
origin: Say who issues it, for example ISO or the customer's name.
# reference: Its own number, for example ISO 14001.
edition: "Say which edition we use, for example 2015 or Rev C."
location: Say where the copy in use is kept.
edition_check:
  by: {owner}
  last_checked: {written}
  interval_months: 12
{_control_tail(written, review=False)}"""


SCAFFOLDS = {scaffold_service(form.name): new_form,
             scaffold_service(work_instruction.name): new_work_instruction,
             scaffold_service(external_document.name): new_external_document}
