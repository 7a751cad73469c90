"""Turn the model into Markdown pages. Markup lives in ``templates/``, not here.

Nothing here knows about MkDocs: a page is a source URI plus Markdown text,
so another site generator can take the same pages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from .model import Document, Repository
from .text import html_text, inline_markdown, one_line, plain, yaml_string

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "procedures/QP-004.md"
    content: str
    source: str | None  # data file it came from, for the edit link
    title: str


def _finalize(value: Any) -> Any:
    """Anything printed in a template is escaped unless it is already Markup."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return plain(value)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        plain=plain,
        markdown=inline_markdown,
        html=lambda value: Markup(html_text(value)),
        yaml=yaml_string,
        one_line=one_line,
        date=lambda value: value.isoformat() if value else "—",
    )
    return env


class Links:
    """Relative Markdown links between pages, so MkDocs checks and rewrites them."""

    def __init__(self, repository: Repository, page_uri: str):
        self.repository = repository
        self.page_uri = page_uri

    def uri(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.page_uri) or ".")

    def to(self, target_uri: str, text: Any) -> Markup:
        return Markup(f"[{plain(text)}]({self.uri(target_uri)})")

    def role(self, role_id: str) -> Markup:
        role = self.repository.get("role", role_id)
        return self.to(role_uri(role_id), role.title if role else role_id)

    def doc(self, doc_id: str, with_title: bool = True) -> Markup:
        doc = self.repository.get("procedure", doc_id)
        if doc is None or not doc.published:
            return plain(doc_id)
        label = f"{doc.id} {doc.title}" if with_title else doc.id
        return self.to(procedure_uri(doc_id), label)

    def area(self, area_id: str) -> Markup:
        area = self.repository.areas.get(area_id, {"title": area_id})
        return self.to(area_uri(area_id), area["title"])


def procedure_uri(doc_id: str) -> str:
    return f"procedures/{doc_id}.md"


def role_uri(role_id: str) -> str:
    return f"roles/{role_id}.md"


def area_uri(area_id: str) -> str:
    return f"procedures/{area_id}/index.md"


class Renderer:
    """Renders every generated page from one repository and its analysis."""

    def __init__(self, repository: Repository, analysis: Any, extra_context: dict | None = None):
        self.repository = repository
        self.analysis = analysis
        self.env = environment()
        self.context = dict(extra_context or {})

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        links = Links(self.repository, page_uri)
        return self.env.get_template(template).render(
            repo=self.repository,
            org=self.repository.organisation,
            analysis=self.analysis,
            link=links,
            page_uri=page_uri,
            **self.context,
            **context,
        )

    def page(self, template: str, src_uri: str, title: str, source: str | None, **context: Any) -> GeneratedPage:
        return GeneratedPage(src_uri, self.render(template, src_uri, title=title, **context), source, title)


PageBuilder = Callable[[Renderer], list[GeneratedPage]]


def procedure_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    pages = []
    for doc in sorted(repository.published("procedure"), key=lambda d: d.id):
        steps_by_role: dict[str, list[int]] = {}
        for number, step in enumerate(doc.get("steps", []), start=1):
            steps_by_role.setdefault(step["role"], []).append(number)
        pages.append(renderer.page("procedure.md.j2", procedure_uri(doc.id), f"{doc.id} {doc.title}",
                                   doc.path, doc=doc))
    return pages


def role_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    procedures = sorted(repository.published("procedure"), key=lambda d: d.id)
    pages = []
    for role in sorted(repository.of_kind("role").values(), key=lambda r: r.title):
        owned = [doc for doc in procedures if doc.get("owner") == role.id]
        duties = []
        for doc in procedures:
            if doc.status != "approved":
                continue
            steps = [(number, step) for number, step in enumerate(doc.get("steps", []), start=1)
                     if step["role"] == role.id]
            if steps:
                duties.append((doc, steps))
        reports = [other for other in repository.of_kind("role").values() if other.get("reports_to") == role.id]
        pages.append(renderer.page("role.md.j2", role_uri(role.id), role.title, role.path,
                                   role=role, owned=owned, duties=duties, reports=sorted(reports, key=lambda r: r.title)))
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    pages.append(renderer.page("roles.md.j2", "roles/index.md", "Roles", None, roles=roles))
    return pages


def area_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    pages = []
    for area_id, area in repository.areas.items():
        docs = sorted((doc for doc in repository.published("procedure") if doc.get("area") == area_id),
                      key=lambda d: (d.status != "approved", d.id))
        pages.append(renderer.page("area.md.j2", area_uri(area_id), area["title"],
                                   repository.organisation.path, area=area, docs=docs))
    return pages


def register_page(renderer: Renderer) -> list[GeneratedPage]:
    docs = sorted(renderer.repository.published("procedure"), key=lambda d: d.id)
    return [renderer.page("register.md.j2", "register.md", "Document register", None, docs=docs)]


PAGE_BUILDERS: list[PageBuilder] = [procedure_pages, role_pages, area_pages, register_page]


def generate_pages(repository: Repository, analysis: Any, extra_context: dict | None = None,
                   builders: list[PageBuilder] | None = None) -> list[GeneratedPage]:
    renderer = Renderer(repository, analysis, extra_context)
    pages: list[GeneratedPage] = []
    for builder in builders or PAGE_BUILDERS:
        pages.extend(builder(renderer))
    return pages


def navigation(repository: Repository, generated: list[GeneratedPage], authored: list[str],
               chunk_size: int = 30) -> list[Any]:
    """The site navigation, grouped by area so that pruned pages stay small at any size.

    An area with more than ``chunk_size`` procedures is split into id ranges, so the
    navigation embedded in each page never holds more than about ``chunk_size`` links.
    """
    uris = {page.src_uri for page in generated}
    nav: list[Any] = []
    authored_left = [uri for uri in authored if uri not in uris]
    if "index.md" in authored_left:
        nav.append({"Home": "index.md"})
        authored_left.remove("index.md")
    procedures = sorted(repository.published("procedure"), key=lambda d: d.id)
    areas_nav = []
    for area_id, area in repository.areas.items():
        docs = [doc for doc in procedures if doc.get("area") == area_id]
        children: list[Any] = [area_uri(area_id)]
        if len(docs) <= chunk_size:
            children += [{html_text(f"{doc.id} {doc.title}"): procedure_uri(doc.id)} for doc in docs]
        else:
            for start in range(0, len(docs), chunk_size):
                chunk = docs[start:start + chunk_size]
                label = f"{chunk[0].id} to {chunk[-1].id}"
                children.append({label: [{html_text(f"{doc.id} {doc.title}"): procedure_uri(doc.id)}
                                         for doc in chunk]})
        areas_nav.append({html_text(area["title"]): children})
    nav.append({"Procedures": areas_nav})
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    nav.append({"Roles": ["roles/index.md"] + [{html_text(role.title): role_uri(role.id)} for role in roles]})
    listed = {"register.md"}
    for uri in ["register.md"] + [page.src_uri for page in generated if page.src_uri.count("/") == 0
                                   and page.src_uri != "register.md"]:
        if uri in uris:
            nav.append({html_text(next(p.title for p in generated if p.src_uri == uri)): uri})
            listed.add(uri)
    nav.extend(authored_left)
    return nav
