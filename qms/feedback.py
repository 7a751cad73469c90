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


def fields_of(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def check_feedback(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Targets use known placeholders and a safe scheme; owner_email has somewhere to go."""
    from .validate import error_at
    feedback = doc.get("feedback") or {}
    for key in LABELS:
        template = feedback.get(key)
        if not template:
            continue
        path = ("feedback", key)
        if not template.startswith(SCHEMES):
            errors.append(error_at(doc, path, "must start with mailto:, https:// or http://",
                                   "write an email link or an issue-tracker address"))
        try:
            names = fields_of(template)
        except ValueError as exc:
            errors.append(error_at(doc, path, f"has unbalanced braces ({exc})", "write {id}, {title}, …"))
            continue
        for name in names:
            if name not in PLACEHOLDERS:
                errors.append(error_at(doc, path, f"unknown placeholder {{{name}}}",
                                       "use " + ", ".join("{" + p + "}" for p in PLACEHOLDERS)))
        if "owner_email" in names and not feedback.get("default_email"):
            missing = sorted(role.id for role in repository.of_kind("role").values() if not role.get("email"))
            if missing:
                errors.append(error_at(doc, path, "uses {owner_email}, but some roles have no email "
                                       f"({', '.join(missing[:4])}{'…' if len(missing) > 4 else ''})",
                                       "add feedback.default_email or an email to each role"))


def feedback_links(doc: Document, repository: Repository, site_url: str = "") -> Markup:
    """The HTML links for one page, or nothing when no target is configured."""
    feedback = repository.organisation.get("feedback") or {}
    owner = repository.get("role", doc.get("owner", ""))
    revisions = doc.get("revisions", [])
    values = {
        "id": doc.id,
        "title": doc.title,
        "revision": revisions[-1]["rev"] if revisions else "",
        "owner": doc.get("owner", ""),
        "owner_title": owner.title if owner else "",
        "owner_email": (owner.get("email") if owner else None) or feedback.get("default_email", ""),
        "page_url": f"{site_url.rstrip('/')}/procedures/{doc.id}/" if site_url else f"procedures/{doc.id}/",
    }
    links = []
    for key, label in LABELS.items():
        template = feedback.get(key)
        if not template:
            continue
        safe = "@" if key else ""
        encoded = {name: quote(str(value), safe=safe) for name, value in values.items()}
        href = template.format(**encoded)
        links.append(f'<a class="qms-feedback__link" href="{html.escape(href, quote=True)}">{label}</a>')
    if not links:
        return Markup("")
    return Markup('<p class="qms-feedback">' + " · ".join(links) + "</p>")
