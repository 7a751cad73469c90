"""What an imported SOP holds, whatever format it came from: the readers fill it, the writer reads it.

Sections are kept as their own objects even though procedures do not have sections yet, so that
the writer can switch from "steps with a heading comment" to real sections without touching the
readers.
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

    @property
    def kind(self) -> str | None:
        """'purpose' or 'scope' for the sections that fill those fields; None for any other."""
        words = _plain_heading(self.title)
        if words in ("purpose", "purpose and scope", "objective", "objectives", "aim"):
            return "purpose"
        return "scope" if words in ("scope", "scope and applicability", "applicability") else None

    @property
    def holds_steps(self) -> bool:
        """A heading such as 'Procedure' or '4. Method': a bulleted list under it is the steps too."""
        words = _plain_heading(self.title).split()
        return any(word in STEP_HEADINGS for word in words)

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

    def heading(self, title: str, level: int) -> None:
        """The first heading is the document's title, unless it already names a part of an SOP
        ('1. Purpose'): then the title comes from the file name."""
        if self.title is None and not self.sections and _plain_heading(title) not in SOP_PARTS:
            self.title = title
        else:
            self.section(title, level)

    def section(self, title: str, level: int) -> Section:
        """Start a new section (the text before the first heading goes to an untitled one)."""
        self.sections.append(Section(title, level))
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


def _plain_heading(title: str) -> str:
    """'2. Purpose and Scope:' -> 'purpose and scope'."""
    words = title.lower().replace("&", "and").strip().rstrip(":").split()
    while words and words[0].rstrip(".").replace(".", "").isdigit():
        words = words[1:]
    return " ".join(words)
