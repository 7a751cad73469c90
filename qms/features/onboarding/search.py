"""``qms search``: an offline index of the published procedures, built with the Python ``lunr`` package."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from typing import Any

from ... import pipeline
from ...errors import DataErrors
from ...model import Document, Repository
from ...procedure_steps import all_steps
from ...registry import Registry
from ...render import procedure_uri
from ...terminal import echo, terminal_json
from .search_words import search_words


def procedure_text(doc: Document) -> str:
    """The body staff read: purpose, scope, definitions, the general part, sections, steps, notes, inputs,
    outputs and records."""
    parts = [doc.purpose or "", doc.scope or ""]
    parts += [f"{item.term} {item.meaning or ''}" for item in doc.definitions] + [doc.general or ""]
    for section in doc.sections:
        parts += [section.title or "", section.intro or ""]
    for at in all_steps(doc):
        step = at.step
        parts += [step.action or "", step.note or "", step.record or "", *step.inputs]
        parts += [output.record or output.state or "" for output in step.outputs]
        parts += [part.action or "" for part in step.substeps] + [part.note or "" for part in step.substeps]
    parts += [record.name or "" for record in doc.records]
    return "\n".join(part for part in parts if part)


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
    """Published procedures in a lunr index: title, search words and body text.

    Obsolete procedures stay in the index so an old name still leads somewhere,
    but they always come after every current one and name their replacement.
    """

    FIELDS = ({"field_name": "title", "boost": 10}, {"field_name": "words", "boost": 20},
              {"field_name": "body", "boost": 1})

    def __init__(self, repository: Repository):
        from lunr import lunr
        self.docs = {doc.id: doc for doc in repository.published("procedure")}
        records = [{"id": doc.id, "title": doc.title, "words": " ; ".join(search_words(doc, repository)),
                    "body": procedure_text(doc)} for doc in sorted(self.docs.values(), key=lambda d: d.id)]
        self.index = lunr(ref="id", fields=list(self.FIELDS), documents=records)

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        from lunr.query import Query
        from lunr.stop_word_filter import WORDS as STOP_WORDS
        words = re.findall(r"[a-z0-9]+", text.lower())
        meaningful = [word for word in words if word not in STOP_WORDS] or words
        if not meaningful:
            return []
        query = self.index.create_query()
        for word in meaningful:
            query.term(word, boost=2)  # whole word, stemmed like the index
            query.term(word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)  # the start of a word
        hits = []
        for result in self.index.query(query):
            doc = self.docs[result["ref"]]
            obsolete = doc.status == "obsolete"
            hits.append(SearchHit(doc.id, doc.title, result["score"], procedure_uri(doc.id)[:-3] + "/",
                                  doc.superseded_by if obsolete else None))
        hits.sort(key=lambda hit: (hit.superseded_by is not None, -hit.score, hit.id))
        return hits[:limit]


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
    hits = SearchIndex(repository).search(query, limit)
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
