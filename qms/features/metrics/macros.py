"""Macros for hand-written pages."""

from __future__ import annotations

from typing import Any, Callable

from ...macros import MacroError

from .kinds import COVERAGE_URI, kpi_uri
from .kpis import kpi_summary
from .clauses import clause_hint, clause_title, iso_clauses

def macros(owner: Any) -> dict[str, Callable[..., Any]]:
    state = owner.state

    def kpi_link(kpi_id: str) -> str:
        """A link to a KPI with its status in words, e.g. 'KPI-001 On-time delivery (On target)'."""
        doc = state.repository.get("kpi", kpi_id)
        if doc is None:
            known = ", ".join(sorted(state.repository.of_kind("kpi")))
            raise MacroError(f"kpi({kpi_id!r}): unknown KPI (known: {known})")
        summary = kpi_summary(doc, state.today, state.settings.kpi_grace_days)
        return str(owner.links.to(kpi_uri(kpi_id), f"{doc.id} {doc.title}")) + f" ({summary.status_label})"

    def clause(number: str) -> str:
        """A clause number with its title, e.g. '7.5.3 Control of documented information'."""
        if str(number) not in iso_clauses():
            raise MacroError(f"clause({number!r}): unknown ISO 9001:2015 clause ({clause_hint(str(number))})")
        return str(owner.links.to(COVERAGE_URI, f"{number} {clause_title(str(number))}"))

    def kpi_table() -> str:
        """The KPI overview table: latest value and status of every KPI."""
        summaries = [kpi_summary(doc, state.today, state.settings.kpi_grace_days)
                     for doc in sorted(state.repository.of_kind("kpi").values(), key=lambda d: d.id)]
        return owner._renderer().render("metrics/kpi_table.md.j2", owner.page_uri, summaries=summaries)

    return {"kpi": kpi_link, "clause": clause, "kpi_table": kpi_table}
