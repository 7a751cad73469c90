"""Onboarding text passes the same readability gates as procedures, and paths agree with the training matrix.

Procedures without keywords get an info flag with keywords drawn from their text (``keywords``).
"""

from __future__ import annotations

import datetime as dt

from ...analysis import DocumentReport, Flag
from ...document_readability import readability_for_units
from ...model import Document, Repository
from ...readability import Unit
from ...settings import Settings

from .keywords import keyword_flags
from .matrix import onboarding_matrix_flags


def path_units(doc: Document) -> list[Unit]:
    units = [Unit(doc.introduction, doc.line("introduction"), "introduction")] if doc.introduction else []
    for index, step in enumerate(doc.steps):
        for key in ("train", "task", "why"):
            if step.get(key):
                label = f"step {index + 1}" + (" why" if key == "why" else "")
                units.append(Unit(step[key], doc.line("steps", index, key), label))
    return units


def analyse_paths(repository: Repository, settings: Settings,
                  today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    """Onboarding text passes the same readability gates as procedures; paths agree with the training matrix."""
    flags: list[Flag] = onboarding_matrix_flags(repository, settings) + keyword_flags(repository, settings)
    for doc in sorted(repository.of_kind("onboarding").values(), key=lambda d: d.id):
        _, path_flags = readability_for_units(doc, path_units(doc), repository, settings,
                                              doc.line("introduction"))
        flags.extend(path_flags)
    return [], flags
