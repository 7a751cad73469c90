"""Every clause a document names must be a clause of a standard this portal knows.

The schema checks only the form (``7.5.3`` or ``iso13485:7.4``); here the catalogues are asked.
An unknown standard gets the nearest known id; an unknown clause a hint from that standard's own
catalogue only, so a hint never crosses into another standard where the same number means
something else (ISO 13485 7.4 is purchasing, ISO 9001 7.4 communication).
"""

from __future__ import annotations

import difflib

from ...clause_refs import DEFAULT_STANDARD, split_ref
from ...errors import DataError
from ...model import Document, Repository
from ...schema import dotted
from ...validate import error_at
from .clause_suggest import shown, suggest_clause
from .standards import Standard, standards

NEW_STANDARD = "for another standard, add data/standards/<id>.yml with its clause numbers and titles"


def resolve(ref: str, repository: Repository) -> tuple[Standard | None, str]:
    """The standard a reference names (None if unknown) and the clause number within it."""
    standard_id, number = split_ref(ref)
    return standards(repository).get(standard_id), number


def ref_problem(ref: str, repository: Repository, title: str = "", purpose: str = "") -> tuple[str, str] | None:
    """(message, hint) for a reference to a standard or clause nobody declared; None when it is known.

    ``title`` and ``purpose`` are the document's own words, which the hint weighs against clause titles.
    """
    known = standards(repository)
    standard_id, number = split_ref(ref)
    standard = known.get(standard_id)
    if standard is None and repository.could_not_read("standard", standard_id):
        return None  # its catalogue did not load: that file's own error says why, once
    if standard is None:
        close = difflib.get_close_matches(standard_id, list(known), n=1, cutoff=0.6)
        listed = ", ".join(f"{other.id} ({other.label})" for other in known.values())
        hint = f"did you mean {close[0]!r}, as in \"{close[0]}:{number}\"? " if close else ""
        return f"unknown standard {standard_id!r} in {ref!r}", f"{hint}Standards known here: {listed}; {NEW_STANDARD}"
    if number in standard.clauses:
        return None
    hint = suggest_clause(number, standard.clauses, title, purpose) or _fallback(standard)
    if standard_id == DEFAULT_STANDARD and ":" not in ref:
        elsewhere = [other for other in known.values() if other.id != DEFAULT_STANDARD and number in other.clauses]
        if elsewhere:  # a bare number always means ISO 9001: say how to name the other standard's clause
            other = elsewhere[0]
            hint += (f"; for {other.label} {shown(other.clauses, number)}, "
                     f"write \"{other.id}:{number}\"")
    return f"unknown {standard.label} clause {number!r}", hint


def _fallback(standard: Standard) -> str:
    if standard.id == DEFAULT_STANDARD:
        return "use a clause of ISO 9001:2015 from 4 to 10, e.g. \"7.5.3\""
    return f"use a clause listed in {standard.source}, e.g. \"{standard.id}:{standard.example()}\""


def check_refs(doc: Document, field: tuple, repository: Repository, errors: list[DataError],
               title: str = "", purpose: str = "") -> list[tuple[tuple, str, str]]:
    """Check the clause list at ``field`` of ``doc``; the known ones as (path, standard id, number).

    "7.5.3" and "iso9001:7.5.3" are one clause: naming it twice is an error like any repeat.
    """
    known: list[tuple[tuple, str, str]] = []
    seen: dict[tuple[str, str], tuple] = {}
    value = doc.data
    for name in field:
        value = value.get(name) if isinstance(value, dict) else (value[name] if isinstance(value, list) else None)
    for index, ref in enumerate(value if isinstance(value, list) else []):
        if not isinstance(ref, str):
            continue
        path = (*field, index)
        problem = ref_problem(ref, repository, title, purpose)
        if problem is not None:
            errors.append(error_at(doc, path, *problem))
            continue
        key = split_ref(ref)
        if key in seen:
            errors.append(error_at(doc, path, f"{ref!r} names the same clause as {dotted(seen[key])}",
                                   "list each clause once"))
            continue
        seen[key] = path
        known.append((path, *key))
    return known


def _words(doc: Document, name: str) -> str:
    value = doc.value(name)
    return value if isinstance(value, str) else ""


def check_clauses(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Every clause a document claims must exist in its standard's catalogue."""
    check_refs(doc, ("clauses",), repository, errors, _words(doc, "title"), _words(doc, "purpose"))


def check_other_clauses(repository: Repository, errors: list[DataError]) -> None:
    """Other kinds that name clauses (a list of text) get the same check as procedures.

    A catalogue of a standard lists its own clauses: those are checked with the catalogue.
    """
    for doc in list(repository.all_documents()) + list(repository.singletons.values()):
        if doc.kind not in ("procedure", "standard") and isinstance(doc.value("clauses"), list):
            check_clauses(doc, repository, errors)
