"""Hostile text in every free-text field of every kind: the site shows it as text and runs none of it.

The free-text fields are found by walking the schema (so a field a feature adds later is
covered too), and the payloads go into a copy of the demo. Plain-text fields get every
payload; Markdown fields get the payloads Markdown allows for the build, and separately the
ones it must refuse, which have to fail as data errors with path:line. The built pages are
checked by parsing them, and one page of every type is loaded in chromium.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from qms.features import default_registry
from qms.kinds import Kind
from qms.build import load
from qms.schema import FieldType, ListOf, Markdown, Record, Ref, Text
from qms.urls import link_allowed, resource_allowed

from conftest import copy_project, mkdocs_build, qms
from test_browser_pages import page_types
from test_browser_search import open_search, top_results

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser
pytestmark = pytest.mark.slow

SCRIPT = '<script>alert("xss")</script>'
HANDLER = "<img src=x onerror=alert(1)>"
JS_LINK = "[click](javascript:alert(1))"
OUTSIDE_IMAGE = "![x](https://evil.example/x.png)"
TEMPLATE = "{{ config }} {% raw %}"
FORMULA = '=HYPERLINK("http://x")'
# Plain-text fields get them all; the longest fitting prefix where a field has a length limit.
PLAIN_PAYLOAD = [SCRIPT, HANDLER, JS_LINK, OUTSIDE_IMAGE, TEMPLATE, FORMULA]
# What a Markdown field may hold, and shows as text: HTML in a code span, braces, formulas.
MARKDOWN_ALLOWED = f"`{SCRIPT}` `{HANDLER}` {TEMPLATE} {FORMULA}"
MARKDOWN_REFUSED = {"script": SCRIPT, "event handler": HANDLER, "javascript link": JS_LINK,
                    "outside image": OUTSIDE_IMAGE}
# Text fields that name something else in the data (a checker looks them up), so they stay as they are.
NOT_FREE_TEXT = {
    ("glossary", "terms", "see_also"),  # terms of this glossary: dropped, since the terms change
    ("objective", "kpi"),  # a KPI id
    ("organisation", "feedback", "problem"),  # URL templates, checked on their own
    ("organisation", "feedback", "improvement"),
}
DROPPED = {("glossary", "terms", "see_also")}
# An abbreviation may not hold square brackets (its own check): it gets the other payloads.
NO_BRACKETS = {("glossary", "terms", "abbreviation")}
FEW = 4  # a top folder with this many pages or fewer holds pages of different kinds


@dataclass(frozen=True)
class TextField:
    kind: str
    path: tuple[str, ...]  # field names from the document root; lists are walked through
    type: Text


def text_fields(kind: Kind) -> Iterator[TextField]:
    """Every free-text field of a kind: Text without a pattern, not a reference."""
    def walk(field_type: FieldType, path: tuple[str, ...]) -> Iterator[TextField]:
        if isinstance(field_type, Record):
            for name, spec in field_type.fields.items():
                yield from walk(spec.type, path + (name,))
        elif isinstance(field_type, ListOf):
            yield from walk(field_type.item, path)
        elif (isinstance(field_type, Text) and not isinstance(field_type, Ref) and not field_type.pattern
              and not field_type.numeric_ok and path[-1] != "example_flags"
              and (kind.name,) + path not in NOT_FREE_TEXT):
            yield TextField(kind.name, path, field_type)
    yield from walk(kind.schema, ())


def fitted(parts: list[str], field: Text, marker: str) -> str:
    text = marker
    for part in parts:
        if field.max_length and len(f"{text} {part}") > field.max_length:
            break
        text = f"{text} {part}"
    return text


def data_files(project: Path) -> Iterator[tuple[Kind, Path]]:
    for kind in default_registry().kinds:
        if kind.folder:
            yield from ((kind, path) for path in sorted((project / "data" / kind.folder).glob("*.yml")))
        elif kind.file and (project / "data" / kind.file).exists():
            yield kind, project / "data" / kind.file


def inject(project: Path, value_for) -> list[tuple[str, TextField, str]]:
    """Replace every free-text value in the project's data; returns (file, field, value) of each."""
    done = []
    for kind, path in data_files(project):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        relative = path.relative_to(project).as_posix()
        for dropped in DROPPED:
            if dropped[0] == kind.name:
                for holder, key in list(_holders(data, dropped[1:])):
                    del holder[key]
        for field in text_fields(kind):
            for holder, key in _holders(data, field.path):
                value = value_for(field, f"{field.path[-1].upper()}-{len(done)}")
                if value is None:
                    continue
                if isinstance(holder[key], list):
                    holder[key] = [f"{value} {index}" for index, _ in enumerate(holder[key])]
                else:
                    holder[key] = value
                done.append((relative, field, value))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000),
                        encoding="utf-8")
    return done


def _holders(data: Any, path: tuple[str, ...]) -> Iterator[tuple[dict, str]]:
    """The mappings (and key) holding a value at ``path``, through any lists on the way."""
    if isinstance(data, list):
        for item in data:
            yield from _holders(item, path)
    elif isinstance(data, dict) and path and path[0] in data:
        if len(path) == 1:
            yield data, path[0]
        else:
            yield from _holders(data[path[0]], path[1:])


def payload_value(field: TextField, marker: str) -> str:
    if isinstance(field.type, Markdown):
        return f"{marker} {MARKDOWN_ALLOWED}"
    if (field.kind,) + field.path in NO_BRACKETS:
        return fitted([part for part in PLAIN_PAYLOAD if "[" not in part], field.type, marker)
    return fitted(PLAIN_PAYLOAD, field.type, marker)


@pytest.fixture(scope="module")
def payload_project(tmp_path_factory) -> tuple[Path, list]:
    project = copy_project(tmp_path_factory.mktemp("payload") / "portal")
    injected = inject(project, payload_value)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, injected


class Page(HTMLParser):
    """What a built page holds that could run, load or link: scripts, handlers, URLs, CSS urls."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: Counter = Counter()
        self.handlers: list[tuple[str, str, str]] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.css_urls: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name == "style":
                self.css_urls += re.findall(r"url\(\s*['\"]?([^'\")]*)", value, flags=re.I)
        if tag == "script":
            self._script = {"src": values.get("src", ""), "body": ""}
        if tag in ("a", "area") and "href" in values:
            self.links.append(values["href"])
        if tag == "link" and "href" in values and values.get("rel") not in ("canonical", "alternate"):
            self.resources.append(values["href"])
        for name in ("src", "poster", "data", "xlink:href", "background"):
            if name in values and tag not in ("a",):
                self.resources.append(values[name])
        if tag in ("image", "use") and "href" in values:
            self.resources.append(values["href"])
        for name in ("srcset", "imagesrcset"):
            if name in values:
                self.resources += [part.split()[0] for part in values[name].split(",") if part.split()]
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts[(self._script["src"], self._script["body"].strip())] += 1
            self._script = None
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data
        elif "style" in self._in:
            self.css_urls += re.findall(r"url\(\s*['\"]?([^'\")]*)", data, flags=re.I)
        else:
            self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_free_text_fields_are_found_in_every_kind():
    kinds = {field.kind for kind in default_registry().kinds for field in text_fields(kind)}
    assert {"procedure", "role", "organisation", "glossary", "newsletter", "ncr", "audit", "kpi"} <= kinds
    markdown = {(field.kind, field.path) for kind in default_registry().kinds for field in text_fields(kind)
                if isinstance(field.type, Markdown)}
    assert {("procedure", ("steps", "note")), ("newsletter", ("sections", "body"))} <= markdown


def test_payloads_run_nothing_load_nothing_and_link_nowhere_else(payload_project, demo_site):
    project, injected = payload_project
    assert len(injected) > 100, "payloads reached the data"
    site = project / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for path in pages:
        uri = path.relative_to(site).as_posix()
        built = parse(path)
        clean_path = demo_site / uri
        clean = parse(clean_path) if clean_path.exists() else Page()
        extra_scripts = built.scripts - clean.scripts
        if extra_scripts:
            problems.append(f"{uri}: scripts not in the clean demo: {list(extra_scripts)[:2]}")
        if set(built.handlers) - set(clean.handlers):
            problems.append(f"{uri}: event handlers: {sorted(set(built.handlers) - set(clean.handlers))[:3]}")
        problems += [f"{uri}: link {href!r}" for href in built.links if not link_allowed(href)
                     and href not in clean.links]
        problems += [f"{uri}: resource {src!r}" for src in built.resources + built.css_urls
                     if not resource_allowed(src)]
    assert not problems, "\n".join(problems[:40])


def test_payload_text_is_shown_as_typed(payload_project):
    project, injected = payload_project
    site = project / "site"
    repository = load(project)
    doc = sorted(repository.published("procedure"), key=lambda d: d.id)[0]
    text = "".join(parse(site / "procedures" / doc.id / "index.html").text)
    assert doc.title in text and doc.title.startswith("TITLE-") and SCRIPT in doc.title
    assert doc.purpose in " ".join(text.split())
    note = next(step.note for d in repository.published("procedure") for step in d.steps if step.note)
    assert f"{SCRIPT} {HANDLER} {TEMPLATE} {FORMULA}" in note.replace("`", "")
    news = sorted(repository.published("newsletter"), key=lambda d: d.id)[0]
    news_text = "".join(parse(site / "news" / news.id / "index.html").text)
    assert f"{SCRIPT} {HANDLER} {TEMPLATE} {FORMULA}" in news_text


def test_markdown_fields_refuse_the_payloads_with_path_and_line(tmp_path):
    project = copy_project(tmp_path / "portal")
    payloads = list(MARKDOWN_REFUSED.values())
    injected = inject(project, lambda field, marker: (
        f"{marker} {payloads[int(marker.rsplit('-', 1)[1]) % len(payloads)]}"
        if isinstance(field.type, Markdown) else None))
    assert len(injected) >= 10
    result = qms(project, "check")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if re.match(r"data/\S+:\d+:\d+: ", line)]
    for relative, field, value in injected:
        marker = value.split()[0]
        line = next(number for number, text in enumerate((project / relative).read_text().splitlines(), 1)
                    if marker in text)
        expected = [error for error in errors if error.startswith(f"{relative}:{line}:")]
        assert len(expected) == 1, (relative, line, value, errors[:5])
        top = f"{field.path[0]}[" if len(field.path) > 1 else f"{field.path[0]}:"  # a top-level field has no index
        assert f": {top}" in expected[0] and field.path[-1] in expected[0]
    assert len(errors) == len(injected), "one message per refused value"


def second_level_page_types(site: Path, covered: set[str]) -> dict[str, str]:
    """More page types than one per top folder: one page under each second-level folder (NCRs, audits,
    management reviews), and every page of a top folder with only a few, which are then each of
    their own kind (policy, roadmap)."""
    pages = [path.parent.relative_to(site).parts for path in sorted(site.rglob("index.html"))]
    children: dict[str, set[str]] = {}
    for parts in pages:
        if len(parts) >= 2:
            children.setdefault(parts[0], set()).add(parts[1])
    found: dict[str, str] = {}
    for parts in pages:
        if len(parts) >= 3 or (len(parts) == 2 and len(children[parts[0]]) <= FEW):
            found.setdefault("/".join(parts[:2]) + (" (page)" if len(parts) >= 3 else ""), "/".join(parts) + "/")
    return {name: uri for name, uri in found.items() if uri not in covered}


@pytest.fixture(scope="module")
def payload_url(payload_project) -> Iterator[str]:
    """The payload site on 127.0.0.1 (plain http.server, no Content-Security-Policy to lean on)."""
    from browser import serve  # after pytest_plugins has loaded it, so pytest may rewrite its asserts
    server = serve(payload_project[0] / "site")
    yield server.url
    server.close()


@pytest.mark.browser
def test_every_page_type_runs_no_payload_in_chromium(payload_project, payload_url, page, page_log):
    project, _ = payload_project
    site = project / "site"
    types = page_types(site, load(project))
    assert {"home", "procedure", "role", "register (index)", "dashboard (index)", "glossary (index)",
            "onboarding (page)", "news (page)"} <= set(types), sorted(types)
    types.update(second_level_page_types(site, set(types.values())))
    assert {"improvement/nonconformities (page)", "improvement/audits (page)", "leadership/management-reviews (page)",
            "leadership/policy", "leadership/roadmap"} <= set(types), sorted(types)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    for name, uri in types.items():
        page.goto(payload_url + uri, wait_until="load")
        page.wait_for_timeout(150)  # let onload handlers and deferred scripts run
        assert page.url.startswith(payload_url), (name, page.url)
    # Material shows search results as HTML: search the payload text too.
    open_search(page, payload_url)
    assert top_results(page, "alert onerror script", count=10), "the payload text is found"
    page.wait_for_timeout(300)
    assert dialogs == [], dialogs
    assert page_log.outside == [] and page_log.page_errors == [], page_log.problems()
    assert len(page_log.requests) > len(types), "the pages loaded"
