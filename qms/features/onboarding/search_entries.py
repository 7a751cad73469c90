"""The search index entries of a controlled document's page, made from the data.

The build puts these very entries into the site's index (``site_index``) and
``qms search`` ranks them (``search``), so the search box and the command rank
the same text. Every controlled kind with pages gets them: the page itself
(title with id, purpose), the parts of the page its kind declares
(``Feature.search_sections``: a procedure's steps, a form's "how to fill it
in", a work instruction's steps, an external document's edition and where it is
kept), then related documents and the revision history. Each entry carries the
document's search words as tags, as Material puts a page's tags. HTML as
Material writes it, data escaped.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ...kinds import step_roles
from ...model import Document, Repository
from ...procedure_steps import all_steps, section_id
from .search_words import search_words

# An obsolete page stays findable by its id and old words, below current pages that match as well:
# the boost its page's front matter gives it (procedure.md.j2, doctypes' _head.md.j2). qms search
# lists it after every current document; the search box may show it above a current one found by a
# word of its text.
OBSOLETE_BOOST = 0.1


def searchable_kinds(repository: Repository) -> list[Any]:
    """Controlled kinds whose documents have pages: what search lists."""
    return [kind for kind in repository.registry.kinds if kind.controlled and kind.url_prefix and kind.template]


def location(repository: Repository, doc: Document) -> str:
    """The page of a document as the search index names it: 'forms/FRM-001/'."""
    return repository.registry.kinds_by_name[doc.kind].uri(doc.id)[:-3] + "/"


def kind_label(kind: str) -> str:
    """How the register and a search result name a kind: 'Form', 'Work instruction'."""
    return kind.replace("-", " ").capitalize()


def _title(repository: Repository, kind: str, doc_id: str) -> str:
    doc = repository.get(kind, doc_id)
    return (doc.title if doc is not None else None) or doc_id


def _who(repository: Repository, role_ids: list[str]) -> str:
    titles = [_title(repository, "role", role) for role in role_ids]
    return ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else "".join(titles)


def _html(parts: list[str]) -> str:
    return " ".join(f"<p>{html.escape(part, quote=False)}</p>" for part in parts if part)


def _plain(markdown: str) -> str:
    """Markdown as a reader sees it, near enough for search: links as their text, no marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(?m)^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text)
    return " ".join(re.sub(r"[*_`|]+", " ", text).split())


def _replaces(doc: Document, repository: Repository) -> list[str]:
    """'Replaces QP-024 …' for each obsolete document this one replaced: its old id finds the new one."""
    old = [other for kind in searchable_kinds(repository) for other in repository.published(kind.name)
           if other.status == "obsolete" and other.value("superseded_by") == doc.id]
    return [f"Replaces {other.id} {other.title}." for other in sorted(old, key=lambda d: d.id)]


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


def procedure_sections(doc: Document, repository: Repository) -> list[tuple[str, str, list[str]]]:
    """A procedure page's parts: definitions, the general part "Before you start", its steps (an
    entry per section, under the section's own anchor), scope and records."""
    steps: dict[int | None, list[str]] = {}
    for at in all_steps(doc):
        steps.setdefault(at.section_index, []).extend(_step_text(repository, at.step))
    parts = [("steps", "Steps", steps.get(None, []))] if not doc.sections else [
        (section_id(section, index), section.title or "", [section.intro or ""] + steps.get(index, []))
        for index, section in enumerate(doc.sections)]
    return [("definitions", "Definitions", [f"{item.term}: {_plain(item.meaning or '')}" for item in doc.definitions]),
            ("before-you-start", "Before you start", [_plain(doc.general or "")]),
            *parts, ("scope", "Scope", [doc.scope or ""]),
            ("records", "Records", [f"{r.name}: kept {r.retention or ''} in {r.location or ''}" for r in doc.records])]


def document_entries(doc: Document, repository: Repository) -> list[dict[str, Any]]:
    """The search index entries of a controlled document's page: the page (its purpose, which a
    search result shows), then its parts in page order."""
    page_location = location(repository, doc)
    obsolete = doc.status == "obsolete"
    words = [] if obsolete else search_words(doc, repository)
    # the banner of an obsolete page, in the words it uses
    lead = [f"Obsolete — replaced by {doc.value('superseded_by')}. This {kind_label(doc.kind).lower()} is no "
            f"longer in force. Do not use it for new work."] if obsolete else []
    declared = repository.registry.search_sections.get(doc.kind)
    parts = declared(doc, repository) if declared is not None else []
    page_text = lead + [doc.value("purpose") or ""] + _replaces(doc, repository)
    page_text += [text for anchor, _, texts in parts if not anchor for text in texts]
    revisions = doc.value("revisions") or []
    sections = [part for part in parts if part[0]] + [
        ("related-documents", "Related documents",
         [f"{ref} {(found.title if (found := repository.document(ref)) else None) or ''}".strip()
          for ref in doc.value("related") or []]),
        ("revision-history", "Revision history",
         [f"Revision {rev.rev}: {rev.summary or ''}" for rev in reversed(revisions)])]
    entries = [{"location": page_location,
                "title": html.escape(("Obsolete: " if obsolete else "") + f"{doc.id} {doc.title}"),
                "text": page_text}]
    entries += [{"location": f"{page_location}#{anchor}", "title": title, "text": texts}
                for anchor, title, texts in sections if any(texts)]
    if words:  # shown on the page after the revision history, the last part
        entries[-1]["text"] = entries[-1]["text"] + [f"Search words: {', '.join(words)}"]
    for entry in entries:
        entry["text"] = _html(entry["text"])
        if words:  # on every section, as Material puts a page's tags
            entry["tags"] = [html.escape(word) for word in words]  # as the front matter writes them
        if obsolete:
            entry["boost"] = OBSOLETE_BOOST
    return entries


procedure_entries = document_entries  # a procedure's entries: the name callers of the procedure page know
