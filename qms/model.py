"""Load the data folder into typed documents, keeping where every value came from."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Iterator

import yaml

from .build_caches import BuildCaches
from .cache import DiskCache, content_key
from .datafiles import find_data_files, read_data_file, unprintable
from .errors import DataError, DataErrors, file_error
from .kinds import Kind
from .schema import Path, Reader, Reference, is_null, reused_node
from .typed import RESERVED
from .yaml_syntax import field_names, syntax_problem

if TYPE_CHECKING:
    from .registry import Registry

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One YAML file's content, with the line of every field for messages."""

    kind: str
    path: str  # as shown in messages: relative to the project root
    data: dict[str, Any]
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    complete: bool = True  # False when a required value or a list item could not be read: see Reader

    @property
    def id(self) -> str:
        return self.data.get("id", "")

    @property
    def title(self) -> str:
        return self.data.get("title", "")

    @property
    def status(self) -> str:
        return self.data.get("status", "approved")

    @property
    def published(self) -> bool:
        """Drafts never reach the site."""
        return self.status != "draft"

    def __getattr__(self, name: str) -> Any:
        """The document's declared fields: ``doc.owner``, ``doc.steps`` (see ``qms.typed.Fields``)."""
        data = self.__dict__.get("data")
        if data is not None and name in data:  # the common case first: a field the file has
            return data[name]
        if name[:1] == "_" or data is None or name in RESERVED:
            # a document is not a mapping: doc.get("x") would hide a misspelt or undeclared field
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(data, name)

    def value(self, name: str) -> Any:
        """A field by name, None when absent or not declared: for code that serves every kind
        (e.g. the clauses any controlled document claims). Code for one kind reads ``doc.name``."""
        return self.data.get(name)

    def line(self, *path: str | int) -> int:
        """Line of a field (or of its nearest parent that has one)."""
        key: Path = tuple(path)
        while key and key not in self.marks:
            key = key[:-1]
        return self.marks.get(key, (1, 1))[0]

    def column(self, *path: str | int) -> int:
        return self.marks.get(tuple(path), (1, 1))[1]


@dataclass
class Repository:
    """Every document of the QMS, indexed by kind and id."""

    root: FsPath
    data_dir: FsPath
    documents: dict[str, dict[str, Document]]
    singletons: dict[str, Document]
    registry: "Registry"  # the features it was loaded with: their kinds, checks and pages
    caches: BuildCaches = field(default_factory=BuildCaches)  # made by the pipeline, one per build
    # kind -> file stem -> (file, what went wrong) for files that did not load under their name:
    # their own error says why, so references to them are not each "unknown"
    unreadable: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def organisation(self) -> Document:
        return self.singletons["organisation"]

    @property
    def areas(self) -> dict[str, dict[str, Any]]:
        # an area whose id did not load has its own error; it cannot be named
        return {area.id: area for area in self.organisation.areas if area.id is not None}

    def of_kind(self, kind: str) -> dict[str, Document]:
        return self.documents.get(kind, {})

    def get(self, kind: str, doc_id: str) -> Document | None:
        return self.documents.get(kind, {}).get(doc_id)

    def controlled_kinds(self) -> list[str]:
        return [kind.name for kind in self.registry.kinds if kind.controlled]

    def document(self, doc_id: str) -> Document | None:
        """The controlled document with this id, whatever its kind (ids are unique across them)."""
        for kind in self.controlled_kinds():
            doc = self.documents.get(kind, {}).get(doc_id)
            if doc is not None:
                return doc
        return None

    def published(self, kind: str) -> list[Document]:
        return [doc for doc in self.of_kind(kind).values() if doc.published]

    def all_documents(self) -> Iterator[Document]:
        for by_id in self.documents.values():
            yield from by_id.values()

    def singleton(self, kind: str) -> Document | None:
        return self.singletons.get(kind)

    def could_not_read(self, kind: str, stem: str | None = None) -> bool:
        """Whether a file of ``kind`` (named ``stem``, if given) failed to load and has its own error."""
        files = self.unreadable.get(kind, {})
        # "": the kind's whole folder is missing or misnamed, so no file of it could be read
        return bool(files) if stem is None else stem in files or "" in files


def relative(path: FsPath, root: FsPath) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def read_file(path: FsPath, shown: str, kind: Kind, errors: list[DataError],
              cache: DiskCache | None = None, today: dt.date | None = None) -> Document | None:
    """Parse and convert one file; problems go to ``errors``. Clean results are cached by content."""
    [(document, problems)] = read_files([(path, shown, kind)], cache, today)
    errors.extend(problems)
    return document


def read_files(tasks: list[tuple[FsPath, str, Kind]], cache: DiskCache | None = None,
               today: dt.date | None = None) -> list[tuple[Document | None, list[DataError]]]:
    """(document, errors) per file, in order: cached by content, the rest parsed here.

    ``today`` (default: the clock) bounds dates that must have happened; it is
    part of the cache key, since a file valid today may not be valid on another day.
    Parsing in forked workers was measured and does not pay: sending the parsed
    documents back costs as much as parsing them.
    """
    today = today or dt.date.today()
    results: list[tuple[Document | None, list[DataError]] | None] = []
    misses: list[tuple[int, str, bytes, str, Kind, dt.date]] = []
    for index, (path, shown, kind) in enumerate(tasks):
        raw, problem = read_data_file(path, shown)
        if raw is None:
            results.append((None, [problem] if problem else []))
            continue
        key = content_key(kind.name, shown, today.isoformat(), raw)
        cached = cache.get(key) if cache is not None else None
        results.append((cached, []) if cached is not None else None)
        if cached is None:
            misses.append((index, key, raw, shown, kind, today))
    parsed = [_parse_task(None, miss) for miss in misses]
    for (index, key, *_), (document, problems) in zip(misses, parsed):
        if cache is not None and document is not None and not problems:
            cache.put(key, document)
        results[index] = (document, problems)
    return results  # type: ignore[return-value]


def _parse_task(_: object, task: tuple[int, str, bytes, str, Kind, dt.date]
                ) -> tuple[Document | None, list[DataError]]:
    _, _, raw, shown, kind, today = task
    problems: list[DataError] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(DataError(shown, line, column, "", f"is not UTF-8 text ({exc.reason})", "save it as UTF-8"))
        return None, problems
    if (problem := unprintable(text, shown)) is not None:
        return None, [problem]
    return _parse(text, shown, kind, problems, today), problems


def _parse(text: str, shown: str, kind: Kind, errors: list[DataError],
           today: dt.date | None = None) -> Document | None:
    try:
        nodes = list(yaml.compose_all(text, Loader=Loader))
    except yaml.MarkedYAMLError as exc:
        found = syntax_problem(exc, text, Loader, field_names(kind.schema))
        errors.append(DataError(shown, found.line, found.column, "", found.message, found.hint))
        return None
    except yaml.reader.ReaderError as exc:
        errors.append(unprintable(text, shown) or DataError(shown, 1, 1, "", f"YAML error: {exc}"))
        return None
    except yaml.YAMLError as exc:
        errors.append(DataError(shown, 1, 1, "", f"YAML error: {exc}"))
        return None
    nodes = [node for node in nodes if node is not None]
    if not nodes or is_null(nodes[0]):
        errors.append(DataError(shown, 1, 1, "", "the file is empty", f"add the fields of a {kind.name}"))
        return None
    if len(nodes) > 1:
        second = nodes[1].start_mark.line + 1
        errors.append(DataError(shown, second, 1, "", "the file holds more than one YAML document",
                                "keep one document per file; remove the '---' line"))
    if (reused := reused_node(nodes[0])) is not None:
        errors.append(DataError(shown, reused.start_mark.line + 1, reused.start_mark.column + 1, "",
                                "this value has an anchor (&name) that an alias (*name) uses again",
                                "write the values out in full: YAML aliases are not allowed"))
        return None
    reader = Reader(shown, errors, text, today)
    data = kind.schema.convert(nodes[0], (), reader)
    if data is None:
        return None
    reader.marks.setdefault((), (nodes[0].start_mark.line + 1, 1))
    return Document(kind.name, shown, data, reader.marks, reader.references, complete=not reader.incomplete)


def duplicate(doc: Document, first: Document, path: FsPath) -> DataError:
    """The one message for a second file with an id already taken: only the file that is not named
    after the id is blamed, so the author is never told to change the original."""
    where = f"already used by {first.path}:{first.line('id')}"
    if path.stem == doc.id:  # two files named after the same id (QP-024.yml and QP-024.yaml)
        hint = "keep one of the two files"
    elif FsPath(first.path).stem == doc.id:
        hint = f"this file looks like a copy of {FsPath(first.path).name}: delete it, or give it its own id " \
               "and name the file after that id"
    else:
        hint = "give each document its own id, and name each file after its id"
    return DataError(doc.path, doc.line("id"), doc.column("id"), "id", f"duplicate id {doc.id!r}: {where}", hint)


def read_repository(root: FsPath | str, registry: "Registry", data_dir: FsPath | str | None = None, *,
                    today: dt.date | None = None, caches: BuildCaches | None = None
                    ) -> tuple[Repository, list[DataError]]:
    """Read every file of the registry's kinds; problems found so far come back with it.

    Cross-document checks are not run here: the caller validates the result
    (``qms.validate.check_repository``) and raises once with every problem.
    ``today`` is the build's date (QMS_TODAY or the clock, decided by the caller);
    left out, it is the clock's. A missing data folder raises DataErrors at once.
    Parsed files are kept between runs in ``caches.cache_dir`` (none: no disk cache).
    """
    root = FsPath(root).resolve()
    data_path = FsPath(data_dir).resolve() if data_dir else root / "data"
    if not data_path.is_dir():
        raise DataErrors([file_error(relative(data_path, root), "data folder not found",
                                     "create it, or point the portal at yours")])
    kinds = registry.kinds
    documents: dict[str, dict[str, Document]] = {kind.name: {} for kind in kinds if not kind.file}
    singletons: dict[str, Document] = {}
    cache = DiskCache("parsed", root, caches.cache_dir if caches is not None else None)
    unreadable: dict[str, dict[str, tuple[str, str]]] = {}
    found = find_data_files(root, data_path, kinds,
                             tuple(kind for feature in registry.left_out for kind in feature.kinds))
    errors: list[DataError] = found.errors
    tasks = found.tasks
    loaded: list[tuple[FsPath, str, Kind, Document]] = []
    for (path, shown, kind), (doc, problems) in zip(tasks, read_files(tasks, cache, today)):
        errors.extend(problems)
        if doc is None:
            unreadable.setdefault(kind.name, {})[path.stem] = (shown, "could not be read")
        elif kind.file:
            singletons[kind.name] = doc
        else:
            loaded.append((path, shown, kind, doc))
    # The file named after its id keeps it, whatever the sort order: a copy ("QP-024 (copy).yml")
    # must not make the original the one reported.
    named = {(kind.name, doc.id): doc for path, _, kind, doc in loaded if doc.id and path.stem == doc.id}
    for path, shown, kind, doc in loaded:
        by_id = documents[kind.name]
        if path.stem != doc.id:  # no id, a bad one or another one: the file's own error says which
            unreadable.setdefault(kind.name, {})[path.stem] = (shown, "could not be loaded")
        if not doc.id:
            continue
        first = by_id.get(doc.id) or (named.get((kind.name, doc.id)) if path.stem != doc.id else None)
        if first is not None:
            errors.append(duplicate(doc, first, path))
            continue
        if path.stem != doc.id:
            errors.append(DataError(shown, doc.line("id"), doc.column("id"), "id",
                                    f"the id {doc.id!r} does not match the file name {path.name!r}",
                                    f"rename the file to {doc.id}.yml or fix the id"))
        by_id[doc.id] = doc
    for kind in kinds:
        place = kind.folder or kind.name
        if not kind.file and not (data_path / place).is_dir():
            misnamed = found.misnamed.get(place)
            unreadable.setdefault(kind.name, {})[""] = (
                (misnamed, "is misnamed") if misnamed else (relative(data_path / place, root) + "/", "is missing"))
    cache.save()
    return Repository(root, data_path, documents, singletons, registry, caches or BuildCaches(),
                      unreadable=unreadable), errors
