"""The document-control flags every controlled kind shares: a review (or edition check) due or
overdue, a review date missing, a revision without an approver. One place, so a procedure, a form
and an external document word them alike."""

from __future__ import annotations

from .analysis import Flag
from .model import Document
from .review_dates import DUE_SOON, MISSING, OVERDUE, ReviewStatus
from .settings import Settings


def review_flags(doc: Document, review: ReviewStatus, settings: Settings, *, kind: str = "review",
                 what: str = "review", line: int | None = None, who: str | None = None) -> list[Flag]:
    """Flags for a review (or, with ``kind``/``what``, an edition check) that is due, late or missing."""
    line = doc.line("review", "last_reviewed") if line is None else line
    owner = (who if who is not None else doc.owner) or ""
    shown = owner or "its owner"
    if review.status == OVERDUE:
        return [settings.flag(doc.path, line, f"{kind}-overdue", f"{doc.id} {what} was due on "
                              f"{review.next_review} ({-review.days_left} days ago); owner: {shown}",
                              doc.id, key="review", owner=owner)]
    if review.status == DUE_SOON:
        return [settings.flag(doc.path, line, f"{kind}-due-soon", f"{doc.id} {what} is due on "
                              f"{review.next_review} (in {review.days_left} days); owner: {shown}",
                              doc.id, key="review", owner=owner)]
    if review.status == MISSING:
        return [settings.flag(doc.path, doc.line("status"), "review-missing",
                              f"{doc.id} is approved but has no review date; add review.last_reviewed",
                              doc.id, key="review")]
    return []


def approval_flags(doc: Document, settings: Settings) -> list[Flag]:
    """A flag for each revision that names no approver."""
    return [settings.flag(doc.path, doc.line("revisions", index), "approval-missing",
                          f"{doc.id} revision {revision.rev} has no approver; add approved_by",
                          doc.id, key=f"approval:{revision.rev}")
            for index, revision in enumerate(doc.revisions) if not revision.approved_by]
