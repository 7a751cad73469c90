"""Rank search results the way the site's search box does (Material for MkDocs 9 on lunr.js 2.3).

``qms search`` ranks with this, and the tests run it over the built
``search/search_index.json``, so the command and the browser give the same
answer. Material's search worker does, and so does this, with the Python
``lunr`` package (a port of lunr.js):

- it indexes each page section (``location``) with the fields and boosts of
  the index's ``config`` (title 1000, text 1, tags 1,000,000), no length
  normalisation (``b = 0``) and the page's ``search: boost``;
- words are the text between HTML tags split on ``config.separator``, lower
  case, neither stemmed nor trimmed; only the pipeline steps the config names
  run (here just the stop-word filter);
- the portal's ``docs/javascripts/search.js`` first takes the stop words out
  of the query (unless nothing else is left: "raise a PO" is searched as
  "raise PO", as "a" would match every word that starts with "a");
- every word of the query matches the start of a word (``gauge`` finds
  ``gauges``), unstemmed;
- a score is multiplied by ``1 + b²``, where ``b`` is 1 for a page (not a
  section) plus the share of the query's words the entry matched;
- sections are grouped under their page, pages in the order of their best entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

# what Material writes into search_index.json for this site (mkdocs.yml: search, lang en)
DEFAULT_CONFIG: dict[str, Any] = {
    "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}
TAG = re.compile(r"<[^>]*>")
SPECIAL = re.compile(r"[:^~*\"]")


def words(value: Any, separator: re.Pattern) -> list[str]:
    """A field as Material's tokenizer sees it: text between tags, split on the separator, lower case."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        for block in TAG.split(str(item)):
            found += [word.lower() for word in separator.split(block) if word]
    return found


def meaningful(query: str) -> str:
    """The query without stop words, as docs/javascripts/search.js sends it to Material's search."""
    from lunr.stop_word_filter import WORDS as STOP_WORDS
    words = query.split()
    kept = [word for word in words if word.lower() not in STOP_WORDS]
    return " ".join(kept) if kept else query


def query_terms(query: str, separator: re.Pattern) -> list[str]:
    """The query's words, as Material keeps them (operators and quotes dropped)."""
    return [word.lower() for word in separator.split(SPECIAL.sub(" ", meaningful(query).strip())) if word]


@dataclass(frozen=True)
class PageHit:
    location: str  # the page: its section anchors dropped
    title: str
    score: float


class SiteSearch:
    """Material's search over a list of index entries (``search_index.json``'s ``docs``)."""

    def __init__(self, entries: Iterable[dict[str, Any]], config: dict[str, Any] | None = None):
        from lunr.builder import Builder
        from lunr.stemmer import stemmer
        from lunr.stop_word_filter import stop_word_filter
        from lunr.trimmer import trimmer
        config = {**DEFAULT_CONFIG, **(config or {})}
        self.separator = re.compile(config["separator"])
        self.entries: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str] = {}  # section location -> its page's location
        for entry in entries:
            page = entry["location"].split("#")[0]
            if page not in self.entries:
                self.entries[page] = entry
            else:
                self.entries[entry["location"]] = entry
                self.parent[entry["location"]] = page
        builder = Builder()
        steps = {"trimmer": trimmer, "stopWordFilter": stop_word_filter, "stemmer": stemmer}
        for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr's order; Material removes the rest
            if name in config["pipeline"]:
                builder.pipeline.add(steps[name])
                if name == "stemmer":
                    builder.search_pipeline.add(stemmer)
        builder.b(0)
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1),
                          extractor=lambda doc, name=name: words(doc.get(name), self.separator))
        for location, entry in self.entries.items():
            builder.add({**entry, "location": location}, {"boost": entry.get("boost") or 1})
        self.index = builder.build()

    def search(self, query: str) -> list[PageHit]:
        """Pages in the order the search box lists them."""
        from lunr.stop_word_filter import WORDS as STOP_WORDS
        terms = query_terms(query, self.separator)
        if not terms:
            return []
        results = []
        for result in self.index.search(" ".join(term + "*" for term in terms)):
            location = result["ref"]
            matched = list(result["match_data"].metadata)
            found: dict[str, bool] = {}
            remaining = list(terms)
            for word in matched:
                for term in list(remaining):
                    if word.startswith(term):
                        found[term] = True
                        remaining.remove(term)
            for term in remaining:
                if term not in STOP_WORDS:
                    found[term] = False
            share = sum(found.values()) / len(found) if found else 0.0
            boost = (0 if location in self.parent else 1) + share
            results.append((result["score"] * (1 + boost ** 2), location))
        results.sort(key=lambda item: -item[0])  # stable, like the browser's sort
        pages: dict[str, float] = {}
        for score, location in results:
            pages.setdefault(self.parent.get(location, location), score)
        return [PageHit(page, self.entries[page].get("title", ""), score) for page, score in pages.items()]
