"""Changed without a new revision: an approved document whose text is not the text of its revision.

Document control (ISO 9001, 7.5.3) means "revision 3" names one text. When someone edits what
staff read in an approved document and adds no revision, the page still says "Revision 3" over
a text nobody approved. Git knows better: the data folder's history holds the file as it was
when its newest revision was recorded, and this check compares that with the file now.

The reference is the oldest commit, in the unbroken run of commits up to now, whose file has
the same newest revision and is approved: the revision as first approved. A text that changed
while the document was still a draft is not a change to an approved text.

What staff read is everything but the metadata in ``METADATA`` (review dates, keywords, the
revision list itself, …), and the files a document names (a form, a picture). Whitespace alone
(a paragraph wrapped anew) is no change.

Outside a git repository, without git, for a file never committed, or when the newest revision
is not committed yet, there is nothing to compare with, so there is no flag and no error. One
``git log`` of the data folder and one ``git cat-file`` process serve every document, and the
step history of procedure pages reuses the same log (see ``data_history``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from ...analysis import Flag
from ...history import MAX_VERSIONS_READ, BlobReader, GitFolderHistory, Loader, last_rev
from ...model import Document, Repository
from ...nested import under_key
from ...registry import FlagKind
from ...settings import Settings

KIND = "changed-without-revision"
FLAG_KINDS = (
    FlagKind(KIND, "warning", "An approved document's text changed after its newest revision was recorded, "
             "and it has no new revision."),
)

# Fields that say how a document is managed, not what staff read and follow.
METADATA = frozenset({"id", "status", "superseded_by", "owner", "area", "related", "clauses", "keywords",
                      "review", "edition_check", "revisions", "readability", "example_flags"})

@dataclass(frozen=True)
class UnrevisedChange:
    """An approved document whose text differs from the text its newest revision was recorded with."""

    doc: Document
    rev: str  # the newest revision, whose text this no longer is
    commit: str  # abbreviated commit where that revision was first committed as approved
    fields: tuple[str, ...]  # the top-level fields that differ, in the order of the file
    line: int  # where the first difference is in the file now


def data_history(repository: Repository) -> GitFolderHistory:
    """The git log of the whole data folder, read once per build (empty outside git)."""
    values = repository.caches.values
    if "data-git-history" not in values:
        values["data-git-history"] = GitFolderHistory(repository.data_dir, repository.caches.environ)
    return values["data-git-history"]


def unrevised_changes(repository: Repository) -> dict[tuple[str, str], UnrevisedChange]:
    """(kind, id) -> the change, for every approved controlled document changed without a new revision."""
    values = repository.caches.values
    if "unrevised-changes" not in values:
        values["unrevised-changes"] = _find(repository)
    return values["unrevised-changes"]


def _find(repository: Repository) -> dict[tuple[str, str], UnrevisedChange]:
    approved = [doc for kind in repository.controlled_kinds() for doc in repository.of_kind(kind).values()
                if doc.status == "approved" and doc.revisions]
    if not approved:
        return {}
    history = data_history(repository)
    if history.toplevel is None:  # not a git repository, or git is missing: nothing to compare with
        return {}
    found: dict[tuple[str, str], UnrevisedChange] = {}
    reader = BlobReader(history.toplevel, repository.caches.environ)
    try:
        for doc in sorted(approved, key=lambda d: (d.kind, d.id)):
            kind = repository.registry.kinds_by_name[doc.kind]
            files = repository.data_dir / (kind.folder or "") if kind.attachments else None
            change = _compare(doc, repository.root / doc.path, history, reader, files)
            if change is not None:
                found[(doc.kind, doc.id)] = change
    finally:
        reader.close()
    return found


def _compare(doc: Document, file: Path, history: GitFolderHistory, reader: BlobReader,
             files: Path | None) -> UnrevisedChange | None:
    """``files``: the folder a kind's attachments are named from (a form's file), or None."""
    assert history.toplevel is not None
    try:
        path = file.resolve().relative_to(history.toplevel).as_posix()
        raw = file.read_bytes()
        now = yaml.load(raw.decode("utf-8"), Loader=Loader)
    except (ValueError, OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    rev = last_rev(now)
    if rev is None or not isinstance(now, Mapping):
        return None
    base: tuple[str, Any] | None = None
    for count, (commit, name) in enumerate(history.versions(path)):
        if count >= MAX_VERSIONS_READ:
            break
        blob = reader.read(commit.sha, name)
        data = now if blob == raw else _parsed(blob)  # most files are as last committed: parse once
        if last_rev(data) != rev or data.get("status", "approved") != "approved":
            break  # older than the revision as approved: this run of commits has ended
        base = (commit.sha, data)
    if base is None:  # never committed, or the newest revision is not committed yet
        return None
    differences = [(name, _first_difference(base[1].get(name), now.get(name), (name,)))
                   for name in now.keys() | base[1].keys() if name not in METADATA]
    differences = [(name, where) for name, where in differences if where is not None]
    if files is not None:
        differences += _changed_files(now, base[1], base[0], files, history.toplevel, reader)
    if not differences:
        return None
    lines = {name: doc.line(*where) if where[0] in now else doc.line("revisions") for name, where in differences}
    fields = tuple(sorted(lines, key=lambda name: (lines[name], name)))
    return UnrevisedChange(doc, rev, base[0][:10], fields, lines[fields[0]])


def _changed_files(now: Mapping[str, Any], then: Mapping[str, Any], commit: str, folder: Path, toplevel: Path,
                   reader: BlobReader) -> list[tuple[str, tuple]]:
    """A form or a picture staff use is part of the text: its file may not change under the same name.

    Only files named alike then and now are compared (a new name is a change of the field) and
    only when the file was committed then; each is read once from the same reader."""
    changed = []
    for where, value in under_key(now, "file", str):
        if where[0] in METADATA or _value_at(then, where) != value:
            continue
        try:
            path = (folder / value).resolve(strict=True)
            before = reader.read(commit, path.relative_to(toplevel).as_posix())
            differs = before is not None and before != path.read_bytes()
        except (OSError, RuntimeError, ValueError):
            continue
        if differs:
            changed.append((f"{where[0]} (the file itself)", where))
    return changed


def _value_at(data: Any, where: tuple) -> Any:
    for step in where:
        if isinstance(data, Mapping):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def _parsed(blob: bytes | None) -> Mapping[str, Any]:
    try:
        data = yaml.load(blob.decode("utf-8"), Loader=Loader) if blob is not None else None
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, Mapping) else {}


def _first_difference(old: Any, new: Any, where: tuple) -> tuple | None:
    # a place in a document's data, e.g. ("steps", 3, "action")
    """Where two values first differ, as a path into the new one; None when they read the same."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in new:
            found = _first_difference(old.get(key), new[key], where + (key,))
            if found is not None:
                return found
        return where if old.keys() - new.keys() else None
    if isinstance(old, list) and isinstance(new, list):
        for index, (before, after) in enumerate(zip(old, new)):
            found = _first_difference(before, after, where + (index,))
            if found is not None:
                return found
        return where + (min(len(old), len(new)),) if len(old) != len(new) else None
    return None if _same(old, new) else where


def _same(old: Any, new: Any) -> bool:
    """Equal as a reader sees them: a paragraph wrapped anew is the same text."""
    if isinstance(old, str) and isinstance(new, str):
        return old.split() == new.split()
    return type(old) is type(new) and old == new


def change_flag(change: UnrevisedChange, settings: Settings) -> Flag:
    doc = change.doc
    fields = ", ".join(change.fields)
    return settings.flag(doc.path, change.line, KIND,
                         f"{doc.id} changed after revision {change.rev} was recorded (commit {change.commit}) "
                         f"and has no new revision; changed: {fields}. One revision must name one text: "
                         "add a revision (rev, date, summary) or undo the change",
                         doc.id, key=f"revision {change.rev}: {fields}", owner=doc.owner or "")


def analyse_unrevised(repository: Repository, settings: Settings,
                      today: dt.date) -> tuple[list, list[Flag]]:
    """The flags of documents changed without a new revision; they belong to no report of their own."""
    return [], [change_flag(change, settings) for change in unrevised_changes(repository).values()]
