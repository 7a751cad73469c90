"""``qms new``: a valid new document with the next free id, ready to edit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import DataErrors
from .kinds import Kind
from .model import Repository
from .pipeline import load
from .registry import Registry


class ScaffoldError(ValueError):
    """The new document cannot be written (unknown kind, data errors, file exists)."""


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "new-role"


def next_id(existing: list[str], prefix: str = "QP", width: int = 3) -> str:
    numbers = [int(match.group(1)) for doc_id in existing
               if (match := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", doc_id))]
    return f"{prefix}-{(max(numbers, default=0) + 1):0{width}d}"


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML value, whatever characters it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold_service(kind_name: str) -> str:
    """The name under which a feature offers the text of a new document of its kind (see ``new_document``)."""
    return f"scaffold:{kind_name}"


def creatable(registry: Registry) -> list[str]:
    """The kinds ``qms new`` can write: procedures, roles and those a feature of this build offers."""
    return ["procedure", "role"] + [kind.name for kind in registry.kinds
                                    if registry.service(scaffold_service(kind.name)) is not None]


def next_free_id(repository: Repository, kind: Kind) -> str:
    """The next id of a numbered kind, in the style of its existing ids (prefix and digits)."""
    existing = list(repository.of_kind(kind.name))
    default = re.match(r"([A-Z]+)-", kind.id_pattern or "")
    prefix = existing[0].split("-")[0] if existing else (default.group(1) if default else "QP")
    width = len(existing[0].split("-")[1]) if existing else 3
    return next_id(existing, prefix, width)


def new_document(root: Path, registry: Registry, kind_name: str, title: str, *, today: dt.date,
                 owner: str | None = None, area: str | None = None) -> Path:
    """Write a new document of ``kind_name`` and return its path.

    A feature offers a kind of its own as the service ``scaffold:<kind>``: a function
    ``(repository, doc_id, title, owner, area, today) -> text`` of a file that loads without errors
    (or, for a field only the author can fill, such as a form's file, says in a comment what to do).
    """
    kinds = creatable(registry)
    if kind_name not in kinds:
        raise ScaffoldError(f"cannot create a {kind_name!r}: use one of {', '.join(kinds)}")
    try:
        repository = load(root, registry, today=today)
    except DataErrors as exc:
        raise ScaffoldError("fix the data first:\n" + exc.summary()) from None
    kind = registry.kinds_by_name[kind_name]
    written = today.isoformat()
    roles = sorted(repository.of_kind("role"))
    if owner is not None and owner not in roles:
        raise ScaffoldError(f"unknown role {owner!r} for --owner")
    if area is not None and area not in repository.areas:
        raise ScaffoldError(f"unknown area {area!r} for --area")
    owner = owner or ("quality-manager" if "quality-manager" in roles else roles[0])
    folder = repository.data_dir / (kind.folder or kind.name)
    if kind_name not in ("procedure", "role"):
        doc_id = next_free_id(repository, kind)
        text = registry.service(scaffold_service(kind_name))(repository, doc_id, title, owner, area, today)
    elif kind_name == "procedure":
        doc_id = next_free_id(repository, kind)
        area = area or next(iter(repository.areas))
        text = f"""# yaml-language-server: $schema=../../schemas/procedure.schema.json
id: {doc_id}
title: {quote(title)}
area: {area}
status: draft
purpose: Say in one or two sentences why this procedure exists.
scope: Say what it covers and what it does not.
owner: {owner}
audience: [{owner}]
# Shown before the steps when you need them (a term from the glossary needs no meaning):
# definitions:
#   - term: Change request
#     meaning: A written proposal to change a document, a process or a product.
# general: |
#   Rules that are not steps, such as how to sort a case. Headings start with ##.
steps:
  - role: {owner}
    action: Write the first step as an instruction, for example "Check the order".
records: []
related: []
clauses: []
keywords: []
review:
  last_reviewed: {written}
  interval_months: 12
revisions:
  - rev: "0.1"
    date: {written}
    summary: First draft.
"""
    else:
        doc_id = slug(title)
        if doc_id in repository.of_kind("role"):
            raise ScaffoldError(f"a role with id {doc_id!r} already exists")
        text = f"""# yaml-language-server: $schema=../../schemas/role.schema.json
id: {doc_id}
title: {quote(title)}
purpose: Say in one or two sentences what this role is for.
responsibilities:
  - Write one responsibility per line.
reports_to: {owner}
"""
    path = folder / f"{doc_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
