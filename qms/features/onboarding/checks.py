"""Data checks of onboarding paths, the glossary and search synonyms (no clock, all errors at once)."""

from __future__ import annotations

from typing import Iterable

from ...cycles import find_cycles
from ...errors import DataError
from ...model import Document, Repository
from ...schema import suggest
from ...validate import error_at, replacement
from .glossary import term_anchor
from .kinds import ACTIONS, ACTIONS_HINT
from .search_words import stemmed


def check_path(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """A path belongs to a role; each step does one thing; prerequisites exist, come first, never loop."""
    roles = repository.of_kind("role")
    if doc.id and doc.id not in roles and not repository.could_not_read("role", doc.id):
        example = next((role for role in sorted(roles) if role != doc.id), "")
        errors.append(error_at(doc, ("id",), f"no role has the id {doc.id!r}",
                               suggest(doc.id, roles) or f"add the role {doc.id!r} to data/roles/, or name the path "
                               f"after the id of the role it is for{f', e.g. {example}' if example else ''}"))
    steps = doc.steps
    first_index: dict[str, int] = {}
    for index, step in enumerate(steps):
        where = ("steps", index)
        actions = [action for action in ACTIONS if (*where, action) in doc.marks]
        if not actions:
            errors.append(error_at(doc, where, "the step says nothing to do", ACTIONS_HINT))
        elif len(actions) > 1:
            errors.append(error_at(doc, (*where, actions[1]), f"a step does one thing, but this one has "
                                   f"both {actions[0]!r} and {actions[1]!r}", "split it into two steps"))
        if "task" in actions and (*where, "supervisor") not in doc.marks:
            errors.append(error_at(doc, (*where, "task"), "a task needs a supervisor",
                                   "add 'supervisor: <role id>' of the person who watches and helps"))
        if (*where, "supervisor") in doc.marks and "task" not in actions:
            errors.append(error_at(doc, (*where, "supervisor"), "only a task has a supervisor",
                                   "remove 'supervisor', or make the step a task"))
        if (*where, "procedure") in doc.marks and not {"train", "task"} & set(actions):
            errors.append(error_at(doc, (*where, "procedure"), "only training or a task follows a procedure",
                                   "use 'read: <id>' to read a procedure"))
        for key in ("read", "procedure"):
            target = repository.document(step.get(key, ""))
            if target is None or target.status == "draft":
                continue  # unknown ids and drafts are reported by the reference check
            if target.status == "obsolete":
                final = replacement(repository, target)
                errors.append(error_at(doc, (*where, key), f"{target.id} is obsolete",
                                       f"use {final.id}, which replaces it" if final
                                       else "use the approved procedure that replaces it"))
        step_id = step.id
        if step_id is None:
            continue
        if step_id in first_index:
            errors.append(error_at(doc, (*where, "id"), f"step id {step_id!r} is used twice "
                                   f"(first by step {first_index[step_id] + 1})", "give each step its own id"))
        else:
            first_index[step_id] = index
    check_prerequisites(doc, steps, first_index, errors)


def check_prerequisites(doc: Document, steps: list[dict], position: dict[str, int],
                        errors: list[DataError]) -> None:
    """'after' names earlier steps of the same path and never goes round in a circle."""
    graph: dict[str, list[tuple[str, int, int]]] = {}  # step id -> (prerequisite id, step index, after index)
    for index, step in enumerate(steps):
        for after_index, prerequisite in enumerate(step.after):
            where = ("steps", index, "after", after_index)
            if prerequisite == step.id:
                errors.append(error_at(doc, where, "a step cannot wait for itself", "remove it from 'after'"))
            elif prerequisite not in position:
                errors.append(error_at(doc, where, f"no step has the id {prerequisite!r}",
                                       suggest(prerequisite, position) or "use the id of another step "
                                       "in this path"))
            elif "id" in step and position.get(step.id) == index:
                graph.setdefault(step.id, []).append((prerequisite, index, after_index))
    in_cycle: set[tuple[int, int]] = set()
    for cycle in find_cycles({step_id: [edge[0] for edge in edges] for step_id, edges in graph.items()},
                             sorted(graph, key=position.get)):
        edges = list(cycle_edges(graph, cycle))
        in_cycle.update(edges)
        # reported on the earliest step of the circle: its 'after' names a later step, the one to change
        index, after_index = edges[0]
        errors.append(error_at(doc, ("steps", index, "after", after_index),
                               "prerequisites go round in a circle: " + " → ".join(cycle),
                               "each step must wait only for steps that can be done before it"))
    for step_id, edges in graph.items():
        for prerequisite, index, after_index in edges:
            if position[prerequisite] > index and (index, after_index) not in in_cycle:
                errors.append(error_at(doc, ("steps", index, "after", after_index),
                                       f"step {prerequisite!r} comes later in the path",
                                       "move that step before this one: the list is the order to follow"))


def cycle_edges(graph: dict[str, list[tuple[str, int, int]]], cycle: list[str]) -> Iterable[tuple[int, int]]:
    """(step index, 'after' index) of each link of ``cycle``, in order."""
    for node, following in zip(cycle, cycle[1:]):
        for prerequisite, index, after_index in graph.get(node, []):
            if prerequisite == following:
                yield (index, after_index)
                break


def check_glossary(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Terms and abbreviations are unique; 'see also' names a term of the glossary."""
    terms = doc.terms
    anchors: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    for index, term in enumerate(terms):
        anchor = term_anchor((term.term or ""))
        if anchor in anchors:
            errors.append(error_at(doc, ("terms", index, "term"), f"{term['term']!r} is already defined "
                                   f"(term {anchors[anchor] + 1})", "keep one definition of each term"))
        else:
            anchors[anchor] = index
        abbreviation = term.abbreviation
        if abbreviation:
            if abbreviation in abbreviations:
                errors.append(error_at(doc, ("terms", index, "abbreviation"),
                                       f"the abbreviation {abbreviation!r} is already used by term "
                                       f"{abbreviations[abbreviation] + 1}", "an abbreviation has one meaning"))
            else:
                abbreviations[abbreviation] = index
            if "]" in abbreviation or "[" in abbreviation:
                errors.append(error_at(doc, ("terms", index, "abbreviation"), "an abbreviation cannot hold "
                                       "square brackets", "write the letters only, e.g. NCR"))
    names = {term_anchor((term.term or "")): (term.term or "") for term in terms}
    for index, term in enumerate(terms):
        for see_index, other in enumerate(term.see_also):
            where = ("terms", index, "see_also", see_index)
            if term_anchor(other) == term_anchor((term.term or "")):
                errors.append(error_at(doc, where, "a term cannot point to itself", "remove it from 'see_also'"))
            elif term_anchor(other) not in names:
                errors.append(error_at(doc, where, f"the glossary has no term {other!r}",
                                       suggest(other, names.values()) or "add the term, or fix the spelling"))


def check_synonyms(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """A word belongs to one group, otherwise two groups silently merge."""
    first: dict[tuple[str, ...], int] = {}
    for index, group in enumerate(doc.groups):
        for word_index, word in enumerate(group.words):
            key = stemmed(word)
            if not key:
                errors.append(error_at(doc, ("groups", index, "words", word_index),
                                       f"{word!r} has no letters or digits", "write a word"))
            elif key in first and first[key] != index:
                errors.append(error_at(doc, ("groups", index, "words", word_index),
                                       f"{word!r} is already in group {first[key] + 1}",
                                       "merge the two groups, or keep the word in one of them"))
            else:
                first.setdefault(key, index)
