"""Checks that need more than one file: references, supersession, approvals."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from .cycles import find_cycles
from .errors import DataError, file_error
from .kinds import ANY_DOCUMENT, DOC_ID, Kind
from .nested import under_key
from .model import Document, Repository
from .schema import Reference, dotted, suggest
from .schema.scalars import id_form


def check_repository(repository: Repository, errors: list[DataError]) -> None:
    """Append every cross-document problem to ``errors``."""
    targets = Targets.of(repository)
    documents = list(repository.all_documents()) + list(repository.singletons.values())
    for doc in documents:
        check_references(doc, targets, errors, repository.registry.kinds_by_name)
        if not doc.complete:
            continue  # its problems are reported; checks of half-read data would only mislead
        for feature in repository.registry:
            for check in feature.checks.get(doc.kind, ()):
                check(doc, repository, errors)
    report_missing_folders(repository, targets, errors)
    targets.count_unchecked(errors)
    for feature in repository.registry:
        for repository_check in feature.repository_checks:
            repository_check(repository, errors)
    check_example_flags(repository, errors)


def error_at(doc: Document, path: tuple, message: str, hint: str = "") -> DataError:
    return DataError(doc.path, doc.line(*path), doc.column(*path), dotted(path), message, hint)


WORD_IDS = {"role", "area"}  # ids made of words, where a spelling suggestion helps


@dataclass
class Targets:
    """What a reference can name, built once per load."""

    known: dict[str, set[str]]  # kind -> ids
    drafts: dict[str, set[str]]  # kind -> ids of documents not on the site
    unreadable: dict[str, dict[str, tuple[str, str]]]  # kind -> file stem -> (file, what went wrong)
    # unreadable targets already mentioned: where their one note is in the errors, how many references it stands for
    reported: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # id patterns of controlled kinds whose feature the portal left out: their ids cannot be checked
    left_out_ids: tuple[str, ...] = ()
    # kind -> title in lower case -> id, for a title written where the id belongs ('Document Controller')
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, repository: Repository) -> "Targets":
        known = {kind: set(by_id) for kind, by_id in repository.documents.items()}
        if "organisation" in repository.singletons:
            known["area"] = set(repository.areas)
        drafts = {kind: {doc_id for doc_id, doc in by_id.items() if not doc.published}
                  for kind, by_id in repository.documents.items()}
        unreadable = dict(repository.unreadable)
        # a reference to "a controlled document" may name one of any controlled kind
        controlled = repository.controlled_kinds()
        known[ANY_DOCUMENT] = set().union(*(known.get(kind, set()) for kind in controlled))
        drafts[ANY_DOCUMENT] = set().union(*(drafts.get(kind, set()) for kind in controlled))
        # a missing folder of one controlled kind ("" below) says nothing of the ids of the others
        unreadable[ANY_DOCUMENT] = {stem: broken for kind in controlled
                                    for stem, broken in repository.unreadable.get(kind, {}).items() if stem}
        organisation = repository.singletons.get("organisation")
        if organisation is not None and (not organisation.complete or len(repository.areas) < len(
                organisation.areas)):
            # an area without a valid id: references to it cannot be told from typos, so each name once
            unreadable["area"] = {"*": (repository.organisation.path, "is not a known area")}
        left_out_ids = tuple(kind.id_pattern for feature in repository.registry.left_out for kind in feature.kinds
                             if kind.controlled and kind.id_pattern != DOC_ID)
        titles = {kind: {doc.title.lower(): doc.id for doc in repository.of_kind(kind).values()
                         if isinstance(doc.value("title"), str)} for kind in WORD_IDS}
        return cls(known, drafts, unreadable, left_out_ids=left_out_ids, titles=titles)

    def meant(self, ref: Reference) -> str:
        """The id a value not written as an id stands for: the one with that title, or of that form."""
        known = self.known.get(ref.kind, set())
        by_title = self.titles.get(ref.kind, {}).get(ref.value.strip().lower())
        if by_title:
            return by_title
        written = id_form(ref.value)
        if written in known:
            return written
        close = difflib.get_close_matches(written, sorted(known), n=1, cutoff=0.8)
        return close[0] if close else ""

    def count_unchecked(self, errors: list[DataError]) -> None:
        """Say in each note on a file that could not be read how many references it stands for."""
        for (kind, value), (index, count) in self.reported.items():
            note = errors[index]
            if not value:  # the kind's whole folder: one note for every reference to it
                folder, what = self.unreadable[kind][""]
                what = "is missing" if what == "is missing" else "is not read"
                many = f"this reference and {count - 1} other{'s' if count > 2 else ''} to {kind.replace('-', ' ')}s " \
                    "were" if count > 1 else "this reference was"
                errors[index] = replace(note, message=f"{many} not checked, because {folder} {what}",
                                        hint=f"see the error on {folder}", note=True)
                continue
            if note.message.startswith(value + " could not be"):
                what = ("this reference was not checked" if count == 1 else
                        f"this reference and {count - 1} other{'s' if count > 2 else ''} to {value} were not checked")
                errors[index] = replace(note, message=f"{what}, because {note.message}", note=True)


def report_missing_folders(repository: Repository, targets: Targets, errors: list[DataError]) -> None:
    """One error for the missing folder of a kind that is needed: roles, or a kind other documents name.
    A misnamed folder has its own error already (see ``qms.datafiles``)."""
    for kind, files in repository.unreadable.items():
        if "" not in files or files[""][1] != "is missing":
            continue
        if kind == "role" or (kind, "") in targets.reported:
            folder = files[""][0]
            label = kind.replace("-", " ")
            example = "quality-manager" if kind == "role" else "<id>"
            errors.append(file_error(folder, f"is missing, so no {label} can be read",
                                     f"create the folder with one .yml file per {label}, e.g. {folder}{example}.yml"))


def check_references(doc: Document, targets: Targets, errors: list[DataError],
                     kinds: Mapping[str, Kind]) -> None:
    """Every reference names a document that exists and, from a published document, is published.

    The draft rule lives here, for every reference field of every kind, because a
    draft's id that reaches a published page leaks into the page and the search index.
    A draft may reference drafts: neither is on the site. A file that failed to load
    has its own error; references to it get one note in all, not one "unknown" each.
    """
    for ref in doc.references:
        if ref.malformed:
            label = ref.kind.replace("-", " ")
            meant = targets.meant(ref)
            titled = meant and targets.titles.get(ref.kind, {}).get(ref.value.strip().lower()) == meant
            how = f"write the {label}'s id, not its title" if titled else ref.malformed
            errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path), f"{ref.value!r} is not the id "
                                    f"of a {label}", f"did you mean {meant!r}? {how}") if meant else DataError(
                doc.path, ref.line, ref.column, dotted(ref.path), f"{ref.value!r} is not valid", ref.malformed))
            continue
        known = targets.known.get(ref.kind)
        if known is None:
            continue
        if ref.value in known:
            if doc.published and ref.value in targets.drafts.get(ref.kind, ()):
                # an obsolete document must name its replacement, so "remove it" would only trade errors
                hint = ("keep this document approved until the draft is approved" if ref.path == ("superseded_by",)
                        else "remove it until it is approved")
                errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path),
                                        f"{ref.value} is a draft and is not published", hint))
            continue
        failed = targets.unreadable.get(ref.kind, {})
        broken = failed.get(ref.value) or failed.get("*")
        if "" in failed:  # no folder for the kind at all: one note for every reference, after its own error
            reported = targets.reported.get((ref.kind, ""))
            if reported is None:
                targets.reported[(ref.kind, "")] = [len(errors), 1]
                errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path), "not checked"))
            else:
                reported[1] += 1
            continue
        if broken is not None:
            reported = targets.reported.get((ref.kind, ref.value))
            if reported is None:
                targets.reported[(ref.kind, ref.value)] = [len(errors), 1]
                file, what = broken
                errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path),
                                        f"{ref.value} {what}", f"see the error in {file}"))
            else:
                reported[1] += 1
            continue
        if ref.kind == ANY_DOCUMENT and any(re.fullmatch(pattern, ref.value) for pattern in targets.left_out_ids):
            continue  # a document of a feature this portal does not use: shown as plain text, never checked
        kind_name = document_kind(ref.value, kinds) if ref.kind == ANY_DOCUMENT else ref.kind
        kind = kinds.get(kind_name)
        if ref.kind == "area":
            where = "the areas in data/organisation.yml"
        elif kind is not None and kind.folder:
            where = f"data/{kind.folder}"
        else:
            where = f"data/{kind.file}" if kind is not None and kind.file else "the data folder"
        if ref.kind == ANY_DOCUMENT:  # FRM-001 for FMR-001; an id that fits a kind's own pattern, one of that kind
            close = suggest(ref.value, known if kind_name == "procedure" else targets.known.get(kind_name, ()))
        else:
            close = suggest(ref.value, known) if ref.kind in WORD_IDS else ""
        hint = close or f"use the id of a {kind_name.replace('-', ' ')} from {where}"
        errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path),
                                f"unknown {kind_name.replace('-', ' ')} {ref.value!r}", hint))


def document_kind(doc_id: str, kinds: Mapping[str, Kind]) -> str:
    """The controlled kind an unknown id was meant for: the one whose own id pattern it fits
    (FRM-009 a form), else procedures, whose pattern every document id fits."""
    controlled = [kind for kind in kinds.values() if kind.controlled]
    for kind in controlled:
        if kind.id_pattern != DOC_ID and re.fullmatch(kind.id_pattern, doc_id):
            return kind.name
    return "procedure" if "procedure" in kinds else ANY_DOCUMENT


def check_controlled(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Status, supersession, approval and revision order of a controlled document."""
    status = doc.status
    successor_id = doc.superseded_by
    # written but not valid (QP-10): its own error says why, so "add it" would contradict it
    if status == "obsolete" and not successor_id and not any(
            error.path == doc.path and error.field == "superseded_by" for error in errors):
        errors.append(error_at(doc, ("status",), "an obsolete document must say what replaces it",
                               "add 'superseded_by: <id>'"))
    if successor_id and status != "obsolete":
        errors.append(error_at(doc, ("superseded_by",), f"only an obsolete document can be superseded "
                               f"(status is {status!r})", "set 'status: obsolete' or remove superseded_by"))
    if successor_id:
        successor = repository.document(successor_id)
        if successor_id == doc.id:
            errors.append(error_at(doc, ("superseded_by",), f"{doc.id} cannot be replaced by itself",
                                   "name the approved document that replaces it"))
        elif successor is not None and successor.status == "obsolete" and not in_replacement_circle(repository,
                                                                                                     doc):
            final = replacement(repository, successor)
            errors.append(error_at(doc, ("superseded_by",), f"{successor_id} is obsolete too, so it cannot "
                                   "replace this document", f"point to {final.id}, which replaces it" if final
                                   else "point to an approved document"))
    for index, related_id in enumerate(doc.related):
        if related_id == doc.id:
            errors.append(error_at(doc, ("related", index), "a document cannot be related to itself"))
    revisions = doc.revisions
    if status == "approved":
        if not revisions:
            errors.append(error_at(doc, ("status",), "an approved document needs a revision history",
                                   "add 'revisions:' with rev, date, summary and approved_by"))
        elif not revisions[-1].approved_by:
            last = len(revisions) - 1
            errors.append(error_at(doc, ("revisions", last), "the latest revision of an approved document "
                                   "has no approver", "add 'approved_by: <role id>'"))
    for index in range(1, len(revisions)):
        previous, current = revisions[index - 1], revisions[index]
        if previous.date is not None and current.date is not None and current.date < previous.date:
            errors.append(error_at(doc, ("revisions", index, "date"), f"revision dates go backwards "
                                   f"({current.date} is before {previous.date})",
                                   "list revisions oldest first"))
    labels = [revision.rev for revision in revisions]
    for index, label in enumerate(labels):
        if label is not None and label in labels[:index]:
            errors.append(error_at(doc, ("revisions", index, "rev"), f"revision {label!r} is listed twice",
                                   "give each revision its own label"))


def replacement(repository: Repository, doc: Document) -> Document | None:
    """The approved document that in the end replaces ``doc`` (``doc`` itself when it is approved).

    None when the chain of superseded_by breaks: it names a draft, an unknown id,
    the document itself or goes round in a circle. Those have their own errors,
    so a hint must never send the reader down such a chain.
    """
    seen = {doc.id}
    current = doc
    while current.status == "obsolete":
        successor = repository.document(current.superseded_by or "")
        if successor is None or successor.id in seen:
            return None
        seen.add(successor.id)
        current = successor
    return current if current.status == "approved" else None


def in_replacement_circle(repository: Repository, doc: Document) -> bool:
    seen = [doc.id]
    current = doc
    while current is not None and current.superseded_by:
        next_id = current.superseded_by
        if next_id == doc.id:
            return True
        if next_id in seen:
            return False  # leads into a circle it is not part of
        seen.append(next_id)
        current = repository.document(next_id)
    return False


def check_replacement_circles(repository: Repository, errors: list[DataError]) -> None:
    """superseded_by never leads back to where it started: each circle once, on its first document."""
    for kind, by_id in repository.documents.items():
        # every kind is looked at; only those that declare superseded_by can have a chain
        graph = {doc_id: [doc.superseded_by] for doc_id, doc in by_id.items()
                 if getattr(doc, "superseded_by", None) and doc.superseded_by != doc_id}
        for cycle in find_cycles(graph, sorted(graph)):
            files = ", ".join(by_id[doc_id].path for doc_id in cycle[:-1])
            errors.append(error_at(by_id[cycle[0]], ("superseded_by",), "replacements go round in a circle: "
                                   f"{' → '.join(cycle)} ({files})",
                                   "the last document of a chain of replacements must be approved"))


def check_reporting_lines(repository: Repository, errors: list[DataError]) -> None:
    """reports_to never leads back to where it started: each circle once, on its first role."""
    roles = repository.of_kind("role")
    graph = {role_id: [role.reports_to] if role.reports_to else [] for role_id, role in roles.items()}
    for cycle in find_cycles(graph, sorted(roles)):
        first = roles[cycle[0]]
        if len(cycle) == 2:
            errors.append(error_at(first, ("reports_to",), "a role cannot report to itself",
                                   "name the role it reports to, or remove reports_to"))
            continue
        files = ", ".join(roles[role_id].path for role_id in cycle[:-1])
        errors.append(error_at(first, ("reports_to",), "reporting lines go round in a circle: "
                               f"{' → '.join(cycle)} ({files})",
                               "one role in the circle must report to a role outside it, or to nobody"))



def check_plain_words(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Each phrase once (ignoring case), and never both a phrase to avoid and a term of art."""
    seen: dict[str, int] = {}
    terms = {term.lower() for term in doc.terms_of_art}
    for index, entry in enumerate(doc.replacements):
        if entry.phrase is None:
            continue  # missing or invalid: its own error is reported
        phrase = " ".join(entry.phrase.lower().split())
        if phrase in seen:
            errors.append(error_at(doc, ("replacements", index, "phrase"), f"{entry.phrase!r} is listed twice "
                                   f"(also entry {seen[phrase] + 1})", "keep one entry per phrase"))
        else:
            seen[phrase] = index
        if phrase in terms:
            errors.append(error_at(doc, ("replacements", index, "phrase"), f"{entry.phrase!r} is also a "
                                   "term of art", "remove it from one of the two lists"))


def check_example_flags(repository: Repository, errors: list[DataError]) -> None:
    """Every ``example_flags`` entry, at any depth of any document, names a real flag kind."""
    known = repository.registry.flag_kinds
    documents = list(repository.all_documents()) + list(repository.singletons.values())
    for doc in documents:
        for path, kinds in under_key(doc.data, "example_flags", list):
            for index, kind in enumerate(kinds):
                if kind not in known:
                    errors.append(error_at(doc, path + (index,), f"unknown flag kind {kind!r}",
                                           suggest(kind, known) or "use a kind listed on the quality dashboard"))
