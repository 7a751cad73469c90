"""Onboarding paths and the training matrix say the same thing about what a newcomer learns.

The rule, for a role that has both a path and an entry in the matrix:

- Every procedure the matrix requires of the role itself must be in the newcomer's first weeks:
  a step of its path, or of the path of the all-staff role that every newcomer follows too,
  reads it or trains or works on it. The matrix gives new starters ``new_starter_days`` (30 by
  default) to finish required training, so a path that leaves one out sets them up to miss it.
  The all-staff role's own requirements belong in the all-staff path.
- The other way round: a path that trains a newcomer on a procedure, or has them work on one
  under supervision, says they need it, so the matrix must require it of the role (or of all
  staff). A step that only reads a procedure is awareness and asks nothing of the matrix.

Courses are not compared: a path's training steps name them in words, not by id.
A role without a path asks nothing here; which roles get one is the organisation's choice.
The matrix and its rule of inheritance belong to the metrics feature (its
``training_requirements`` service): without it there is nothing to compare.
"""

from __future__ import annotations

from ...analysis import Flag
from ...model import Document, Repository
from ...settings import Settings

from .kinds import role_title

PRACTICE = ("train", "task")  # steps that teach a procedure rather than only point to it


def covered(doc: Document) -> set[str]:
    """Procedures a path's steps read, train on or work on."""
    return {step.get(key) for step in doc.steps for key in ("read", "procedure") if step.get(key)}


def practised(doc: Document) -> list[tuple[int, str]]:
    """(step index, procedure) of each step that trains on a procedure or works on it."""
    return [(index, step.procedure) for index, step in enumerate(doc.steps)
            if step.get("procedure") and any(step.get(key) for key in PRACTICE)]


def onboarding_matrix_flags(repository: Repository, settings: Settings) -> list[Flag]:
    service = repository.registry.service("training_requirements")
    requirements = service(repository) if service is not None else None
    if requirements is None:
        return []
    paths = repository.of_kind("onboarding")
    everyone = set().union(*(covered(paths[staff]) for staff in requirements.all_staff if staff in paths))
    flags = []
    for doc in sorted(paths.values(), key=lambda d: d.id):
        if repository.get("role", doc.id) is None:
            continue  # a path for an unknown role is a data error of its own
        training = requirements.for_role(doc.id)
        own = covered(doc)
        seen = own if doc.id in requirements.all_staff else own | everyone
        role = role_title(repository, doc.id)
        # the manager of the role plans a newcomer's path, so the manager fixes it
        manager = repository.get("role", doc.id).reports_to or ""
        for procedure_id in training.own:
            if procedure_id in seen or not _in_force(repository, procedure_id):
                continue
            flags.append(settings.flag(
                doc.path, doc.line("steps"), "onboarding-leaves-out-training",
                f"the onboarding path for {role} leaves out {_label(repository, procedure_id)}, which the "
                f"training matrix ({requirements.file}:{requirements.line_of(doc.id)}) requires of the role "
                f"within {requirements.new_starter_days} days of starting: add a step 'read: {procedure_id}' "
                "to the path, or take it out of the role's procedures in the matrix", doc.id,
                key=f"missing:{procedure_id}", owner=manager))
        for index, procedure_id in practised(doc):
            if procedure_id in training.required or not _in_force(repository, procedure_id):
                continue
            flags.append(settings.flag(
                doc.path, doc.line("steps", index, "procedure"), "onboarding-training-not-required",
                f"the onboarding path for {role} trains on {_label(repository, procedure_id)} (step "
                f"{index + 1}), but the training matrix does not require it of the role: add {procedure_id} "
                f"to the role's procedures in {requirements.file}, or make the step 'read: {procedure_id}'",
                doc.id, key=f"not-required:{procedure_id}:{index + 1}", owner=manager))
    return flags


def _in_force(repository: Repository, procedure_id: str) -> bool:
    """Drafts and obsolete procedures are data errors of their own in the matrix or the path."""
    procedure = repository.document(procedure_id)
    return procedure is not None and procedure.status == "approved"


def _label(repository: Repository, procedure_id: str) -> str:
    procedure = repository.document(procedure_id)
    return f"{procedure_id} {procedure.title}" if procedure is not None else procedure_id
