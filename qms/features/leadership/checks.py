"""Checks: every problem becomes a DataError with file, line and field."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ...cycles import find_cycles
from ...errors import DataError
from ...model import Document, Repository
from ...schema import suggest
from ...validate import error_at

from .kinds import REVIEW_INPUTS


def check_objective(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """The KPI id is checked only once KPIs exist, so objectives can name them first.

    Without a KPI nothing gives the objective a status, so it must be typed.
    """
    kpis = repository.of_kind("kpi")
    kpi_id = doc.kpi
    if not kpi_id and doc.value("status") is None and ("status",) not in doc.marks:
        errors.append(error_at(doc, ("status",), "is missing: no KPI measures this objective to give it one",
                               "add 'status: on-track' (or not-started, at-risk, off-track, achieved, missed), "
                               "or 'kpi: <id>' of the KPI that measures it"))
    if kpi_id and kpis and kpi_id not in kpis and not repository.could_not_read("kpi", kpi_id):
        errors.append(error_at(doc, ("kpi",), f"unknown kpi {kpi_id!r}",
                               suggest(kpi_id, kpis) or "use the id of a KPI from data/kpis"))


def check_management_review(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    status = doc.status
    held_on = doc.held_on
    if status == "held":
        if held_on is None:
            errors.append(error_at(doc, ("status",), "a held review needs the date it was held",
                                   "add 'held_on: YYYY-MM-DD'"))
        if not doc.attendees:
            errors.append(error_at(doc, ("status",), "a held review must list who attended",
                                   "add 'attendees:' with role ids"))
        inputs = doc.inputs or {}
        missing = [key for key, _, _ in REVIEW_INPUTS if key not in inputs]
        if missing:
            errors.append(error_at(doc, ("inputs",) if doc.inputs is not None else ("status",),
                                   f"a held review must cover every ISO 9001 9.3.2 input; missing: "
                                   f"{', '.join(missing)}", "add each missing input with a sentence or two"))
    else:
        if held_on is not None:
            errors.append(error_at(doc, ("held_on",), f"a {status} review has no held_on date",
                                   "set 'status: held' or remove held_on"))
        for key in ("decisions", "actions"):
            if doc.value(key):
                errors.append(error_at(doc, (key,), f"a {status} review cannot have {key} yet",
                                       "set 'status: held' once the review has taken place"))
    review_date = held_on or doc.scheduled
    for index, action in enumerate(doc.actions):
        due = action.due
        if review_date and due and due < review_date:
            errors.append(error_at(doc, ("actions", index, "due"), f"the action is due on {due}, before the "
                                   f"review that agreed it ({review_date})", "check the due date"))
        if action.done_on and action.status != "done":
            errors.append(error_at(doc, ("actions", index, "done_on"), "only a done action has a done_on date",
                                   "set 'status: done' or remove done_on"))


def milestone_paths(doc: Document) -> dict[str, tuple]:
    """Each milestone id and the path of its entry (first one wins on duplicates)."""
    paths: dict[str, tuple] = {}
    for path, _, item in milestones_of(doc):
        paths.setdefault(item.id, path)
    return paths


def milestones_of(doc: Document) -> Iterable[tuple[tuple, dict, dict]]:
    """(path, phase, milestone) for every milestone with an id, in roadmap order."""
    for phase_index, phase in enumerate(doc.phases):
        for index, item in enumerate(phase.milestones):
            if item.id is not None:
                yield ("phases", phase_index, "milestones", index), phase, item


def check_roadmap(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Ids unique, dates in order, dependencies that exist and never go round in a circle."""
    phase_ids: dict[str, int] = {}
    for phase_index, phase in enumerate(doc.phases):
        if phase.id is None:
            continue
        if phase.id in phase_ids:
            errors.append(error_at(doc, ("phases", phase_index, "id"), f"phase id {phase.id!r} is used twice",
                                   "give each phase its own id"))
        phase_ids.setdefault(phase.id, phase_index)
    paths = milestone_paths(doc)
    for path, _, item in milestones_of(doc):
        if paths[item.id] != path:
            first = doc.line(*paths[item.id])
            errors.append(error_at(doc, path + ("id",), f"milestone id {item.id!r} is used twice "
                                   f"(first on line {first})", "give each milestone its own id"))
        if item.start and item.due and item.due < item.start:
            errors.append(error_at(doc, path + ("due",), f"due date {item.due} is before the start "
                                   f"date {item.start}", "swap the dates or fix one of them"))
        if item.done_on and item.status != "done":
            errors.append(error_at(doc, path + ("done_on",), "only a done milestone has a done_on date",
                                   "set 'status: done' or remove done_on"))
        for index, dependency in enumerate(item.depends_on):
            if dependency == item.id:
                errors.append(error_at(doc, path + ("depends_on", index), "a milestone cannot depend on itself",
                                       "remove it from depends_on"))
            elif dependency not in paths:
                errors.append(error_at(doc, path + ("depends_on", index), f"unknown milestone {dependency!r}",
                                       suggest(dependency, paths) or "use the id of a milestone in this roadmap"))
    for cycle in dependency_cycles(doc):
        first = cycle[0]
        path = paths[first] + ("depends_on", doc_milestone(doc, first).depends_on.index(cycle[1]))
        errors.append(error_at(doc, path, "dependencies go round in a circle: " + " → ".join(cycle),
                               "→ means 'waits for'; one milestone in the circle must not wait for the next"))


def doc_milestone(doc: Document, milestone_id: str) -> dict:
    for _, _, item in milestones_of(doc):
        if item.id == milestone_id:
            return item
    raise KeyError(milestone_id)


def dependency_cycles(doc: Document) -> list[list[str]]:
    """Each circle of depends_on once, as ids from its first milestone in roadmap order back to it."""
    graph: dict[str, list[str]] = {}
    for _, _, item in milestones_of(doc):  # the first of duplicate ids counts, as in milestone_paths
        graph.setdefault(item.id, [d for d in item.depends_on if d != item.id])
    return find_cycles(graph)


def check_newsletters(repository: Repository, errors: list[DataError]) -> None:
    """Two issues on one day would make 'since the previous issue' ambiguous."""
    by_date: dict[dt.date, Document] = {}
    for issue in sorted(repository.of_kind("newsletter").values(), key=lambda d: d.path):
        date = issue.date
        since = issue.changes_since
        if since and date and since >= date:
            errors.append(error_at(issue, ("changes_since",), f"changes_since ({since}) must be before the "
                                   f"issue date ({date})", "use an earlier date or remove changes_since"))
        if date in by_date:
            other = by_date[date]
            errors.append(error_at(issue, ("date",), f"{other.id} ({other.path}) has the same date {date}",
                                   "publish one issue a day: merge them or change a date"))
        elif date:
            by_date[date] = issue
