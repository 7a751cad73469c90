"""ISO 9001:2015 clause catalogue and the coverage of clauses by the documents that claim them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ...errors import DataError
from ...model import Document, Repository
from ...validate import error_at

# The clause catalogue ships as data inside the qms package: qms/data, three directories up from this file.
CLAUSES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "iso9001-clauses.yml"


@dataclass(frozen=True)
class Clause:
    number: str
    title: str  # "" for a numbered paragraph without a title in the standard
    about: str  # our own words for an untitled paragraph
    parent: str | None

    @property
    def depth(self) -> int:
        return self.number.count(".")

    @property
    def top(self) -> str:
        return self.number.split(".")[0]


@lru_cache(maxsize=1)
def iso_clauses() -> dict[str, Clause]:
    """The clause list shipped with the package, in the order of the standard.

    Read with the base loader so that 7.1 stays the text "7.1" and never a number.
    """
    data = yaml.load(CLAUSES_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    clauses: dict[str, Clause] = {}
    for entry in data["clauses"]:
        number = entry["number"]
        parent = number.rpartition(".")[0] or None
        if number in clauses or (parent and parent not in clauses):
            raise ValueError(f"{CLAUSES_FILE}: clause {number} is repeated or comes before its parent")
        if not entry.get("title") and not entry.get("about"):
            raise ValueError(f"{CLAUSES_FILE}: clause {number} needs a title or an about")
        clauses[number] = Clause(number, entry.get("title", ""), entry.get("about", ""), parent)
    return clauses


def clause_children(number: str) -> list[str]:
    return [c.number for c in iso_clauses().values() if c.parent == number]


def clause_title(number: str) -> str:
    """The title of the standard; for an untitled paragraph, its parent's title and what it is about."""
    clauses = iso_clauses()
    clause = clauses[number]
    if clause.title:
        return clause.title
    parent = clauses[clause.parent].title if clause.parent else ""
    return f"{parent}: {clause.about}" if parent else clause.about


def clause_hint(number: str) -> str:
    clauses = iso_clauses()
    parent = number
    while "." in parent:
        parent = parent.rpartition(".")[0]
        if parent in clauses:
            children = clause_children(parent)
            if children:
                return f"clause {parent} has {', '.join(children)}"
            return f"clause {parent} has no subclauses; claim {parent} itself"
    return "use a clause of ISO 9001:2015 from 4 to 10, e.g. \"7.5.3\""


def check_clauses(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Every claimed clause must exist in ISO 9001:2015 (the schema checks only the format)."""
    clauses = iso_clauses()
    for index, number in enumerate(doc.clauses):
        if isinstance(number, str) and number not in clauses:
            errors.append(error_at(doc, ("clauses", index), f"unknown ISO 9001:2015 clause {number!r}",
                                   clause_hint(number)))


def check_other_clauses(repository: Repository, errors: list[DataError]) -> None:
    """Other kinds that claim clauses (a list of text) get the same check as procedures."""
    for doc in list(repository.all_documents()) + list(repository.singletons.values()):
        if doc.kind != "procedure" and isinstance(doc.value("clauses"), list):
            check_clauses(doc, repository, errors)


READABILITY_KINDS = ("long-sentence", "very-hard-sentence", "plain-words", "low-reading-ease", "high-grade")
COVERED, PARTLY, GAP = "covered", "partly", "gap"
COVERAGE_LABELS = {COVERED: "Covered", PARTLY: "Partly covered", GAP: "Gap"}


@dataclass
class DocumentHealth:
    doc: Document
    review_overdue: bool
    readability_problems: int
    open_nonconformities: list[str]

    @property
    def problems(self) -> list[str]:
        words = []
        if self.review_overdue:
            words.append("review overdue")
        if self.readability_problems:
            words.append(f"fails readability ({self.readability_problems} warnings)")
        if self.open_nonconformities:
            count = len(self.open_nonconformities)
            words.append(f"{count} open nonconformit{'y' if count == 1 else 'ies'} "
                         f"({', '.join(self.open_nonconformities)})")
        return words


@dataclass
class ClauseRow:
    clause: Clause
    direct: list[Document] = field(default_factory=list)
    inherited: list[tuple[Document, str]] = field(default_factory=list)  # (document, claimed parent)
    drafts: list[Document] = field(default_factory=list)
    leaves: int = 0
    leaves_covered: int = 0
    health: list[DocumentHealth] = field(default_factory=list)

    @property
    def title(self) -> str:
        return clause_title(self.clause.number)

    @property
    def part_of(self) -> str:
        parent = self.clause.parent
        return f"{parent} {clause_title(parent)}" if parent else ""

    @property
    def documents(self) -> list[Document]:
        return self.direct + [doc for doc, _ in self.inherited]

    @property
    def state(self) -> str:
        if self.leaves:  # a clause with subclauses: how many of its leaves are covered
            if self.leaves_covered == self.leaves:
                return COVERED
            return PARTLY if self.leaves_covered or self.direct else GAP
        return COVERED if self.documents else GAP

    @property
    def state_text(self) -> str:
        if self.leaves:
            return f"{COVERAGE_LABELS[self.state]}: {self.leaves_covered} of {self.leaves} clauses below it"
        return "Covered" if self.documents else "Gap: no document"

    @property
    def problems(self) -> list[tuple[Document, list[str]]]:
        return [(item.doc, item.problems) for item in self.health if item.problems]


@dataclass
class Coverage:
    rows: list[ClauseRow]
    nonconformities_known: bool

    @property
    def gaps(self) -> list[ClauseRow]:
        return [row for row in self.rows if not row.leaves and row.state == GAP]

    @property
    def leaves(self) -> list[ClauseRow]:
        return [row for row in self.rows if not row.leaves]

    def by_top(self) -> list[tuple[ClauseRow, list[ClauseRow]]]:
        groups = []
        for row in self.rows:
            if row.clause.parent is None:
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        return groups


def open_nonconformities_by_procedure(repository: Repository) -> dict[str, list] | None:
    """Open nonconformities per procedure from the records feature, or None when the build has none."""
    open_nonconformities = repository.registry.service("open_nonconformities")
    return open_nonconformities(repository) if open_nonconformities is not None else None


def _claiming_documents(repository: Repository) -> list[Document]:
    """Controlled documents (procedures and any other controlled kind) that claim clauses.

    Other kinds may list clauses for another reason (an audit lists the clauses it audits):
    their clauses are checked, but they do not make a clause covered.
    """
    controlled = {name for name, kind in repository.registry.kinds_by_name.items() if kind.controlled}
    docs = [doc for doc in repository.all_documents()
            if doc.kind in controlled and isinstance(doc.value("clauses"), list)]
    return sorted(docs, key=lambda d: (d.kind != "procedure", d.kind, d.id))


def clause_coverage(repository: Repository, analysis: Any) -> Coverage:
    clauses = iso_clauses()
    rows = {number: ClauseRow(clause) for number, clause in clauses.items()}
    in_force = {}
    for doc in _claiming_documents(repository):
        for number in doc.clauses:
            if number not in rows:
                continue
            if doc.status == "approved":
                rows[number].direct.append(doc)
                in_force[doc.kind, doc.id] = doc
            elif doc.status == "draft":
                rows[number].drafts.append(doc)
    for number, row in rows.items():  # a claim of 7.5.3 addresses 7.5.3.1 and 7.5.3.2 too
        parent = row.clause.parent
        while parent:
            row.inherited.extend((doc, parent) for doc in rows[parent].direct if doc not in row.direct)
            parent = clauses[parent].parent
    leaves = {number for number in rows if not clause_children(number)}
    for number in rows:
        below = [leaf for leaf in leaves if leaf.startswith(number + ".")]
        rows[number].leaves = len(below)
        rows[number].leaves_covered = sum(1 for leaf in below if rows[leaf].documents)
    nonconformities = open_nonconformities_by_procedure(repository)
    health = {key: _health(doc, analysis, nonconformities or {}) for key, doc in in_force.items()}
    for row in rows.values():
        row.health = [health[doc.kind, doc.id] for doc in row.documents if (doc.kind, doc.id) in health]
    return Coverage(list(rows.values()), nonconformities is not None)


def _health(doc: Document, analysis: Any, nonconformities: dict[str, list]) -> DocumentHealth:
    report = analysis.reports.get((doc.kind, doc.id)) if analysis is not None else None
    overdue = bool(report and report.review and report.review.status == "overdue")
    readability = sum(1 for flag in (report.flags if report else [])
                      if flag.kind in READABILITY_KINDS
                      and (flag.severity in ("warning", "error") or flag.on_purpose))
    open_items = [getattr(item, "id", str(item)) for item in nonconformities.get(doc.id, [])]
    return DocumentHealth(doc, overdue, readability, open_items)
