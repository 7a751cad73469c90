"""How a procedure's steps are laid out on a page: sections with their anchors, decisions as links,
and the responsibilities table made from the steps. Templates read it; nothing here writes markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .procedure_steps import StepAt, all_steps, roles_at_work, section_id

# Anchors the procedure page gives its own parts (its features' too): a section id among them would be a second
# element with the same id, so the checks refuse it.
PAGE_ANCHORS = frozenset({"purpose", "what-changed", "steps", "scope", "about-this-procedure", "records",
                          "related-documents", "revision-history", "responsibilities", "general", "definitions",
                          "before-you-start", "nonconformities", "improvements"})


@dataclass(frozen=True)
class SectionPart:
    section: Any
    anchor: str
    steps: list[StepAt]


@dataclass(frozen=True)
class Duties:
    """One row of the responsibilities table: the steps a role does, approves and is told of."""

    role: str
    does: list[StepAt] = field(default_factory=list)
    approves: list[StepAt] = field(default_factory=list)
    informed: list[StepAt] = field(default_factory=list)


class Layout:
    """A procedure's steps as its page shows them."""

    def __init__(self, doc: Any):
        self.doc = doc
        self.steps = all_steps(doc)
        self.restart = doc.numbering == "restart"
        self.sections = [SectionPart(part, section_id(part, index),
                                     [at for at in self.steps if at.section_index == index])
                         for index, part in enumerate(doc.sections)]
        self.by_id = {at.step.id: at for at in self.steps if at.step.id}
        self.section_by_id = {part.anchor: part for part in self.sections}

    def decision(self, go_to: str, here: StepAt) -> tuple[str, str] | None:
        """(words, anchor) of a decision's target: "step 7" or a section's title (None: not found)."""
        target = self.by_id.get(go_to)
        if target is not None:
            words = f"step {target.number}"
            if self.restart and target.section_index != here.section_index:
                words += f" of {target.section_title}"
            return words, step_anchor(go_to)
        part = self.section_by_id.get(go_to)
        if part is not None:
            return part.section.title, part.anchor
        return None

    def responsibilities(self) -> list[Duties]:
        """Every role a step names, in the order the steps first name it."""
        rows: dict[str, Duties] = {}
        for at in self.steps:
            for role_id in roles_at_work(at.step):
                rows.setdefault(role_id, Duties(role_id)).does.append(at)
            if at.step.approver:
                rows.setdefault(at.step.approver, Duties(at.step.approver)).approves.append(at)
            for role_id in at.step.informed:
                rows.setdefault(role_id, Duties(role_id)).informed.append(at)
        # the roles that do steps in the order of the steps they first do, then those only approving or told
        return sorted(rows.values(), key=lambda row: (0, row.does[0].ordinal) if row.does else (1, 0))

    def step_list(self, steps: list[StepAt]) -> str:
        """"1, 2 and 5"; with numbers that restart in each section, "Planning 1 and 2; Review 1"."""
        if not steps:
            return "—"
        if not self.restart:
            return _joined([str(at.number) for at in steps])
        groups: dict[str, list[str]] = {}
        for at in steps:
            groups.setdefault(at.section_title, []).append(str(at.number))
        return "; ".join(f"{title} {_joined(numbers)}" for title, numbers in groups.items())


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def step_anchor(step_id: str) -> str:
    return f"step-{step_id}"


def condition(text: str) -> str:
    """A decision's condition as it follows "If": "The change is minor." reads "the change is minor"."""
    words = " ".join(str(text).split()).rstrip(".;:,")
    if len(words) > 1 and words[0].isupper() and not words[1].isupper() and not words.startswith("I "):
        words = words[0].lower() + words[1:]
    return words


def procedure_layout(doc: Any) -> Layout:
    return Layout(doc)
