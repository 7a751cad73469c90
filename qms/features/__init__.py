"""The built-in features and the registry of all of them.

Features import the core; the core never imports a feature. Whoever wires a
build (the pipeline, the command line, the MkDocs hook) asks for
``default_registry()`` and hands it down.
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any, Mapping

from ..registry import Feature, FlagKind, Registry
from ..settings import PREFIX, SettingsError

__all__ = ["Feature", "FlagKind", "Registry", "FEATURE_MODULES", "default_registry", "registry_for"]

CORE_FEATURE = "documents"  # organisation, roles and procedures: every other feature builds on them

# Order matters: it is the order of the navigation and of the dashboard.
FEATURE_MODULES = (
    "qms.features.documents",     # organisation, roles, procedures, dashboard
    "qms.features.leadership",    # policy, objectives, management review, roadmap, newsletters
    "qms.features.records",       # nonconformities, improvements, audit programme
    "qms.features.metrics",       # KPIs, training matrix, clause coverage
    "qms.features.onboarding",    # onboarding paths, start here, glossary, search words
    "qms.features.releases",      # releases, release notes, document history
    "qms.features.controlled_copies",  # printed copies: sheet headers, check pages, the whole manual
    "qms.features.doctypes",      # forms and templates, work instructions, external documents
)


def default_registry() -> Registry:
    """A new registry of the built-in features (modules are imported once by Python)."""
    return Registry(importlib.import_module(name).FEATURE for name in FEATURE_MODULES)


def registry_for(qms_config: Mapping[str, Any] | None) -> Registry:
    """The built-in features a portal uses: those ``extra.qms.features`` names, or all of them."""
    registry = default_registry()
    wanted = (qms_config or {}).get("features")
    if wanted is None:
        return registry
    known = [feature.name for feature in registry]
    if not isinstance(wanted, list) or not all(isinstance(name, str) for name in wanted):
        raise SettingsError(f"{PREFIX}.features: expected a list of feature names (known: {', '.join(known)})")
    problems = []
    for name in wanted:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
            problems.append(f"{PREFIX}.features: unknown feature {name!r} ({hint})")
    if CORE_FEATURE not in wanted:
        problems.append(f"{PREFIX}.features: {CORE_FEATURE!r} is missing (add it: every other feature "
                        "builds on its organisation, roles and procedures)")
    if problems:
        raise SettingsError("\n".join(problems))
    return registry.only(*wanted)
