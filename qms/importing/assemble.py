"""Turn a draft read from a file into the fields of a procedure, matching roles and noting what
the author still has to do."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..markdown_check import problems
from ..procedure_layout import PAGE_ANCHORS
from ..procedure_steps import slug
from .parts import definitions_of, general_of, records_of, references_of
from .model import Draft, Step, clean_heading
from .roles import RoleBook, split_actor

PURPOSE_HINT = "Say in one or two sentences why this procedure exists."


@dataclass
class Options:
    source_name: str
    today: dt.date
    doc_id: str
    area: str
    owner: str | None = None
    known_ids: tuple[str, ...] = ()  # procedures that exist, so that the ones the text names become related
    procedure_titles: dict[str, str] = field(default_factory=dict)  # id -> title, for References by title
    standards: dict[str, set[str]] = field(default_factory=dict)  # other standards' catalogues: id -> clauses


@dataclass
class ImportedStep:
    fields: dict
    comments: list[str] = field(default_factory=list)


@dataclass
class ImportedSection:
    """A heading of the source with steps under it: a section of the procedure."""

    title: str
    steps: list[ImportedStep]
    intro: str | None = None
    id: str | None = None  # written only when the title's own anchor is taken


@dataclass
class Imported:
    head: dict  # the fields before the steps, in the order they are written
    sections: list[ImportedSection]
    tail: dict  # the fields after the steps
    summary: list[str]
    middle: dict = field(default_factory=dict)  # general, definitions, numbering: between head and steps
    tail_comments: list[str] = field(default_factory=list)  # references no field holds yet


def assemble(draft: Draft, book: RoleBook, options: Options) -> Imported:
    summary: list[str] = []
    unknown: dict[str, list[int]] = {}
    no_role: list[int] = []
    joint: list[int] = []
    book.learn([row.actor for row in draft.responsibilities])
    owner = options.owner or _owner(draft, book, summary)
    purpose = _text_of(draft, "purpose") or _opening(draft)
    sections, used_roles, number, text_after = [], [], 0, []
    for section in draft.sections:
        if not section.steps:
            continue
        steps = []
        for step in section.steps:
            number += 1
            steps.append(_step(step, number, book, owner, unknown, no_role, joint, used_roles, summary))
            if step.text_after:
                text_after.append(number)
        intro = "\n\n".join(block.strip("\n") for block in section.text_blocks if block.strip()) or None
        sections.append(ImportedSection(clean_heading(section.title) if section.title else "", steps, intro))
    for row in draft.responsibilities:
        for actor in re.split(r"\s+/\s+", row.actor) if not book.match(row.actor) else ():
            if not book.match(actor):
                unknown.setdefault(book.full_name(re.sub(r"[(][^)]*[)]", " ", actor).strip().strip("*_ ")), [])
    if unknown:
        summary.append(f"{len(unknown)} unknown {'role' if len(unknown) == 1 else 'roles'}: map each to a role in "
                       "data/roles (run again with --map 'NAME=ROLE-ID', or add the role, or edit the file):")
        summary.extend(f"  {name!r} -> {book.placeholder(name)}" + (f" ({_steps_word(steps).lower()} {_numbers(steps)})" if steps else
                       " (responsibilities table only)") for name, steps in unknown.items())
    if no_role:
        summary.append(f"{_steps_word(no_role)} {_numbers(no_role)} {_verb(no_role, 'names', 'name')} no role: they are given to the owner, {owner}; check them.")
    if joint:
        summary.append(f"{_steps_word(joint)} {_numbers(joint)} {_verb(joint, 'names', 'name')} more than one role: {'it is written as a joint step' if len(joint) == 1 else 'they are written as joint steps'} "
                       "('roles:'); check that the roles do the step together.")
    if draft.details:
        summary.append(f"Document details under the title ({', '.join(draft.details)}) are not kept: "
                       "the portal keeps its own revisions, dates and owner.")
    if text_after:
        summary.append(f"Text that followed the list of steps is kept in the note of {_steps_word(text_after).lower()} "
                       f"{_numbers(text_after)}; check it belongs there.")
    head = {"id": options.doc_id, "title": _title(draft, options), "area": options.area, "status": "draft"}
    head["purpose"] = purpose or PURPOSE_HINT
    if head["purpose"] == PURPOSE_HINT:
        summary.append("No Purpose section: write the purpose.")
    scope = _text_of(draft, "scope")
    if scope:
        head["scope"] = scope
    head["owner"] = owner
    head["audience"] = list(dict.fromkeys([owner, *used_roles]))
    _give_ids(sections)
    middle = _middle(draft, sections, summary)
    texts = [("General part", middle.get("general") or "")] + [
        (f"Section {section.title!r} intro", section.intro or "") for section in sections]
    for where, text in texts:
        summary.extend(dict.fromkeys(f"{where}: {problem.message} ({problem.hint})." for problem in problems(text)))
        if re.search(r"\{[%{]", text):
            summary.append(f"{where}: template tags of the source's own site ({{% … %}}) are kept as text: remove them.")
    if len(sections) == 1:  # one group of steps is the procedure itself, not a section of it
        if sections[0].intro:
            middle["general"] = "\n\n".join(part for part in (middle.get("general"), sections[0].intro) if part)
        sections[0].title, sections[0].intro = "", None
    clauses, named, comments = references_of(draft, options.procedure_titles, options.standards)
    related = sorted(set(_named_procedures(draft, options)) | set(named))
    if related:
        summary.append(f"Related: {', '.join(related)} (named in the text); check them.")
    if comments:
        summary.append(f"{len(comments)} {'reference fits' if len(comments) == 1 else 'references fit'} no field: "
                       "they are kept as comments under 'clauses'.")
    records = records_of(draft)
    if records:
        summary.append(f"Records: {len(records)} from the Records part; check their retention and location.")
    tail = {"records": records, "related": related, "clauses": clauses, "keywords": [],
            "review": {"last_reviewed": options.today, "interval_months": 12},
            "revisions": [{"rev": "1", "date": options.today, "summary": f"Imported from {options.source_name}"}]}
    return Imported(head, sections, tail, summary, middle, comments)


def _middle(draft: Draft, sections: list[ImportedSection], summary: list[str]) -> dict:
    """general, definitions and numbering: the fields written before the sections."""
    middle: dict = {}
    general, titles = general_of(draft)
    if general:
        middle["general"] = general
        summary.append("General part: " + ("; ".join(titles) if titles else "the text before the first heading")
                       + " (text with no steps); check it.")
    definitions = definitions_of(draft)
    if definitions:
        middle["definitions"] = definitions
        summary.append(f"Definitions: {len(definitions)} {'term' if len(definitions) == 1 else 'terms'}.")
    step_sections = [section for section in draft.sections if section.steps]
    if len(step_sections) > 1 and all(section.first_number == 1 for section in step_sections):
        middle["numbering"] = "restart"
        summary.append("Numbering: the source numbers the steps of each section from 1, so they restart.")
    if len(sections) > 1 or (sections and sections[0].title):
        summary.append(f"Sections: {len(sections)} ({'; '.join(section.title or '(untitled)' for section in sections)}).")
    return middle


def _give_ids(sections: list[ImportedSection]) -> None:
    """Two sections with the same title, or a title the page uses ('Records'), get ids that differ."""
    taken = set(PAGE_ANCHORS)
    for section in sections:
        anchor = slug(section.title) or "section"
        if anchor in taken:
            number = 2
            while f"{anchor}-{number}" in taken:
                number += 1
            section.id = anchor = f"{anchor}-{number}"
        taken.add(anchor)


def _opening(draft: Draft) -> str:
    """With no Purpose heading, the first paragraph before any heading says what the procedure is for."""
    opening = next((section for section in draft.sections if not section.title), None)
    if opening is None or not opening.text_blocks or opening.steps:
        return ""
    first = opening.text_blocks.pop(0)
    return " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first).split())


def _step(step: Step, number: int, book: RoleBook, owner: str, unknown: dict, no_role: list, joint: list,
          used_roles: list, summary: list) -> ImportedStep:
    actors, action = (step.actors, step.action) if step.actors else split_actor(step.action, book)
    comments = []
    if not actors:
        roles = [owner]
        no_role.append(number)
        comments.append(f"step {number}: no role named in the source; the owner is a guess")
    else:
        roles = []
        for actor in actors:
            role = book.match(actor)
            if role is None:
                role = book.placeholder(actor)
                unknown.setdefault(book.full_name(actor), []).append(number)
                comments.append(f"step {number}: {actor!r} is not a role in data/roles: replace {role}")
            else:
                used_roles.append(role)
            roles.append(role)
        roles = list(dict.fromkeys(roles))
        if len(roles) > 1:
            joint.append(number)
    who = {"roles": roles} if len(roles) > 1 else {"role": roles[0]}
    fields = {**who, "action": action or "Write the action."}
    note = step.note
    if note:
        fields["note"] = note
        summary.extend(dict.fromkeys(f"Step {number} note: {problem.message} ({problem.hint})."
                                     for problem in problems(note)))
    if step.record:
        fields["record"] = step.record
    return ImportedStep(fields, comments)


def _owner(draft: Draft, book: RoleBook, summary: list[str]) -> str:
    """The owner a responsibilities table names, else the role with most steps, else the quality manager."""
    rows = [(row, book.match(row.actor)) for row in draft.responsibilities]
    named = [role for row, role in rows if role and re.search(r"\bowner\b", f"{row.actor} {row.duty}".lower())]
    listed = [role for _, role in rows if role]
    if named or listed:
        return (named or listed)[0]
    counts = Counter(role for step in draft.steps for actor in (step.actors or split_actor(step.action, book)[0])[:1]
                     if (role := book.match(actor)))
    if counts:
        owner = counts.most_common(1)[0][0]
    else:
        owner = "quality-manager" if "quality-manager" in book.titles else sorted(book.titles)[0]
    summary.append(f"Owner: {owner} is a guess (no responsibilities table names one); check it or use --owner.")
    return owner


def _named_procedures(draft: Draft, options: Options) -> list[str]:
    texts = [step.action + " " + (step.note or "") for step in draft.steps]
    texts += [block for section in draft.sections for block in section.text_blocks]
    found = re.findall(r"\b[A-Z]{2,5}-[0-9]{3,4}\b", " ".join(texts))
    return sorted({doc_id for doc_id in found if doc_id in options.known_ids and doc_id != options.doc_id})


def _title(draft: Draft, options: Options) -> str:
    if draft.title:
        title = re.sub(r"^(?:SOP|Standard Operating Procedure|Procedure)\s*(?:[-–—:]\s*|(?=[A-Z]))", "",
                       " ".join(draft.title.replace("**", "").split()))
        return (title[:1].upper() + title[1:])[:120]
    words = " ".join(options.source_name.rsplit(".", 1)[0].replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:])[:120] or "Imported procedure"


def _text_of(draft: Draft, kind: str) -> str:
    blocks = [block for section in draft.sections if section.kind == kind for block in section.text_blocks]
    return " ".join(" ".join(blocks).split())


def _steps_word(numbers: list[int]) -> str:
    return "Step" if len(numbers) == 1 else "Steps"


def _verb(numbers: list[int], one: str, many: str) -> str:
    return one if len(numbers) == 1 else many


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers)


