"""``qms import``: read an existing SOP (Markdown or Word) into a draft procedure file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..kinds import DOC_HINT, DOC_ID
from .assemble import Options, assemble
from .docx import UnreadableWord, read_docx
from .markdown import read_markdown
from .model import Draft
from .project import next_procedure_id, read_organisation
from .roles import RoleBook, normalise
from .to_yaml import to_yaml

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")


class ImportProblem(ValueError):
    """The file cannot be imported; the message says why and what to do."""


@dataclass
class Result:
    path: Path
    summary: list[str]
    steps: int
    sections: int


def import_sop(source: Path, root: Path, *, today: dt.date, data_dir: str = "data", doc_id: str | None = None,
               owner: str | None = None, area: str | None = None, output: Path | None = None,
               mapping: list[str] = ()) -> Result:
    organisation = read_organisation(root / data_dir)
    if not organisation.roles:
        raise ImportProblem(f"{data_dir}/roles has no roles: add the organisation's roles first")
    book = RoleBook(organisation.roles, mapped=_mapping(mapping, organisation.roles))
    if owner is not None and owner not in organisation.roles:
        raise ImportProblem(f"--owner {owner!r} is not a role id in {data_dir}/roles")
    if area is not None and organisation.areas and area not in organisation.areas:
        raise ImportProblem(f"--area {area!r} is not an area in {data_dir}/organisation.yml "
                            f"(use one of {', '.join(organisation.areas)})")
    if doc_id is not None and not re.fullmatch(DOC_ID, doc_id):
        raise ImportProblem(f"--id {doc_id!r} is not a document id: {DOC_HINT}")
    doc_id = doc_id or next_procedure_id(organisation.procedure_ids)
    target = output or root / data_dir / "procedures" / f"{doc_id}.yml"
    if target.exists():
        raise ImportProblem(f"{target} already exists: nothing was written (choose another --id or --output)")
    draft = read_draft(source)
    if not draft.steps:
        raise ImportProblem(f"{source}: no numbered steps found: write the steps as a numbered list "
                            "(or a table with a Who and a What column) and import again")
    options = Options(source.name, today, doc_id, area or (organisation.areas or ["general"])[0], owner,
                      known_ids=tuple(organisation.procedure_ids), procedure_titles=organisation.procedure_titles,
                      standards=organisation.standards)
    imported = assemble(draft, book, options)
    if area is None:
        imported.summary.append(f"Area: set to {options.area}, the first area; change it if needed.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never replace a file made meanwhile
        handle.write(to_yaml(imported, source.name))
    return Result(target, imported.summary, len(draft.steps), sum(1 for section in draft.sections if section.steps))


def read_draft(source: Path) -> Draft:
    if not source.is_file():
        raise ImportProblem(f"{source}: no such file")
    suffix = source.suffix.lower()
    if suffix == ".docx":
        try:
            return read_docx(source)
        except UnreadableWord as exc:
            raise ImportProblem(f"{source}: {exc}") from None
    if suffix not in MARKDOWN_SUFFIXES:
        raise ImportProblem(f"{source}: cannot import a {suffix or 'file without an extension'}: "
                            "give a Word .docx or a Markdown .md file (save a .doc as .docx first)")
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(f"{source}: not UTF-8 text: save it as UTF-8 and import again") from None
    if not text.strip():
        raise ImportProblem(f"{source}: the file is empty")
    return read_markdown(text)


def _mapping(pairs: list[str], roles: dict[str, str]) -> dict[str, str]:
    mapped = {}
    for pair in pairs:
        name, equals, role_id = pair.rpartition("=")
        if not equals or not name.strip() or role_id.strip() not in roles:
            raise ImportProblem(f"--map {pair!r}: write NAME=ROLE-ID with a role id from data/roles, "
                                "e.g. --map 'QMO=quality-manager'")
        mapped[normalise(name)] = role_id.strip()
    return mapped
