"""Who holds a role, from data/people/: the names and contacts a role page shows."""

from __future__ import annotations

from ...model import Document, Repository


def holds(person_doc: Document, role_doc: Document) -> bool:
    """Whether a person holds a role: listed in their roles, or the role is the one all staff hold."""
    return bool(role_doc.all_staff) or role_doc.id in person_doc.roles


def role_holders(repository: Repository, role_doc: Document) -> list[Document]:
    """For role pages (a template global): the people who hold this role, by name."""
    return sorted((person_doc for person_doc in repository.of_kind("person").values() if holds(person_doc, role_doc)),
                  key=lambda p: (p.name or "", p.id))
