"""A procedure's steps: their records (steps, sub-steps, sections, decisions, inputs and outputs)
and the one walk over them that every reader uses.

A procedure holds either one list of ``steps`` or ``sections``, each with its own steps. Code never
reads ``doc.steps`` for its steps: :func:`all_steps` gives every step with the number a reader sees,
its section and where it sits in the file, so pages, checks and analysis agree on both shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

import yaml

from .ids import DOC_ID, ROLE_HINT, ROLE_ID, role_ref
from .step_text import step_written_as_text
from .schema import Choice, Field, ListOf, Markdown, Path, Reader, Record, Ref, Reference, Text

NUMBERING = ("continue", "restart")


def step_role() -> Ref:
    """A step's one role; a list here is a joint step, written under 'roles'."""
    return Ref(kind="role", pattern=ROLE_ID, pattern_hint=ROLE_HINT, list_field="roles")


def joint_roles() -> ListOf:
    return ListOf(role_ref(), unique=True, min_items=2,
                  too_few_hint="for one role, write 'role: <id>' instead of 'roles:'")


ROLES_HINT = "write 'role: <id>' for one role, or 'roles: [a, b]' for a step several roles do together"
NOTE = Field(Markdown(), description=(
    "Optional extra guidance in Markdown: paragraphs, lists, tables and code stay inside the step; "
    "no headings, no HTML."))


@dataclass(frozen=True)
class TextOrDocument(Text):
    """Free text, or the id of a controlled document: an id must name one that exists."""

    label: str = "text or a document id"

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        value = super().convert(node, path, reader)
        if value is not None and re.fullmatch(DOC_ID, value.strip()):
            line, column = reader.position(node, path)
            reader.references.append(Reference("procedure", value.strip(), path, line, column))
        return value


substep = Record(
    description="Part of a step; done by the step's roles unless it names its own.",
    fields={
        "action": Field(Text(), required=True, description="The action, in the imperative: 'Check the…'."),
        "role": Field(step_role(), description="Role that does this part, if not the step's roles."),
        "roles": Field(joint_roles(), description="Roles that do this part together, if not the step's roles."),
        "note": NOTE,
    },
    exclusive=("role", "roles"),
    exclusive_hint=ROLES_HINT,
    written_as_text=step_written_as_text,
)

output = Record(
    description="What a step produces: a record kept, or a state reached.",
    fields={
        "record": Field(Text(), description="A record the step produces and keeps, e.g. Change register entry."),
        "state": Field(Text(), description="A state the step reaches, e.g. Change request registered."),
    },
    exclusive=("record", "state"),
    exclusive_required=True,
    exclusive_hint="write 'record: <name>' for a record kept, or 'state: <words>' for a state reached",
)

decision = Record(
    description="A branch: when the condition holds, the reader goes to another step or section.",
    fields={
        "if": Field(Text(), required=True, description="The condition, e.g. The change is minor."),
        "go_to": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                       description="The id of a step or a section of this procedure."),
    },
)

step = Record(
    description="One action, done by one role or by several together.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), description=(
            "Optional id, unique in the procedure, so a decision can send the reader here, e.g. register.")),
        "role": Field(step_role(), description="Role that does this step (or 'roles' for several)."),
        "roles": Field(joint_roles(), description="Roles that do this step together, e.g. [quality-manager, "
                       "internal-auditor]: every one of them lists the step."),
        "action": Field(Text(), required=True, description="The action, in the imperative: 'Check the…'."),
        "note": NOTE,
        "record": Field(Text(), description="Optional record this step produces."),
        "substeps": Field(ListOf(substep, min_items=1), description=(
            "Optional parts of the step, in order; shown as 3a, 3b, … under step 3.")),
        "inputs": Field(ListOf(TextOrDocument(), min_items=1), description=(
            "What the step needs: words, or a controlled document's id (shown as a link), e.g. [Change "
            "request form, QP-001].")),
        "outputs": Field(ListOf(output, min_items=1), description=(
            "What the step produces: each a 'record' kept or a 'state' reached.")),
        "approver": Field(role_ref(), description="Role that approves the result of this step."),
        "informed": Field(ListOf(role_ref(), unique=True, min_items=1),
                          description="Roles told of the result of this step."),
        "decisions": Field(ListOf(decision, min_items=1), description=(
            "Branches: 'if' a condition holds, 'go_to' a step id or section id of this procedure.")),
    },
    exclusive=("role", "roles"),
    exclusive_required=True,
    exclusive_hint=ROLES_HINT,
    written_as_text=step_written_as_text,
)

section = Record(
    description="A phase of the procedure: a heading of its own, with its steps.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), description=(
            "Optional id, the section's anchor in the page (#initiating); defaults to its title in "
            "lower-case words joined by hyphens.")),
        "title": Field(Text(single_line=True, max_length=120), required=True, description="The heading."),
        "intro": Field(Markdown(), description="Optional Markdown shown under the heading, before the steps."),
        "steps": Field(ListOf(step, min_items=1), required=True, description="The section's steps, in order."),
    },
)

STEPS_OR_SECTIONS_HINT = ("write 'steps:' for one list of steps, or 'sections:' to group the steps under "
                          "headings, each with its own 'steps:'")


def step_roles(step: Any) -> list[str]:
    """The roles a step (or sub-step) names itself: its one role, or its joint roles."""
    return [step.role] if step.role else list(step.roles)


def substep_number(number: int | str, index: int) -> str:
    """"3a" for the first part of step 3: lettered as the theme's nested list shows them, a … z, aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"{number}{letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]}"


def roles_at_work(step: Any) -> list[str]:
    """Every role that does some of a step: its own roles, then any its sub-steps name, each once."""
    found = step_roles(step)
    for part in step.substeps:
        found.extend(role_id for role_id in step_roles(part) if role_id not in found)
    return found


def slug(text: str) -> str:
    """Lower-case words joined by hyphens: a section's anchor when it gives no id."""
    return "-".join(re.findall(r"[a-z0-9]+", str(text).lower()))


def section_id(section: Any, index: int) -> str:
    """The section's id as written, else made from its title (else from its place)."""
    return section.id or slug(section.title or "") or f"section-{index + 1}"


@dataclass(frozen=True)
class StepAt:
    """A step where a reader meets it: its number in its list, its section, its place in the file."""

    number: int  # as the page numbers it
    ordinal: int  # 1, 2, 3 … over the whole procedure, whatever the numbering
    step: Any
    path: tuple  # ("steps", 2) or ("sections", 1, "steps", 0), for doc.line(*path, "action")
    section: Any = None
    section_index: int | None = None
    section_title: str = ""

    def where(self, sub: str = "") -> str:
        """"Step 3" or "Initiating a change, step 2" (``sub``: a sub-step's letter)."""
        label = f"{self.number}{sub}"
        return f"{self.section_title}, step {label}" if self.section is not None else f"Step {label}"


def all_steps(doc: Any) -> list[StepAt]:
    """Every step of a procedure in reading order, numbered as its page shows them."""
    if not doc.sections:
        return [StepAt(index + 1, index + 1, step, ("steps", index)) for index, step in enumerate(doc.steps)]
    found: list[StepAt] = []
    restart = doc.numbering == "restart"
    for section_index, part in enumerate(doc.sections):
        for index, step in enumerate(part.steps):
            number = index + 1 if restart else len(found) + 1
            found.append(StepAt(number, len(found) + 1, step, ("sections", section_index, "steps", index),
                                part, section_index, part.title or ""))
    return found


def raw_steps(data: Any) -> list[Any]:
    """The steps of a procedure's YAML as read, without the schema (an older commit's, say): its one
    list, or the steps of its sections in order; leniently, as an old file may not match today's schema."""
    if not isinstance(data, Mapping):
        return []
    if isinstance(data.get("sections"), list):
        return [step for section in data["sections"] if isinstance(section, Mapping)
                and isinstance(section.get("steps"), list) for step in section["steps"]]
    return data["steps"] if isinstance(data.get("steps"), list) else []


def step_labels(data: Any) -> list[str]:
    """How the pages number each of ``raw_steps(data)``: "4", or "2 (Planning)" where sections restart."""
    sections = data.get("sections") if isinstance(data, Mapping) else None
    if not (isinstance(sections, list) and data.get("numbering") == "restart"):
        return [str(number) for number in range(1, len(raw_steps(data)) + 1)]
    return [f"{number} ({section.get('title') or ''})" for section in sections
            if isinstance(section, Mapping) and isinstance(section.get("steps"), list)
            for number in range(1, len(section["steps"]) + 1)]
