"""Training matrix status: who lacks training or trained on a revision older than the last retrain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...analysis import Flag
from ...model import Document, Repository
from ...settings import Settings

from .kinds import person

DONE, MISSING, RETRAIN, DUE = "done", "missing", "retrain", "due"
TRAINING_FLAG_KINDS = ("training-missing", "retraining-due", "training-due")


@dataclass(frozen=True)
class TrainingItem:
    kind: str  # "procedure" or "course"
    id: str
    title: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}" if self.kind == "procedure" else self.title


@dataclass(frozen=True)
class Completion:
    record: Document
    date: dt.date
    revision: str | None
    revision_index: int


@dataclass(frozen=True)
class TrainingCell:
    """One person against one required item, as of today."""

    person: Document
    role: str  # the first of the person's roles that requires the item
    item: TrainingItem
    state: str
    completion: Completion | None = None
    due: dt.date | None = None
    retrain_revision: dict | None = None

    @property
    def text(self) -> str:
        """The cell in words, so the matrix never relies on colour."""
        done = self.completion
        if self.state == DONE:
            revision = f", revision {done.revision}" if done.revision else ""
            return f"Done {done.date.isoformat()}{revision}"
        if self.state == RETRAIN:
            return (f"Retrain: has revision {done.revision}; revision {self.retrain_revision.rev} "
                    "needs retraining")
        if self.state == DUE:
            return f"New starter: due by {self.due.isoformat()}"
        return "Missing"

    @property
    def gap(self) -> bool:
        return self.state != DONE


# A role held by fewer people shows no training counts on pages: "1 of 1" would name its holder.
SMALL_GROUP = 3
GAP_WORDS = {MISSING: ("not trained", "not trained"), RETRAIN: ("to retrain", "to retrain"),
             DUE: ("new starter with time left", "new starters with time left")}


@dataclass(frozen=True)
class ItemCount:
    """How many of a role's people still need one item: what pages show instead of names."""

    item: TrainingItem
    people: int
    by_state: dict[str, int]  # gap state -> people in it (no entry for none)

    @property
    def gaps(self) -> int:
        return sum(self.by_state.values())

    @property
    def text(self) -> str:
        """E.g. "2 of 5 people (1 not trained, 1 to retrain)"."""
        noun = "person" if self.people == 1 else "people"
        parts = [f"{count} {GAP_WORDS[state][count != 1]}"
                 for state in (MISSING, RETRAIN, DUE) if (count := self.by_state.get(state))]
        return f"{self.gaps} of {self.people} {noun} ({', '.join(parts)})"

    @property
    def state(self) -> str:
        """The most pressing state, for the colour next to the words."""
        return next(state for state in (MISSING, RETRAIN, DUE) if self.by_state.get(state))


@dataclass(frozen=True)
class RoleCounts:
    """A role's training in counts; ``too_few`` when it has so few people that counts would point at one."""

    people: int
    items: list[ItemCount]
    too_few: bool
    small_group: int = SMALL_GROUP

    @property
    def gaps(self) -> list[ItemCount]:
        return [] if self.too_few else [count for count in self.items if count.gaps]


@dataclass
class TrainingStatus:
    matrix: Document | None
    courses: dict[str, dict]
    items_by_role: dict[str, list[TrainingItem]]
    people_by_role: dict[str, list[Document]]
    cells: dict[tuple[str, str], TrainingCell]  # (person id, item key) -> cell

    @property
    def new_starter_days(self) -> int:
        return grace_days(self.matrix)

    def cell(self, person_id: str, item: TrainingItem) -> TrainingCell | None:
        return self.cells.get((person_id, item.key))

    @property
    def gaps(self) -> list[TrainingCell]:
        order = {MISSING: 0, RETRAIN: 1, DUE: 2}
        return sorted((cell for cell in self.cells.values() if cell.gap),
                      key=lambda c: (order[c.state], c.person.name or "", c.item.label))

    def gaps_for_role(self, role_id: str) -> list[TrainingCell]:
        return [cell for cell in self.gaps if cell.role == role_id]

    def counts_for_role(self, role_id: str) -> RoleCounts:
        """Per item the role needs, how many of its people still need it (each person counted once)."""
        people = self.people_by_role.get(role_id, [])
        items = []
        for item in self.items_by_role.get(role_id, []):
            by_state: dict[str, int] = {}
            for person_doc in people:
                cell = self.cell(person_doc.id, item)
                if cell is not None and cell.gap:
                    by_state[cell.state] = by_state.get(cell.state, 0) + 1
            items.append(ItemCount(item, len(people), by_state))
        return RoleCounts(len(people), items, too_few=len(people) < SMALL_GROUP)


def grace_days(matrix: Document | None) -> int:
    """Days a new starter has to complete required training: the matrix's setting, else 30."""
    days = matrix.new_starter_days if matrix else None
    return days if days is not None else 30


def _required_items(repository: Repository, matrix: Document | None) -> tuple[dict, dict]:
    courses = {item.id: item for item in (matrix.courses if matrix else [])}
    items_by_role: dict[str, list[TrainingItem]] = {}
    for entry in matrix.requirements if matrix else []:
        items = []
        for doc_id in entry.procedures:
            doc = repository.document(doc_id)
            items.append(TrainingItem("procedure", doc_id, doc.title if doc else doc_id))
        for course_id in entry.courses:
            items.append(TrainingItem("course", course_id,
                                      courses[course_id].title if course_id in courses else course_id))
        items_by_role.setdefault(entry.role, []).extend(items)
    return courses, items_by_role


def _revision_index(procedure: Document | None, label: str | None) -> int:
    labels = [revision.rev for revision in procedure.revisions] if procedure else []
    return labels.index(label) if label in labels else -1


def _completions(repository: Repository, today: dt.date) -> dict[tuple[str, str], Completion]:
    """Each person's best completion of each item: the newest revision, then the latest date."""
    best: dict[tuple[str, str], Completion] = {}
    for record in repository.of_kind("training-record").values():
        if record.date > today:
            continue  # not done yet as of today
        if record.procedure:
            key = f"procedure:{record.procedure}"
            index = _revision_index(repository.document(record.procedure), record.revision)
        else:
            key, index = f"course:{record.course}", 0
        completion = Completion(record, record.date, record.revision, index)
        for person_id in record.people:
            current = best.get((person_id, key))
            if current is None or (index, record.date) > (current.revision_index, current.date):
                best[(person_id, key)] = completion
    return best


def _retrain_revision(procedure: Document | None, today: dt.date) -> tuple[int, dict | None]:
    """The latest revision in force today that is marked retrain: true."""
    found: tuple[int, dict | None] = (-1, None)
    for index, revision in enumerate(procedure.revisions if procedure else []):
        if revision.retrain and revision.date and revision.date <= today:
            found = (index, revision)
    return found


def training_status(repository: Repository, today: dt.date) -> TrainingStatus:
    matrix = repository.singleton("training-matrix")
    courses, items_by_role = _required_items(repository, matrix)
    grace = dt.timedelta(days=grace_days(matrix))
    completions = _completions(repository, today)
    people = sorted(repository.of_kind("person").values(), key=lambda p: (p.name or "", p.id))
    people_by_role: dict[str, list[Document]] = {}
    cells: dict[tuple[str, str], TrainingCell] = {}
    for person_doc in people:
        started = person_doc.started
        if started and started > today:
            continue  # has not joined yet
        for role_id in person_doc.roles:
            people_by_role.setdefault(role_id, []).append(person_doc)
            for item in items_by_role.get(role_id, []):
                if (person_doc.id, item.key) in cells:
                    continue  # already counted under an earlier role
                done = completions.get((person_doc.id, item.key))
                if done is None:
                    new_starter = started is not None and today < started + grace
                    state, due = (DUE, started + grace) if new_starter else (MISSING, None)
                    cells[(person_doc.id, item.key)] = TrainingCell(person_doc, role_id, item, state, due=due)
                    continue
                retrain_index, retrain = (_retrain_revision(repository.document(item.id), today)
                                          if item.kind == "procedure" else (-1, None))
                state = RETRAIN if done.revision_index < retrain_index else DONE
                cells[(person_doc.id, item.key)] = TrainingCell(
                    person_doc, role_id, item, state, done, retrain_revision=retrain if state == RETRAIN else None)
    return TrainingStatus(matrix, courses, items_by_role, people_by_role, cells)


_LAST_STATUS: list[tuple[Repository, dt.date, TrainingStatus]] = []


def cached_training_status(repository: Repository, today: dt.date) -> TrainingStatus:
    """The training status of one repository on one day, worked out once for all the role pages."""
    if _LAST_STATUS and _LAST_STATUS[0][0] is repository and _LAST_STATUS[0][1] == today:
        return _LAST_STATUS[0][2]
    status = training_status(repository, today)
    _LAST_STATUS[:] = [(repository, today, status)]
    return status


def training_gaps(repository: Repository, role_id: str, today: dt.date) -> list[TrainingCell]:
    """For role pages (a template global): the gaps counted under this role, as of ``today``."""
    if repository.singleton("training-matrix") is None:
        return []
    return cached_training_status(repository, today).gaps_for_role(role_id)


def role_training_counts(repository: Repository, role_id: str, today: dt.date) -> RoleCounts | None:
    """For role pages (a template global): the role's training in counts, as of ``today``."""
    if repository.singleton("training-matrix") is None:
        return None
    return cached_training_status(repository, today).counts_for_role(role_id)


def training_report(state: Any) -> list[dict[str, Any]]:
    """Every person against every item their roles need: the named detail pages leave out.

    In qms-report.json, for the quality team: who has done what, and each gap.
    """
    if state.repository.singleton("training-matrix") is None:
        return []
    status = cached_training_status(state.repository, state.today)
    rows = []
    for cell in sorted(status.cells.values(), key=lambda c: (c.person.name or "", c.person.id, c.item.key)):
        done = cell.completion
        rows.append({
            "person": cell.person.id, "name": cell.person.name, "role": cell.role,
            "item_kind": cell.item.kind, "item": cell.item.id, "title": cell.item.title,
            "state": cell.state, "text": cell.text,
            "due": cell.due.isoformat() if cell.due else None,
            "trained_on": done.date.isoformat() if done else None,
            "revision": done.revision if done else None,
            "record": done.record.id if done else None,
        })
    return rows


def training_flags(repository: Repository, status: TrainingStatus, settings: Settings) -> list[Flag]:
    flags = []
    for cell in status.gaps:
        person_doc = cell.person
        role = repository.get("role", cell.role)
        who = f"{person_doc.name} ({role.title if role else cell.role})"
        line = person_doc.line("roles", person_doc.roles.index(cell.role))
        key = f"{cell.role}:{cell.item.key}"
        if cell.state == MISSING:
            kind = "training-missing"
            message = f"{who} has no training record for {cell.item.label}, which the training matrix requires"
        elif cell.state == RETRAIN:
            kind = "retraining-due"
            message = (f"{who} trained on {cell.item.id} revision {cell.completion.revision} "
                       f"({cell.completion.record.id}); revision {cell.retrain_revision.rev} of "
                       f"{cell.retrain_revision.date.isoformat()} needs retraining")
        else:
            kind = "training-due"
            message = f"{who} is a new starter and must complete {cell.item.label} by {cell.due.isoformat()}"
        flags.append(settings.flag(person_doc.path, line, kind, message, person_doc.id, key=key))
    return flags
