"""Turn the model into Markdown pages. Markup lives in ``templates/``, not here.

Nothing here knows about MkDocs: a page is a source URI plus Markdown text,
so another site generator can take the same pages.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from .general_part import definitions_of, general_markdown
from .ids import DOC_ID
from .kinds import procedure as procedure_kind, role as role_kind
from .procedure_layout import condition, procedure_layout
from .procedure_steps import step_roles
from .model import Repository
from .registry import Registry
from .text import block_markdown, code, counted, html_text, one_line, plain, yaml_string

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


def environment(registry: "Registry | None" = None) -> jinja2.Environment:
    """The Jinja environment of generated pages: core templates, then each feature's under its name."""
    folders = registry.template_folders if registry is not None else {}
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(str(TEMPLATES)),
            jinja2.PrefixLoader({name: jinja2.FileSystemLoader(str(folder)) for name, folder in folders.items()}),
        ]),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        plain=plain,
        code=code,
        markdown=block_markdown,
        general=general_markdown,
        html=lambda value: Markup(html_text(value)),
        yaml=yaml_string,
        one_line=one_line,
        counted=counted,
        date=lambda value: value.isoformat() if value else "—",
    )
    env.globals.update(step_roles=step_roles, procedure_layout=procedure_layout,
                       is_doc_id=lambda value: re.fullmatch(DOC_ID, str(value).strip()) is not None)
    env.filters["condition"] = condition
    env.globals["definitions_of"] = definitions_of
    if registry is not None:
        env.globals.update(registry.template_globals)
        env.globals["slots"] = Slots(registry.slots)
    return env


class Slots:
    """Named places in core pages that features fill: ``{% for t in slots["procedure.records"] %}{% include t %}``.

    A slot no feature fills is empty, so a core page renders with any subset of features.
    """

    def __init__(self, filled: dict[str, tuple[str, ...]]):
        self._filled = filled

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._filled.get(name, ())


class Links:
    """Relative Markdown links between pages, so MkDocs checks and rewrites them."""

    def __init__(self, repository: Repository, page_uri: str):
        self.repository = repository
        self.page_uri = page_uri

    def uri(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.page_uri) or ".")

    def to(self, target_uri: str, text: Any) -> Markup:
        return Markup(f"[{plain(text)}]({self.uri(target_uri)})")

    def page(self, kind: str, doc_id: str, text: Any) -> Markup:
        """A link to a document's page, at the address its kind declares."""
        return self.to(self.repository.registry.kinds_by_name[kind].uri(doc_id), text)

    def index(self, kind: str, text: Any) -> Markup:
        """A link to a kind's own index page (its register or overview)."""
        return self.to(self.repository.registry.kinds_by_name[kind].uri(), text)

    def role(self, role_id: str) -> Markup:
        role = self.repository.get("role", role_id)
        return self.to(role_uri(role_id), role.title if role else role_id)

    def mail(self, address: str, text: Any = None) -> Markup:
        """A mailto link; the address is percent-encoded so no character of it can end the attribute."""
        href = "mailto:" + urllib.parse.quote(str(address), safe="@.+-_")
        return Markup(f'<a href="{html_text(href)}">{plain(address if text is None else text)}</a>')

    def doc(self, doc_id: str, with_title: bool = True) -> Markup:
        """A link to a controlled document of any kind; a draft or unknown id shows as plain text."""
        doc = self.repository.document(doc_id)
        if doc is None or not doc.published:
            return plain(doc_id)
        label = f"{doc.id} {doc.title}" if with_title else doc.id
        return self.to(self.repository.registry.kinds_by_name[doc.kind].uri(doc_id), label)

    def area(self, area_id: str) -> Markup:
        area = self.repository.areas.get(area_id, {"title": area_id})
        return self.to(area_uri(area_id), area["title"])


def procedure_uri(doc_id: str) -> str:
    return procedure_kind.uri(doc_id)


def role_uri(role_id: str) -> str:
    return role_kind.uri(role_id)


def area_uri(area_id: str) -> str:
    """Areas group procedures, so their pages live under the procedures' prefix."""
    return f"{procedure_kind.url_prefix}/{area_id}/index.md"


class Renderer:
    """Renders every generated page from one repository and its analysis."""

    def __init__(self, repository: Repository, analysis: Any, extra_context: dict | None = None):
        self.repository = repository
        self.analysis = analysis
        self.env = environment(repository.registry)
        self.context = dict(extra_context or {})
        self._once: dict[str, Any] = {}

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value every page of this build shares, computed on first use (e.g. who owns what)."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

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


def nav_entry(title: str, uri: str) -> dict[str, str]:
    """A navigation entry; MkDocs puts titles into HTML unescaped, so escape data here."""
    return {html_text(title): uri}
