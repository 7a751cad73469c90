"""Standards as data: the ISO 9001:2015 catalogue ships with the portal, others are files in data/standards/.

An organisation that works to another standard (ISO 13485, IEC 62304, …) adds a catalogue of it:
its name, edition and the numbers and short titles of the clauses it is entitled to use, never the
text of the standard. Documents then name its clauses as ``iso13485:7.4``; the clause coverage has
a page for each standard. Catalogues are read through the same schema as every other data file,
so a catalogue of a bad shape gets the same ``path:line:col`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ...clause_refs import CLAUSE_NUMBER, DEFAULT_STANDARD, STANDARD_ID
from ...errors import DataError
from ...kinds import Kind
from ...model import Document, Repository
from ...schema import Field, ListOf, Record, Text, dotted
from ...validate import error_at
from .clauses import Clause, iso_clauses, title_in
from .kinds import COVERAGE_URI

catalogue_clause = Record(
    description="One clause of the standard: its number and a short title, in your own words if you prefer.",
    fields={
        "number": Field(Text(pattern=CLAUSE_NUMBER, numeric_ok=True, pattern_hint=(
            'write the clause number as the standard numbers it, quoted, e.g. "7.4" or "7.4.1"')),
            required=True, description='The clause number, quoted, e.g. "7.4.1".'),
        "title": Field(Text(single_line=True, max_length=160), description="The clause's short title."),
        "about": Field(Text(single_line=True, max_length=200), description=(
            "For a numbered paragraph without a title: what it is about, in your own words.")),
    },
)

standard = Kind(
    name="standard",
    title="Standards",
    folder="standards",
    id_pattern=STANDARD_ID,
    id_hint="use lower-case letters and digits, e.g. iso13485",
    id_description=("The standard's id, e.g. iso13485 (the file name without .yml): documents name its clauses "
                    "as iso13485:7.4."),
    schema=Record(
        description=("A standard other than ISO 9001 that documents may claim clauses of: only the numbers and "
                     "short titles, never the text of the standard."),
        fields={
            "name": Field(Text(single_line=True, max_length=40), required=True,
                          description='How pages name the standard, e.g. "ISO 13485".'),
            "edition": Field(Text(single_line=True, max_length=20, numeric_ok=True), required=True,
                             description='The edition you work to, e.g. "2016" (quote it).'),
            "title": Field(Text(single_line=True, max_length=200), description="The standard's full title."),
            "clauses": Field(ListOf(catalogue_clause, min_items=1), required=True, description=(
                "The clauses, in the order of the standard, each after the clause it belongs to "
                "(7.4 before 7.4.1).")),
        },
    ),
)


@dataclass(frozen=True)
class Standard:
    id: str
    name: str  # "ISO 13485"
    edition: str  # "2016"
    clauses: Mapping[str, Clause]  # in the order of the standard
    source: str  # the catalogue file as messages show it

    @property
    def label(self) -> str:
        """How pages name it: "ISO 13485:2016"."""
        return f"{self.name}:{self.edition}" if self.edition else self.name

    @property
    def uri(self) -> str:
        """Its clause coverage page; ISO 9001's keeps the address it always had."""
        return COVERAGE_URI if self.id == DEFAULT_STANDARD else f"standards/{self.id}/coverage.md"

    def title_of(self, number: str) -> str:
        return title_in(self.clauses, number)

    def children(self, number: str) -> list[str]:
        return [clause.number for clause in self.clauses.values() if clause.parent == number]

    def example(self) -> str:
        """A clause to show in a hint: its first clause below the top level, or its first."""
        return next((number for number in self.clauses if "." in number), next(iter(self.clauses)))


def shipped_standard() -> Standard:
    return Standard(DEFAULT_STANDARD, "ISO 9001", "2015", iso_clauses(), "qms/data/iso9001-clauses.yml")


def standards(repository: Repository) -> dict[str, Standard]:
    """Every standard this portal knows, by id: ISO 9001 first, then the catalogues in data/standards/."""
    cached = repository.caches.values.get("metrics.standards")
    if cached is None:
        cached = {DEFAULT_STANDARD: shipped_standard()}
        for doc in sorted(repository.of_kind("standard").values(), key=lambda d: d.id):
            # a catalogue with a field missing has its own error: its clauses still resolve, so the
            # documents naming them get no second error each
            if doc.id and doc.id not in cached:
                cached[doc.id] = Standard(doc.id, doc.name or doc.id, doc.edition or "", _catalogue(doc), doc.path)
        repository.caches.values["metrics.standards"] = cached
    return cached


def _catalogue(doc: Document) -> dict[str, Clause]:
    """The clauses a catalogue lists; one that is wrong has its own error, and is left out here."""
    clauses: dict[str, Clause] = {}
    for entry in doc.clauses:
        number = entry.number
        if not number or number in clauses or not (entry.title or entry.about):
            continue
        parent = number.rpartition(".")[0] or None
        while parent and parent not in clauses:
            parent = parent.rpartition(".")[0] or None
        clauses[number] = Clause(number, entry.title or "", entry.about or "", parent)
    return clauses


def check_standard(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """A catalogue must not replace the shipped ISO 9001 one, and must list each clause once, after its parent."""
    if doc.id == DEFAULT_STANDARD:
        errors.append(error_at(doc, ("id",), "ISO 9001:2015 ships with the portal",
                               "delete this file: bare clause numbers such as \"7.5.3\" already mean ISO 9001"))
    seen: dict[str, int] = {}
    for index, entry in enumerate(doc.clauses):
        number = entry.number
        if not number:
            continue
        path = ("clauses", index, "number")
        if number in seen:
            errors.append(error_at(doc, path, f"clause {number} is listed twice, first at "
                                   f"{dotted(('clauses', seen[number]))}",
                                   "list each clause once"))
            continue
        parent = number.rpartition(".")[0]
        if parent and parent not in seen:
            errors.append(error_at(doc, path, f"clause {number} comes before the clause it belongs to, {parent}",
                                   f"list clause {parent} (with its title) before {number}"))
        seen[number] = index
        if not entry.title and not entry.about:
            errors.append(error_at(doc, ("clauses", index), f"clause {number} has no title",
                                   "add 'title:' with the clause's short title (numbers and titles only, never "
                                   "the text of the standard)"))
