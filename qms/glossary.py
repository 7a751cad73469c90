"""Glossary terms as abbreviation tooltips on every page."""

from __future__ import annotations

import re

from .model import Repository
from .text import one_line

# What an abbreviation may look like on its own line ``*[ABBR]: meaning``: letters, digits and a few
# joiners on one line. The schema already refuses line breaks; this holds even if it is bypassed,
# because the line is added to every page's Markdown.
_ABBREVIATION = re.compile(r"[^\W_](?:[\w.&/+' -]{0,38}[\w.+])?")
_UNSAFE_IN_MEANING = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069<>{}\\]")


def terms(repository: Repository) -> list[dict]:
    glossary = repository.singleton("glossary")
    return sorted(glossary.terms, key=lambda term: term["term"].lower()) if glossary else []


def abbreviation_lines(repository: Repository) -> str:
    """Markdown abbreviation definitions (``*[NCR]: …``) for Python-Markdown's abbr extension.

    An abbreviation that is not a short, clean word is left out: it cannot become a tooltip
    anyway, and left in it could end the line and start raw HTML.
    """
    lines = []
    for term in terms(repository):
        # read as a plain mapping: this guard must hold for terms that bypassed the schema too
        abbreviation = term.get("abbreviation")
        if abbreviation and _ABBREVIATION.fullmatch(abbreviation):
            meaning = _UNSAFE_IN_MEANING.sub(" ", one_line(term["term"]))
            lines.append(f"*[{abbreviation}]: {one_line(meaning)}")
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
