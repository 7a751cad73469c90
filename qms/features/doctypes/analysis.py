"""Review dates, edition checks, approvals and readability of forms, work instructions and external documents.

Forms and work instructions are reviewed like procedures. An external document
is not ours to review: what falls due is the check for a new edition, flagged
with its own kinds so the dashboard says what to do.
"""

from __future__ import annotations

import datetime as dt

from ...analysis import DocumentReport, Flag
from ...document_flags import approval_flags, review_flags
from ...document_readability import readability_for_units
from ...model import Document, Repository
from ...readability import Unit
from ...registry import FlagKind
from ...review_dates import (CURRENT, DUE_SOON, NOT_APPLICABLE, OVERDUE, ReviewStatus, add_months,
                             review_status)
from ...settings import Settings
from .kinds import KINDS, external_document

EDITION_CHECK = "Check for a new edition"  # what falls due for an external document, as its page says

FLAG_KINDS = (
    FlagKind("edition-check-overdue", "warning",
             "The check for a new edition of an external document is past its date.", operational=True),
    FlagKind("edition-check-due-soon", "info",
             "The check for a new edition of an external document falls within the due-soon window.",
             operational=True),
)


def edition_check_status(doc: Document, today: dt.date, default_interval: int, due_soon_days: int) -> ReviewStatus:
    """The edition check read as a review: when it was last done and when it is next due."""
    if doc.status != "approved":
        return ReviewStatus(NOT_APPLICABLE)
    check = doc.edition_check
    interval = check.interval_months or default_interval
    next_check = add_months(check.last_checked, interval)
    days_left = (next_check - today).days
    status = OVERDUE if days_left < 0 else DUE_SOON if days_left <= due_soon_days else CURRENT
    return ReviewStatus(status, check.last_checked, next_check, interval, days_left, due_soon_days,
                        EDITION_CHECK)


def doctype_review_flags(doc: Document, review: ReviewStatus, settings: Settings) -> list[Flag]:
    """Review flags as a procedure gets them; an external document's edition check has its own kinds."""
    if doc.kind != external_document.name:
        return review_flags(doc, review, settings)
    return review_flags(doc, review, settings, kind="edition-check", what="check for a new edition",
                        line=doc.line("edition_check", "last_checked"), who=doc.edition_check.by)


def prose_units(doc: Document) -> list[Unit]:
    """The parts of the document staff read as sentences, each with its YAML line."""
    units = [Unit(doc.purpose, doc.line("purpose"), "purpose")] if doc.purpose else []
    for key in ("instructions", "safety"):
        text = doc.value(key)
        if text:
            units.append(Unit(text, doc.line(key), key))
    for index, step in enumerate(doc.value("steps") or []):
        units.append(Unit(step.action, doc.line("steps", index, "action"), f"step {index + 1}"))
        if step.note:
            units.append(Unit(step.note, doc.line("steps", index, "note"), f"step {index + 1} note"))
    return units


def analyse_doctypes(repository: Repository, settings: Settings,
                     today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    organisation = repository.organisation
    interval = organisation.review.interval_months
    due_soon = settings.due_soon(organisation.review, ("review", "due_soon_days") in organisation.marks)
    reports = []
    for kind in KINDS:
        for doc in sorted(repository.of_kind(kind.name).values(), key=lambda d: d.id):
            if kind is external_document:
                review = edition_check_status(doc, today, interval, due_soon)
            else:
                review = review_status(doc, today, interval, due_soon)
            report = DocumentReport(doc, review)
            if doc.published:
                report.flags.extend(doctype_review_flags(doc, review, settings))
                report.readability, flags = readability_for_units(doc, prose_units(doc), repository, settings,
                                                                  doc.line("purpose"))
                report.flags.extend(flags)
                report.flags.extend(approval_flags(doc, settings))
            reports.append(report)
    return reports, []
