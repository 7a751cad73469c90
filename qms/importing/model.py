"""What an imported SOP holds, whatever format it came from: the readers fill it, the writer reads it.

Sections are kept as the source has them (a heading, its level, the steps and text under it); the
assembler decides which become sections of steps, which the general part, and which fill a field
(purpose, scope, definitions, references, records).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Step:
    """One numbered item of the source: who (as written), what, and everything nested under it."""

    action: str
    actors: list[str] = field(default_factory=list)  # as written in the source, e.g. ["Quality Manager"]
    note_blocks: list[str] = field(default_factory=list)  # Markdown blocks: paragraphs, lists, tables
    record: str | None = None
    text_after: bool = False  # text that followed the list in the source was added to its note

    @property
    def note(self) -> str | None:
        text = "\n\n".join(block.strip("\n") for block in self.note_blocks if block.strip())
        return text or None


@dataclass
class Section:
    """A heading of the source with the steps and the other text under it."""

    title: str
    level: int
    steps: list[Step] = field(default_factory=list)
    text_blocks: list[str] = field(default_factory=list)  # Markdown that is not a step
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cells, for the field sections
    items: list[str] = field(default_factory=list)  # list items and paragraphs, for the field sections
    first_number: int | None = None  # the number its first numbered list of steps starts at
    parent: "Section | None" = None  # the nearest heading above it of a higher level

    @property
    def kind(self) -> str | None:
        """The field a section fills ('purpose', 'scope', 'definitions', 'references', 'records');
        None for any other."""
        words = _plain_heading(self.title)
        for kind, titles in FIELD_HEADINGS.items():
            if words in titles:
                return kind
        return None

    @property
    def holds_steps(self) -> bool:
        """A heading such as 'Procedure' or '4. Method': a bulleted list under it is the steps too."""
        words = _plain_heading(self.title).split()
        return any(word in STEP_HEADINGS for word in words) or (self.parent is not None and self.parent.holds_steps)

    @property
    def is_term(self) -> bool:
        """A sub-heading of a Glossary or Definitions heading: the heading is a term, its text the meaning."""
        return self.parent is not None and self.parent.kind == "definitions"

    @property
    def is_responsibilities(self) -> bool:
        return _plain_heading(self.title) in ("responsibilities", "responsibility", "roles and responsibilities",
                                              "roles", "responsibilities and authorities")


@dataclass
class Responsibility:
    """One row of a responsibilities table (or one 'Role: duty' line under a Responsibilities heading)."""

    actor: str
    duty: str


@dataclass
class Draft:
    """An SOP as read from its file, before roles are matched."""

    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # 'Revision: r1' lines under the title, not kept
    front_title: str | None = None  # a front matter title: an H1 still wins, a lower first heading is a part

    def heading(self, title: str, level: int) -> None:
        """The first heading is the document's title, unless it already names a part of an SOP
        ('1. Purpose'): then the title comes from the file name."""
        if self.title is None and not self.sections and _plain_heading(title) not in SOP_PARTS \
                and (self.front_title is None or level == 1):
            self.title = title
        else:
            self.section(title, level)

    def section(self, title: str, level: int) -> Section:
        """Start a new section (the text before the first heading goes to an untitled one)."""
        parent = next((section for section in reversed(self.sections) if section.level < level), None)
        self.sections.append(Section(title, level, parent=parent))
        return self.sections[-1]

    def current(self) -> Section:
        if not self.sections:
            self.sections.append(Section("", 0))
        return self.sections[-1]

    @property
    def steps(self) -> list[Step]:
        return [step for section in self.sections for step in section.steps]


STEP_HEADINGS = {"procedure", "procedures", "steps", "process", "method", "instructions", "workflow", "activities"}
SOP_PARTS = {"purpose", "scope", "purpose and scope", "objective", "responsibilities", "responsibility",
             "roles and responsibilities", "definitions", "terms and definitions", "procedure", "references",
             "introduction", "general", "abbreviations"}


FIELD_HEADINGS = {
    "purpose": {"purpose", "purpose and scope", "objective", "objectives", "aim"},
    "scope": {"scope", "scope and applicability", "applicability"},
    "definitions": {"definitions", "terms and definitions", "terms", "glossary", "abbreviations",
                    "definitions and abbreviations", "abbreviations and definitions", "terminology"},
    "references": {"references", "reference documents", "related documents", "normative references",
                   "references and related documents", "related procedures"},
    "records": {"records", "quality records", "records and forms", "forms and records", "records kept"},
}


def clean_heading(title: str) -> str:
    """'6.1 Initiating a Change' -> 'Initiating a Change': the portal numbers nothing by hand."""
    words = title.strip().strip("*_ ").rstrip(":").split()
    while words and words[0].rstrip(".").replace(".", "").isdigit():
        words = words[1:]
    return " ".join(words) or title.strip()


def _plain_heading(title: str) -> str:
    """'2. Purpose and Scope:' -> 'purpose and scope'."""
    words = title.lower().replace("&", "and").strip().rstrip(":").split()
    while words and words[0].rstrip(".").replace(".", "").isdigit():
        words = words[1:]
    return " ".join(words)
