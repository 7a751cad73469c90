"""The site's search index gets, for each published procedure, the entries ``qms search`` ranks.

Material indexes a page from its HTML: the facts list, the feedback links and
the print notes end up in the index, and the command, which does not build the
site, cannot know them. After the build, each procedure page's entries are
replaced by the ones ``procedure_entries`` makes from the data (same page, same
section anchors, its purpose first so a search result shows it). The search box
and ``qms search`` then rank the same entries with the same scoring
(``site_search``); the rest of the site stays as Material indexed it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ...model import Repository
from .search import procedure_entries


def replace_procedure_entries(index: dict[str, Any], repository: Repository) -> dict[str, Any]:
    """The index with each published procedure's entries swapped in where its page's entries were."""
    ours: dict[str, list[dict[str, Any]]] = {}
    for doc in repository.published("procedure"):
        entries = procedure_entries(doc, repository)
        ours[entries[0]["location"]] = entries
    docs: list[dict[str, Any]] = []
    for entry in index.get("docs", []):
        page = entry["location"].split("#")[0]
        if page not in ours:
            docs.append(entry)
        elif ours[page]:
            docs += ours[page]
            ours[page] = []  # the page's own entries that follow are dropped
    return {**index, "docs": docs}


def rewrite_search_index(path: Path, repository: Repository) -> None:
    """Rewrite ``search/search_index.json`` in place (atomically: a reader never sees half a file)."""
    index = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(replace_procedure_entries(index, repository), separators=(",", ":"))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".search_index.", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, path.stat().st_mode & 0o777)  # readable by the web server, like the file it replaces
    os.replace(temporary, path)
