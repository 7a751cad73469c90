"""Justified exclusions (ISO 9001 4.3): clauses that cannot apply to the organisation, with the reason.

They are declared in ``data/organisation.yml``::

    exclusions:
      - clauses: ["8.3"]
        reason: We make products to our customers' designs and design nothing ourselves.

The schema checks the form (a clause number, a reason); here the catalogue and the rest of the
data are checked: the clause must exist, be excluded once, and not be claimed by a document or
shown by evidence the portal holds, since then the organisation evidently does apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from ...errors import DataError
from ...model import Document, Repository
from ...schema import dotted
from ...validate import error_at
from .clauses import FoundEvidence, claiming_documents, clause_hint, evidence_found, iso_clauses


@dataclass(frozen=True)
class Exclusion:
    clause: str  # the clause named in the data
    reason: str
    entry: int  # which entry of ``exclusions`` names it (from 0): one reason may serve several clauses


def declared_exclusions(repository: Repository) -> dict[str, Exclusion]:
    """Clause -> its exclusion, as declared (a subclause of an excluded clause is not listed here)."""
    organisation = repository.singletons.get("organisation")
    found: dict[str, Exclusion] = {}
    entries = (organisation.value("exclusions") or []) if organisation is not None else []
    for index, entry in enumerate(entries):
        for number in entry.clauses:
            if isinstance(number, str):
                found.setdefault(number, Exclusion(number, " ".join(str(entry.reason).split()), index))
    return found


def excluded_by(number: str, exclusions: dict[str, Exclusion]) -> Exclusion | None:
    """The exclusion that covers a clause: its own, or that of a clause above it."""
    while number:
        if number in exclusions:
            return exclusions[number]
        number = number.rpartition(".")[0]
    return None


def related(a: str, b: str) -> bool:
    """One clause is the other or lies inside it (8.3 and 8.3.6)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def check_exclusions(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    catalogue = iso_clauses()
    seen: dict[str, tuple] = {}  # clause -> where it is excluded
    claims = [(doc_claiming, number) for doc_claiming in claiming_documents(repository, drafts=True)
              for number in doc_claiming.clauses if isinstance(number, str)]
    evidence = [(item, number) for item in evidence_found(repository) for number in item.declared.clauses]
    for index, entry in enumerate(doc.value("exclusions") or []):
        for position, number in enumerate(entry.clauses):
            path = ("exclusions", index, "clauses", position)
            if not isinstance(number, str):
                continue
            if number not in catalogue:
                errors.append(error_at(doc, path, f"unknown ISO 9001:2015 clause {number!r}", clause_hint(number)))
                continue
            overlap = next((other for other in seen if related(number, other)), None)
            if overlap is not None:
                where = dotted(seen[overlap])
                message = (f"clause {number} is excluded twice, first at {where}" if overlap == number else
                           f"clause {number} overlaps clause {overlap}, excluded at {where}")
                errors.append(error_at(doc, path, message,
                                       "exclude each clause once: a clause excludes its subclauses with it"))
                continue
            seen[number] = path
            _conflicts(doc, path, number, claims, evidence, errors)


def _conflicts(doc: Document, path: tuple, number: str, claims: list[tuple[Document, str]],
               evidence: list[tuple[FoundEvidence, str]], errors: list[DataError]) -> None:
    """An excluded clause that a document claims, or that evidence shows, is applied after all."""
    claimed: dict[str, list[str]] = {}
    for other, claim in claims:
        if related(number, claim):
            found = claimed.setdefault(other.id, [])
            if claim not in found:
                found.append(claim)
    if claimed:
        named = ", ".join(f"{doc_id} ({', '.join(found)})" for doc_id, found in sorted(claimed.items()))
        errors.append(error_at(doc, path, f"clause {number} is excluded, but {named} "
                               f"{'claims' if len(claimed) == 1 else 'claim'} to cover it",
                               "remove the exclusion, or the clause from the document's clauses"))
    shown = sorted({(item.declared.label, claim) for item, claim in evidence if related(number, claim)})
    if shown:
        named = ", ".join(f"{label} ({claim})" for label, claim in shown)
        errors.append(error_at(doc, path, f"clause {number} is excluded, but the portal holds {named}, "
                               "which shows it is applied", "remove the exclusion"))
