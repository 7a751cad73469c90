"""Pages and navigation: role pages' context, roles index, areas, register and dashboard."""

from __future__ import annotations

from typing import Any

from ...analysis import DocumentReport
from ...kinds import role
from ...model import Document, Repository
from ...render import GeneratedPage, Renderer, area_uri, nav_entry, procedure_uri
from ...review_dates import DUE_SOON, OVERDUE
from ...settings import Settings
from ...text import html_text

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
