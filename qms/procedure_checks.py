"""Checks of a procedure's steps as a whole: ids each used once, decisions that lead somewhere.

A decision's ``go_to`` is a reference inside the file, so it is checked here, once the whole
procedure is read, with the same did-you-mean a reference to another document gets.
"""

from __future__ import annotations

from .errors import DataError
from .model import Document, Repository
from .procedure_layout import PAGE_ANCHORS
from .procedure_steps import all_steps, section_id
from .schema import suggest
from .validate import error_at


def check_steps(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    steps = all_steps(doc)
    if doc.numbering and not doc.sections:
        errors.append(error_at(doc, ("numbering",), "only steps grouped in sections can be numbered by section",
                               "remove 'numbering:', or group the steps under 'sections:'"))
    step_ids: dict[str, tuple] = {}
    for at in steps:
        step_id = at.step.id
        if not step_id:
            continue
        if step_id in step_ids:
            errors.append(error_at(doc, at.path + ("id",), f"the step id {step_id!r} is used twice (first on line "
                                   f"{doc.line(*step_ids[step_id], 'id')})", "give each step its own id"))
        else:
            step_ids[step_id] = at.path
    section_ids: dict[str, int] = {}
    for index, part in enumerate(doc.sections):
        anchor = section_id(part, index)
        where = ("sections", index, "id" if part.id else "title")
        made = "" if part.id else " (made from its title)"
        if anchor in section_ids:
            errors.append(error_at(doc, where, f"the section id {anchor!r}{made} is used twice (first on line "
                                   f"{doc.line('sections', section_ids[anchor])})",
                                   "give each section its own 'id:'"))
            continue
        section_ids[anchor] = index
        if anchor in PAGE_ANCHORS or anchor.startswith("step-"):
            errors.append(error_at(doc, where, f"the section id {anchor!r}{made} is taken by a part of the "
                                   "procedure's page", "give the section another 'id:'"))
        elif anchor in step_ids:
            errors.append(error_at(doc, where, f"the section id {anchor!r}{made} is a step's id too",
                                   "give the section or the step another id, so a decision names one of them"))
    targets = set(step_ids) | set(section_ids)
    for at in steps:
        for index, decision in enumerate(at.step.decisions):
            go_to = decision.go_to
            if go_to is None or go_to in targets and go_to != at.step.id:
                continue
            where = at.path + ("decisions", index, "go_to")
            if go_to == at.step.id:
                errors.append(error_at(doc, where, "a decision cannot lead back to its own step",
                                       "name the step or section to go to next"))
                continue
            hint = suggest(go_to, targets) or (
                f"use the id of a step or section of this procedure: {', '.join(sorted(targets))}" if targets
                else "give the step to go to an 'id:' and name it here")
            errors.append(error_at(doc, where, f"unknown step or section {go_to!r}", hint))
