"""Newsletters: what changed between two issues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...model import Document, Repository
from ...review_dates import add_months

from .analysis import published_newsletters


@dataclass(frozen=True)
class DocumentChange:
    doc: Document
    change: str  # new, revised or obsolete
    revision: dict


CHANGE_TITLES = {"new": "New documents", "revised": "Revised documents", "obsolete": "No longer in use"}


def document_changes(repository: Repository, after: dt.date, until: dt.date) -> dict[str, list[DocumentChange]]:
    """Published procedures changed in (after, until], from their revision dates and status.

    Obsolete: the document is obsolete and its last revision (the withdrawal) falls in the window.
    New: its first revision falls in the window. Revised: any other revision in the window.
    """
    changes: dict[str, list[DocumentChange]] = {"new": [], "revised": [], "obsolete": []}
    for doc in sorted(repository.published("procedure"), key=lambda d: d.id):
        revisions = doc.revisions
        inside = [r for r in revisions if after < r.date <= until]
        if not inside:
            continue
        if doc.status == "obsolete" and revisions[-1] in inside:
            changes["obsolete"].append(DocumentChange(doc, "obsolete", revisions[-1]))
        elif revisions[0] in inside:
            changes["new"].append(DocumentChange(doc, "new", inside[-1]))
        else:
            changes["revised"].append(DocumentChange(doc, "revised", inside[-1]))
    return changes


@dataclass
class Issue:
    doc: Document
    previous: Document | None
    following: Document | None
    since: dt.date
    changes: dict[str, list[DocumentChange]]

    @property
    def change_count(self) -> int:
        return sum(len(items) for items in self.changes.values())


def newsletter_issues(repository: Repository) -> list[Issue]:
    """Published issues, newest first, each with the documents changed since the previous one."""
    docs = published_newsletters(repository)
    issues = []
    for index, doc in enumerate(docs):
        previous = docs[index - 1] if index else None
        following = docs[index + 1] if index + 1 < len(docs) else None
        since = doc.changes_since or (previous.date if previous else add_months(doc.date, -3))
        issues.append(Issue(doc, previous, following, since, document_changes(repository, since, doc.date)))
    return list(reversed(issues))
