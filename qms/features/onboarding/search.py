"""``qms search``: the published controlled documents, ranked the way the site's search box ranks them.

The command does not build the site: it makes, from the data, the entries the
pages of procedures, forms, work instructions and external documents put in the
site's search index (``search_entries``: title, purpose, steps or the kind's own
parts, the search words as tags) and ranks them with ``SiteSearch``, the same
scoring as Material's search box. When the site has been built, the other pages
of its index count in the word statistics too, so a question asked here and in
the browser finds the same documents in the same order.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ... import pipeline
from ...errors import DataErrors
from ...model import Repository
from ...project import read_mkdocs_config
from ...registry import Registry
from ...terminal import echo, terminal_json
from .search_entries import OBSOLETE_BOOST, document_entries, kind_label, location, procedure_entries, searchable_kinds
from .site_index import document_pages, swap_entries
from .site_search import SiteSearch

__all__ = ["OBSOLETE_BOOST", "SearchHit", "SearchIndex", "built_site_index", "document_entries", "procedure_entries",
           "run_search"]


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    score: float
    uri: str
    superseded_by: str | None = None
    kind: str = "procedure"

    @property
    def label(self) -> str:
        """The kind as staff read it: 'Form', 'Work instruction'."""
        return kind_label(self.kind)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "score": round(self.score, 3),
                "url": self.uri, "obsolete": self.superseded_by is not None, "superseded_by": self.superseded_by}


class SearchIndex:
    """Published controlled documents of every kind with pages, ranked like the site's search box.

    Obsolete documents stay in the index so an old name still leads somewhere,
    but they always come after every current one and name their replacement.

    ``site_index`` is a built site's ``search_index.json``, when there is one: its other pages
    are indexed too (never listed), because how often a word occurs across the whole site
    weighs in every score. With it the order is the search box's; without it, the same
    documents lead, but those found only by a word of their text may come in another order.
    """

    def __init__(self, repository: Repository, site_index: dict[str, Any] | None = None):
        pages = document_pages(repository)
        self.docs = {location(repository, doc): doc for kind in searchable_kinds(repository)
                     for doc in repository.published(kind.name)}
        # drafts: a page left in an old build's index is not this data's
        drafts = {location(repository, doc) for kind in searchable_kinds(repository)
                  for doc in repository.of_kind(kind.name).values() if not doc.published}
        self.site = SiteSearch(swap_entries((site_index or {}).get("docs", []), pages, drafts),
                               (site_index or {}).get("config"))

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        hits = []
        for page in self.site.search(text):
            doc = self.docs.get(page.location)
            if doc is None:
                continue  # another page of the site
            obsolete = doc.status == "obsolete"
            hits.append(SearchHit(doc.id, doc.title, page.score, page.location,
                                  doc.value("superseded_by") if obsolete else None, doc.kind))
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
        echo(f"No document matches {query!r}. Try fewer or other words.")
        return 0
    for rank, hit in enumerate(hits, start=1):
        note = f"  (obsolete: use {hit.superseded_by})" if hit.superseded_by else ""
        echo(f"{rank}. {hit.label} {hit.id} {hit.title}{note}", f"   {hit.uri}")
    return 0
