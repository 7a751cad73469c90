"""Pages and navigation: role pages' context, roles index, areas and register (the dashboard has its own module)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...kinds import role
from ...procedure_steps import StepAt, all_steps, step_roles, substep_number
from ...model import Document, Repository
from ...render import GeneratedPage, Renderer, area_uri, nav_entry, procedure_uri
from ...settings import Settings
from ...text import html_text, plain

def role_context(renderer: Renderer, role_doc: Document) -> dict[str, Any]:
    """What a role page lists: the procedures it owns, every step it performs, who reports to it."""
    owned_by, steps_of = renderer.once("documents.duties", lambda: _duties(renderer.repository))
    roles = renderer.once("documents.roles", lambda: sorted(renderer.repository.of_kind("role").values(),
                                                           key=lambda r: r.title))
    inherited = inherited_roles(roles, role_doc)
    return {"role": role_doc, "owned": owned_by.get(role_doc.id, []),
            "duties": duties(steps_of, role_doc, inherited), "inherited": inherited,
            "reports": [other for other in roles if other.reports_to == role_doc.id]}


def inherited_roles(roles: list[Document], role_doc: Document) -> list[Document]:
    """The roles whose steps this role performs as well: every role marked ``all_staff`` but itself.

    Whoever holds a role is a member of staff, so the steps every member of staff performs are
    part of that role's work; the data marks the all-staff role rather than the code naming it.
    """
    return [other for other in roles if other.all_staff and other.id != role_doc.id]


# where it sorts, its label ("Step 3", "Step 3b" for a sub-step, "Initiating a change, step 2" in a
# section), the step or sub-step, the other roles that do it with this one, and the role it is
# inherited from (None: its own)
Duty = tuple[tuple, str, Any, list[str], "Document | None"]


def duties(steps_of: dict[str, dict[str, list]], role_doc: Document,
           inherited: list[Document]) -> list[tuple[Document, list[Duty]]]:
    """Procedure by procedure, the role's own steps and those of the roles it inherits, in step order."""
    by_doc: dict[str, tuple[Document, list[Duty]]] = {}
    for source in [None, *inherited]:
        role_id = role_doc.id if source is None else source.id
        for doc, steps in steps_of.get(role_id, {}).values():
            entry = by_doc.setdefault(doc.id, (doc, []))
            entry[1].extend((order, label, step, [other for other in together if other != role_id], source)
                            for order, label, step, together in steps)
    return [(doc, sorted(steps, key=lambda duty: duty[0])) for _, (doc, steps) in sorted(by_doc.items())]


def _duties(repository: Repository) -> tuple[dict[str, list[Document]], dict[str, dict[str, tuple[Document, list]]]]:
    owned_by: dict[str, list[Document]] = {}
    steps_of: dict[str, dict[str, tuple[Document, list]]] = {}  # role id -> procedure id -> (procedure, steps)
    for doc in sorted(repository.published("procedure"), key=lambda d: d.id):  # one pass, not one per role
        owned_by.setdefault(doc.owner, []).append(doc)
        if doc.status != "approved":
            continue
        for at in all_steps(doc):
            for order, label, part, together, listed_for in _parts(at) + _oversight(at):
                for role_id in listed_for:
                    steps_of.setdefault(role_id, {}).setdefault(doc.id, (doc, []))[1].append(
                        (order, label, part, together))
    return owned_by, steps_of


def _parts(at: StepAt) -> list[tuple[tuple, str, Any, list[str], list[str]]]:
    """The step with its roles, then each sub-step that names roles of its own not doing the whole step:
    a role that does the step is listed once, for the step; one that does only a part, for that part."""
    step = at.step
    own = step_roles(step)
    parts = [((at.ordinal, -1, 0), at.where(), step, own, own)]
    for index, part in enumerate(step.substeps):
        named = [role_id for role_id in step_roles(part) if role_id not in own]
        if named:
            letter = substep_number("", index)
            parts.append(((at.ordinal, index, 0), at.where(letter), part, step_roles(part), named))
    return parts


def _oversight(at: StepAt) -> list[tuple[tuple, str, Any, list[str], list[str]]]:
    """The step again, after its parts, for the role that approves its result: approving is work too.
    (Roles only told of a result do nothing for it, so their pages leave it out.)"""
    if not at.step.approver:
        return []
    label = plain(at.where()) + Markup(" (approves the result)")
    return [((at.ordinal, len(at.step.substeps), 1), label, at.step, [], [at.step.approver])]


def roles_index(renderer: Renderer) -> list[GeneratedPage]:
    roles = sorted(renderer.repository.of_kind("role").values(), key=lambda r: r.title)
    return [renderer.page("roles.md.j2", role.uri(), "Roles", None, roles=roles)]


def area_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    pages = []
    for area_id, area in repository.areas.items():
        docs = sorted((doc for doc in repository.published("procedure") if doc.area == area_id),
                      key=lambda d: (d.status != "approved", d.id))
        pages.append(renderer.page("area.md.j2", area_uri(area_id), area.title,
                                   repository.organisation.path, area=area, docs=docs))
    return pages


def register_page(renderer: Renderer) -> list[GeneratedPage]:
    """Every published controlled document, of every controlled kind, in one table."""
    repository = renderer.repository
    docs = sorted((doc for kind in repository.controlled_kinds() for doc in repository.published(kind)),
                  key=lambda d: d.id)
    return [renderer.page("register.md.j2", "register.md", "Document register", None, docs=docs)]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    """Procedures grouped by area so that pruned pages stay small at any size.

    An area with more than ``nav_chunk_size`` procedures is split into id ranges,
    so the navigation embedded in each page never holds more than that many links.
    """
    chunk_size = settings.nav_chunk_size
    procedures = sorted(repository.published("procedure"), key=lambda d: d.id)
    areas_nav = []
    for area_id, area in repository.areas.items():
        docs = [doc for doc in procedures if doc.area == area_id and doc.status != "obsolete"]
        children: list[Any] = [area_uri(area_id)] + _chunked(docs, chunk_size, "")
        # obsolete procedures stay findable, apart from those in force and named so wherever a title shows
        obsolete = [doc for doc in procedures if doc.area == area_id and doc.status == "obsolete"]
        if obsolete:
            children.append({"Obsolete": _chunked(obsolete, chunk_size, "Obsolete: ")})
        areas_nav.append({html_text(area.title): children})
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    return [
        {"Procedures": areas_nav},
        {"Roles": [role.uri()] + [nav_entry(r.title, role.uri(r.id)) for r in roles]},
        {"Document register": "register.md"},
        {"Quality dashboard": "dashboard.md"},
    ]


def _chunked(docs: list[Document], chunk_size: int, prefix: str) -> list[Any]:
    """Entries for these procedures; more than ``chunk_size`` of them go into id ranges."""
    entries = [nav_entry(f"{prefix}{doc.id} {doc.title}", procedure_uri(doc.id)) for doc in docs]
    if len(docs) <= chunk_size:
        return entries
    return [{f"{docs[start].id} to {docs[min(start + chunk_size, len(docs)) - 1].id}":
             entries[start:start + chunk_size]} for start in range(0, len(docs), chunk_size)]
