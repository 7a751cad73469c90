"""Views for the templates: dates turned into words against today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from markupsafe import Markup

from ...analysis import Flag
from ...model import Document, Repository
from ...typed import Fields

from .queries import audit_sources, days, is_open, owned_procedures, plural
from .vocabulary import improvement_anchor


@dataclass(frozen=True)
class ActionView:
    number: int
    action: Fields  # one corrective action of the NCR
    state: str  # done, overdue, due
    label: str


@dataclass(frozen=True)
class NcrView:
    doc: Document
    actions: tuple[ActionView, ...]
    check_label: str
    audit: tuple[Document, int] | None
    improvements: tuple[Document, ...]
    flags: tuple[Flag, ...]

    @property
    def open(self) -> bool:
        return is_open(self.doc)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for view in self.actions if view.state == "overdue")

    @property
    def next_step(self) -> str:
        """One short phrase for the register: what happens next, and by when."""
        status = self.doc.status
        if status == "closed":
            return f"Closed on {self.doc.closed}"
        if self.overdue_actions:
            return plural(self.overdue_actions, "action") + " overdue"
        pending = [view.action.due for view in self.actions if view.state == "due"]
        if pending:
            return f"Next action due {min(pending)}"
        if status == "open":
            return "Find the root cause"
        return self.check_label


def _date_state(due: dt.date, today: dt.date) -> tuple[str, str]:
    gap = (due - today).days
    if gap < 0:
        return "overdue", f"Overdue: was due {due} ({days(-gap)} ago)"
    if gap == 0:
        return "due", f"Due today ({due})"
    return "due", f"Due {due} (in {days(gap)})"


def check_label(doc: Document, today: dt.date) -> str:
    check = doc.effectiveness
    if check is None:
        return "No check planned yet"
    if check.result == "effective":
        return f"Effective: checked on {check.checked}"
    if check.result == "not-effective":
        return f"Not effective: checked on {check.checked}"
    if doc.status == "closed":
        return f"Not done (was planned for {check.due})"
    gap = (check.due - today).days
    if gap < 0:
        return f"Check overdue: was due {check.due} ({days(-gap)} ago)"
    return f"Check due {check.due}" + (f" (in {days(gap)})" if gap else " (today)")


def ncr_view(doc: Document, repository: Repository, today: dt.date, flags: Iterable[Flag],
             sources: dict[str, tuple[Document, int]] | None = None) -> NcrView:
    actions = []
    for number, action in enumerate(doc.actions, start=1):
        if action.done:
            state, label = "done", f"Done on {action.done}"
        else:
            state, label = _date_state(action.due, today)
        actions.append(ActionView(number, action, state, label))
    sources = audit_sources(repository) if sources is None else sources
    improvements = tuple(sorted((item for item in repository.of_kind("improvement").values()
                                 if doc.id in item.ncrs), key=lambda d: d.id))
    own_flags = tuple(flag for flag in flags if flag.file == doc.path)
    return NcrView(doc, tuple(actions), check_label(doc, today), sources.get(doc.id), improvements, own_flags)


ATTENTION_WORDS = {
    "improvement-overdue": "Overdue",
    "improvement-stuck": "Stuck in one stage",
}


@dataclass(frozen=True)
class ImprovementView:
    doc: Document
    since: dt.date
    days_in_stage: int
    due_label: str
    flags: tuple[Flag, ...]
    attention: tuple[str, ...]  # the flags in a few words each, for the register table

    @property
    def anchor(self) -> str:
        return improvement_anchor(self.doc.id)

    @property
    def heading_id(self) -> Markup:
        """Markdown attribute list that fixes the heading's id (the id matches IMPROVEMENT_ID, so it is safe)."""
        return Markup("{#" + self.anchor + "}")


def improvement_view(doc: Document, today: dt.date, flags: Iterable[Flag]) -> ImprovementView:
    since = doc.status_since or doc.raised
    due = doc.due
    if due is None:
        due_label = "None"
    elif doc.status == "closed" or due > today:
        due_label = str(due) + ("" if doc.status == "closed" else f" (in {days((due - today).days)})")
    elif due == today:
        due_label = f"{due} (today)"
    else:
        due_label = f"{due}: overdue by {days((today - due).days)}"
    own = tuple(flag for flag in flags if flag.file == doc.path)
    return ImprovementView(doc, since, (today - since).days, due_label, own,
                           tuple(ATTENTION_WORDS.get(flag.kind, flag.kind) for flag in own))


@dataclass(frozen=True)
class AuditView:
    doc: Document
    state: str  # done, planned, overdue, cancelled
    label: str
    own_procedures: tuple[str, ...]
    flags: tuple[Flag, ...]

    @property
    def month(self) -> int:
        return self.doc.planned.month


def audit_view(doc: Document, repository: Repository, today: dt.date, flags: Iterable[Flag]) -> AuditView:
    status = doc.status
    if status == "done":
        state, label = "done", f"Done on {doc.done}"
    elif status == "cancelled":
        state, label = "cancelled", "Cancelled"
    elif doc.planned < today:
        state, label = "overdue", f"Overdue: planned for {doc.planned} ({days((today - doc.planned).days)} ago)"
    else:
        state, label = "planned", f"Planned for {doc.planned}"
    own = tuple(owned_procedures(repository, doc.auditor, doc)) if status != "cancelled" else ()
    return AuditView(doc, state, label, own, tuple(flag for flag in flags if flag.file == doc.path))
