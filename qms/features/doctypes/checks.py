"""Checks without a clock: the files a form or work instruction names, and ids unique across kinds.

A form's file and a work instruction's pictures live in a subfolder of their
kind's folder (data/forms/files/, data/work-instructions/images/). Each one
named must be there, be of an allowed type and of a sane size; a picture must
also be what its name says, so a page never serves a script under an image's name.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ...errors import DataError
from ...kinds import Kind
from ...model import Document, Repository
from ...validate import error_at
from .kinds import FORM_EXTENSIONS, IMAGE_EXTENSIONS, MAX_FORM_BYTES, MAX_IMAGE_BYTES

# File names the site serves as they are: no character that a URL or Markdown would have to escape.
SAFE_NAME = re.compile(r"[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*")

# The first bytes of each picture type a browser shows: a file that does not start so is not that picture.
IMAGE_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


def attachment_path(repository: Repository, kind: Kind, value: str) -> Path:
    """Where a file a document names lives on disk (the value is relative to the kind's folder)."""
    return repository.data_dir / (kind.folder or "") / value


def check_attachment(doc: Document, repository: Repository, errors: list[DataError], where: tuple,
                     value: str | None, allowed: tuple[str, ...], max_bytes: int) -> None:
    """One problem at most per file named: the first that stops it being served.

    The field's pattern already holds the name to safe characters inside the folder; what is left
    is what only the file on disk can tell, and a ".." that would step out of the folder."""
    if not value:
        return  # missing or invalid: its own error says so
    kind = repository.registry.kinds_by_name[doc.kind]
    folder_name = f"data/{kind.folder}/{kind.attachments}/"
    place = f"put the file in {folder_name} and write its path as {kind.attachments}/<name>"
    written = PurePosixPath(value)
    if "\\" in value or written.is_absolute() or ".." in written.parts or not value.startswith(
            f"{kind.attachments}/"):
        errors.append(error_at(doc, where, f"{value!r} is not in {folder_name}", place))
        return
    if not SAFE_NAME.fullmatch(value):
        errors.append(error_at(doc, where, f"{value!r} has characters a web address would have to change",
                               "name the file with letters, digits, hyphens, underscores and dots only"))
        return
    extension = written.suffix.lower().lstrip(".")
    pictures = allowed == IMAGE_EXTENSIONS
    if extension == "svg" and pictures:
        errors.append(error_at(doc, where, f"{value!r} is an SVG picture, which can carry script, so it is "
                               "not shown", "save it as PNG or JPEG"))
        return
    if extension not in allowed:
        errors.append(error_at(doc, where, f"{value!r} is not a type the portal serves ({extension or 'no type'})",
                               "use one of: " + ", ".join(allowed)))
        return
    path = attachment_path(repository, kind, value)
    folder = (repository.data_dir / (kind.folder or "") / (kind.attachments or "")).resolve()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        errors.append(error_at(doc, where, f"{value!r} does not exist", f"add the file to {folder_name}, "
                               "or correct the name (names are case-sensitive)"))
        return
    if not resolved.is_relative_to(folder) or not resolved.is_file():
        errors.append(error_at(doc, where, f"{value!r} is not a file in {folder_name}", place))
        return
    size = resolved.stat().st_size
    if size == 0 or size > max_bytes:
        errors.append(error_at(doc, where, f"{value!r} is {'empty' if size == 0 else f'{size // 1024 // 1024} MB'}",
                               f"a file here must hold something and be at most {max_bytes // 1024 // 1024} MB"))
        return
    signatures = IMAGE_SIGNATURES.get(extension) if pictures else None
    if signatures is not None:
        with resolved.open("rb") as handle:
            start = handle.read(12)
        if not start.startswith(signatures) or (extension == "webp" and start[8:12] != b"WEBP"):
            errors.append(error_at(doc, where, f"{value!r} is not a {extension.upper()} picture",
                                   "save the picture again from an image editor"))


def check_form(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    check_attachment(doc, repository, errors, ("file",), doc.file, FORM_EXTENSIONS, MAX_FORM_BYTES)


def check_work_instruction(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    for index, picture in enumerate(doc.images):
        check_attachment(doc, repository, errors, ("images", index, "file"), picture.file, IMAGE_EXTENSIONS,
                         MAX_IMAGE_BYTES)
    for step_index, step in enumerate(doc.steps):
        for index, picture in enumerate(step.images):
            check_attachment(doc, repository, errors, ("steps", step_index, "images", index, "file"),
                             picture.file, IMAGE_EXTENSIONS, MAX_IMAGE_BYTES)


def check_unique_ids(repository: Repository, errors: list[DataError]) -> None:
    """A reference names a controlled document by id alone, so no two controlled documents share one."""
    first: dict[str, Document] = {}
    for kind in repository.controlled_kinds():
        for doc_id, doc in sorted(repository.of_kind(kind).items()):
            if doc_id in first:
                other = first[doc_id]
                errors.append(error_at(doc, ("id",), f"{doc_id} is already the id of a {other.kind.replace('-', ' ')}"
                                       f" ({other.path})", "give this document an id of its own"))
            else:
                first[doc_id] = doc
