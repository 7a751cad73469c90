"""Features plug kinds of data into the portal without touching the rest.

A feature declares its kinds (schema + template), cross-document checks, an
analyser that produces reports and flags, page builders, a navigation
section and macros. Loading, validation, JSON Schema, the report, the
dashboard and ``qms check`` pick them up from here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from ..errors import DataError
    from ..kinds import Kind
    from ..model import Document, Repository

# Order matters: it is the order of the navigation and of the dashboard.
FEATURE_MODULES = (
    "qms.features.documents",     # organisation, roles, procedures, dashboard (issues 2-3)
    "qms.features.leadership",    # policy, objectives, management review, roadmap, newsletters (issue 4)
    "qms.features.records",       # nonconformities, improvements, audit programme (issue 5)
    "qms.features.metrics",       # KPIs, training matrix, clause coverage (issue 5)
    "qms.features.onboarding",    # onboarding paths, start here, glossary, search words (issue 6)
    "qms.features.releases",      # releases, release notes, document history (issue 7)
)


@dataclass(frozen=True)
class FlagKind:
    name: str
    severity: str  # default: error, warning or info
    description: str


DocumentCheck = Callable[["Document", "Repository", "list[DataError]"], None]
RepositoryCheck = Callable[["Repository", "list[DataError]"], None]


@dataclass(frozen=True)
class Feature:
    name: str
    kinds: tuple["Kind", ...] = ()
    checks: Mapping[str, tuple[DocumentCheck, ...]] = field(default_factory=dict)
    repository_checks: tuple[RepositoryCheck, ...] = ()
    # (repository, settings, today) -> (document reports, flags not tied to one report)
    analyse: Callable[..., tuple[list, list]] | None = None
    # (renderer) -> list of GeneratedPage
    pages: tuple[Callable[..., list], ...] = ()
    # (repository, generated pages, settings) -> list of MkDocs nav entries
    nav: Callable[..., list[Any]] | None = None
    flag_kinds: tuple[FlagKind, ...] = ()
    # (Macros instance) -> {name: function} for hand-written pages; list the names in macro_names
    macros: Callable[..., Mapping[str, Callable[..., Any]]] | None = None
    macro_names: tuple[str, ...] = ()
    # {name: function} callable from page templates, e.g. search_words(doc, repo)
    template_globals: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def features() -> tuple[Feature, ...]:
    return tuple(importlib.import_module(name).FEATURE for name in FEATURE_MODULES)


def all_kinds() -> tuple["Kind", ...]:
    return tuple(kind for feature in features() for kind in feature.kinds)


def kinds_by_name() -> dict[str, "Kind"]:
    return {kind.name: kind for kind in all_kinds()}


def macro_names() -> tuple[str, ...]:
    """Names every feature adds for hand-written pages (known before any build runs)."""
    return tuple(name for feature in features() for name in feature.macro_names)


def template_globals() -> dict[str, Callable[..., Any]]:
    """Functions every feature offers to page templates."""
    return {name: fn for feature in features() for name, fn in feature.template_globals.items()}


def flag_kinds() -> dict[str, FlagKind]:
    return {flag.name: flag for feature in features() for flag in feature.flag_kinds}
