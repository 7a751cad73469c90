"""The glossary page: terms in alphabetical groups, abbreviations, and stable anchors to link to."""

from __future__ import annotations

import re

from ...model import Repository
from ...render import GeneratedPage, Renderer

GLOSSARY_URI = "glossary.md"


def term_anchor(term: str) -> str:
    """Stable anchor of a glossary term: lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "term"


def glossary_terms(repository: Repository) -> list[dict]:
    glossary = repository.singleton("glossary")
    terms = glossary.terms if glossary else []
    return sorted(terms, key=lambda term: term.term.lower())


def glossary_page(renderer: Renderer) -> list[GeneratedPage]:
    glossary = renderer.repository.singleton("glossary")
    terms = glossary_terms(renderer.repository)
    if not terms:
        return []
    letters: dict[str, list[dict]] = {}
    for term in terms:
        first = term.term[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(term)
    abbreviations = sorted((term for term in terms if term.abbreviation),
                           key=lambda term: term.abbreviation.lower())
    return [renderer.page("onboarding/glossary.md.j2", GLOSSARY_URI, "Glossary", glossary.path,
                          letters=letters, abbreviations=abbreviations, anchor=term_anchor)]
