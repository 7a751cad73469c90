"""The site's search index gets, for each published controlled document, the entries ``qms search`` ranks.

Material indexes a page from its HTML: the facts list, the feedback links and
the print notes end up in the index, and the command, which does not build the
site, cannot know them. After the build, the entries of each page of a procedure,
form, work instruction or external document are replaced by the ones
``document_entries`` makes from the data (same page, same section anchors, its
purpose first so a search result shows it). The search box and ``qms search``
then rank the same entries with the same scoring (``site_search``); the rest of
the site stays as Material indexed it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ...model import Repository
from .search_entries import document_entries, searchable_kinds


def swap_entries(site_docs: list[Any], ours: dict[str, list[dict[str, Any]]],
                 others: frozenset[str] | set[str] = frozenset()) -> list[dict[str, Any]]:
    """A site's index entries with each of our pages' entries put in where that page's were.

    Where they go matters: lunr lists results of equal score in the order they were indexed, so
    the search box and ``qms search`` break ties alike only if the entries keep the site's order.
    Entries of the pages in ``others`` (documents not published now) are dropped; our pages the
    site does not have yet (no build, or a document added since) come last, in the order given.
    """
    waiting = dict(ours)
    docs: list[dict[str, Any]] = []
    for entry in site_docs:
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            continue
        page = entry["location"].split("#")[0]
        if page in waiting:
            docs += waiting.pop(page)
        elif page not in ours and page not in others:
            docs.append(entry)  # a page that is not ours; the rest of one of ours is dropped
    return docs + [entry for entries in waiting.values() for entry in entries]


def document_pages(repository: Repository) -> dict[str, list[dict[str, Any]]]:
    """Each published controlled document's page and its entries, in the order of the kinds and ids."""
    return {entries[0]["location"]: entries
            for kind in searchable_kinds(repository)
            for doc in sorted(repository.published(kind.name), key=lambda d: d.id)
            for entries in [document_entries(doc, repository)]}


def replace_document_entries(index: dict[str, Any], repository: Repository) -> dict[str, Any]:
    """The index with each published controlled document's entries swapped in where its page's entries were."""
    return {**index, "docs": swap_entries(index.get("docs", []), document_pages(repository))}


def rewrite_search_index(path: Path, repository: Repository) -> None:
    """Rewrite ``search/search_index.json`` in place (atomically: a reader never sees half a file)."""
    index = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(replace_document_entries(index, repository), separators=(",", ":"))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".search_index.", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, path.stat().st_mode & 0o777)  # readable by the web server, like the file it replaces
    os.replace(temporary, path)
