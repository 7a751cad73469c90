"""What the pages of forms, work instructions and external documents give search, from the data.

The site's search index and ``qms search`` rank the same entries, made from the
data rather than from the built HTML (the search feature assembles them: title,
purpose, tags, related documents, revisions). This module says what else each
page shows and under which heading, so the anchors are the ones the templates
write: "## How to fill it in" is ``#how-to-fill-it-in``. Plain text: the search
feature escapes it.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...model import Document, Repository
from .pages import download_path

Sections = list[tuple[str, str, list[str]]]


def _role(repository: Repository, role_id: str) -> str:
    role = repository.get("role", role_id)
    return (role.title if role is not None else None) or role_id


def form_sections(doc: Document, repository: Repository) -> Sections:
    """The download (its file type finds "the Excel sheet"), then how to fill it in."""
    name = PurePosixPath(download_path(doc)).name
    kind = PurePosixPath(doc.file).suffix.lstrip(".").upper()
    return [("download", "Download", [f"Download {name} ({kind})."]),
            ("how-to-fill-it-in", "How to fill it in", [doc.instructions or ""])]


def _captions(pictures: list) -> list[str]:
    return [picture.caption for picture in pictures if picture.caption]


def work_instruction_sections(doc: Document, repository: Repository) -> Sections:
    """Safety first (on the page before any heading), what you need, then the numbered steps."""
    steps: list[str] = []
    for number, step in enumerate(doc.steps, start=1):
        steps += [f"{number}. {step.action or ''}", f"Note: {step.note}" if step.note else "",
                  *_captions(step.images)]
    # pictures shown before the steps sit under "You need" when there is such a heading
    before = _captions(doc.images)
    return [("", "", [f"Safety first: {doc.safety}" if doc.safety else ""] + ([] if doc.equipment else before)),
            ("you-need", "You need", [*doc.equipment, *before] if doc.equipment else []),
            ("steps", "Steps", steps)]


def external_document_sections(doc: Document, repository: Repository) -> Sections:
    """Who issues it, which edition is in use, where the copy is kept and who checks for a new one."""
    return [("about-this-document", "About this document", [
        f"Issued by: {doc.origin}", f"Reference: {doc.reference}" if doc.reference else "",
        f"Edition in use: {doc.edition}", f"Where it is kept: {doc.location}",
        f"Checked for a new edition by: {_role(repository, doc.edition_check.by)}"])]
