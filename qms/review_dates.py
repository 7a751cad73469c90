"""Review dates: when each controlled document must next be reviewed."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .model import Document

CURRENT, DUE_SOON, OVERDUE, MISSING, NOT_APPLICABLE = (
    "current", "due-soon", "overdue", "missing", "not-applicable")


@dataclass(frozen=True)
class ReviewStatus:
    status: str
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    interval_months: int | None = None
    days_left: int | None = None  # negative when overdue
    # carried to the page, so a script can tell "due soon" from the reader's clock with the build's window
    due_soon_days: int | None = None
    # what falls due on the date, so every place that names the status says the same thing:
    # an external document is not reviewed, it is checked for a new edition
    falls_due: str = "Review"

    @property
    def label(self) -> str:
        return {
            CURRENT: "Current",
            DUE_SOON: f"{self.falls_due} due soon",
            OVERDUE: f"{self.falls_due} overdue",
            MISSING: "No review date",
            NOT_APPLICABLE: "Not reviewed (not in force)",
        }[self.status]

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "interval_months": self.interval_months,
            "days_left": self.days_left,
        }


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; 31 January + 1 month is the last day of February."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def review_status(doc: Document, today: dt.date, default_interval: int = 12,
                  due_soon_days: int = 30) -> ReviewStatus:
    """Drafts and obsolete documents are not reviewed; an approved one without a date is itself a problem."""
    if doc.status != "approved":
        return ReviewStatus(NOT_APPLICABLE)
    review = doc.review
    if not review or review.last_reviewed is None:
        return ReviewStatus(MISSING)
    last = review.last_reviewed
    interval = review.interval_months or default_interval
    next_review = add_months(last, interval)
    days_left = (next_review - today).days
    if days_left < 0:
        status = OVERDUE
    elif days_left <= due_soon_days:
        status = DUE_SOON
    else:
        status = CURRENT
    return ReviewStatus(status, last, next_review, interval, days_left, due_soon_days)
