"""'Report a problem' and 'Suggest an improvement' links on procedure pages.

The targets are templates in data/organisation.yml (``feedback``): a mailto:
address or an issue-tracker URL with placeholders. No third-party service is
involved; values are URL-encoded so any title is safe in the link.
"""

from __future__ import annotations

import html
import string
from urllib.parse import quote

from markupsafe import Markup

from .errors import DataError
from .model import Document, Repository
from .validate import error_at

PLACEHOLDERS = {
    "id": "document id",
    "title": "document title",
    "revision": "current revision",
    "owner": "owner role id",
    "owner_title": "owner role title",
    "owner_email": "owner role's email (or feedback.default_email)",
    "page_url": "address of the page",
}
SCHEMES = ("mailto:", "https://", "http://")
LABELS = {"problem": "Report a problem", "improvement": "Suggest an improvement"}


def placeholder_problem(name: str, spec: str, conversion: str | None) -> str | None:
    """Why ``{name!conversion:spec}`` is not allowed, or None for a documented ``{name}``.

    Format specs, conversions, attribute, index or positional fields could crash
    the build (``{title:d}``) or blow up every page (``{id:>3000000}``).
    """
    written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    if name not in PLACEHOLDERS:
        return f"unknown placeholder {written}"
    if spec or conversion:
        return f"{written} is not allowed: write the placeholder alone, with no format or conversion"
    return None


def parse_template(template: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pieces; ValueError when anything is not allowed.

    ``{{`` and ``}}`` are literal braces.
    """
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and placeholder_problem(name, spec, conversion):
            raise ValueError(placeholder_problem(name, spec, conversion))
        pieces.append((literal, name))
    return pieces


ALLOWED = ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def check_feedback(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Targets use known placeholders and a safe scheme; owner_email has somewhere to go."""
    feedback = doc.feedback
    if feedback is None:
        return
    for key in LABELS:
        template = feedback.get(key)
        if not template:
            continue
        path = ("feedback", key)
        if not template.startswith(SCHEMES):
            errors.append(error_at(doc, path, "must start with mailto:, https:// or http://",
                                   "write an email link or an issue-tracker address"))
        hint = f"use only {ALLOWED}; write {{{{ or }}}} for a literal brace"
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)
                      if name is not None]
        except ValueError as exc:
            errors.append(error_at(doc, path, f"has unbalanced braces ({exc})", hint))
            continue
        problems = [problem for field in fields if (problem := placeholder_problem(*field))]
        errors.extend(error_at(doc, path, problem, hint) for problem in problems)
        if problems:
            continue
        names = [name for name, _, _ in fields]
        if "owner_email" in names and not feedback.default_email:
            missing = sorted(role.id for role in repository.of_kind("role").values() if not role.email)
            if missing:
                errors.append(error_at(doc, path, "uses {owner_email}, but some roles have no email "
                                       f"({', '.join(missing[:4])}{'…' if len(missing) > 4 else ''})",
                                       "add feedback.default_email or an email to each role"))


def fill(template: str, values: dict[str, str]) -> str | None:
    """The template with its placeholders replaced, or None if it is not a valid template (never raises)."""
    try:
        pieces = parse_template(template)
    except ValueError:
        return None
    return "".join(literal + (values.get(name, "") if name else "") for literal, name in pieces)


def feedback_links(doc: Document, repository: Repository, site_url: str = "") -> Markup:
    """The HTML links for one page, or nothing when no target is configured."""
    feedback = repository.organisation.feedback
    if feedback is None:
        return Markup("")
    owner = repository.get("role", doc.owner or "")
    revisions = doc.revisions
    values = {
        "id": doc.id,
        "title": doc.title,
        "revision": revisions[-1].rev if revisions else "",
        "owner": doc.owner or "",
        "owner_title": owner.title if owner else "",
        "owner_email": (owner.email if owner else None) or feedback.default_email or "",
        "page_url": f"{site_url.rstrip('/')}/procedures/{doc.id}/" if site_url else f"procedures/{doc.id}/",
    }
    links = []
    for key, label in LABELS.items():
        template = feedback.get(key)
        if not template:
            continue
        safe = "@" if key else ""
        encoded = {name: quote(str(value), safe=safe) for name, value in values.items()}
        href = fill(template, encoded)
        if href is None:
            continue  # refused by check_feedback; never reached in a build that passed the check
        links.append(f'<a class="qms-feedback__link" href="{html.escape(href, quote=True)}">{label}</a>')
    if not links:
        return Markup("")
    return Markup('<p class="qms-feedback">' + " · ".join(links) + "</p>")
