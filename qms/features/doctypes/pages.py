"""What the pages of forms and work instructions need beyond the document: where its files are served.

A form's file is published under a name that carries its id and revision
(forms/FRM-003/FRM-003-rev-2.docx), so a copy saved to a desktop still says
which revision it is; a work instruction's pictures under its id. The build
copies each from data/ into the site (``site_files``); nothing is read into memory.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ...model import Document, Repository
from ...render import Renderer, nav_entry
from ...text import html_text
from .checks import attachment_path
from .kinds import KINDS, form, work_instruction


def _label(rev: Any) -> str:
    """A revision label made safe for a file name: "2.1" stays, anything else becomes hyphens."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(rev)).strip("-.") or "x"


def download_path(doc: Document) -> str:
    """Site path of a form's published copy: its id and latest revision in the name."""
    extension = PurePosixPath(doc.file).suffix.lower()
    revision = f"-rev-{_label(doc.revisions[-1].rev)}" if doc.revisions else ""
    return f"{form.url_prefix}/{doc.id}/{doc.id}{revision}{extension}"


def image_path(doc: Document, value: str) -> str:
    """Site path of a picture: under the work instruction's id, by its name in the images folder."""
    return f"{work_instruction.url_prefix}/{doc.id}/{value.split('/', 1)[1]}"


def _pictures(doc: Document) -> list[Any]:
    return [*doc.images, *(picture for step in doc.steps for picture in step.images)]


def site_files(repository: Repository) -> dict[str, Path]:
    """Every published form's file and work instruction's pictures, by where the site serves them."""
    files: dict[str, Path] = {}
    for doc in repository.published(form.name):
        files[download_path(doc)] = attachment_path(repository, form, doc.file)
    for doc in repository.published(work_instruction.name):
        for picture in _pictures(doc):
            files[image_path(doc, picture.file)] = attachment_path(repository, work_instruction, picture.file)
    return files


def _relative(renderer: Renderer, doc: Document, target: str) -> str:
    page = renderer.repository.registry.kinds_by_name[doc.kind].uri(doc.id)
    return posixpath.relpath(target, posixpath.dirname(page))


def form_context(renderer: Renderer, doc: Document) -> dict[str, Any]:
    path = attachment_path(renderer.repository, form, doc.file)
    size = path.stat().st_size if path.is_file() else 0
    return {"download": _relative(renderer, doc, download_path(doc)),
            "download_name": PurePosixPath(download_path(doc)).name,
            "file_type": PurePosixPath(doc.file).suffix.lstrip(".").upper(),
            "file_size": f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"}


def work_instruction_context(renderer: Renderer, doc: Document) -> dict[str, Any]:
    return {"image_src": lambda value: _relative(renderer, doc, image_path(doc, value))}


def navigation(repository: Repository, generated: list[Any], settings: Any) -> list[Any]:
    """One "Other documents" section with a part per kind, so the menu stays short enough to show the
    page a reader is on without scrolling; past ``nav_chunk_size`` documents, id ranges, so every
    page's copy of the navigation stays small however many forms there are. Obsolete ones come
    last, named so."""
    sections = []
    for kind in KINDS:
        docs = sorted(repository.published(kind.name), key=lambda d: (d.status == "obsolete", d.id))
        if not docs:
            continue
        entries = [nav_entry(("Obsolete: " if doc.status == "obsolete" else "") + f"{doc.id} {doc.title}",
                             kind.uri(doc.id)) for doc in docs]
        size = settings.nav_chunk_size
        if len(entries) > size:
            entries = [{f"{docs[start].id} to {docs[min(start + size, len(docs)) - 1].id}": entries[start:start + size]}
                       for start in range(0, len(docs), size)]
        sections.append({html_text(kind.title): entries})
    return [{"Other documents": sections}] if sections else []
