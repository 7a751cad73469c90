"""Macros that hand-written pages use to cite and list records."""

from __future__ import annotations

from typing import Any

from ...macros import MacroError
from ...model import Repository
from ...render import Links
from ...text import plain

from .queries import is_open, ncr_register_order
from .views import ncr_view
from .kinds import audit_uri, ncr_uri
from .vocabulary import IMPROVEMENT_REGISTER_URI, improvement_anchor


def macros(macro_host: Any) -> dict[str, Any]:
    state = macro_host.state
    repository: Repository = state.repository
    links: Links = macro_host.links

    def known(kind: str) -> str:
        ids = sorted(repository.of_kind(kind))
        return ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")

    def ncr_link(ncr_id: str, title: bool = True) -> str:
        """A link to a nonconformity report, with its title unless title=False."""
        doc = repository.get("ncr", ncr_id)
        if doc is None:
            raise MacroError(f"ncr({ncr_id!r}): no NCR has this id (known: {known('ncr')})")
        return str(links.to(ncr_uri(ncr_id), f"{doc.id} {doc.title}" if title else doc.id))

    def improvement_link(improvement_id: str, title: bool = True) -> str:
        """A link to an item of the improvement register."""
        doc = repository.get("improvement", improvement_id)
        if doc is None:
            raise MacroError(f"improvement({improvement_id!r}): no improvement item has this id "
                             f"(known: {known('improvement')})")
        target = links.uri(IMPROVEMENT_REGISTER_URI) + "#" + improvement_anchor(improvement_id)
        return f"[{plain(f'{doc.id} {doc.title}' if title else doc.id)}]({target})"

    def audit_link(audit_id: str, title: bool = True) -> str:
        """A link to an internal audit."""
        doc = repository.get("audit", audit_id)
        if doc is None:
            raise MacroError(f"audit({audit_id!r}): no audit has this id (known: {known('audit')})")
        return str(links.to(audit_uri(audit_id), f"{doc.id} {doc.title}" if title else doc.id))

    def open_ncr_count() -> int:
        """How many nonconformities are not closed yet."""
        return sum(1 for doc in repository.of_kind("ncr").values() if is_open(doc))

    def open_ncrs(procedure: str | None = None) -> str:
        """A table of open NCRs, optionally for one procedure."""
        if procedure is not None and repository.get("procedure", procedure) is None:
            raise MacroError(f"open_ncrs(procedure={procedure!r}): unknown procedure")
        docs = [doc for doc in ncr_register_order(repository) if is_open(doc)
                and (procedure is None or procedure in doc.procedures)]
        views = [ncr_view(doc, repository, state.today, state.analysis.flags) for doc in docs]
        return macro_host._renderer().render("records/macros/open_ncrs.md.j2", macro_host.page_uri, views=views)

    return {"ncr": ncr_link, "improvement": improvement_link, "audit": audit_link,
            "open_ncr_count": open_ncr_count, "open_ncrs": open_ncrs}


MACRO_NAMES = ("ncr", "improvement", "audit", "open_ncr_count", "open_ncrs")
