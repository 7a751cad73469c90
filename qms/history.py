"""What changed in a procedure's steps, definitions and general part since its previous revision, read from git.

The data folder lives in git, so the steps of an older revision are in the
commits made while that revision was the latest one. One ``git log`` for the
whole folder and one ``git cat-file --batch`` process per build keep this
fast. Outside a git repository, without git, or in a shallow clone that does
not reach the previous revision, there is simply no step history: pages show
the revision history alone.

Nothing here knows about MkDocs; ``diff_steps`` is a pure function.
"""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

from .procedure_steps import all_steps, raw_steps, step_labels

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A joint step's roles are read into "role" ("a, b"), so moving from one role to several is one change.
STEP_FIELDS = ("role", "action", "note", "record", "substeps", "inputs", "outputs", "approver", "informed", "decisions")
SIMILAR_ENOUGH = 0.5  # below this, an old and a new step are "removed" and "added", not "changed"
MAX_VERSIONS_READ = 200  # per file: bounds the work on a very long history
GIT_TIMEOUT = 30


@dataclass(frozen=True)
class StepChange:
    """One difference between the old and the new steps, numbered as a reader sees them."""

    change: str  # "added", "removed", "changed" or "moved"
    number: int | None  # step number now (None for a removed step)
    old_number: int | None  # step number before (None for an added step)
    before: Mapping[str, str] | None = None
    after: Mapping[str, str] | None = None
    fields: tuple[str, ...] = ()  # for "changed" and "moved": the fields that differ
    label: str = ""  # as the pages name it: "4", or "2 (Planning)" where sections restart their numbering
    old_label: str = ""

    @property
    def step(self) -> Mapping[str, str]:
        return self.after if self.after is not None else (self.before or {})


@dataclass(frozen=True)
class PartChange:
    """A change to what the page shows before the steps: the general part, or one definition."""

    part: str  # "general" or "definitions"
    change: str  # "added", "removed" or "changed"
    term: str = ""  # the definition's term


@dataclass(frozen=True)
class StepHistory:
    """The steps now compared with the steps of an earlier revision."""

    since_rev: str  # the revision the comparison starts from
    since_commit: str  # abbreviated commit where that revision was first committed
    since_date: dt.date | None  # the date that revision took effect, from the revision history
    changes: tuple[StepChange, ...] = ()
    parts: tuple[PartChange, ...] = ()  # changes to the definitions and the general part


def _normal(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _step(raw: Any) -> dict[str, str]:
    """A step as plain strings; lenient, because an old commit may not match today's schema."""
    if not isinstance(raw, Mapping):
        return {"action": _normal(raw)}
    values = {name: raw.get(name) for name in STEP_FIELDS}
    values["role"] = _roles(raw)
    if isinstance(raw.get("substeps"), list):
        values["substeps"] = "; ".join(_substep(part) for part in raw["substeps"])
    for name in ("inputs", "outputs", "informed", "decisions"):
        if isinstance(raw.get(name), list):
            values[name] = "; ".join(_item(item) for item in raw[name])
    return {name: _normal(value) for name, value in values.items() if value not in (None, "")}


def _roles(raw: Mapping[str, Any]) -> str:
    roles = raw.get("roles")
    if isinstance(roles, list):
        return ", ".join(str(role_id) for role_id in roles)
    return raw.get("role") or ""


def _substep(raw: Any) -> str:
    """A sub-step as one line: its action, and its roles when it names them."""
    if not isinstance(raw, Mapping):
        return _normal(raw)
    roles = _roles(raw)
    return _normal(raw.get("action")) + (f" ({roles})" if roles else "")


def _item(raw: Any) -> str:
    """An input, an output (its record, or its state), a role told, a decision ("if …: go to …")."""
    if not isinstance(raw, Mapping):
        return _normal(raw)
    if "if" in raw or "go_to" in raw:
        return f"if {_normal(raw.get('if'))}: go to {_normal(raw.get('go_to'))}"
    return _normal(raw.get("record") or raw.get("state"))


def _differing(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(name for name in STEP_FIELDS if before.get(name, "") != after.get(name, ""))


def _key(step: Mapping[str, str]) -> str:
    return step.get("action", "").casefold()


def diff_steps(old_steps: Sequence[Any], new_steps: Sequence[Any]) -> list[StepChange]:
    """Added, removed, changed and moved steps, in the order a reader meets them.

    Steps are matched by their action. A run of replaced steps is paired one to one
    only where the texts are similar; a step whose action is unchanged but which
    now sits elsewhere is "moved" rather than removed and added again.
    """
    old = [_step(step) for step in old_steps]
    new = [_step(step) for step in new_steps]
    matcher = difflib.SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new], autojunk=False)
    changes: list[StepChange] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(old_start, old_end), range(new_start, new_end)):
                differing = _differing(old[i], new[j])
                if differing:
                    changes.append(StepChange("changed", j + 1, i + 1, old[i], new[j], differing))
            continue
        olds, news = list(range(old_start, old_end)), list(range(new_start, new_end))
        paired: list[tuple[int, int]] = []
        if tag == "replace":
            for i, j in zip(olds, news):
                ratio = difflib.SequenceMatcher(None, _key(old[i]), _key(new[j]), autojunk=False).ratio()
                if ratio >= SIMILAR_ENOUGH:
                    paired.append((i, j))
        paired_old = {i for i, _ in paired}
        paired_new = {j for _, j in paired}
        for i in olds:
            if i not in paired_old:
                changes.append(StepChange("removed", None, i + 1, old[i], None))
        for i, j in paired:
            changes.append(StepChange("changed", j + 1, i + 1, old[i], new[j], _differing(old[i], new[j])))
        for j in news:
            if j not in paired_new:
                changes.append(StepChange("added", j + 1, None, None, new[j]))
    return _with_moves(changes)


def _with_moves(changes: list[StepChange]) -> list[StepChange]:
    """A removed step and an added step with the same action are one moved step."""
    removed = {index: change for index, change in enumerate(changes) if change.change == "removed"}
    merged: list[StepChange] = []
    used: set[int] = set()
    for change in changes:
        if change.change == "added":
            match = next((index for index, gone in removed.items()
                          if index not in used and _key(gone.before or {}) == _key(change.after or {})), None)
            if match is not None:
                used.add(match)
                before = removed[match].before or {}
                merged.append(StepChange("moved", change.number, removed[match].old_number, before,
                                         change.after, _differing(before, change.after or {})))
                continue
        merged.append(change)
    dropped = {id(removed[index]) for index in used}
    ordered = [change for change in merged if id(change) not in dropped]
    return sorted(ordered, key=lambda c: (c.number if c.number is not None else c.old_number or 0,
                                          c.change != "removed"))


def diff_parts(old: Any, new: Mapping[str, Any]) -> list[PartChange]:
    """Changes to the definitions (by term) and to the general part, between two versions of a file."""
    old = old if isinstance(old, Mapping) else {}
    before, after = _definitions(old.get("definitions")), _definitions(new.get("definitions"))
    changes = [PartChange("definitions", "removed", term) for key, (term, _) in before.items() if key not in after]
    for key, (term, meaning) in after.items():
        if key not in before:
            changes.append(PartChange("definitions", "added", term))
        elif before[key][1] != meaning:
            changes.append(PartChange("definitions", "changed", term))
    old_general, new_general = _normal(old.get("general")), _normal(new.get("general"))
    if old_general != new_general:
        changes.append(PartChange("general", "changed" if old_general and new_general else
                                  "added" if new_general else "removed"))
    return changes


def _definitions(raw: Any) -> dict[str, tuple[str, str]]:
    """Term (case-folded) -> (term, meaning), leniently: an old commit may not match today's schema."""
    found: dict[str, tuple[str, str]] = {}
    for item in raw if isinstance(raw, list) else ():
        if isinstance(item, Mapping) and item.get("term") is not None:
            term = _normal(item.get("term"))
            found.setdefault(term.casefold(), (term, _normal(item.get("meaning"))))
    return found


# --- git ------------------------------------------------------------------------------------------

@dataclass
class _Commit:
    sha: str
    time: int
    touched: list[tuple[str, str, str | None]] = field(default_factory=list)  # (status, path, old path)


def _git_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The build's environment for git; optional locks off, as a build only reads."""
    return {**environ, "GIT_OPTIONAL_LOCKS": "0"}


def _git(args: list[str], cwd: Path, environ: Mapping[str, str]) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                timeout=GIT_TIMEOUT, env=_git_environment(environ))
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _parse_log(text: str) -> list[_Commit]:
    commits: list[_Commit] = []
    for line in text.split("\n"):  # not splitlines(): it also splits at \x1e and \x1f
        if line.startswith("\x1e"):
            sha, _, time = line[1:].partition("\x1f")
            commits.append(_Commit(sha, int(time or 0)))
        elif line and commits and "\t" in line:
            status, *paths = line.split("\t")
            if status.startswith(("R", "C")) and len(paths) == 2:
                commits[-1].touched.append((status[0], paths[1], paths[0]))
            elif paths:
                commits[-1].touched.append((status[:1], paths[0], None))
    return commits


class BlobReader:
    """One ``git cat-file --batch`` process answering every read of a build."""

    def __init__(self, toplevel: Path, environ: Mapping[str, str]):
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=toplevel, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        env=_git_environment(environ))

    def read(self, commit: str, path: str) -> bytes | None:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(f"{commit}:{path}\n".encode("utf-8"))
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            return None
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=GIT_TIMEOUT)


class GitFolderHistory:
    """The commits that touched one data folder, read with a single ``git log``."""

    def __init__(self, folder: Path, environ: Mapping[str, str]):
        self.folder = folder
        self.toplevel: Path | None = None
        self.commits: list[_Commit] = []
        self._touches: dict[str, list[tuple[int, str, str | None]]] = {}
        top = _git(["rev-parse", "--show-toplevel"], folder, environ) if folder.is_dir() else None
        if not top:
            return
        toplevel = Path(top.strip()).resolve()
        try:
            relative = folder.resolve().relative_to(toplevel).as_posix()
        except ValueError:
            return
        log = _git(["-c", "core.quotePath=false", "log", "--format=%x1e%H%x1f%ct", "--name-status",
                    "-M", "--no-color", "--", relative or "."], toplevel, environ)
        if log is None:
            return
        self.toplevel = toplevel
        self.commits = _parse_log(log)
        for index, commit in enumerate(self.commits):
            for status, path, old in commit.touched:
                if status != "D":
                    self._touches.setdefault(path, []).append((index, status, old))

    def versions(self, path: str) -> Iterator[tuple[_Commit, str]]:
        """(commit, path in that commit) for each committed version of a file, newest first."""
        name, newer_than = path, -1
        while True:
            for index, status, old in self._touches.get(name, []):
                if index <= newer_than:
                    continue
                yield self.commits[index], name
                if status in ("A", "C"):
                    return
                if status == "R" and old:
                    name, newer_than = old, index
                    break
            else:
                return


def last_rev(data: Any) -> str | None:  # leniently: an old commit may not match today's schema
    if not isinstance(data, Mapping):
        return None
    revisions = data.get("revisions")
    if not isinstance(revisions, list) or not revisions or not isinstance(revisions[-1], Mapping):
        return None
    rev = revisions[-1].get("rev")
    return None if rev is None else str(rev)


def _revision_date(revisions: Sequence[Mapping[str, Any]], rev: str) -> dt.date | None:
    for revision in revisions:
        if str(revision.rev) == rev and isinstance(revision.date, dt.date):
            return revision.date
    return None


def step_histories(documents: Sequence[Any], folder: Path, environ: Mapping[str, str],
                   history: GitFolderHistory | None = None) -> dict[str, StepHistory]:
    """Step history of every document (with at least two revisions) in one git folder.

    ``environ`` is the build's environment, handed to the git processes in
    place of this process's own. ``history``: the log of a folder above, read once a build.

    For each document: walk its committed versions from the newest; skip those whose
    latest revision is today's; the versions after that carry the previous revision.
    The oldest of them is the previous revision as approved: compare its steps with now.
    """
    wanted = [doc for doc in documents if len(doc.revisions) >= 2]
    if not wanted:
        return {}
    history = history or GitFolderHistory(folder, environ)
    if history.toplevel is None:
        return {}
    results: dict[str, StepHistory] = {}
    reader = BlobReader(history.toplevel, environ)
    try:
        for doc in wanted:
            path = (folder.resolve() / Path(doc.path).name).relative_to(history.toplevel).as_posix()
            found = _previous_revision(doc, path, history, reader)
            if found is not None:
                results[doc.id] = found
    finally:
        reader.close()
    return results


def _previous_revision(doc: Any, path: str, history: GitFolderHistory,
                       reader: BlobReader) -> StepHistory | None:
    revisions = doc.revisions
    current_rev = str(revisions[-1].rev)
    base_rev: str | None = None
    base: tuple[_Commit, Any] | None = None
    for count, (commit, name) in enumerate(history.versions(path)):
        if count >= MAX_VERSIONS_READ:
            break
        blob = reader.read(commit.sha, name)
        try:
            data = yaml.load(blob.decode("utf-8"), Loader=Loader) if blob is not None else None
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        rev = last_rev(data)
        if rev is None:
            continue
        if base_rev is None:
            if rev != current_rev:
                base_rev, base = rev, (commit, data)
        elif rev == base_rev:
            base = (commit, data)
        else:
            break
    if base_rev is None or base is None:
        return None
    commit, data = base
    return StepHistory(base_rev, commit.sha[:10], _revision_date(revisions, base_rev),
                       _labelled(diff_steps(raw_steps(data), [at.step for at in all_steps(doc)]), data, doc.data),
                       tuple(diff_parts(data, doc.data)))


def _labelled(changes: list[StepChange], old: Any, new: Any) -> tuple[StepChange, ...]:
    """The changes with their steps named as the pages of each version number them."""
    before, after = step_labels(old), step_labels(new)
    return tuple(replace(change, label=after[change.number - 1] if change.number else "",
                         old_label=before[change.old_number - 1] if change.old_number else "") for change in changes)
