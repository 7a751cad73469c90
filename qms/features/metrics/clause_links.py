"""How a page shows the clauses a document names: "ISO 13485:2016 7.4 Purchasing", linked to its row
on that standard's clause coverage page, so a reader sees which standard a number belongs to."""

from __future__ import annotations

from typing import Any, Iterable

from markupsafe import Markup

from ...model import Repository
from ...text import plain
from .clause_checks import resolve
from .coverage import clause_anchor


def clause_links(link: Any, repository: Repository, refs: Iterable[Any]) -> Markup:
    """Each clause with its standard's name and its title, comma separated; an unknown one as written
    (it has its own error, so the page is never published with it)."""
    shown = []
    for ref in refs:
        standard, number = resolve(str(ref), repository)
        if standard is None or number not in standard.clauses:
            shown.append(plain(ref))
            continue
        text = f"{standard.label} {number} {standard.title_of(number)}"
        shown.append(link.to(f"{standard.uri}#{clause_anchor(number)}", text))
    return Markup(", ").join(shown)
