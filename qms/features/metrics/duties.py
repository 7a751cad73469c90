"""Who must be trained on which procedure, and whether the training matrix agrees with who does the work.

The rule the checks and the onboarding feature share:

- A role must be trained on the procedures of its own matrix entry and on those of the
  entry of every role marked ``all_staff`` (whoever holds a role is a member of staff).
- A step done "as All staff" is done by everyone, so the all-staff role's own entry must
  require that procedure: it is then required of every role.
- A role that performs a step of an approved procedure must be required to train on it,
  unless its matrix entry exempts it (``exempt:`` with a reason). An exemption covers that
  role's own steps only: the all-staff role's exemption says nothing of another role's steps.
- Drafts are not in force yet and obsolete procedures no longer are: their steps ask nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...analysis import Flag
from ...procedure_steps import all_steps, roles_at_work
from ...model import Document, Repository
from ...settings import Settings

@dataclass(frozen=True)
class RoleTraining:
    """What the matrix says of one role: its own procedures, those it inherits, its exemptions."""

    role: str
    own: tuple[str, ...]
    inherited: tuple[str, ...]
    exempt: dict[str, str] = field(default_factory=dict)  # procedure id -> reason
    line: int = 0  # the line of its entry in the matrix; 0 when it has none

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.own) | frozenset(self.inherited)


@dataclass(frozen=True)
class TrainingRequirements:
    matrix: Document
    entries: dict[str, RoleTraining]
    all_staff: tuple[str, ...]  # ids of the roles every member of staff holds
    new_starter_days: int

    def for_role(self, role_id: str) -> RoleTraining:
        """A role's requirements; a role without an entry still inherits those of all staff."""
        if role_id in self.entries:
            return self.entries[role_id]
        return RoleTraining(role_id, (), self.inherited_by(role_id))

    def inherited_by(self, role_id: str) -> tuple[str, ...]:
        return tuple(doc_id for staff in self.all_staff if staff != role_id and staff in self.entries
                     for doc_id in self.entries[staff].own)

    @property
    def file(self) -> str:
        return self.matrix.path

    def line_of(self, role_id: str) -> int:
        """Where to add or exempt a procedure for a role: its entry, else the list of entries."""
        entry = self.entries.get(role_id)
        return entry.line if entry and entry.line else self.matrix.line("requirements")


def training_requirements(repository: Repository) -> TrainingRequirements | None:
    """The matrix's requirements by role (a service other features use); None without a matrix."""
    matrix = repository.singleton("training-matrix")
    if matrix is None:
        return None
    all_staff = tuple(sorted(role.id for role in repository.of_kind("role").values() if role.all_staff))
    own: dict[str, tuple[list[str], dict[str, str], int]] = {}
    for index, entry in enumerate(matrix.requirements):
        if not entry.role or entry.role in own:
            continue  # a duplicate entry is a data error of its own
        exempt = {item.procedure: item.reason or "" for item in entry.exempt if item.procedure}
        own[entry.role] = (list(entry.procedures), exempt, matrix.line("requirements", index, "role"))
    entries: dict[str, RoleTraining] = {}
    for role_id, (procedures, exempt, line) in own.items():
        inherited = tuple(doc_id for staff in all_staff if staff != role_id and staff in own
                          for doc_id in own[staff][0])
        entries[role_id] = RoleTraining(role_id, tuple(procedures), inherited, exempt, line)
    days = matrix.new_starter_days
    return TrainingRequirements(matrix, entries, all_staff, days if days is not None else 30)


def steps_by_role(doc: Document) -> dict[str, list[int]]:
    """Each role that performs steps of a procedure, with its step numbers, in step order.

    Every role of a joint step does it, and a role named by a sub-step does part of it: each needs
    the training as much as a role that does a step alone.
    The numbers count the steps through the whole procedure, sections or not (its page numbers them
    so unless its sections restart their numbering: ``step_words`` says those as the page does)."""
    steps: dict[str, list[int]] = {}
    for at in all_steps(doc):
        for role_id in roles_at_work(at.step):
            steps.setdefault(role_id, []).append(at.ordinal)
    return steps


def step_words(numbers: list[int], doc: Document | None = None) -> str:
    """"step 3" or "steps 1, 2 and 4"; where sections restart the numbering, "step 2 (Planning)"."""
    if doc is not None and doc.numbering == "restart" and doc.sections:
        by_ordinal = {at.ordinal: at for at in all_steps(doc)}
        labels = [f"{by_ordinal[n].number} ({by_ordinal[n].section_title})" for n in numbers]
    else:
        labels = [str(n) for n in numbers]
    if len(labels) == 1:
        return f"step {labels[0]}"
    return "steps " + ", ".join(labels[:-1]) + f" and {labels[-1]}"


def untrained_steps(repository: Repository, requirements: TrainingRequirements) -> list[tuple[Document, str, list[int]]]:
    """(procedure, role, step numbers) of every role doing steps it is neither trained on nor exempt from."""
    found = []
    for doc in sorted(repository.of_kind("procedure").values(), key=lambda d: d.id):
        if doc.status != "approved":
            continue
        for role_id, numbers in steps_by_role(doc).items():
            if repository.get("role", role_id) is None:
                continue  # an unknown role is a data error of its own
            training = requirements.for_role(role_id)
            if doc.id not in training.required and doc.id not in training.exempt:
                found.append((doc, role_id, numbers))
    return found


def untrained_step_flags(repository: Repository, settings: Settings) -> list[Flag]:
    requirements = training_requirements(repository)
    if requirements is None:
        return []
    flags = []
    for doc, role_id, numbers in untrained_steps(repository, requirements):
        role = repository.get("role", role_id)
        everyone = role_id in requirements.all_staff
        first = all_steps(doc)[numbers[0] - 1]
        where = f"{doc.path}:{doc.line(*first.path, 'role' if first.step.role else 'roles')}"
        whom = "all staff" if everyone else "that role"
        message = (f"{role.title} ({role_id}) does {step_words(numbers, doc)} of {doc.id} {doc.title} ({where}), "
                   f"but the training matrix does not require {doc.id} of {whom}: add {doc.id} to the "
                   f"procedures of '{role_id}' in the training matrix, or exempt it there with a reason")
        # the role's manager sees that the role gets trained (or exempt)
        flags.append(settings.flag(requirements.file, requirements.line_of(role_id), "untrained-step", message,
                                   role_id, key=doc.id, owner=role.reports_to or ""))
    return flags
