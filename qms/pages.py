"""Every generated page of a build, and the site's navigation, from the registry's features.

Rendering one page is ``qms.render``; this module runs every feature's page
builders (and those that kinds get from their declarations) and puts the
navigation together. Like the rest of the core, it knows nothing of MkDocs.
"""

from __future__ import annotations

from typing import Any, Callable

from .kind_pages import kind_navigation, page_builders
from .model import Repository
from .parallel import fork_map
from .render import GeneratedPage, Renderer

PageBuilder = Callable[[Renderer], list[GeneratedPage]]


PARALLEL_MIN_DOCUMENTS = 300  # below this, starting processes costs more than it saves


def generate_pages(repository: Repository, analysis: Any, extra_context: dict | None = None,
                   builders: list[PageBuilder] | None = None,
                   while_rendering: Callable[[], Any] | None = None) -> list[GeneratedPage]:
    """Every generated page, in builder order.

    A large QMS is rendered builder by builder across the machine's cores;
    ``while_rendering`` runs in this process meanwhile.
    """
    renderer = Renderer(repository, analysis, extra_context)
    builders = builders or page_builders(repository.registry)
    size = sum(len(by_id) for by_id in repository.documents.values())
    results = fork_map(_run_builder, builders, shared=renderer, minimum=PARALLEL_MIN_DOCUMENTS,
                       while_waiting=while_rendering, size=size, workers=repository.caches.workers)
    return [page for result in results for page in result]


def _run_builder(renderer: Renderer, builder: PageBuilder) -> list[GeneratedPage]:
    return builder(renderer)


def navigation(repository: Repository, generated: list[GeneratedPage], authored: list[str],
               settings: Any) -> list[Any]:
    """Home first, then each feature's section, then hand-written pages nobody placed."""
    uris = {page.src_uri for page in generated}
    authored_left = [uri for uri in authored if uri not in uris]
    nav: list[Any] = []
    if "index.md" in authored_left:
        nav.append({"Home": "index.md"})
        authored_left.remove("index.md")
    for feature in repository.registry:
        if feature.nav is not None:
            nav.extend(feature.nav(repository, generated, settings))
        else:
            nav.extend(kind_navigation(feature, repository))
    placed = set(_nav_uris(nav))
    nav.extend(uri for uri in authored_left if uri not in placed)
    return nav


def _nav_uris(entries: Any):
    if isinstance(entries, str):
        yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from _nav_uris(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from _nav_uris(value)
