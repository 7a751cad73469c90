"""Clause coverage: for each clause of a standard, what shows it is met, or why it does not apply.

A clause is covered by an approved document that claims it (or claims a clause above it) and by
the evidence the features of this build declare for their documents (the policy for 5.2, roles
for 5.3, management reviews for 9.3, …). A clause excluded in ``data/organisation.yml`` with its
reason is not a gap. A gap is a clause with neither. ISO 9001:2015 ships with the portal; each
standard with a catalogue in data/standards/ gets the same treatment, one standard at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...clause_refs import DEFAULT_STANDARD, split_ref
from ...document_readability import READABILITY_KINDS
from ...model import Document, Repository
from .clauses import Clause, FoundEvidence, claiming_documents, evidence_found
from .exclusions import Exclusion, declared_exclusions, excluded_by
from .standards import Standard, shipped_standard, standards

COVERED, PARTLY, GAP, EXCLUDED = "covered", "partly", "gap", "excluded"
COVERAGE_LABELS = {COVERED: "Covered", PARTLY: "Partly covered", GAP: "Gap", EXCLUDED: "Excluded"}


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
            count = self.readability_problems
            words.append(f"fails readability ({count} {'warning' if count == 1 else 'warnings'})")
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
    # (evidence, the clause above this one it was declared for, or "" when declared for this one)
    evidence: list[tuple[FoundEvidence, str]] = field(default_factory=list)
    exclusion: Exclusion | None = None  # its own, or that of a clause above it
    leaves: int = 0
    leaves_covered: int = 0
    leaves_excluded: int = 0
    health: list[DocumentHealth] = field(default_factory=list)
    standard: Standard = field(default_factory=shipped_standard)

    @property
    def title(self) -> str:
        return self.standard.title_of(self.clause.number)

    @property
    def anchor(self) -> str:
        """The id of its row on the coverage page, which links from other pages land on."""
        return clause_anchor(self.clause.number)

    @property
    def part_of(self) -> str:
        parent = self.clause.parent
        return f"{parent} {self.standard.title_of(parent)}" if parent else ""

    @property
    def documents(self) -> list[Document]:
        return self.direct + [doc for doc, _ in self.inherited]

    @property
    def covered(self) -> bool:
        return bool(self.documents or self.evidence)

    @property
    def state(self) -> str:
        if self.leaves:  # a clause with subclauses: how many of those that apply are covered
            applicable = self.leaves - self.leaves_excluded
            if not applicable:
                return EXCLUDED
            if self.leaves_covered >= applicable:
                return COVERED
            return PARTLY if self.leaves_covered or self.direct or self.evidence else GAP
        if self.covered:
            return COVERED
        return EXCLUDED if self.exclusion is not None else GAP

    @property
    def state_text(self) -> str:
        state = self.state
        if state == EXCLUDED:
            return f"Excluded: {self.exclusion.reason}" if self.exclusion else "Excluded: every clause below it"
        if not self.leaves:
            return "Covered" if state == COVERED else "Gap: no document"
        applicable = self.leaves - self.leaves_excluded
        text = (f"{COVERAGE_LABELS[state]}: {self.leaves_covered} of {applicable} "
                f"{'clause' if applicable == 1 else 'clauses'} below it")
        return text + (f" ({self.leaves_excluded} more excluded)" if self.leaves_excluded else "")

    @property
    def problems(self) -> list[tuple[Document, list[str]]]:
        return [(item.doc, item.problems) for item in self.health if item.problems]


def clause_anchor(number: str) -> str:
    return f"clause-{number}"


@dataclass
class Coverage:
    rows: list[ClauseRow]
    nonconformities_known: bool
    # each reason given in the data with the clauses it excludes (as named there), in clause order
    exclusions: list[tuple[list[ClauseRow], str]] = field(default_factory=list)
    standard: Standard = field(default_factory=shipped_standard)

    @property
    def tops(self) -> str:
        """The range of its top-level clauses, e.g. "4 to 10"."""
        numbers = [row.clause.number for row in self.rows if row.clause.parent is None]
        return f"{numbers[0]} to {numbers[-1]}" if len(numbers) > 1 else "".join(numbers)

    @property
    def leaves(self) -> list[ClauseRow]:
        return [row for row in self.rows if not row.leaves]

    @property
    def gaps(self) -> list[ClauseRow]:
        return [row for row in self.leaves if row.state == GAP]

    @property
    def excluded(self) -> list[ClauseRow]:
        return [row for row in self.leaves if row.state == EXCLUDED]

    @property
    def covered(self) -> list[ClauseRow]:
        return [row for row in self.leaves if row.state == COVERED]

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


def clause_coverage(repository: Repository, analysis: Any, standard_id: str = DEFAULT_STANDARD) -> Coverage:
    standard = standards(repository)[standard_id]
    clauses = standard.clauses
    rows = {number: ClauseRow(clause, standard=standard) for number, clause in clauses.items()}
    in_force = {}
    for doc in claiming_documents(repository, drafts=True):
        # "7.5.3" and "iso9001:7.5.3" are one claim (naming both is an error of its own)
        numbers = dict.fromkeys(split_ref(ref)[1] for ref in doc.clauses
                                if isinstance(ref, str) and split_ref(ref)[0] == standard_id)
        for number in numbers:
            if number not in rows:
                continue
            if doc.status == "approved":
                rows[number].direct.append(doc)
                in_force[doc.kind, doc.id] = doc
            else:
                rows[number].drafts.append(doc)
    # features declare what their documents show, as clause references (a bare number is ISO 9001's)
    for found in evidence_found(repository):
        for ref in found.declared.clauses:
            declared, number = split_ref(ref)
            if declared == standard_id and number in rows:
                rows[number].evidence.append((found, ""))
    exclusions = declared_exclusions(repository, standard_id)
    for number, row in rows.items():  # a claim of 7.5.3 addresses 7.5.3.1 and 7.5.3.2 too
        parent = row.clause.parent
        while parent:
            row.inherited.extend((doc, parent) for doc in rows[parent].direct if doc not in row.direct)
            row.evidence.extend((found, parent) for found, via in rows[parent].evidence if not via)
            parent = clauses[parent].parent
        row.exclusion = excluded_by(number, exclusions)
    leaves = [number for number in rows if not standard.children(number)]
    for number, row in rows.items():
        below = [rows[leaf] for leaf in leaves if leaf.startswith(number + ".")]
        row.leaves = len(below)
        row.leaves_covered = sum(1 for leaf in below if leaf.covered)
        row.leaves_excluded = sum(1 for leaf in below if not leaf.covered and leaf.exclusion is not None)
    nonconformities = open_nonconformities_by_procedure(repository)
    health = {key: _health(doc, analysis, nonconformities or {}) for key, doc in in_force.items()}
    for row in rows.values():
        row.health = [health[doc.kind, doc.id] for doc in row.documents if (doc.kind, doc.id) in health]
    return Coverage(list(rows.values()), nonconformities is not None, _by_reason(rows, exclusions), standard)


def _by_reason(rows: dict[str, ClauseRow], exclusions: dict[str, Exclusion]) -> list[tuple[list[ClauseRow], str]]:
    entries: dict[int, tuple[list[ClauseRow], str]] = {}
    for number, row in rows.items():  # catalogue order
        exclusion = exclusions.get(number)
        if exclusion is not None:
            entries.setdefault(exclusion.entry, ([], exclusion.reason))[0].append(row)
    return list(entries.values())


def _health(doc: Document, analysis: Any, nonconformities: dict[str, list]) -> DocumentHealth:
    report = analysis.reports.get((doc.kind, doc.id)) if analysis is not None else None
    overdue = bool(report and report.review and report.review.status == "overdue")
    readability = sum(1 for flag in (report.flags if report else [])
                      if flag.kind in READABILITY_KINDS
                      and (flag.severity in ("warning", "error") or flag.on_purpose))
    open_items = [getattr(item, "id", str(item)) for item in nonconformities.get(doc.id, [])]
    return DocumentHealth(doc, overdue, readability, open_items)
