"""Justified exclusions (ISO 9001 4.3): clauses that cannot apply to the organisation, with the reason.

They are declared in ``data/organisation.yml``::

    exclusions:
      - clauses: ["8.3"]
        reason: We make products to our customers' designs and design nothing ourselves.

A bare number is a clause of ISO 9001; ``iso13485:7.3`` excludes a clause of another standard.

The schema checks the form (a clause number, a reason); here the catalogue and the rest of the
data are checked: the clause must exist, be excluded once, and not be claimed by a document or
shown by evidence the portal holds, since then the organisation evidently does apply it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...clause_refs import DEFAULT_STANDARD, split_ref
from ...errors import DataError
from ...model import Document, Repository
from ...schema import dotted
from ...validate import error_at
from .clause_checks import check_refs
from .clauses import FoundEvidence, claiming_documents, evidence_found


@dataclass(frozen=True)
class Exclusion:
    clause: str  # the clause named in the data
    reason: str
    entry: int  # which entry of ``exclusions`` names it (from 0): one reason may serve several clauses


def declared_exclusions(repository: Repository, standard: str = DEFAULT_STANDARD) -> dict[str, Exclusion]:
    """Clause number -> its exclusion, for one standard, as declared (a subclause of an excluded clause
    is not listed here)."""
    organisation = repository.singletons.get("organisation")
    found: dict[str, Exclusion] = {}
    entries = (organisation.value("exclusions") or []) if organisation is not None else []
    for index, entry in enumerate(entries):
        for ref in entry.clauses:
            if isinstance(ref, str) and split_ref(ref)[0] == standard:
                number = split_ref(ref)[1]
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
    seen: dict[tuple[str, str], tuple] = {}  # (standard, clause) -> where it is excluded
    claims = [(doc_claiming, *split_ref(ref)) for doc_claiming in claiming_documents(repository, drafts=True)
              for ref in doc_claiming.clauses if isinstance(ref, str)]
    evidence = [(item, *split_ref(ref)) for item in evidence_found(repository) for ref in item.declared.clauses]
    for index, entry in enumerate(doc.value("exclusions") or []):
        for path, standard, number in check_refs(doc, ("exclusions", index, "clauses"), repository, errors):
            overlap = next((other for other in seen if other[0] == standard and related(number, other[1])), None)
            if overlap is not None:
                where = dotted(seen[overlap])
                message = (f"clause {number} is excluded twice, first at {where}" if overlap[1] == number else
                           f"clause {number} overlaps clause {overlap[1]}, excluded at {where}")
                errors.append(error_at(doc, path, message,
                                       "exclude each clause once: a clause excludes its subclauses with it"))
                continue
            seen[standard, number] = path
            _conflicts(doc, path, standard, number, claims, evidence, errors)


def _conflicts(doc: Document, path: tuple, standard: str, number: str, claims: list[tuple[Document, str, str]],
               evidence: list[tuple[FoundEvidence, str, str]], errors: list[DataError]) -> None:
    """An excluded clause that a document claims, or that evidence shows, is applied after all."""
    claimed: dict[str, list[str]] = {}
    for other, claim_standard, claim in claims:
        if claim_standard == standard and related(number, claim):
            found = claimed.setdefault(other.id, [])
            if claim not in found:
                found.append(claim)
    if claimed:
        named = ", ".join(f"{doc_id} ({', '.join(found)})" for doc_id, found in sorted(claimed.items()))
        errors.append(error_at(doc, path, f"clause {number} is excluded, but {named} "
                               f"{'claims' if len(claimed) == 1 else 'claim'} to cover it",
                               "remove the exclusion, or the clause from the document's clauses"))
    shown = sorted({(item.declared.label, claim) for item, claim_standard, claim in evidence
                    if claim_standard == standard and related(number, claim)})
    if shown:
        named = ", ".join(f"{label} ({claim})" for label, claim in shown)
        errors.append(error_at(doc, path, f"clause {number} is excluded, but the portal holds {named}, "
                               "which shows it is applied", "remove the exclusion"))
