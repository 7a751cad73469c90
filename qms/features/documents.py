"""The core feature: organisation, roles and controlled procedures.

Review dates and readability gates run here; the pages are one per procedure,
one per role, one per process area, the document register and the quality
dashboard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..analysis import DocumentReport, Flag
from ..feedback import check_feedback, feedback_links
from ..document_readability import prefetch, prose_units, readability_of
from ..kinds import glossary, organisation, plain_words, procedure, role
from ..model import Document, Repository
from ..render import GeneratedPage, Renderer, area_uri, nav_entry, procedure_uri
from ..text import html_text
from ..review_dates import DUE_SOON, MISSING, OVERDUE, ReviewStatus, review_status
from ..settings import Settings
from ..validate import check_controlled, check_plain_words, check_replacement_circles, check_reporting_lines
from ..registry import Feature, FlagKind

FLAG_KINDS = (
    FlagKind("review-overdue", "warning", "The next review date has passed."),
    FlagKind("review-due-soon", "info", "The next review falls within the due-soon window."),
    FlagKind("review-missing", "warning", "An approved document has no review date."),
    FlagKind("approval-missing", "warning", "A revision of a published document has no approver."),
    FlagKind("long-sentence", "warning", "A sentence is longer than the word limit."),
    FlagKind("very-hard-sentence", "warning",
             "A sentence of 14 or more words reads at grade 14 or above (ARI)."),
    FlagKind("hard-sentence", "info", "A sentence of 14 or more words reads at grade 10 or above (ARI)."),
    FlagKind("passive-voice", "info", "A sentence seems to use the passive voice (detection is approximate)."),
    FlagKind("plain-words", "warning", "A word or phrase has a plainer alternative in data/plain-words.yml."),
    FlagKind("low-reading-ease", "warning", "The page's Flesch Reading Ease is below the minimum."),
    FlagKind("high-grade", "warning", "The page's Flesch-Kincaid grade is above the maximum."),
)


def review_flags(doc: Document, review: ReviewStatus, settings: Settings) -> list[Flag]:
    owner = doc.owner or "its owner"
    line = doc.line("review", "last_reviewed")
    if review.status == OVERDUE:
        return [settings.flag(doc.path, line, "review-overdue",
                              f"{doc.id} review was due on {review.next_review} "
                              f"({-review.days_left} days ago); owner: {owner}", doc.id, key="review")]
    if review.status == DUE_SOON:
        return [settings.flag(doc.path, line, "review-due-soon",
                              f"{doc.id} review is due on {review.next_review} "
                              f"(in {review.days_left} days); owner: {owner}", doc.id, key="review")]
    if review.status == MISSING:
        return [settings.flag(doc.path, doc.line("status"), "review-missing",
                              f"{doc.id} is approved but has no review date; add review.last_reviewed",
                              doc.id, key="review")]
    return []


def analyse_procedures(repository: Repository, settings: Settings,
                       today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    organisation = repository.organisation
    defaults = organisation.review
    interval = defaults.interval_months
    # the schema fills in a default, so only a value written in the file may stand against mkdocs.yml
    due_soon = settings.due_soon(defaults, ("review", "due_soon_days") in organisation.marks)
    reports = []
    procedures = sorted(repository.of_kind("procedure").values(), key=lambda d: d.id)
    prefetch([(doc, prose_units(doc)) for doc in procedures if doc.published], repository, settings)
    for doc in procedures:
        review = review_status(doc, today, interval, due_soon)
        report = DocumentReport(doc, review)
        if doc.published:
            report.flags.extend(review_flags(doc, review, settings))
            report.readability, readability_flags = readability_of(doc, repository, settings)
            report.flags.extend(readability_flags)
            for index, revision in enumerate(doc.revisions):
                if not revision.approved_by:
                    report.flags.append(settings.flag(
                        doc.path, doc.line("revisions", index), "approval-missing",
                        f"{doc.id} revision {revision.rev} has no approver; add approved_by",
                        doc.id, key=f"approval:{revision.rev}"))
        reports.append(report)
    return reports, []


def role_context(renderer: Renderer, role_doc: Document) -> dict[str, Any]:
    """What a role page lists: the procedures it owns, its steps, who reports to it."""
    owned_by, duties_of = renderer.once("documents.duties", lambda: _duties(renderer.repository))
    roles = renderer.once("documents.roles", lambda: sorted(renderer.repository.of_kind("role").values(),
                                                           key=lambda r: r.title))
    return {"role": role_doc, "owned": owned_by.get(role_doc.id, []), "duties": duties_of.get(role_doc.id, []),
            "reports": [other for other in roles if other.reports_to == role_doc.id]}


def _duties(repository: Repository) -> tuple[dict[str, list[Document]], dict[str, list[tuple[Document, list]]]]:
    owned_by: dict[str, list[Document]] = {}
    duties_of: dict[str, list[tuple[Document, list]]] = {}
    for doc in sorted(repository.published("procedure"), key=lambda d: d.id):  # one pass, not one per role
        owned_by.setdefault(doc.owner, []).append(doc)
        if doc.status != "approved":
            continue
        steps_by_role: dict[str, list] = {}
        for number, step in enumerate(doc.steps, start=1):
            steps_by_role.setdefault(step.role, []).append((number, step))
        for role_id, steps in steps_by_role.items():
            duties_of.setdefault(role_id, []).append((doc, steps))
    return owned_by, duties_of


def roles_index(renderer: Renderer) -> list[GeneratedPage]:
    roles = sorted(renderer.repository.of_kind("role").values(), key=lambda r: r.title)
    return [renderer.page("roles.md.j2", role.uri(), "Roles", None, roles=roles)]


def area_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    pages = []
    for area_id, area in repository.areas.items():
        docs = sorted((doc for doc in repository.published("procedure") if doc.area == area_id),
                      key=lambda d: (d.status != "approved", d.id))
        pages.append(renderer.page("area.md.j2", area_uri(area_id), area.title,
                                   repository.organisation.path, area=area, docs=docs))
    return pages


def register_page(renderer: Renderer) -> list[GeneratedPage]:
    docs = sorted(renderer.repository.published("procedure"), key=lambda d: d.id)
    return [renderer.page("register.md.j2", "register.md", "Document register", None, docs=docs)]


DASHBOARD_FLAG_ROWS = 300  # the page stays readable (and light) however many flags there are


def unapproved_revisions(procedures: list[Document]) -> list[tuple[Document, dict]]:
    """Revisions of published documents that nobody approved (the latest one is a data error)."""
    return [(doc, revision) for doc in sorted(procedures, key=lambda d: d.id) if doc.published
            for revision in doc.revisions if not revision.approved_by]


def dashboard_page(renderer: Renderer) -> list[GeneratedPage]:
    analysis = renderer.analysis
    repository = renderer.repository
    procedures = list(repository.of_kind("procedure").values())
    reports = [analysis.document(doc) for doc in procedures]
    pending = [r for r in reports if r.review and r.review.status in (OVERDUE, DUE_SOON)]
    by_owner: dict[str, list[DocumentReport]] = {}
    for report in sorted(pending, key=lambda r: (r.review.next_review, r.doc.id)):
        by_owner.setdefault(report.doc.owner, []).append(report)
    readability = sorted((r for r in reports if r.readability is not None),
                         key=lambda r: (r.readability.flesch_reading_ease, r.doc.id))
    totals = {"documents": len(procedures)}
    for status in ("approved", "draft", "obsolete"):
        totals[status] = sum(1 for doc in procedures if doc.status == status)
    severity_order = {"error": 0, "warning": 1, "info": 2}
    flags = sorted(analysis.flags, key=lambda f: (severity_order[f.severity], f.file, f.line))
    by_kind: dict[tuple[str, str], int] = {}
    for flag in flags:
        by_kind[(flag.severity, flag.kind)] = by_kind.get((flag.severity, flag.kind), 0) + 1
    return [renderer.page(
        "dashboard.md.j2", "dashboard.md", "Quality dashboard", None,
        totals=totals, counts=analysis.counts(), reviews_by_owner=sorted(by_owner.items()),
        readability=readability, unapproved=unapproved_revisions(procedures),
        flags=flags[:DASHBOARD_FLAG_ROWS], flag_total=len(flags),
        flags_by_kind=sorted(by_kind.items(), key=lambda item: (severity_order[item[0][0]], item[0][1])),
        flag_kinds=sorted(repository.registry.flag_kinds.values(), key=lambda k: k.name))]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    """Procedures grouped by area so that pruned pages stay small at any size.

    An area with more than ``nav_chunk_size`` procedures is split into id ranges,
    so the navigation embedded in each page never holds more than that many links.
    """
    chunk_size = settings.nav_chunk_size
    procedures = sorted(repository.published("procedure"), key=lambda d: d.id)
    areas_nav = []
    for area_id, area in repository.areas.items():
        docs = [doc for doc in procedures if doc.area == area_id]
        children: list[Any] = [area_uri(area_id)]
        if len(docs) <= chunk_size:
            children += [nav_entry(f"{doc.id} {doc.title}", procedure_uri(doc.id)) for doc in docs]
        else:
            for start in range(0, len(docs), chunk_size):
                chunk = docs[start:start + chunk_size]
                children.append({f"{chunk[0].id} to {chunk[-1].id}":
                                 [nav_entry(f"{doc.id} {doc.title}", procedure_uri(doc.id)) for doc in chunk]})
        areas_nav.append({html_text(area.title): children})
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    return [
        {"Procedures": areas_nav},
        {"Roles": [role.uri()] + [nav_entry(r.title, role.uri(r.id)) for r in roles]},
        {"Document register": "register.md"},
        {"Quality dashboard": "dashboard.md"},
    ]


FEATURE = Feature(
    name="documents",
    kinds=(organisation, role, procedure, plain_words, glossary),
    checks={"procedure": (check_controlled,), "plain-words": (check_plain_words,),
            "organisation": (check_feedback,)},
    template_globals={"feedback_links": feedback_links},
    repository_checks=(check_reporting_lines, check_replacement_circles),
    analyse=analyse_procedures,
    pages=(roles_index, area_pages, register_page, dashboard_page),
    page_context={"role": role_context},
    nav=navigation,
    flag_kinds=FLAG_KINDS,
)
