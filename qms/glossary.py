"""Glossary terms as abbreviation tooltips on every page."""

from __future__ import annotations

from .model import Repository
from .text import one_line


def terms(repository: Repository) -> list[dict]:
    glossary = repository.singleton("glossary")
    return sorted(glossary.get("terms", []), key=lambda term: term["term"].lower()) if glossary else []


def abbreviation_lines(repository: Repository) -> str:
    """Markdown abbreviation definitions (``*[NCR]: …``) for Python-Markdown's abbr extension."""
    lines = []
    for term in terms(repository):
        abbreviation = term.get("abbreviation")
        if abbreviation and "]" not in abbreviation:
            meaning = one_line(term["term"])
            lines.append(f"*[{abbreviation}]: {meaning}")
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
