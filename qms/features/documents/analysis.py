"""Review-date and readability flags of every controlled procedure."""

from __future__ import annotations

import datetime as dt

from ...analysis import DocumentReport, Flag
from ...document_flags import approval_flags, review_flags
from ...document_readability import READABILITY_FLAG_KINDS, prefetch, prose_units, readability_of
from ...model import Document, Repository
from ...registry import FlagKind
from ...review_dates import review_status
from ...settings import Settings

FLAG_KINDS = (
    FlagKind("review-overdue", "warning", "The next review date has passed.", operational=True),
    FlagKind("review-due-soon", "info", "The next review falls within the due-soon window.", operational=True),
    FlagKind("review-missing", "warning", "An approved document has no review date."),
    FlagKind("approval-missing", "warning", "A revision of a published document has no approver."),
    *READABILITY_FLAG_KINDS,
)


def analyse_procedures(repository: Repository, settings: Settings,
                       today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    organisation = repository.organisation
    defaults = organisation.review
    interval = defaults.interval_months
    # the schema fills in a default, so only a value written in the file may stand against mkdocs.yml
    due_soon = settings.due_soon(defaults, ("review", "due_soon_days") in organisation.marks)
    reports = []
    procedures = sorted(repository.of_kind("procedure").values(), key=lambda d: d.id)
    units = {doc.id: prose_units(doc) for doc in procedures if doc.published}  # made once, used twice
    prefetch([(doc, units[doc.id]) for doc in procedures if doc.published], repository, settings)
    for doc in procedures:
        review = review_status(doc, today, interval, due_soon)
        report = DocumentReport(doc, review)
        if doc.published:
            report.flags.extend(review_flags(doc, review, settings))
            report.readability, readability_flags = readability_of(doc, repository, settings, units[doc.id])
            report.flags.extend(readability_flags)
            report.flags.extend(approval_flags(doc, settings))
        reports.append(report)
    return reports, []
