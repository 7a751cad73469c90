"""Generated pages: the NCR register and reports, the improvement register, the audit programme."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...analysis import Flag
from ...model import Repository
from ...render import GeneratedPage, Renderer, nav_entry
from ...settings import Settings

from .analysis import FLAG_KINDS, area_coverage, cycle_years
from .kinds import settings_of
from .queries import audit_sources, is_open, ncr_register_order
from .views import audit_view, improvement_view, ncr_view
from .kinds import AUDIT_PROGRAMME_URI, NCR_REGISTER_URI
from .vocabulary import (IMPROVEMENT_HOME_URI, IMPROVEMENT_REGISTER_URI, IMPROVEMENT_STATUSES,
                         NCR_SOURCES, NCR_STATUSES)


def _flags(renderer: Renderer) -> list[Flag]:
    return list(renderer.analysis.flags)


def _today(renderer: Renderer) -> dt.date:
    return renderer.analysis.today


def _ncr_views(renderer: Renderer) -> list[Any]:
    def compute() -> list[Any]:
        repository = renderer.repository
        sources = audit_sources(repository)
        return [ncr_view(doc, repository, _today(renderer), _flags(renderer), sources)
                for doc in ncr_register_order(repository)]
    return renderer.once("records.ncr_views", compute)


def ncr_context(renderer: Renderer, doc: Any) -> dict[str, Any]:
    views = renderer.once("records.ncr_by_id", lambda: {view.doc.id: view for view in _ncr_views(renderer)})
    return {"view": views[doc.id]}


def ncr_pages(renderer: Renderer) -> list[GeneratedPage]:
    views = _ncr_views(renderer)
    pages: list[GeneratedPage] = []
    by_status = [(status, [view for view in views if view.doc.status == status]) for status in NCR_STATUSES]
    by_source = [(source, [view for view in views if view.doc.source == source]) for source in NCR_SOURCES]
    counts = {"open": sum(1 for view in views if view.open), "closed": sum(1 for view in views if not view.open),
              "overdue_actions": sum(view.overdue_actions for view in views)}
    pages.append(renderer.page("records/ncr_register.md.j2", NCR_REGISTER_URI, "Nonconformity register", None,
                               views=views, by_status=by_status, by_source=by_source, counts=counts))
    return pages


def improvement_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    flags = _flags(renderer)
    stage = {status: index for index, status in enumerate(IMPROVEMENT_STATUSES)}
    docs = sorted(repository.of_kind("improvement").values(), key=lambda d: (stage[d.status], d.id))
    views = [improvement_view(doc, today, flags) for doc in docs]
    by_status = [(status, sum(1 for view in views if view.doc.status == status))
                 for status in IMPROVEMENT_STATUSES]
    return [renderer.page("records/improvements.md.j2", IMPROVEMENT_REGISTER_URI, "Improvement register", None,
                          views=views, by_status=by_status)]


def _audit_views(renderer: Renderer) -> list[Any]:
    def compute() -> list[Any]:
        repository = renderer.repository
        docs = sorted(repository.of_kind("audit").values(), key=lambda d: (d.planned, d.id))
        return [audit_view(doc, repository, _today(renderer), _flags(renderer)) for doc in docs]
    return renderer.once("records.audit_views", compute)


def audit_context(renderer: Renderer, doc: Any) -> dict[str, Any]:
    views = renderer.once("records.audit_by_id", lambda: {view.doc.id: view for view in _audit_views(renderer)})
    return {"view": views[doc.id]}


def audit_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    limits = settings_of(repository)
    views = _audit_views(renderer)
    pages: list[GeneratedPage] = []
    years = sorted({view.doc.planned.year for view in views} | {today.year}, reverse=True)
    programme = [(year, sum(1 for view in views if view.doc.planned.year == year),
                  [(month, [view for view in views if view.doc.planned.year == year and view.month == month])
                   for month in range(1, 13)]) for year in years]
    coverage = area_coverage(repository, today, limits)
    latest_done = {}
    for area_id, audits in coverage.items():
        done = [doc for doc in audits if doc.status == "done"]
        upcoming = [doc for doc in audits if doc.status == "planned"]
        latest_done[area_id] = (done[-1] if done else None, upcoming[0] if upcoming else None)
    cycle = cycle_years(today, limits)
    pages.append(renderer.page("records/audit_programme.md.j2", AUDIT_PROGRAMME_URI, "Internal audit programme",
                               None, programme=programme, coverage=coverage, latest=latest_done,
                               cycle=(cycle.start, cycle.stop - 1), views=views))
    return pages


def overview_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    names = {kind.name for kind in FLAG_KINDS}
    flags = [flag for flag in renderer.analysis.flags if flag.kind in names]
    ncrs = list(repository.of_kind("ncr").values())
    improvements = list(repository.of_kind("improvement").values())
    audits = [doc for doc in repository.of_kind("audit").values() if doc.planned.year == today.year]
    counts = {
        "ncr_open": sum(1 for doc in ncrs if is_open(doc)),
        "ncr_total": len(ncrs),
        "improvement_open": sum(1 for doc in improvements if doc.status != "closed"),
        "improvement_total": len(improvements),
        "audit_done": sum(1 for doc in audits if doc.status == "done"),
        "audit_total": sum(1 for doc in audits if doc.status != "cancelled"),
    }
    return [renderer.page("records/overview.md.j2", IMPROVEMENT_HOME_URI, "Improvement", None,
                          counts=counts, flags=flags, year=today.year)]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    """Only the register pages: one page per record stays out of the menu, so pages stay small."""
    return [{"Improvement": [
        IMPROVEMENT_HOME_URI,
        nav_entry("Nonconformity register", NCR_REGISTER_URI),
        nav_entry("Improvement register", IMPROVEMENT_REGISTER_URI),
        nav_entry("Internal audit programme", AUDIT_PROGRAMME_URI),
    ]}]
