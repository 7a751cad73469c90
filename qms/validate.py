"""Checks that need more than one file: references, supersession, approvals."""

from __future__ import annotations

from .errors import DataError
from .features import features, kinds_by_name
from .model import Document, Repository
from .schema import dotted, suggest


def check_repository(repository: Repository, errors: list[DataError]) -> None:
    """Append every cross-document problem to ``errors``."""
    indexes = {kind: set(by_id) for kind, by_id in repository.documents.items()}
    if "organisation" in repository.singletons:
        indexes["area"] = set(repository.areas)
    documents = list(repository.all_documents()) + list(repository.singletons.values())
    for doc in documents:
        check_references(doc, indexes, errors)
        if not doc.complete:
            continue  # its problems are reported; checks of half-read data would only mislead
        for feature in features():
            for check in feature.checks.get(doc.kind, ()):
                check(doc, repository, errors)
    for feature in features():
        for repository_check in feature.repository_checks:
            repository_check(repository, errors)
    check_example_flags(repository, errors)


def error_at(doc: Document, path: tuple, message: str, hint: str = "") -> DataError:
    return DataError(doc.path, doc.line(*path), doc.column(*path), dotted(path), message, hint)


WORD_IDS = {"role", "area"}  # ids made of words, where a spelling suggestion helps


def check_references(doc: Document, indexes: dict[str, set[str]], errors: list[DataError]) -> None:
    for ref in doc.references:
        known = indexes.get(ref.kind)
        if known is None or ref.value in known:
            continue
        kind = kinds_by_name().get(ref.kind)
        if ref.kind == "area":
            where = "the areas in data/organisation.yml"
        elif kind is not None and kind.folder:
            where = f"data/{kind.folder}"
        else:
            where = f"data/{kind.file}" if kind is not None and kind.file else "the data folder"
        close = suggest(ref.value, known) if ref.kind in WORD_IDS else ""
        hint = close or f"use the id of a {ref.kind} from {where}"
        errors.append(DataError(doc.path, ref.line, ref.column, dotted(ref.path),
                                f"unknown {ref.kind} {ref.value!r}", hint))


def check_controlled(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Status, supersession, approval and revision order of a controlled document."""
    status = doc.get("status")
    successor_id = doc.get("superseded_by")
    if status == "obsolete" and not successor_id:
        errors.append(error_at(doc, ("status",), "an obsolete document must say what replaces it",
                               "add 'superseded_by: <id>'"))
    if successor_id and status != "obsolete":
        errors.append(error_at(doc, ("superseded_by",), f"only an obsolete document can be superseded "
                               f"(status is {status!r})", "set 'status: obsolete' or remove superseded_by"))
    if successor_id:
        successor = repository.get(doc.kind, successor_id)
        if successor_id == doc.id:
            errors.append(error_at(doc, ("superseded_by",), "a document cannot supersede itself"))
        elif successor is not None and successor.status != "approved":
            errors.append(error_at(doc, ("superseded_by",), f"{successor_id} is {successor.status}, so it "
                                   "cannot replace this document", "point to an approved document"))
    for index, related_id in enumerate(doc.get("related", [])):
        related = repository.get(doc.kind, related_id)
        if related_id == doc.id:
            errors.append(error_at(doc, ("related", index), "a document cannot be related to itself"))
        elif related is not None and not related.published and doc.published:
            errors.append(error_at(doc, ("related", index), f"{related_id} is a draft and is not published",
                                   "remove it until it is approved"))
    revisions = doc.get("revisions", [])
    if status == "approved":
        if not revisions:
            errors.append(error_at(doc, ("status",), "an approved document needs a revision history",
                                   "add 'revisions:' with rev, date, summary and approved_by"))
        elif not revisions[-1].get("approved_by"):
            last = len(revisions) - 1
            errors.append(error_at(doc, ("revisions", last), "the latest revision of an approved document "
                                   "has no approver", "add 'approved_by: <role id>'"))
    for index in range(1, len(revisions)):
        previous, current = revisions[index - 1], revisions[index]
        if "date" in previous and "date" in current and current["date"] < previous["date"]:
            errors.append(error_at(doc, ("revisions", index, "date"), f"revision dates go backwards "
                                   f"({current['date']} is before {previous['date']})",
                                   "list revisions oldest first"))
    labels = [revision.get("rev") for revision in revisions]
    for index, label in enumerate(labels):
        if label is not None and label in labels[:index]:
            errors.append(error_at(doc, ("revisions", index, "rev"), f"revision {label!r} is listed twice",
                                   "give each revision its own label"))


def check_reporting_lines(repository: Repository, errors: list[DataError]) -> None:
    """reports_to must not loop back to the role itself."""
    roles = repository.of_kind("role")
    for role in roles.values():
        seen = [role.id]
        boss = role.get("reports_to")
        while boss in roles and boss not in seen:
            seen.append(boss)
            boss = roles[boss].get("reports_to")
        if boss is not None and boss in seen:
            loop = " → ".join(seen + [boss])
            errors.append(error_at(role, ("reports_to",), f"reporting lines go round in a circle: {loop}",
                                   "one role in the chain must report to nobody or to another role"))
            return



def check_plain_words(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Each phrase once (ignoring case), and never both a phrase to avoid and a term of art."""
    seen: dict[str, int] = {}
    terms = {term.lower() for term in doc.get("terms_of_art", [])}
    for index, entry in enumerate(doc.get("replacements", [])):
        phrase = " ".join(entry["phrase"].lower().split())
        if phrase in seen:
            errors.append(error_at(doc, ("replacements", index, "phrase"), f"{entry['phrase']!r} is listed twice "
                                   f"(also entry {seen[phrase] + 1})", "keep one entry per phrase"))
        else:
            seen[phrase] = index
        if phrase in terms:
            errors.append(error_at(doc, ("replacements", index, "phrase"), f"{entry['phrase']!r} is also a "
                                   "term of art", "remove it from one of the two lists"))


def check_example_flags(repository: Repository, errors: list[DataError]) -> None:
    """Every ``example_flags`` entry, at any depth of any document, names a real flag kind."""
    from .features import flag_kinds
    known = flag_kinds()
    documents = list(repository.all_documents()) + list(repository.singletons.values())
    for doc in documents:
        for path, kinds in _example_flag_lists(doc.data, ()):
            for index, kind in enumerate(kinds):
                if kind not in known:
                    errors.append(error_at(doc, path + (index,), f"unknown flag kind {kind!r}",
                                           suggest(kind, known) or "use a kind listed on the quality dashboard"))


def _example_flag_lists(value, path: tuple):
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "example_flags" and isinstance(child, list):
                yield path + (key,), child
            else:
                yield from _example_flag_lists(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _example_flag_lists(child, path + (index,))
