"""Generated pages and navigation: one page per KPI, the training matrix and clause coverage."""

from __future__ import annotations

from typing import Any

from ...model import Document, Repository
from ...render import GeneratedPage, Renderer, nav_entry
from ...settings import Settings

from .kinds import KPI_OVERVIEW_URI, TRAINING_URI, kpi_uri
from .kpis import kpi_summary
from .chart import kpi_chart
from .training import DUE, MISSING, RETRAIN, SMALL_GROUP, cached_training_status
from .coverage import COVERAGE_LABELS, clause_coverage
from .standards import standards

def related_objectives(repository: Repository, kpi_id: str) -> list[Document]:
    """Quality objectives (leadership feature) that name this KPI."""
    return sorted((doc for doc in repository.of_kind("objective").values() if doc.kpi == kpi_id),
                  key=lambda d: d.id)




def _summaries(renderer: Renderer) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        docs = sorted(renderer.repository.of_kind("kpi").values(), key=lambda d: d.id)
        return {doc.id: kpi_summary(doc, renderer.analysis.today, renderer.analysis.settings.kpi_grace_days) for doc in docs}
    return renderer.once("metrics.kpi_summaries", compute)


def kpi_context(renderer: Renderer, doc: Document) -> dict[str, Any]:
    summary = _summaries(renderer)[doc.id]
    return {"summary": summary, "chart": kpi_chart(summary),
            "objectives": related_objectives(renderer.repository, doc.id)}


def kpi_pages(renderer: Renderer) -> list[GeneratedPage]:
    summaries = list(_summaries(renderer).values())
    if not summaries:
        return []
    pages: list[GeneratedPage] = []
    pages.append(renderer.page("metrics/kpis.md.j2", KPI_OVERVIEW_URI, "Key performance indicators", None,
                               summaries=summaries))
    return pages


def training_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    matrix = repository.singleton("training-matrix")
    if matrix is None:
        return []
    status = cached_training_status(repository, renderer.analysis.today)
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    return [renderer.page("metrics/training.md.j2", TRAINING_URI, "Training matrix", matrix.path,
                          status=status, roles=roles, states={"missing": MISSING, "retrain": RETRAIN, "due": DUE},
                          small_group=SMALL_GROUP)]


def coverage_page(renderer: Renderer) -> list[GeneratedPage]:
    """One page per standard: ISO 9001's, and one for each catalogue in data/standards/."""
    pages = []
    for standard in standards(renderer.repository).values():
        coverage = clause_coverage(renderer.repository, renderer.analysis, standard.id)
        source = None if standard.id == "iso9001" else standard.source
        pages.append(renderer.page("metrics/coverage.md.j2", standard.uri, f"{standard.name} clause coverage",
                                   source, coverage=coverage, labels=COVERAGE_LABELS))
    return pages


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    section: list[Any] = []
    if KPI_OVERVIEW_URI in uris:
        kpis = sorted(repository.of_kind("kpi").values(), key=lambda d: d.id)
        section.append({"Key performance indicators": [KPI_OVERVIEW_URI] + [
            nav_entry(f"{doc.id} {doc.title}", kpi_uri(doc.id)) for doc in kpis]})
    if TRAINING_URI in uris:
        section.append({"Training matrix": TRAINING_URI})
    for standard in standards(repository).values():
        if standard.uri in uris:
            section.append(nav_entry(f"{standard.name} clause coverage", standard.uri))
    return [{"Measurement": section}] if section else []
