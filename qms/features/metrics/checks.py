"""Checks: every problem a DataError with file, line and field."""

from __future__ import annotations

from ...errors import DataError
from ...model import Document, Repository
from ...schema import suggest
from ...validate import error_at, replacement

from .kinds import MONTHLY
from .periods import period_frequency, period_noun, period_ordinal
from .kpis import format_number

def check_percentages(doc: Document, errors: list[DataError]) -> None:
    """A KPI in % holds percentages: target and values from 0 to 100, a tolerance of at most 100 points."""
    if doc.unit != "%":
        return
    numbers = [(("target",), doc.target), (("tolerance",), doc.tolerance)]
    numbers += [(("measurements", index, "value"), item.value)
                for index, item in enumerate(doc.measurements)]
    for path, value in numbers:
        if value is not None and not 0 <= value <= 100:
            errors.append(error_at(doc, path, f"{format_number(value)} is not a percentage",
                                   "use 0 to 100, or a unit such as 'points' for other numbers"))


def check_kpi(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    check_percentages(doc, errors)
    frequency = doc.frequency
    seen: dict[int, int] = {}
    previous: tuple[int, str] | None = None
    for index, item in enumerate(doc.measurements):
        period = item.period
        if not period:
            continue
        path = ("measurements", index, "period")
        if frequency and period_frequency(period) != frequency:
            example = "2026-03" if frequency == MONTHLY else "2026-Q1"
            errors.append(error_at(doc, path, f"{period!r} is a {period_noun(period_frequency(period))}, "
                                   f"but this KPI is measured {frequency}",
                                   f"write periods like \"{example}\", or change frequency"))
            continue
        ordinal = period_ordinal(period)
        if ordinal in seen:
            errors.append(error_at(doc, path, f"period {period} is listed twice (first on line {seen[ordinal]})",
                                   "keep one value per period"))
            continue
        seen[ordinal] = doc.line("measurements", index)
        if previous is not None and ordinal < previous[0]:
            errors.append(error_at(doc, path, f"period {period} comes after {previous[1]}",
                                   "list the values oldest first"))
        previous = (ordinal, period)


def check_training_matrix(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    courses: dict[str, int] = {}
    for index, item in enumerate(doc.courses):
        if item.id is None:
            continue  # missing or invalid: its own error is reported
        if item.id in courses:
            errors.append(error_at(doc, ("courses", index, "id"), f"course {item.id!r} is listed twice "
                                   f"(first on line {courses[item.id]})", "give each course its own id"))
        else:
            courses[item.id] = doc.line("courses", index, "id")
    roles: dict[str, int] = {}
    for index, entry in enumerate(doc.requirements):
        role_id = entry.role
        if role_id in roles:
            errors.append(error_at(doc, ("requirements", index, "role"), f"role {role_id!r} is listed twice "
                                   f"(first on line {roles[role_id]})", "merge the two entries into one"))
        elif role_id:
            roles[role_id] = doc.line("requirements", index, "role")
        if not entry.procedures and not entry.courses and not entry.exempt:
            errors.append(error_at(doc, ("requirements", index), "lists no procedures, courses or exemptions",
                                   "add 'procedures:' or 'courses:', or remove the entry"))
        for position, doc_id in enumerate(entry.procedures):
            procedure = repository.document(doc_id)
            if procedure is None or procedure.status != "obsolete":
                continue  # unknown ids and drafts are reported by the reference check
            final = replacement(repository, procedure)
            hint = f"require {final.id} instead" if final else "require the approved document that replaces it"
            errors.append(error_at(doc, ("requirements", index, "procedures", position),
                                   f"{doc_id} is {procedure.status}, so nobody can be trained on it", hint))
        for position, course_id in enumerate(entry.courses):
            if course_id not in courses:
                errors.append(error_at(doc, ("requirements", index, "courses", position),
                                       f"unknown course {course_id!r}",
                                       suggest(course_id, courses) or "add it under 'courses:' first"))
    check_exemptions(doc, repository, errors)


def check_exemptions(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """An exemption is listed once and never contradicts a requirement of the same role or of all staff."""
    all_staff = {role.id for role in repository.of_kind("role").values() if role.all_staff}
    everyone = {doc_id: doc.line("requirements", index, "procedures", position)
                for index, entry in enumerate(doc.requirements) if entry.role in all_staff
                for position, doc_id in enumerate(entry.procedures)}
    for index, entry in enumerate(doc.requirements):
        seen: dict[str, int] = {}
        for position, item in enumerate(entry.exempt):
            procedure = item.procedure
            if not procedure:
                continue  # missing or invalid: its own error is reported
            where = ("requirements", index, "exempt", position, "procedure")
            if procedure in seen:
                errors.append(error_at(doc, where, f"{procedure} is exempted twice (first on line {seen[procedure]})",
                                       "keep one exemption, with its reason"))
                continue
            seen[procedure] = doc.line(*where)
            if procedure in entry.procedures:
                errors.append(error_at(doc, where, f"{procedure} is both required and exempt for "
                                       f"{entry.role!r}", "remove it from 'procedures:' or from 'exempt:'"))
            elif procedure in everyone and entry.role not in all_staff:
                errors.append(error_at(doc, where, f"{procedure} is required of all staff (line "
                                       f"{everyone[procedure]}), so one role cannot be exempt from it",
                                       "remove the exemption, or the requirement of all staff"))


def check_training_record(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    procedure_id, course_id, revision = doc.procedure, doc.course, doc.revision
    if procedure_id and course_id:
        errors.append(error_at(doc, ("course",), "give a procedure or a course, not both",
                               "one record covers one procedure or one course"))
        return
    if not procedure_id and not course_id:
        errors.append(error_at(doc, ("procedure",), "give the procedure or the course that was trained",
                               "add 'procedure:' with 'revision:', or 'course:'"))
        return
    if course_id:
        if revision:
            errors.append(error_at(doc, ("revision",), "a course has no revisions",
                                   "remove 'revision:' or give a procedure instead"))
        matrix = repository.singleton("training-matrix")
        if matrix is None and repository.could_not_read("training-matrix"):
            return  # its own error says why; every course would look unknown
        listed = matrix.courses if matrix else []
        courses = [item.id for item in listed if item.id is not None]
        if len(courses) < len(listed) and course_id not in courses:
            return  # a course without a valid id has its own error: this may be that course
        if course_id not in courses:
            errors.append(error_at(doc, ("course",), f"unknown course {course_id!r}",
                                   suggest(course_id, courses) or "define it under courses: in "
                                   "data/training/matrix.yml"))
        return
    procedure = repository.document(procedure_id)
    if procedure is None:
        return  # the reference check reports it
    revisions = procedure.revisions
    labels = [item.rev for item in revisions if item.rev is not None]
    if (len(labels) < len(revisions) or not procedure.complete) and revision and revision not in labels:
        return  # a revision that did not load has its own error: this may be that revision
    if not revision:
        hint = f"add 'revision: \"{labels[-1]}\"'" if labels else "add 'revision:'"
        errors.append(error_at(doc, ("procedure",), "say which revision of the procedure was trained", hint))
    elif revision not in labels:
        errors.append(error_at(doc, ("revision",), f"{procedure_id} has no revision {revision!r}",
                               f"use one of: {', '.join(labels)}" if labels else "add the revision history first"))
