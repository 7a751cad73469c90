"""``qms new``: a valid new document with the next free id, ready to edit."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .datafiles import YAML_SUFFIXES
from .errors import DataErrors
from .kinds import Kind
from .model import Repository, read_repository, relative
from .registry import Registry
from .validate import check_repository

# the top-level id of a file that could not be read: the author meant it, so it is taken
ID_LINE = re.compile(r"^id:[ \t]*['\"]?([^\s'\"#]+)", re.MULTILINE)


class ScaffoldError(ValueError):
    """The new document cannot be written (unknown kind, no data, unknown owner or area, file exists)."""


@dataclass(frozen=True)
class NewDocument:
    path: Path
    problems: int  # data errors found in the data as it was read, before the new file: 'qms check' lists them

    def note(self) -> str:
        """One line on the problems the data already had, for whoever is starting the document."""
        many = self.problems != 1
        return (f"note: the data has {self.problems} problem{'s' if many else ''}; "
                f"run 'qms check' to see {'them' if many else 'it'}")


def slug(title: str) -> str:
    """The id a title gives: accents dropped (Qualité: qualite), other signs between words a hyphen;
    "" when nothing is left to make an id of."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def check_title(kind: Kind, title: str) -> None:
    """Refuse, before anything is written, a title 'qms check' would refuse in the new file."""
    label = kind.name.replace("-", " ")
    if not title.strip():
        raise ScaffoldError(f"the title is empty: give the new {label} a title, "
                            f"e.g. qms new {kind.name} \"Handling customer returns\"")
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in title):
        raise ScaffoldError("the title holds a line break or an invisible character: write it on one line, "
                            "in plain text")
    spec = kind.schema.fields.get("title")
    limit = getattr(spec.type, "max_length", None) if spec is not None else None
    if limit and len(title.strip()) > limit:
        raise ScaffoldError(f"the title is {len(title.strip())} characters long; a {label}'s title may have at "
                            f"most {limit}: shorten it")


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


def taken_ids(repository: Repository, kind: Kind) -> set[str]:
    """Every id of ``kind`` in use or claimed: the ids read, the name of every file in its folder (a file
    that could not be read still claims its name) and the id written in a file that could not be read."""
    taken = set(repository.of_kind(kind.name))
    folder = repository.data_dir / (kind.folder or kind.name)
    try:
        paths = [path for path in folder.iterdir() if path.suffix in YAML_SUFFIXES and path.is_file()]
    except OSError:  # no folder yet, or one that cannot be listed: its own error says so
        paths = []
    for path in paths:
        taken.add(path.stem)
        if repository.could_not_read(kind.name, path.stem):
            try:
                taken.update(ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                pass
    return taken


def next_free_id(repository: Repository, kind: Kind) -> str:
    """The next id of a numbered kind, in the style of its existing ids (prefix and digits), after
    every id that is taken (see ``taken_ids``), so that fixing a broken file never makes a clash."""
    taken = taken_ids(repository, kind)
    styled = list(repository.of_kind(kind.name)) or sorted(
        doc_id for doc_id in taken if kind.id_pattern and re.fullmatch(kind.id_pattern, doc_id))
    default = re.match(r"([A-Z]+)-", kind.id_pattern or "")
    prefix = styled[0].split("-")[0] if styled else (default.group(1) if default else "QP")
    width = len(styled[0].split("-")[1]) if styled else 3
    return next_id(sorted(taken), prefix, width)


def read_for_new(root: Path, registry: Registry, today: dt.date,
                 data_dir: Path | str | None = None) -> tuple[Repository, int]:
    """The data as far as it can be read, and how many problems it has (as 'qms check' counts them).

    A new document needs only the ids of its kind, the roles and the areas: a problem in another
    file, or a form whose file is not there yet, must not stop the quality team starting the next one.
    """
    try:
        repository, errors = read_repository(root, registry, data_dir, today=today)
    except DataErrors as exc:  # no data folder: nothing to number or own the document
        raise ScaffoldError("cannot read the data:\n" + "\n".join(map(str, exc.errors))) from None
    check_repository(repository, errors)
    return repository, len({error for error in errors if not error.note})


def known_areas(repository: Repository) -> dict | None:
    """The process areas, or None when the organisation file or its areas could not be read."""
    organisation = repository.singleton("organisation")
    if organisation is None or organisation.value("areas") is None:
        return None
    return repository.areas


def new_document(root: Path, registry: Registry, kind_name: str, title: str, *, today: dt.date,
                 owner: str | None = None, area: str | None = None,
                 data_dir: Path | str | None = None) -> NewDocument:
    """Write a new document of ``kind_name``; return its path and the number of problems in the data.

    A feature offers a kind of its own as the service ``scaffold:<kind>``: a function
    ``(repository, doc_id, title, owner, area, today) -> text`` of a file that loads without errors
    (or, for a field only the author can fill, such as a form's file, says in a comment what to do).
    """
    kinds = creatable(registry)
    if kind_name not in kinds:
        raise ScaffoldError(f"cannot create a {kind_name!r}: use one of {', '.join(kinds)}")
    kind = registry.kinds_by_name[kind_name]
    check_title(kind, title)
    title = title.strip()
    if kind_name == "role" and not re.fullmatch(kind.id_pattern, slug(title)):
        raise ScaffoldError(f"the title {title!r} gives no usable id: a role's id is made of the letters and "
                            "digits of its title and must start with a letter; use words in the title")
    repository, problems = read_for_new(root, registry, today, data_dir)
    written = today.isoformat()
    roles = sorted(repository.of_kind("role"))
    # a role whose file is there but cannot be read yet is still a role: its own error says why
    if owner is not None and owner not in roles and not repository.could_not_read("role", owner):
        raise ScaffoldError(f"unknown role {owner!r} for --owner")
    # the documented default, even while its file cannot be read: its own error says why, and another
    # role would silently own the document. With no role read at all the data is too broken to guess.
    default = "quality-manager" if "quality-manager" in roles or roles and "quality-manager" in taken_ids(
        repository, registry.kinds_by_name["role"]) else (roles[0] if roles else None)
    if owner is None and default is None:
        raise ScaffoldError("no role could be read to own the new document: give one with --owner, "
                            "or run 'qms check' to see what is wrong with the roles")
    areas = known_areas(repository)
    organisation = relative(repository.data_dir / (registry.kinds_by_name["organisation"].file or ""),
                            repository.root)
    if areas is None and (area is not None or kind_name != "role"):  # a role has no area
        raise ScaffoldError(f"the areas could not be read from {organisation}: fix it first "
                            "(run 'qms check' to see why)")
    if area is not None and areas is not None and area not in areas:
        raise ScaffoldError(f"unknown area {area!r} for --area")
    owner = owner or default
    folder = repository.data_dir / (kind.folder or kind.name)
    if kind_name not in ("procedure", "role"):
        doc_id = next_free_id(repository, kind)
        text = registry.service(scaffold_service(kind_name))(repository, doc_id, title, owner, area, today)
    elif kind_name == "procedure":
        doc_id = next_free_id(repository, kind)
        if not area and not areas:
            raise ScaffoldError(f"the organisation has no process areas: add one to {organisation}, then try again")
        area = area or next(iter(areas))
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
        if doc_id in taken_ids(repository, kind):
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
    return NewDocument(path, problems)
