"""Releases: release notes for each published version, and step history on procedure pages.

``qms publish`` (see ``qms.publish``) deploys a release with mike. It tells the
build which release it makes (``QMS_RELEASE``) and what was published before
(``QMS_PREVIOUS_RELEASE``: a JSON file it writes from the pages branch). This
feature turns them into ``releases/<version>.md`` and ``releases/index.md``.
An everyday build or ``mkdocs serve`` sets neither, so it has no release pages.

Procedure pages get "What changed in revision N" from ``step_history``: the
author's own ``changes`` list and the step differences found in git.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup

from ...analysis import latest_revision_label
from ...errors import DataError, DataErrors
from ...history import StepHistory, step_histories
from ...model import Document, Repository
from ...render import GeneratedPage, Renderer, nav_entry
from ...registry import Feature
from .unrevised import FLAG_KINDS, UnrevisedChange, analyse_unrevised, data_history, unrevised_changes

RELEASE_ENV = "QMS_RELEASE"
PREVIOUS_ENV = "QMS_PREVIOUS_RELEASE"
# Any name that is safe as a folder and a URL: what a build accepts in QMS_RELEASE and what the
# pages branch may already hold (releases published before names followed RELEASE_NAME).
VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")
VERSION_HINT = "use digits, letters, dots and hyphens, e.g. 2026.11"
RESERVED_NAMES = ("latest", "versions.json", "index.html")
# The name of a new release: the year and month, then a day or a number when a month has more
# than one release, then the CI pipeline's run number: 2026.11, 2026.11.25, 2026.11.25-3.
# Leading zeros do not count (2026.01 is 2026.1), so that one release never has two spellings.
RELEASE_NAME = re.compile(r"(?P<year>[0-9]{4})\.(?P<month>[0-9]{1,2})(?:\.(?P<number>[0-9]{1,3}))?"
                          r"(?:-(?P<run>[0-9]{1,9}))?")
RELEASE_NAME_HINT = ("name a release after the year and month, such as 2026.11; add a day or a number "
                     "when you publish more than once a month, such as 2026.11.25")


def release_notes_uri(version: str) -> str:
    """Source URI of the notes of a release, e.g. for a link from the newsletter.

    The page exists only in the build of that release (see ``current_release``).
    """
    return f"releases/{version}.md"


def current_release(environ: Mapping[str, str]) -> str | None:
    """The release this build makes (``QMS_RELEASE``), or None for an everyday build."""
    value = environ.get(RELEASE_ENV, "").strip()
    return value or None


def version_problem(version: str) -> str | None:
    """Why a release name cannot be used (it becomes a folder and a URL), or None."""
    if not VERSION_PATTERN.fullmatch(version):
        return f"{version!r} is not a release name ({VERSION_HINT})"
    if version.lower() in RESERVED_NAMES:
        return f"{version!r} is reserved for the newest release"
    return None


def release_key(name: str) -> tuple[int, int, int, int] | None:
    """(year, month, day or number, run number) of a release name, or None when it is not one.

    The order of the keys is mike's order of the names (the release menu), and two spellings of
    one release (2026.01 and 2026.1) have the same key.
    """
    match = RELEASE_NAME.fullmatch(name)
    if not match or not 1 <= int(match["month"]) <= 12 or int(match["year"]) < 1000:
        return None
    number, run = int(match["number"] or 0), int(match["run"] or 0)
    if (match["number"] is not None and number == 0) or (match["run"] is not None and run == 0):
        return None
    return int(match["year"]), int(match["month"]), number, run


def release_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the name of a new release, or None."""
    if not name:
        return f"a release needs a name: {RELEASE_NAME_HINT}"
    if name.lower() in RESERVED_NAMES:
        return f"{name!r} is reserved for the newest release: {RELEASE_NAME_HINT}"
    match = RELEASE_NAME.fullmatch(name)
    if match and not 1 <= int(match["month"]) <= 12:
        return f"{name!r} is not a release name: {match['month']} is not a month (use 1 to 12)"
    if release_key(name) is None:
        return f"{name!r} is not a release name: {RELEASE_NAME_HINT}"
    return None


# --- what the previous release held -------------------------------------------------------------

@dataclass(frozen=True)
class PreviousRelease:
    version: str
    documents: Mapping[tuple[str, str], Mapping[str, Any]]  # (kind, id) -> id, title, status, revision


@dataclass(frozen=True)
class ReleaseContext:
    version: str
    previous: PreviousRelease | None = None
    earlier: tuple[str, ...] = ()  # every release published before, newest first


def release_context(environ: Mapping[str, str]) -> ReleaseContext | None:
    """Read QMS_RELEASE and QMS_PREVIOUS_RELEASE from the build's environment; a bad value raises DataErrors."""
    version = current_release(environ)
    if version is None:
        return None
    problem = version_problem(version)
    if problem:
        raise DataErrors([DataError(RELEASE_ENV, 1, 1, "", problem, VERSION_HINT)])
    path = environ.get(PREVIOUS_ENV, "").strip()
    if not path:
        return ReleaseContext(version)
    return ReleaseContext(version, *read_previous_release(Path(path)))


def read_previous_release(path: Path) -> tuple[PreviousRelease | None, tuple[str, ...]]:
    """The file ``qms publish`` writes::

        {"releases": ["2026.1", ...],            # every earlier release, newest first
         "previous": {"version": "2026.1",       # or null when its report is missing
                      "documents": [{"kind", "id", "title", "status", "revision"}, ...]}}

    ``documents`` are the entries of that release's qms-report.json.
    """
    shown = str(path)
    hint = "run qms publish again; it writes this file from the pages branch"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataErrors([DataError(shown, 1, 1, PREVIOUS_ENV, f"cannot read the file ({exc.strerror})",
                                    hint)]) from None
    except json.JSONDecodeError as exc:
        raise DataErrors([DataError(shown, exc.lineno, exc.colno, PREVIOUS_ENV,
                                    f"not valid JSON ({exc.msg})", hint)]) from None
    errors: list[DataError] = []
    releases = data.get("releases", []) if isinstance(data, dict) else None
    if not isinstance(releases, list) or not all(isinstance(v, str) and not version_problem(v)
                                                 for v in releases):
        errors.append(DataError(shown, 1, 1, "releases", "expected a list of release names", hint))
        releases = []
    previous = data.get("previous") if isinstance(data, dict) else None
    found: PreviousRelease | None = None
    if previous is not None:
        version = previous.get("version") if isinstance(previous, dict) else None
        documents = previous.get("documents") if isinstance(previous, dict) else None
        if not isinstance(version, str) or version_problem(version):
            errors.append(DataError(shown, 1, 1, "previous.version", "expected a release name", hint))
        elif not isinstance(documents, list) or not all(
                isinstance(d, dict) and isinstance(d.get("id"), str) for d in documents):
            errors.append(DataError(shown, 1, 1, "previous.documents",
                                    "expected a list of documents with an id", hint))
        else:
            found = PreviousRelease(version, {(str(d.get("kind", "procedure")), d["id"]): d
                                              for d in documents})
    if errors:
        raise DataErrors(errors)
    return found, tuple(releases)


# --- comparing the data with the previous release -----------------------------------------------

@dataclass(frozen=True)
class RevisedDocument:
    doc: Document
    previous_revision: str
    revisions: tuple[Mapping[str, Any], ...]  # the revisions made since, oldest first


@dataclass
class ReleaseNotes:
    version: str
    previous_version: str | None
    added: list[Document] = field(default_factory=list)
    revised: list[RevisedDocument] = field(default_factory=list)
    obsolete: list[Document] = field(default_factory=list)
    removed: list[Mapping[str, Any]] = field(default_factory=list)  # entries of the previous report
    unrevised: list[UnrevisedChange] = field(default_factory=list)  # changed, but under the same revision
    unchanged: int = 0


def controlled_documents(repository: Repository) -> list[Document]:
    """Published documented information: every kind that carries status and revisions."""
    docs = [doc for kind in repository.registry.kinds if kind.controlled
            for doc in repository.of_kind(kind.name).values() if doc.published]
    return sorted(docs, key=lambda d: (d.kind, d.id))


def compare_releases(repository: Repository, context: ReleaseContext) -> ReleaseNotes:
    """Added, revised, made obsolete and removed since the previous release."""
    previous = context.previous
    notes = ReleaseNotes(context.version, previous.version if previous else None)
    before = dict(previous.documents) if previous else {}
    controlled = {kind.name for kind in repository.registry.kinds if kind.controlled}
    unrevised = unrevised_changes(repository)
    for doc in controlled_documents(repository):
        was = before.pop((doc.kind, doc.id), None)
        if (doc.kind, doc.id) in unrevised:  # never "did not change", whatever else it is
            notes.unrevised.append(unrevised[(doc.kind, doc.id)])
        if doc.status == "obsolete":
            if was is None or was.get("status") != "obsolete":
                notes.obsolete.append(doc)
            else:
                notes.unchanged += 1
        elif was is None or was.get("status") == "obsolete":
            notes.added.append(doc)
        elif was.get("revision") is not None and str(was["revision"]) != latest_revision_label(doc):
            revisions = list(doc.revisions)
            labels = [str(revision.rev) for revision in revisions]
            since = labels.index(str(was["revision"])) + 1 if str(was["revision"]) in labels else -1
            notes.revised.append(RevisedDocument(doc, str(was["revision"]), tuple(revisions[since:])))
        elif (doc.kind, doc.id) not in unrevised:
            notes.unchanged += 1
    notes.removed = sorted((entry for (kind, _), entry in before.items() if kind in controlled),
                           key=lambda entry: entry["id"])
    return notes


# --- pages -----------------------------------------------------------------------------------------

def other_release_link(version: str, from_uri: str, text: str) -> Markup:
    """A link to another release's notes, which live in that release's own folder of the site.

    MkDocs cannot check a link outside this release, so it is plain HTML, relative to
    the page (directory URLs: releases/index.md is served at releases/).
    """
    depth = from_uri.count("/") + (0 if from_uri.endswith("index.md") else 1)
    href = "../" * (depth + 1) + f"{version}/releases/{version}/"
    return Markup(f'<a href="{html.escape(href)}">{html.escape(text)}</a>')


def release_pages(renderer: Renderer) -> list[GeneratedPage]:
    # the environment handed to the build, never the process's own: see qms.pipeline
    context = release_context(renderer.context.get("environ", {}))
    if context is None:
        return []
    notes = compare_releases(renderer.repository, context)
    version = context.version
    return [
        renderer.page("releases/notes.md.j2", release_notes_uri(version), f"Release {version}", None,
                      notes=notes, version=version),
        renderer.page("releases/index.md.j2", "releases/index.md", "Release notes", None,
                      version=version, earlier=context.earlier,
                      other_release_link=other_release_link),
    ]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Any) -> list[Any]:
    notes = [page for page in generated if page.src_uri.startswith("releases/")
             and page.src_uri != "releases/index.md"]
    if not notes:
        return []
    return [{"Release notes": ["releases/index.md"] + [nav_entry(page.title, page.src_uri) for page in notes]}]


# --- step history on procedure pages ------------------------------------------------------------

def step_history(doc: Document, repository: Repository) -> StepHistory | None:
    """What changed in the steps of ``doc`` since its previous revision (None when unknown).

    The first call of a build reads git once for every procedure and keeps the
    result in the build's caches, so a rebuild reads git again.
    """
    values = repository.caches.values
    histories = values.get("step-histories")
    if histories is None:
        procedure = repository.registry.kinds_by_name["procedure"]
        folder = repository.data_dir / (procedure.folder or procedure.name)
        histories = values["step-histories"] = step_histories(
            repository.published("procedure"), folder, repository.caches.environ, data_history(repository))
    return histories.get(doc.id)


FEATURE = Feature(
    name="releases",
    templates=Path(__file__).parent / "templates",
    slots={"procedure.changes": ("releases/step_changes.md.j2",)},
    pages=(release_pages,),
    nav=navigation,
    template_globals={"step_history": step_history},
    analyse=analyse_unrevised,
    flag_kinds=FLAG_KINDS,
)
