"""The onboarding pages: one checklist page per path, the index of paths, and their navigation.

A path's page is a plain ordered list; the browser adds the ticks, the
progress bar and the next step (``docs/javascripts/onboarding.js``), so the
page still reads well without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...model import Document, Repository
from ...render import GeneratedPage, Renderer, nav_entry
from ...settings import Settings
from .glossary import GLOSSARY_URI
from .kinds import ACTIONS, onboarding, path_title, role_title

PATHS_URI = "onboarding/index.md"


def path_uri(role_id: str) -> str:
    return onboarding.uri(role_id)


def onboarding_link(role_id: str, repository: Repository, link: Any) -> Markup:
    """A link to the role's onboarding path, or nothing when the role has none."""
    if repository.get("onboarding", role_id) is None:
        return Markup("")
    return Markup("**New in this role?** Follow the ") + link.to(path_uri(role_id), "first weeks checklist") + Markup(".")


def duration(minutes: int) -> str:
    """'45 min', '2 h', '1 h 30 min': short and unambiguous."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


@dataclass(frozen=True)
class PathStep:
    number: int
    id: str
    action: str  # read, meet, train or task
    data: dict
    after: tuple[tuple[int, str], ...]  # (number, id) of the steps to finish first

    @property
    def time(self) -> str:
        return duration(self.data.minutes)


def path_steps(doc: Document) -> list[PathStep]:
    steps = doc.steps
    numbers = {step.id: number for number, step in enumerate(steps, start=1)}
    result = []
    for number, step in enumerate(steps, start=1):
        action = next(action for action in ACTIONS if action in step)
        after = tuple(sorted((numbers[other], other) for other in step.after))
        result.append(PathStep(number, step.id, action, step, after))
    return result




def sorted_paths(repository: Repository) -> list[Document]:
    """Paths in the order of their roles' titles, as on the roles index."""
    return sorted(repository.of_kind("onboarding").values(),
                  key=lambda doc: role_title(repository, doc.id).lower())


def path_context(renderer: Renderer, doc: Document) -> dict[str, Any]:
    """What a path's page shows beyond the document: its role, numbered steps and total time."""
    steps = path_steps(doc)
    return {"path": doc, "role": renderer.repository.get("role", doc.id), "steps": steps,
            "total": duration(sum(step.data.minutes for step in steps))}


def path_pages(renderer: Renderer) -> list[GeneratedPage]:
    """The index of every path; each path's own page comes from its kind's template."""
    repository = renderer.repository
    paths = sorted_paths(repository)
    pages = []
    if paths:
        rows = [(doc, path_title(doc, repository), len(doc.steps),
                 duration(sum(step.minutes for step in doc.steps))) for doc in paths]
        pages.append(renderer.page("onboarding/index.md.j2", PATHS_URI, "Onboarding paths", None, rows=rows))
    return pages


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    nav: list[Any] = []
    paths = [doc for doc in sorted_paths(repository) if path_uri(doc.id) in uris]
    if paths:
        nav.append({"Onboarding": [PATHS_URI] + [nav_entry(role_title(repository, doc.id), path_uri(doc.id))
                                                 for doc in paths]})
    if GLOSSARY_URI in uris:
        nav.append({"Glossary": GLOSSARY_URI})
    return nav
