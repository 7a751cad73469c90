"""Macros for hand-written pages."""

from __future__ import annotations

from typing import Any, Callable

from ...macros import MacroError

from ...clause_refs import DEFAULT_STANDARD
from .kinds import kpi_uri
from .kpis import kpi_summary
from .clause_checks import ref_problem, resolve
from .coverage import clause_anchor

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
        """A clause with its title, e.g. '7.5.3 Control of documented information'; write 'iso13485:7.4'
        for a clause of another standard in data/standards/."""
        ref = str(number)
        problem = ref_problem(ref, state.repository)
        if problem is not None:
            raise MacroError(f"clause({number!r}): {problem[0]} ({problem[1]})")
        standard, found = resolve(ref, state.repository)
        text = f"{found} {standard.title_of(found)}"
        return str(owner.links.to(f"{standard.uri}#{clause_anchor(found)}",
                                  text if standard.id == DEFAULT_STANDARD else f"{standard.label} {text}"))

    def kpi_table() -> str:
        """The KPI overview table: latest value and status of every KPI."""
        summaries = [kpi_summary(doc, state.today, state.settings.kpi_grace_days)
                     for doc in sorted(state.repository.of_kind("kpi").values(), key=lambda d: d.id)]
        return owner._renderer().render("metrics/kpi_table.md.j2", owner.page_uri, summaries=summaries)

    return {"kpi": kpi_link, "clause": clause, "kpi_table": kpi_table}
