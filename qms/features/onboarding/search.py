"""``qms search``: the published procedures, ranked the way the site's search box ranks them.

The command does not build the site: it makes, from the data, the entries the
procedure pages put in the site's search index (title, purpose, steps, scope,
records and the search words as tags) and ranks them with ``SiteSearch``,
the same scoring as Material's search box. When the site has been built, the
other pages of its index count in the word statistics too, so a question asked
here and in the browser finds the same procedures in the same order.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ... import pipeline
from ...errors import DataErrors
from ...kinds import step_roles
from ...model import Document, Repository
from ...procedure_steps import all_steps, section_id
from ...project import read_mkdocs_config
from ...registry import Registry
from ...render import procedure_uri
from ...terminal import echo, terminal_json
from .search_words import search_words
from .site_search import SiteSearch


def _title(repository: Repository, kind: str, doc_id: str) -> str:
    doc = repository.get(kind, doc_id)
    return (doc.title if doc is not None else None) or doc_id


def _who(repository: Repository, role_ids: list[str]) -> str:
    titles = [_title(repository, "role", role) for role in role_ids]
    return ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else "".join(titles)


# An obsolete page stays findable by its id and old words, below current pages that match as well:
# the boost its page's front matter gives it (procedure.md.j2). qms search lists it after every
# current procedure; the search box may show it above a current one found by a word of its text.
OBSOLETE_BOOST = 0.1


def _html(parts: list[str]) -> str:
    return " ".join(f"<p>{html.escape(part, quote=False)}</p>" for part in parts if part)


def _plain(markdown: str) -> str:
    """Markdown as a reader sees it, near enough for search: links as their text, no marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(?m)^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text)
    return " ".join(re.sub(r"[*_`|]+", " ", text).split())


def _replaces(doc: Document, repository: Repository) -> list[str]:
    """'Replaces QP-024 …' for each obsolete procedure this one replaced: its old id finds the new one."""
    return [f"Replaces {old.id} {old.title}." for old in sorted(repository.published("procedure"), key=lambda d: d.id)
            if old.status == "obsolete" and old.superseded_by == doc.id]


def _step_text(repository: Repository, step: Any) -> list[str]:
    """A step as its page reads: who does what, its note, inputs, results and parts."""
    found = [f"{_who(repository, step_roles(step))}: {step.action or ''}",
             f"Note: {step.note}" if step.note else "", f"Record: {step.record}" if step.record else ""]
    found += [f"Inputs: {', '.join(step.inputs)}"] if step.inputs else []
    found += [f"Output: {output.record}" if output.record else f"Result: {output.state}" for output in step.outputs]
    for part in step.substeps:
        found += [f"{_who(repository, step_roles(part))}: {part.action or ''}" if step_roles(part)
                  else part.action or "", f"Note: {part.note}" if part.note else ""]
    return found


def procedure_entries(doc: Document, repository: Repository) -> list[dict[str, Any]]:
    """The search index entries of a procedure's page: the page (its purpose), then its sections
    (definitions, the general part "Before you start", steps, scope, records, related, history).

    HTML as Material writes it (data escaped), so the build can put these very entries into the
    site's index (``site_index``) and the search box and ``qms search`` rank the same entries.
    """
    location = procedure_uri(doc.id)[:-3] + "/"
    obsolete = doc.status == "obsolete"
    words = [] if obsolete else search_words(doc, repository)
    lead = [f"Obsolete — replaced by {doc.superseded_by}. This procedure is no longer in force. "
            f"Do not use it for new work."] if obsolete else []
    page: dict[str, Any] = {"location": location,
                            "title": html.escape(("Obsolete: " if obsolete else "") + f"{doc.id} {doc.title}"),
                            "text": _html(lead + [doc.purpose or ""] + _replaces(doc, repository))}
    steps: dict[int | None, list[str]] = {}
    for at in all_steps(doc):
        step = at.step
        steps.setdefault(at.section_index, []).extend(_step_text(repository, step))
    # a procedure in sections gets an entry per section, under the section's own anchor
    parts = [("steps", "Steps", steps.get(None, []))] if not doc.sections else [
        (section_id(section, index), section.title or "", [section.intro or ""] + steps.get(index, []))
        for index, section in enumerate(doc.sections)]
    sections = [("definitions", "Definitions",
                 [f"{item.term}: {_plain(item.meaning or '')}" for item in doc.definitions]),
                ("before-you-start", "Before you start", [_plain(doc.general or "")]),
                *parts, ("scope", "Scope", [doc.scope or ""]),
                ("records", "Records", [f"{r.name}: kept {r.retention or ''} in {r.location or ''}"
                                        for r in doc.records]),
                ("related-documents", "Related documents",
                 [f"{ref} {_title(repository, 'procedure', ref)}" for ref in doc.related]),
                ("revision-history", "Revision history",
                 [f"Revision {rev.rev}: {rev.summary or ''}" for rev in reversed(doc.revisions)]
                 + ([f"Search words: {', '.join(words)}"] if words else []))]
    entries = [page] + [{"location": f"{location}#{anchor}", "title": title, "text": _html(text)}
                        for anchor, title, text in sections if any(text)]
    for entry in entries:
        if words:  # on every section, as Material puts a page's tags
            entry["tags"] = [html.escape(word) for word in words]  # as the front matter writes them
        if obsolete:
            entry["boost"] = OBSOLETE_BOOST
    return entries


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    score: float
    uri: str
    superseded_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": round(self.score, 3), "url": self.uri,
                "obsolete": self.superseded_by is not None, "superseded_by": self.superseded_by}


class SearchIndex:
    """Published procedures, ranked like the site's search box.

    Obsolete procedures stay in the index so an old name still leads somewhere,
    but they always come after every current one and name their replacement.

    ``site_index`` is a built site's ``search_index.json``, when there is one: its other pages
    are indexed too (never listed), because how often a word occurs across the whole site
    weighs in every score. With it the order is the search box's; without it, the same
    procedures lead, but those found only by a word of their text may come in another order.
    """

    def __init__(self, repository: Repository, site_index: dict[str, Any] | None = None):
        docs = sorted(repository.published("procedure"), key=lambda d: d.id)
        self.docs = {procedure_uri(doc.id)[:-3] + "/": doc for doc in docs}
        ours = {procedure_uri(doc.id)[:-3] + "/" for doc in repository.of_kind("procedure").values()}
        rest = [entry for entry in (site_index or {}).get("docs", [])
                if isinstance(entry, dict) and isinstance(entry.get("location"), str)
                and entry["location"].split("#")[0] not in ours]
        self.site = SiteSearch([entry for doc in docs for entry in procedure_entries(doc, repository)] + rest,
                               (site_index or {}).get("config"))

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        hits = []
        for page in self.site.search(text):
            doc = self.docs.get(page.location)
            if doc is None:
                continue  # another page of the site
            obsolete = doc.status == "obsolete"
            hits.append(SearchHit(doc.id, doc.title, page.score, page.location,
                                  doc.superseded_by if obsolete else None))
        hits.sort(key=lambda hit: hit.superseded_by is not None)  # stable: the search box's order otherwise
        return hits[:limit]


def built_site_index(root: Path) -> dict[str, Any] | None:
    """The last build's search index (mkdocs.yml's site_dir), or None when there is none to read."""
    try:
        site_dir = read_mkdocs_config(root / "mkdocs.yml").get("site_dir") or "site"
        index = json.loads((root / str(site_dir) / "search" / "search_index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, AttributeError, yaml.YAMLError):
        return None
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return None
    config = index.get("config")
    usable = isinstance(config, dict) and isinstance(config.get("fields"), dict) \
        and isinstance(config.get("separator"), str) and isinstance(config.get("pipeline"), list)
    return {"docs": index["docs"], "config": config if usable else None}


def run_search(root: Any, registry: Registry, query: str, limit: int = 5, as_json: bool = False,
               data_dir: str | None = None, today: dt.date | None = None) -> int:
    """``qms search``: load the data (no build, no analysis) and print the best matches."""
    if not query.strip():
        print("error: give some words to search for, e.g. qms search \"broken gauge\"", file=sys.stderr)
        return 2
    if limit < 1:
        print(f"error: --limit must be 1 or more, not {limit}", file=sys.stderr)
        return 2
    try:
        repository = pipeline.load(root, registry, data_dir, today=today)
    except DataErrors as exc:
        echo(*exc.summary().split("\n"), file=sys.stderr)
        return 2
    hits = SearchIndex(repository, built_site_index(Path(root))).search(query, limit)
    if as_json:
        print(terminal_json({"query": query, "results": [hit.to_dict() for hit in hits]}, indent=2))
        return 0
    if not hits:
        echo(f"No procedure matches {query!r}. Try fewer or other words.")
        return 0
    for rank, hit in enumerate(hits, start=1):
        note = f"  (obsolete: use {hit.superseded_by})" if hit.superseded_by else ""
        echo(f"{rank}. {hit.id} {hit.title}{note}", f"   {hit.uri}")
    return 0
