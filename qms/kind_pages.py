"""Pages and navigation that follow from a kind's declaration alone.

A kind that names a ``template`` gets one page per published document at
``kind.uri(id)``, with what its feature's ``page_context`` adds; a feature that builds no navigation of its own gets a
section per such kind. So a new kind is a schema plus a template, and the
features that need more (grouping, registers, charts) add it on top.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from .text import html_text

if TYPE_CHECKING:
    from .kinds import Kind
    from .model import Repository
    from .registry import Feature, Registry
    from .render import GeneratedPage, Renderer


def page_builders(registry: "Registry") -> list[Callable[["Renderer"], list["GeneratedPage"]]]:
    """Every feature's builders, each feature's kinds with a template first."""
    builders: list[Callable[["Renderer"], list["GeneratedPage"]]] = []
    for feature in registry:
        builders += [partial(kind_pages, kind.name) for kind in feature.kinds if kind.template]
        builders += list(feature.pages)
    return builders


def kind_pages(kind_name: str, renderer: "Renderer") -> list["GeneratedPage"]:
    repository = renderer.repository
    kind = repository.registry.kinds_by_name[kind_name]
    page_context = repository.registry.page_contexts.get(kind_name)
    pages = []
    for doc in sorted(repository.published(kind.name), key=lambda d: d.id):
        context = dict(page_context(renderer, doc)) if page_context is not None else {}
        pages.append(renderer.page(kind.template, kind.uri(doc.id), kind.title_of(doc, repository),
                                   doc.path, doc=doc, kind=kind, **context))
    return pages


def kind_navigation(feature: "Feature", repository: "Repository") -> list[Any]:
    """A section per kind with pages, for a feature that declares no navigation of its own."""
    sections = []
    for kind in feature.kinds:
        if not kind.template:
            continue
        docs = sorted(repository.published(kind.name), key=lambda d: d.id)
        if docs:
            sections.append({html_text(kind.title): [{html_text(kind.title_of(doc, repository)): kind.uri(doc.id)}
                                                     for doc in docs]})
    return sections


def register_kinds(registry: "Registry") -> list["Kind"]:
    """Kinds listed in the document register and in the report, besides controlled procedures."""
    return [kind for kind in registry.kinds if kind.in_register]
