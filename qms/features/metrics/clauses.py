"""The ISO 9001:2015 clause catalogue, the clauses documents claim and the evidence features declare.

Other standards' catalogues are data (``standards``); the coverage of each clause, worked out
from these and from the exclusions, is in ``coverage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from ...model import Document, Repository
from ...registry import ClauseEvidence
from .clause_suggest import suggest_clause

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


def title_in(clauses: Mapping[str, Clause], number: str) -> str:
    """The title the standard gives a clause; for an untitled paragraph, its parent's title and what it is about."""
    clause = clauses[number]
    if clause.title:
        return clause.title
    parent = clauses[clause.parent].title if clause.parent else ""
    return f"{parent}: {clause.about}" if parent else clause.about


def clause_title(number: str) -> str:
    """The title of an ISO 9001:2015 clause."""
    return title_in(iso_clauses(), number)


def clause_hint(number: str, title: str = "", purpose: str = "") -> str:
    """What to claim instead of ``number``; ``title`` and ``purpose`` are the document's own words, if any."""
    return (suggest_clause(number, iso_clauses(), title, purpose)
            or "use a clause of ISO 9001:2015 from 4 to 10, e.g. \"7.5.3\"")


def claiming_documents(repository: Repository, drafts: bool = False) -> list[Document]:
    """Controlled documents (procedures and any other controlled kind) that claim clauses: those in
    force, or with ``drafts`` those being written too (never obsolete ones).

    Other kinds may list clauses for another reason (an audit lists the clauses it audits):
    their clauses are checked, but they do not make a clause covered.
    """
    controlled = {name for name, kind in repository.registry.kinds_by_name.items() if kind.controlled}
    statuses = ("approved", "draft") if drafts else ("approved",)
    docs = [doc for doc in repository.all_documents()
            if doc.kind in controlled and isinstance(doc.value("clauses"), list) and doc.status in statuses]
    return sorted(docs, key=lambda d: (d.kind != "procedure", d.kind, d.id))


@dataclass(frozen=True)
class FoundEvidence:
    """Evidence a feature declares (``ClauseEvidence``) that this portal's data holds."""

    declared: ClauseEvidence
    count: int  # how many documents show it

    @property
    def label(self) -> str:
        return self.declared.label


def evidence_found(repository: Repository) -> list[FoundEvidence]:
    """The evidence of every feature of this build that the data holds, in feature order."""
    found = []
    for feature in repository.registry:
        for declared in feature.clause_evidence:
            count = len(_evidence_documents(repository, declared))
            if count:
                found.append(FoundEvidence(declared, count))
    return found


def _evidence_documents(repository: Repository, declared: ClauseEvidence) -> list[Document]:
    kind = repository.registry.kinds_by_name.get(declared.kind)
    if kind is None:
        return []
    if kind.file:
        single = repository.singletons.get(kind.name)
        docs = [single] if single is not None else []
    else:
        docs = list(repository.of_kind(kind.name).values())
    if kind.controlled:  # a draft or an obsolete document shows nothing yet, or any longer
        docs = [doc for doc in docs if doc.status == "approved"]
    if declared.with_field:
        docs = [doc for doc in docs if _filled(doc.data, declared.with_field.split("."))]
    return docs


def _filled(value: Any, path: list[str]) -> bool:
    for name in path:
        if not isinstance(value, dict):
            return False
        value = value.get(name)
    return bool(value)
