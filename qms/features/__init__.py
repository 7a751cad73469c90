"""The built-in features and the registry of all of them.

Features import the core; the core never imports a feature. Whoever wires a
build (the pipeline, the command line, the MkDocs hook) asks for
``default_registry()`` and hands it down.
"""

from __future__ import annotations

import importlib

from ..registry import Feature, FlagKind, Registry

__all__ = ["Feature", "FlagKind", "Registry", "FEATURE_MODULES", "default_registry"]

# Order matters: it is the order of the navigation and of the dashboard.
FEATURE_MODULES = (
    "qms.features.documents",     # organisation, roles, procedures, dashboard
    "qms.features.leadership",    # policy, objectives, management review, roadmap, newsletters
    "qms.features.records",       # nonconformities, improvements, audit programme
    "qms.features.metrics",       # KPIs, training matrix, clause coverage
    "qms.features.onboarding",    # onboarding paths, start here, glossary, search words
    "qms.features.releases",      # releases, release notes, document history
)


def default_registry() -> Registry:
    """A new registry of the six built-in features (modules are imported once by Python)."""
    return Registry(importlib.import_module(name).FEATURE for name in FEATURE_MODULES)
