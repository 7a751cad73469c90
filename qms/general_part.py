"""What a procedure says before its steps: its definitions and its general part.

Real procedures carry rules that are no step: classifications, a scoring method, naming
conventions, the words they use. ``general`` holds them as Markdown with headings of its own;
``definitions`` lists the words, each with its meaning, or with none when the organisation's
glossary (``data/glossary.yml``) already explains the word, so no meaning is typed twice.

The page puts the general part under a heading of its own, so the author's ``##`` becomes
``###`` there (one level further down in the printed manual). Each moved heading gets an
explicit anchor made from its title with the prefix ``general_``. The table of contents keeps
explicit anchors and numbers its own around them, so an author's "Steps" never takes the
page's ``#steps``; the anchors it makes itself hold an underscore only before a number
(``steps_1``), and the page's other ids are words joined by hyphens, so none can be the same.
"""

from __future__ import annotations

from typing import Any

from markdown.extensions.toc import slugify
from markupsafe import Markup

from .errors import DataError
from .markdown_check import heading_lines, normalise
from .readability import Unit, markdown_blocks, strip_inline
from .schema import Field, ListOf, Markdown, Record, Text, dotted, suggest
from .text import block_markdown

HEADING_LEVELS = (2, 4)  # ## to #### in the data; the page adds one level, the manual two
ANCHOR_PREFIX = "general_"

GENERAL = Field(Markdown(headings=True, heading_levels=HEADING_LEVELS), description=(
    "Optional text shown before the steps, under 'Before you start': rules, classifications, "
    "methods, conventions. Markdown: paragraphs, lists, tables, and headings from ## (a part) to "
    "#### (parts inside it); no HTML."))

DEFINITION = Record(
    description="A word the procedure uses, and what it means here.",
    fields={
        "term": Field(Text(single_line=True, max_length=120), required=True, description=(
            "The word or phrase, e.g. Change request. A term from the glossary needs no meaning: "
            "the glossary's is shown.")),
        "meaning": Field(Markdown(), description=(
            "What it means in this procedure, in Markdown (paragraphs, lists; no headings, no HTML). "
            "Leave it out to show the glossary's meaning of the term.")),
    },
)

DEFINITIONS = Field(ListOf(DEFINITION, min_items=1), description=(
    "Words the procedure uses, shown before the steps under 'Definitions'."))


# --- the page ------------------------------------------------------------------------------------

def general_markdown(text: Any, shift: int = 1, prefix: str = ANCHOR_PREFIX) -> Markup:
    """The general part ready for a page: its headings ``shift`` levels down, each with its own anchor.

    The loader has checked that every heading is a ``#`` line this finds (``heading_lines``),
    at a level that stays a heading when moved.
    """
    lines = normalise(str(text)).split("\n")
    used: set[str] = set()
    for number, (index, level, indent, title) in enumerate(heading_lines("\n".join(lines)), start=1):
        slug = slugify(strip_inline(title), "-") or str(number)
        anchor, count = f"{prefix}{slug}", 1
        while anchor in used:
            count += 1
            anchor = f"{prefix}{slug}-{count}"
        used.add(anchor)
        lines[index] = f"{indent}{'#' * min(level + shift, 6)} {title} {{#{anchor}}}"
    return block_markdown("\n".join(lines))


def definitions_of(doc: Any, repository: Any) -> list[tuple[str, Any]]:
    """(term, meaning) for each definition; a meaning taken from the glossary is plain text."""
    glossary = _glossary(repository)
    rows = []
    for item in doc.definitions or ():
        if item.meaning:
            rows.append((item.term, block_markdown(item.meaning)))
        else:
            entry = glossary.get(item.term.casefold())
            rows.append((item.term, entry["definition"] if entry else ""))
    return rows


def glossary_terms(repository: Any) -> list[Any]:
    glossary = repository.singleton("glossary")
    return list(glossary.terms) if glossary else []


def _glossary(repository: Any) -> dict[str, Any]:
    """Glossary entries by term and by abbreviation, case-folded."""
    found: dict[str, Any] = {}
    for entry in glossary_terms(repository):
        found.setdefault(entry["term"].casefold(), entry)
        if entry.get("abbreviation"):
            found.setdefault(entry["abbreviation"].casefold(), entry)
    return found


# --- checks --------------------------------------------------------------------------------------

def check_definitions(doc: Any, repository: Any, errors: list[DataError]) -> None:
    """Each term once; a term without a meaning must be one the glossary explains."""
    glossary = _glossary(repository)
    seen: dict[str, int] = {}
    for index, item in enumerate(doc.definitions or ()):
        key = item.term.casefold()
        if key in seen:
            errors.append(_error(doc, ("definitions", index, "term"), f"{item.term!r} is defined twice",
                                 f"keep one of them; the other is definitions[{seen[key] + 1}]"))
            continue
        seen[key] = index
        # a meaning the loader refused is reported already: only a term written without one is looked up
        written = ("definitions", index, "meaning") in doc.marks
        if not item.meaning and not written and key not in glossary:
            close = suggest(item.term, [entry["term"] for entry in glossary_terms(repository)])
            errors.append(_error(doc, ("definitions", index, "term"),
                                 f"{item.term!r} has no meaning, and the glossary does not explain it",
                                 (f"{close} If not, add" if close else "add") + " 'meaning: …' under the "
                                 "term, or add the term to data/glossary.yml"))


def _error(doc: Any, path: tuple, message: str, hint: str) -> DataError:
    return DataError(doc.path, doc.line(*path), doc.column(*path), dotted(path), message, hint)


# --- readability ---------------------------------------------------------------------------------

def general_units(doc: Any) -> list[Unit]:
    """The general part and each definition's own meaning as prose, with their lines and field paths.

    A glossary meaning is the glossary's text and is read there, not here.
    """
    units = []
    if doc.general:
        units += markdown_units(doc.general, _first_line(doc, doc.general, "general"), "general")
    for index, item in enumerate(doc.definitions or ()):
        if item.meaning:
            path = ("definitions", index, "meaning")
            units += markdown_units(item.meaning, _first_line(doc, item.meaning, *path), dotted(path))
    return units


def _first_line(doc: Any, text: str, *path: Any) -> int:
    """The line of a value's first line: under its key for a block (``|``), on the key's line otherwise.

    A literal block ends with a line break, or holds several lines; a folded block (``>``) loses
    the author's line breaks, so its later lines are counted from the first.
    """
    block = text.endswith("\n") or "\n" in text.strip("\n")
    return doc.line(*path) + (1 if block else 0)


def markdown_units(text: str, first_line: int, label: str) -> list[Unit]:
    """Each paragraph, list item and table cell that reads as prose, as a unit on its own source line.

    The readability engine finds the blocks as a reader sees them; one unit per block keeps
    the line of each flagged sentence, which a unit for the whole field would lose.
    """
    return [Unit(block.text, first_line + block.line - 1, label, cell=block.cell)
            for block in markdown_blocks(normalise(text))]
