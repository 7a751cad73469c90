"""Review-date and readability flags of every controlled procedure."""

from __future__ import annotations

import datetime as dt

from ...analysis import DocumentReport, Flag
from ...document_flags import approval_flags, review_flags
from ...document_readability import prefetch, prose_units, readability_of
from ...model import Document, Repository
from ...registry import FlagKind
from ...review_dates import review_status
from ...settings import Settings

FLAG_KINDS = (
    FlagKind("review-overdue", "warning", "The next review date has passed.", operational=True),
    FlagKind("review-due-soon", "info", "The next review falls within the due-soon window.", operational=True),
    FlagKind("review-missing", "warning", "An approved document has no review date."),
    FlagKind("approval-missing", "warning", "A revision of a published document has no approver."),
    FlagKind("long-sentence", "warning", "A sentence is longer than the word limit."),
    FlagKind("two-ideas", "warning", "A sentence of 20 or more words joins a second idea with a semicolon, "
             "a dash, or a comma and \"and\", \"or\", \"but\" or \"so\": split it in two."),
    FlagKind("very-hard-sentence", "warning",
             "A sentence of 20 or more words reads at grade 15 or above (ARI)."),
    FlagKind("hard-sentence", "info", "A sentence of 14 or more words reads at grade 10 or above (ARI)."),
    FlagKind("no-actor", "warning", "A step, an order or a statement of how the work is done does not say who "
             "does it (passive voice with no doer named)."),
    FlagKind("vague-time", "warning", "A step or an order gives a deadline with no time (\"promptly\", "
             "\"in a timely manner\")."),
    FlagKind("passive-voice", "info", "A sentence seems to use the passive voice (detection is approximate)."),
    FlagKind("dangling-reference", "info", "A sentence points back to \"above\" instead of naming the step "
             "or section."),
    FlagKind("empty-sentence", "info", "A sentence says nothing the reader can use (\"This is important.\")."),
    FlagKind("plain-words", "info", "A word or phrase has a plainer alternative in data/plain-words.yml."),
    FlagKind("formal-words", "warning", "A word or phrase readers stumble on (data/plain-words.yml marks it "
             "level: warning), such as \"shall\" or \"constitute\"."),
    FlagKind("low-reading-ease", "warning", "The page's Flesch Reading Ease is below the minimum."),
    FlagKind("high-grade", "warning", "The page's Flesch-Kincaid grade is above the maximum."),
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
