"""Pure queries over the records; other features use these too."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Document, Repository

from .vocabulary import NCR_STATUSES


def is_open(ncr_doc: Document) -> bool:
    return ncr_doc.status != "closed"


def open_nonconformities(repository: Repository) -> dict[str, list[Document]]:
    """Open NCRs (any status but closed) per procedure id, each list sorted by NCR id."""
    by_procedure: dict[str, list[Document]] = {}
    for doc in sorted(repository.of_kind("ncr").values(), key=lambda d: d.id):
        if is_open(doc):
            for procedure_id in doc.procedures:
                by_procedure.setdefault(procedure_id, []).append(doc)
    return by_procedure


def nonconformities_of(repository: Repository, procedure_id: str) -> list[Document]:
    """Every NCR linked to a procedure: open ones first, then by id."""
    return sorted((doc for doc in repository.of_kind("ncr").values() if procedure_id in doc.procedures),
                  key=lambda d: (not is_open(d), d.id))


@dataclass(frozen=True)
class ProcedureRecords:
    """The NCRs and improvement items that name one procedure, each group by id."""

    open: tuple[Document, ...]
    closed: tuple[Document, ...]
    improvements: tuple[Document, ...]

    @property
    def nonconformities(self) -> tuple[Document, ...]:
        """Open ones first, as the procedure page lists them."""
        return self.open + self.closed


def procedure_records(repository: Repository, procedure_id: str) -> ProcedureRecords:
    """For procedure pages (a template global): what the records say about this procedure."""
    ncrs = nonconformities_of(repository, procedure_id)
    improvements = sorted((doc for doc in repository.of_kind("improvement").values()
                           if procedure_id in doc.procedures), key=lambda d: d.id)
    return ProcedureRecords(tuple(doc for doc in ncrs if is_open(doc)), tuple(doc for doc in ncrs if not is_open(doc)),
                            tuple(improvements))


def ncr_register_order(repository: Repository) -> list[Document]:
    """Open before closed; within that, by status stage, then newest first."""
    stage = {status: index for index, status in enumerate(NCR_STATUSES)}
    docs = sorted(repository.of_kind("ncr").values(), key=lambda d: d.id, reverse=True)
    return sorted(docs, key=lambda d: stage[d.status])


def audit_sources(repository: Repository) -> dict[str, tuple[Document, int]]:
    """NCR id -> (audit, finding number starting at 1) for NCRs raised by an audit finding."""
    found = {}
    for doc in repository.of_kind("audit").values():
        for index, item in enumerate(doc.findings):
            if item.ncr:
                found[item.ncr] = (doc, index + 1)
    return found


def owned_procedures(repository: Repository, role_id: str, audit_doc: Document) -> list[str]:
    """Procedures an audit covers (listed, or in its areas) that its auditor's role owns."""
    areas = set(audit_doc.areas)
    listed = set(audit_doc.procedures)
    return sorted(doc.id for doc in repository.published("procedure")
                  if doc.owner == role_id and (doc.id in listed or doc.area in areas))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def days(count: int) -> str:
    return plural(count, "day")
