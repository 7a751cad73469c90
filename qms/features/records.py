"""Quality records: nonconformities with corrective actions, the improvement register, internal audits.

Three kinds of record live in ``data/``, one YAML file each:

- ``data/ncrs/NCR-YYYY-NNN.yml``: a nonconformity report (NCR) and its
  corrective action (CAPA). Its ``status`` moves through ``open`` (raised,
  containment done, cause not yet found), ``action`` (root cause found,
  corrective actions under way), ``verifying`` (every action done, waiting for
  the effectiveness check) and ``closed`` (closed on the ``closed`` date).
- ``data/improvements/IMP-YYYY-NNN.yml``: an improvement item with its
  plan-do-check-act stage in ``status`` (plan, do, check, act, closed) and the
  date it entered that stage in ``status_since``.
- ``data/audits/IA-YYYY-NN.yml``: one internal audit of the programme, with
  its process areas, procedures and clauses, auditor role, planned and done
  dates and findings (a nonconformity finding names the NCR it raised).

Rules that need no clock are data errors (wrong order of dates, a closed NCR
with open actions…); rules that depend on today are flags, so they move with
``QMS_TODAY``. The time limits of the flags live in the optional
``data/records-settings.yml`` (defaults in ``DEFAULT_SETTINGS``).

Other features can ask :func:`open_nonconformities` for the open NCRs of
each procedure (the clause coverage page shows them as health).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import Markup

from ..analysis import Flag
from ..errors import DataError
from ..kinds import CLAUSE, EXAMPLE_FLAGS, Kind, ROLE_HINT, ROLE_ID, doc_ref, role_ref
from ..model import Document, Repository
from ..macros import MacroError
from ..render import GeneratedPage, Links, Renderer, nav_entry
from ..schema import Choice, Date, Field, Integer, ListOf, Record, Ref, Text
from ..settings import Settings
from ..text import plain
from ..validate import error_at
from ..registry import Feature, FlagKind

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

NCR_ID = r"NCR-[0-9]{4}-[0-9]{3}"
NCR_HINT = "write NCR, the year raised and a three-digit number, e.g. NCR-2026-001"
IMPROVEMENT_ID = r"IMP-[0-9]{4}-[0-9]{3}"
IMPROVEMENT_HINT = "write IMP, the year raised and a three-digit number, e.g. IMP-2026-001"
AUDIT_ID = r"IA-[0-9]{4}-[0-9]{2}"
AUDIT_HINT = "write IA, the programme year and a two-digit number, e.g. IA-2026-03"

NCR_STATUSES = ("open", "action", "verifying", "closed")
NCR_SOURCES = ("internal-audit", "customer-complaint", "supplier", "process-monitoring", "staff-report")
NCR_SEVERITIES = ("minor", "major", "critical")
CAUSE_CATEGORIES = ("people", "method", "machine", "material", "measurement", "environment")
CHECK_RESULTS = ("effective", "not-effective")
IMPROVEMENT_STATUSES = ("plan", "do", "check", "act", "closed")
IMPROVEMENT_SOURCES = ("staff-suggestion", "management-review", "internal-audit", "nonconformity",
                       "customer-feedback", "kpi-review")
AUDIT_STATUSES = ("planned", "done", "cancelled")
FINDING_TYPES = ("nonconformity", "observation", "opportunity", "good-practice")

# Used when data/records-settings.yml is absent or leaves a value out.
DEFAULT_SETTINGS = {
    "root_cause_days": 30,          # QP-007: find the root cause within a month of raising the NCR
    "improvement_stage_days": 90,   # an improvement item should move on within three months
    "audit_cycle_years": 3,         # QP-006: every process area audited at least once in three years
}

NCR_REGISTER_URI = "improvement/nonconformities/index.md"
IMPROVEMENT_HOME_URI = "improvement/index.md"
IMPROVEMENT_REGISTER_URI = "improvement/register.md"
AUDIT_PROGRAMME_URI = "improvement/audits/index.md"


def ncr_uri(ncr_id: str) -> str:
    return f"improvement/nonconformities/{ncr_id}.md"


def audit_uri(audit_id: str) -> str:
    return f"improvement/audits/{audit_id}.md"


def improvement_anchor(improvement_id: str) -> str:
    return improvement_id.lower()


# ---------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------

def _role(description: str, required: bool = False) -> Field:
    return Field(role_ref(), required=required,
                 description=description)


def _procedures(description: str) -> Field:
    return Field(ListOf(doc_ref(), unique=True),
                 description=description)


root_cause = Record(
    description="The root-cause analysis: five whys, cause categories, or both.",
    fields={
        "date": Field(Date(past=True), required=True, description="Date the root cause was agreed."),
        "whys": Field(ListOf(Text()), description="The five whys, in order: each answer asks the next 'why?'."),
        "categories": Field(ListOf(Choice(values=CAUSE_CATEGORIES), unique=True), description=(
            "Cause categories (fishbone): " + ", ".join(CAUSE_CATEGORIES) + ".")),
        "cause": Field(Text(), required=True, description="The root cause, in one sentence."),
    },
)

corrective_action = Record(
    description="One corrective action: what, who and by when.",
    fields={
        "action": Field(Text(), required=True, description="What to do, in the imperative."),
        "owner": _role("Role that does it.", required=True),
        "due": Field(Date(), required=True, description="Date it must be done by."),
        "done": Field(Date(past=True), description="Date it was done; leave out while it is open."),
        "note": Field(Text(), description="Optional note, e.g. the record that shows it was done."),
    },
)

effectiveness_check = Record(
    description="The check that the corrective actions worked and the problem has not come back.",
    fields={
        "due": Field(Date(), required=True, description="Date the check is planned for."),
        "checked": Field(Date(past=True), description="Date the check was done."),
        "result": Field(Choice(values=CHECK_RESULTS), description="effective or not-effective."),
        "note": Field(Text(), description="What the check looked at and found."),
    },
)

ncr = Kind(
    name="ncr",
    title="Nonconformities",
    folder="ncrs",
    id_pattern=NCR_ID,
    id_hint=NCR_HINT,
    template="records/ncr.md.j2",
    url_prefix="improvement/nonconformities",
    schema=Record(
        description="A nonconformity report (NCR) and its corrective action (CAPA).",
        fields={
            "id": Field(Text(pattern=NCR_ID, pattern_hint=NCR_HINT), required=True,
                        description="NCR number, e.g. NCR-2026-001; the year is the year raised."),
            "title": Field(Text(single_line=True, max_length=120), required=True, description="What went wrong, in a few words."),
            "raised": Field(Date(past=True), required=True, description="Date the NCR was raised."),
            "raised_by": _role("Role of the person who reported it."),
            "source": Field(Choice(values=NCR_SOURCES), required=True,
                            description="Where it came from: " + ", ".join(NCR_SOURCES) + "."),
            "severity": Field(Choice(values=NCR_SEVERITIES), required=True,
                              description="minor, major or critical."),
            "status": Field(Choice(values=NCR_STATUSES), required=True, description=(
                "open (finding the cause), action (actions under way), verifying (actions done, "
                "check pending) or closed.")),
            "owner": _role("Role that leads the investigation and closes the NCR.", required=True),
            "procedures": _procedures("Procedures involved: each one's page lists this NCR."),
            "description": Field(Text(), required=True, description="What happened, with the evidence."),
            "containment": Field(Text(), description="What we did straight away to limit the harm."),
            "root_cause": Field(root_cause, description="The root-cause analysis."),
            "actions": Field(ListOf(corrective_action), description="Corrective actions."),
            "effectiveness": Field(effectiveness_check, description="The effectiveness check."),
            "closed": Field(Date(past=True), description="Date the NCR was closed; required once closed."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

improvement = Kind(
    name="improvement",
    title="Improvements",
    folder="improvements",
    id_pattern=IMPROVEMENT_ID,
    id_hint=IMPROVEMENT_HINT,
    template="records/improvements.md.j2",
    url_prefix="improvement",
    schema=Record(
        description="An improvement item: an idea or action, followed through plan-do-check-act.",
        fields={
            "id": Field(Text(pattern=IMPROVEMENT_ID, pattern_hint=IMPROVEMENT_HINT), required=True,
                        description="Item number, e.g. IMP-2026-001; the year is the year raised."),
            "title": Field(Text(single_line=True, max_length=120), required=True, description="The improvement, in a few words."),
            "raised": Field(Date(past=True), required=True, description="Date the item was raised."),
            "source": Field(Choice(values=IMPROVEMENT_SOURCES), required=True,
                            description="Where it came from: " + ", ".join(IMPROVEMENT_SOURCES) + "."),
            "proposer": _role("Role of the person who suggested it.", required=True),
            "owner": _role("Role that carries it through.", required=True),
            "status": Field(Choice(values=IMPROVEMENT_STATUSES), required=True,
                            description="PDCA stage: plan, do, check, act or closed."),
            "status_since": Field(Date(past=True),
                                  description="Date it entered its current stage; defaults to raised."),
            "idea": Field(Text(), required=True, description="What to change."),
            "benefit": Field(Text(), required=True, description="What we gain."),
            "due": Field(Date(), description="Date the current stage must finish by."),
            "procedures": _procedures("Procedures it changes."),
            "ncrs": Field(ListOf(Ref(kind="ncr", pattern=NCR_ID, pattern_hint=NCR_HINT), unique=True),
                          description="NCRs it comes from or helps to prevent."),
            "outcome": Field(Text(), description="What happened; required once closed."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

finding = Record(
    description="One audit finding.",
    fields={
        "type": Field(Choice(values=FINDING_TYPES), required=True,
                      description="nonconformity, observation, opportunity or good-practice."),
        "text": Field(Text(), required=True, description="What the auditor found, with the evidence."),
        "ncr": Field(Ref(kind="ncr", pattern=NCR_ID, pattern_hint=NCR_HINT),
                     description="The NCR a nonconformity raised (required for a nonconformity)."),
        "improvement": Field(Ref(kind="improvement", pattern=IMPROVEMENT_ID, pattern_hint=IMPROVEMENT_HINT),
                             description="The improvement item an opportunity led to."),
    },
)

audit = Kind(
    name="audit",
    title="Internal audits",
    folder="audits",
    id_pattern=AUDIT_ID,
    id_hint=AUDIT_HINT,
    template="records/audit.md.j2",
    url_prefix="improvement/audits",
    schema=Record(
        description="One internal audit of the audit programme.",
        fields={
            "id": Field(Text(pattern=AUDIT_ID, pattern_hint=AUDIT_HINT), required=True,
                        description="Audit number, e.g. IA-2026-03."),
            "title": Field(Text(single_line=True, max_length=120), required=True, description="What is audited, in a few words."),
            "areas": Field(ListOf(Ref(kind="area", pattern=ROLE_ID, pattern_hint=ROLE_HINT), min_items=1,
                                  unique=True), required=True,
                           description="Process areas audited (ids from organisation.yml)."),
            "procedures": _procedures("Procedures audited."),
            "clauses": Field(ListOf(Text(pattern=CLAUSE, pattern_hint="an ISO 9001:2015 clause from 4 to 10, "
                                         "quoted, e.g. \"8.5.1\"", numeric_ok=True), unique=True),
                             description="ISO 9001:2015 clauses audited."),
            "auditor": _role("Role that does the audit; it must not own what it audits.", required=True),
            "planned": Field(Date(), required=True, description="Planned date."),
            "done": Field(Date(past=True), description="Date the audit was done; required once done."),
            "status": Field(Choice(values=AUDIT_STATUSES), required=True,
                            description="planned, done or cancelled."),
            "summary": Field(Text(), description="The auditor's overall conclusion."),
            "note": Field(Text(), description="Why it moved or was cancelled; required once cancelled."),
            "findings": Field(ListOf(finding), description="Findings, once the audit is done."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

records_settings = Kind(
    name="records-settings",
    title="Record settings",
    file="records-settings.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="Time limits for the nonconformity, improvement and audit flags.",
        fields={
            "root_cause_days": Field(Integer(minimum=1, maximum=365), default=DEFAULT_SETTINGS["root_cause_days"],
                                     description="Flag an NCR with no root cause this many days after it was raised."),
            "improvement_stage_days": Field(Integer(minimum=1, maximum=730),
                                            default=DEFAULT_SETTINGS["improvement_stage_days"],
                                            description="Flag an improvement item stuck in one stage this long."),
            "audit_cycle_years": Field(Integer(minimum=1, maximum=10), default=DEFAULT_SETTINGS["audit_cycle_years"],
                                       description="Every process area must be audited within this many years."),
        },
    ),
)


def settings_of(repository: Repository) -> dict[str, int]:
    """The flag time limits: data/records-settings.yml over ``DEFAULT_SETTINGS``."""
    own = repository.singleton("records-settings")
    return {**DEFAULT_SETTINGS, **(own.data if own else {})}


# ---------------------------------------------------------------------------
# Validation (no clock: everything here is true whatever the date)
# ---------------------------------------------------------------------------

def _check_id_year(doc: Document, date_field: str, errors: list[DataError]) -> None:
    year = doc.id.split("-")[1] if doc.id.count("-") == 2 else None
    when = doc.get(date_field)
    if year and when and int(year) != when.year:
        errors.append(error_at(doc, ("id",), f"the id says {year} but {date_field} is in {when.year}",
                               f"number it by the year it was {date_field}, e.g. "
                               f"{doc.id.split('-')[0]}-{when.year}-{doc.id.split('-')[2]}"))


def _not_before(doc: Document, path: tuple, value: dt.date | None, earliest: dt.date | None,
                what: str, errors: list[DataError], hint: str = "check the date") -> None:
    if value is not None and earliest is not None and value < earliest:
        errors.append(error_at(doc, path, f"{value} is before {what} ({earliest})", hint))


def check_ncr(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Date order and what each status needs."""
    _check_id_year(doc, "raised", errors)
    raised = doc.get("raised")
    status = doc.get("status")
    cause = doc.get("root_cause")
    actions = doc.get("actions", [])
    check = doc.get("effectiveness")
    closed = doc.get("closed")
    if cause is not None:
        _not_before(doc, ("root_cause", "date"), cause.get("date"), raised, "the date raised", errors)
        if not cause.get("whys") and not cause.get("categories"):
            errors.append(error_at(doc, ("root_cause",), "a root cause needs its analysis",
                                   "add 'whys:' (the five whys) or 'categories:' (cause categories)"))
    for index, action in enumerate(actions):
        _not_before(doc, ("actions", index, "due"), action.get("due"), raised, "the date raised", errors)
        _not_before(doc, ("actions", index, "done"), action.get("done"), raised, "the date raised", errors,
                    "an action cannot be done before the NCR was raised")
    done_dates = [action["done"] for action in actions if action.get("done")]
    if check is not None:
        _not_before(doc, ("effectiveness", "due"), check.get("due"), raised, "the date raised", errors)
        _not_before(doc, ("effectiveness", "checked"), check.get("checked"), raised, "the date raised", errors)
        if done_dates:
            _not_before(doc, ("effectiveness", "checked"), check.get("checked"), max(done_dates),
                        "the last action was done", errors, "check the actions once they are all done")
        if check.get("result") and not check.get("checked"):
            errors.append(error_at(doc, ("effectiveness", "result"), "a result needs the date of the check",
                                   "add 'checked: YYYY-MM-DD'"))
        if check.get("checked") and not check.get("result"):
            errors.append(error_at(doc, ("effectiveness", "checked"), "a done check needs its result",
                                   "add 'result: effective' or 'result: not-effective'"))
    if closed is not None:
        _not_before(doc, ("closed",), closed, raised, "the date raised", errors)
        if done_dates:
            _not_before(doc, ("closed",), closed, max(done_dates), "the last action was done", errors)
        if check is not None:
            _not_before(doc, ("closed",), closed, check.get("checked"), "the effectiveness check", errors)
        if status != "closed":
            errors.append(error_at(doc, ("closed",), f"only a closed NCR has a closed date (status is {status!r})",
                                   "set 'status: closed' or remove the closed date"))
    open_actions = [index for index, action in enumerate(actions) if not action.get("done")]
    if status in ("action", "verifying", "closed"):
        if cause is None:
            errors.append(error_at(doc, ("status",), f"an NCR with status {status!r} needs its root cause",
                                   "add 'root_cause:' or set 'status: open'"))
        if not actions:
            errors.append(error_at(doc, ("status",), f"an NCR with status {status!r} needs corrective actions",
                                   "add 'actions:' or set 'status: open'"))
    if status in ("verifying", "closed"):
        for index in open_actions:
            errors.append(error_at(doc, ("actions", index), f"an NCR with status {status!r} cannot have "
                                   "an action that is not done", "add 'done: YYYY-MM-DD' or set 'status: action'"))
    if status == "verifying" and check is None:
        errors.append(error_at(doc, ("status",), "an NCR waiting for its check needs the check date",
                               "add 'effectiveness:' with 'due: YYYY-MM-DD'"))
    if status == "closed":
        if closed is None:
            errors.append(error_at(doc, ("status",), "a closed NCR needs the date it was closed",
                                   "add 'closed: YYYY-MM-DD'"))
        if check is not None and check.get("result") == "not-effective":
            errors.append(error_at(doc, ("effectiveness", "result"), "the check found the actions did not "
                                   "work, so the NCR cannot be closed",
                                   "add new actions and set 'status: action'"))


def check_improvement(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    _check_id_year(doc, "raised", errors)
    raised = doc.get("raised")
    _not_before(doc, ("status_since",), doc.get("status_since"), raised, "the date raised", errors)
    _not_before(doc, ("due",), doc.get("due"), raised, "the date raised", errors)
    if doc.get("status") == "closed" and not doc.get("outcome"):
        errors.append(error_at(doc, ("status",), "a closed item needs its outcome",
                               "add 'outcome:': what changed, or why we did not go ahead"))


def check_audit(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    status = doc.get("status")
    done = doc.get("done")
    findings = doc.get("findings", [])
    if status == "done" and done is None:
        errors.append(error_at(doc, ("status",), "a done audit needs the date it was done",
                               "add 'done: YYYY-MM-DD'"))
    if status != "done" and done is not None:
        errors.append(error_at(doc, ("done",), f"only a done audit has a done date (status is {status!r})",
                               "set 'status: done' or remove the done date"))
    if status == "cancelled" and not doc.get("note"):
        errors.append(error_at(doc, ("status",), "a cancelled audit needs a note that says why",
                               "add 'note:'"))
    if findings and status != "done":
        errors.append(error_at(doc, ("findings",), f"an audit with status {status!r} cannot have findings",
                               "record findings once the audit is done"))
    for index, item in enumerate(findings):
        ncr_id = item.get("ncr")
        if item.get("type") == "nonconformity" and not ncr_id:
            errors.append(error_at(doc, ("findings", index), "a nonconformity finding needs the NCR it raised",
                                   "raise an NCR (QP-007) and add 'ncr: NCR-YYYY-NNN'"))
        if ncr_id and item.get("type") != "nonconformity":
            errors.append(error_at(doc, ("findings", index, "ncr"), "only a nonconformity finding raises an NCR",
                                   "set 'type: nonconformity' or remove the ncr"))
        raised_ncr = repository.get("ncr", ncr_id) if ncr_id else None
        if raised_ncr is not None:
            if raised_ncr.get("source") != "internal-audit":
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} came from this audit, so "
                                       f"its source must be internal-audit (it is {raised_ncr.get('source')!r})",
                                       f"fix the source in {raised_ncr.path}"))
            if done is not None and raised_ncr.get("raised") and raised_ncr["raised"] < done:
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} was raised on "
                                       f"{raised_ncr['raised']}, before the audit was done ({done})",
                                       "check the NCR and the audit dates"))


def check_single_finding_per_ncr(repository: Repository, errors: list[DataError]) -> None:
    """An NCR comes from one audit finding at most, so its page can say where it came from."""
    seen: dict[str, tuple[Document, int]] = {}
    for doc in sorted(repository.of_kind("audit").values(), key=lambda d: d.id):
        for index, item in enumerate(doc.get("findings", [])):
            ncr_id = item.get("ncr")
            if not ncr_id:
                continue
            if ncr_id in seen:
                first, first_index = seen[ncr_id]
                errors.append(error_at(doc, ("findings", index, "ncr"), f"{ncr_id} is already the NCR of "
                                       f"{first.id} finding {first_index + 1}", "raise a new NCR for this finding"))
            else:
                seen[ncr_id] = (doc, index)


# ---------------------------------------------------------------------------
# Pure queries (other features use these too)
# ---------------------------------------------------------------------------

def is_open(ncr_doc: Document) -> bool:
    return ncr_doc.get("status") != "closed"


def open_nonconformities(repository: Repository) -> dict[str, list[Document]]:
    """Open NCRs (any status but closed) per procedure id, each list sorted by NCR id."""
    by_procedure: dict[str, list[Document]] = {}
    for doc in sorted(repository.of_kind("ncr").values(), key=lambda d: d.id):
        if is_open(doc):
            for procedure_id in doc.get("procedures", []):
                by_procedure.setdefault(procedure_id, []).append(doc)
    return by_procedure


def nonconformities_of(repository: Repository, procedure_id: str) -> list[Document]:
    """Every NCR linked to a procedure: open ones first, then by id."""
    return sorted((doc for doc in repository.of_kind("ncr").values() if procedure_id in doc.get("procedures", [])),
                  key=lambda d: (not is_open(d), d.id))


def ncr_register_order(repository: Repository) -> list[Document]:
    """Open before closed; within that, by status stage, then newest first."""
    stage = {status: index for index, status in enumerate(NCR_STATUSES)}
    docs = sorted(repository.of_kind("ncr").values(), key=lambda d: d.id, reverse=True)
    return sorted(docs, key=lambda d: stage[d.get("status")])


def audit_sources(repository: Repository) -> dict[str, tuple[Document, int]]:
    """NCR id -> (audit, finding number starting at 1) for NCRs raised by an audit finding."""
    found = {}
    for doc in repository.of_kind("audit").values():
        for index, item in enumerate(doc.get("findings", [])):
            if item.get("ncr"):
                found[item["ncr"]] = (doc, index + 1)
    return found


def owned_procedures(repository: Repository, role_id: str, audit_doc: Document) -> list[str]:
    """Procedures an audit covers (listed, or in its areas) that its auditor's role owns."""
    areas = set(audit_doc.get("areas", []))
    listed = set(audit_doc.get("procedures", []))
    return sorted(doc.id for doc in repository.published("procedure")
                  if doc.get("owner") == role_id and (doc.id in listed or doc.get("area") in areas))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def days(count: int) -> str:
    return plural(count, "day")


# ---------------------------------------------------------------------------
# Analysis: everything that depends on today
# ---------------------------------------------------------------------------

FLAG_KINDS = (
    FlagKind("ncr-action-overdue", "warning", "A corrective action of an open NCR is past its due date."),
    FlagKind("ncr-root-cause-missing", "warning",
             "An NCR has no root cause a set number of days after it was raised "
             "(root_cause_days in data/records-settings.yml, default 30)."),
    FlagKind("ncr-closed-unverified", "warning", "An NCR was closed without an effectiveness check."),
    FlagKind("ncr-check-overdue", "warning", "The effectiveness check of an open NCR is past its due date."),
    FlagKind("improvement-overdue", "warning", "An improvement item is past its due date."),
    FlagKind("improvement-stuck", "warning",
             "An improvement item has stayed in one stage too long "
             "(improvement_stage_days in data/records-settings.yml, default 90)."),
    FlagKind("audit-overdue", "warning", "An internal audit is past its planned date and not done."),
    FlagKind("audit-own-area", "error",
             "An auditor's role owns a procedure the audit covers, so the audit is not independent."),
    FlagKind("audit-area-not-covered", "warning",
             "A process area has no audit within the audit cycle "
             "(audit_cycle_years in data/records-settings.yml, default 3)."),
)


def ncr_flags(doc: Document, today: dt.date, limits: dict[str, int], settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    owner = doc.get("owner")
    status = doc.get("status")
    actions = doc.get("actions", [])
    check = doc.get("effectiveness") or {}
    if status != "closed":
        for index, action in enumerate(actions):
            if not action.get("done") and action["due"] < today:
                late = (today - action["due"]).days
                flags.append(settings.flag(
                    doc.path, doc.line("actions", index, "due"), "ncr-action-overdue",
                    f"{doc.id} action {index + 1} was due on {action['due']} ({days(late)} ago); "
                    f"owner: {action['owner']}", doc.id, key=f"action:{index + 1}"))
        age = (today - doc["raised"]).days
        if "root_cause" not in doc.data and age > limits["root_cause_days"]:
            flags.append(settings.flag(
                doc.path, doc.line("raised"), "ncr-root-cause-missing",
                f"{doc.id} has no root cause {days(age)} after it was raised "
                f"(limit {limits['root_cause_days']}); owner: {owner}", doc.id, key="root-cause"))
        if check.get("due") and not check.get("checked") and check["due"] < today:
            late = (today - check["due"]).days
            flags.append(settings.flag(
                doc.path, doc.line("effectiveness", "due"), "ncr-check-overdue",
                f"{doc.id} effectiveness check was due on {check['due']} ({days(late)} ago); owner: {owner}",
                doc.id, key="effectiveness-due"))
    elif not check.get("result"):
        flags.append(settings.flag(
            doc.path, doc.line("status"), "ncr-closed-unverified",
            f"{doc.id} was closed without an effectiveness check; owner: {owner}", doc.id, key="effectiveness"))
    return flags


def improvement_flags(doc: Document, today: dt.date, limits: dict[str, int], settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    since = doc.get("status_since") or doc["raised"]
    if doc.get("status") != "closed":
        due = doc.get("due")
        if due is not None and due < today:
            flags.append(settings.flag(
                doc.path, doc.line("due"), "improvement-overdue",
                f"{doc.id} was due on {due} ({days((today - due).days)} ago); owner: {doc['owner']}",
                doc.id, key="due"))
        stuck = (today - since).days
        if stuck > limits["improvement_stage_days"]:
            flags.append(settings.flag(
                doc.path, doc.line("status"), "improvement-stuck",
                f"{doc.id} has been at stage '{doc['status']}' for {days(stuck)} "
                f"(limit {limits['improvement_stage_days']}); owner: {doc['owner']}", doc.id, key="stuck"))
    return flags


def audit_flags(doc: Document, repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    status = doc.get("status")
    if status == "planned" and doc["planned"] < today:
        late = (today - doc["planned"]).days
        flags.append(settings.flag(
            doc.path, doc.line("planned"), "audit-overdue",
            f"{doc.id} was planned for {doc['planned']} ({days(late)} ago) and is not done; "
            f"auditor: {doc['auditor']}", doc.id, key="overdue"))
    if status != "cancelled":
        own = owned_procedures(repository, doc["auditor"], doc)
        if own:
            flags.append(settings.flag(
                doc.path, doc.line("auditor"), "audit-own-area",
                f"{doc.id}: the auditor role {doc['auditor']} owns {', '.join(own)}, which this audit covers; "
                "choose an auditor from outside the area", doc.id, key="independence"))
    return flags


def cycle_years(today: dt.date, limits: dict[str, int]) -> range:
    """The programme years of the current audit cycle, ending with this year."""
    return range(today.year - limits["audit_cycle_years"] + 1, today.year + 1)


def audit_year(doc: Document) -> int:
    return (doc.get("done") or doc["planned"]).year


def area_coverage(repository: Repository, today: dt.date, limits: dict[str, int]) -> dict[str, list[Document]]:
    """Area id -> audits (done or planned, not cancelled) of the current cycle that cover it."""
    years = cycle_years(today, limits)
    coverage: dict[str, list[Document]] = {area_id: [] for area_id in repository.areas}
    for doc in sorted(repository.of_kind("audit").values(), key=lambda d: (d["planned"], d.id)):
        if doc.get("status") == "cancelled" or audit_year(doc) not in years:
            continue
        for area_id in doc.get("areas", []):
            coverage.setdefault(area_id, []).append(doc)
    return coverage


def coverage_flags(repository: Repository, today: dt.date, limits: dict[str, int], settings: Settings) -> list[Flag]:
    years = cycle_years(today, limits)
    organisation = repository.organisation
    flags = []
    for index, (area_id, audits) in enumerate(area_coverage(repository, today, limits).items()):
        if audits or area_id not in repository.areas:
            continue
        flags.append(settings.flag(
            organisation.path, organisation.line("areas", index), "audit-area-not-covered",
            f"process area {area_id} has no audit done or planned in {years.start} to {years.stop - 1}",
            area_id, key="audit-cycle"))
    return flags


def analyse_records(repository: Repository, settings: Settings, today: dt.date) -> tuple[list, list[Flag]]:
    """Flags only: records are not controlled documents, so they have no review status or readability."""
    limits = settings_of(repository)
    flags: list[Flag] = []
    for doc in sorted(repository.of_kind("ncr").values(), key=lambda d: d.id):
        flags += ncr_flags(doc, today, limits, settings)
    for doc in sorted(repository.of_kind("improvement").values(), key=lambda d: d.id):
        flags += improvement_flags(doc, today, limits, settings)
    for doc in sorted(repository.of_kind("audit").values(), key=lambda d: d.id):
        flags += audit_flags(doc, repository, today, settings)
    flags += coverage_flags(repository, today, limits, settings)
    return [], flags


# ---------------------------------------------------------------------------
# Views for the templates: dates turned into words against today
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionView:
    number: int
    action: dict[str, Any]
    state: str  # done, overdue, due
    label: str


@dataclass(frozen=True)
class NcrView:
    doc: Document
    actions: tuple[ActionView, ...]
    check_label: str
    audit: tuple[Document, int] | None
    improvements: tuple[Document, ...]
    flags: tuple[Flag, ...]

    @property
    def open(self) -> bool:
        return is_open(self.doc)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for view in self.actions if view.state == "overdue")

    @property
    def next_step(self) -> str:
        """One short phrase for the register: what happens next, and by when."""
        status = self.doc.get("status")
        if status == "closed":
            return f"Closed on {self.doc.get('closed')}"
        if self.overdue_actions:
            return plural(self.overdue_actions, "action") + " overdue"
        pending = [view.action["due"] for view in self.actions if view.state == "due"]
        if pending:
            return f"Next action due {min(pending)}"
        if status == "open":
            return "Find the root cause"
        return self.check_label


def _date_state(due: dt.date, today: dt.date) -> tuple[str, str]:
    gap = (due - today).days
    if gap < 0:
        return "overdue", f"Overdue: was due {due} ({days(-gap)} ago)"
    if gap == 0:
        return "due", f"Due today ({due})"
    return "due", f"Due {due} (in {days(gap)})"


def check_label(doc: Document, today: dt.date) -> str:
    check = doc.get("effectiveness")
    if check is None:
        return "No check planned yet"
    if check.get("result") == "effective":
        return f"Effective: checked on {check['checked']}"
    if check.get("result") == "not-effective":
        return f"Not effective: checked on {check['checked']}"
    if doc.get("status") == "closed":
        return f"Not done (was planned for {check['due']})"
    gap = (check["due"] - today).days
    if gap < 0:
        return f"Check overdue: was due {check['due']} ({days(-gap)} ago)"
    return f"Check due {check['due']}" + (f" (in {days(gap)})" if gap else " (today)")


def ncr_view(doc: Document, repository: Repository, today: dt.date, flags: Iterable[Flag],
             sources: dict[str, tuple[Document, int]] | None = None) -> NcrView:
    actions = []
    for number, action in enumerate(doc.get("actions", []), start=1):
        if action.get("done"):
            state, label = "done", f"Done on {action['done']}"
        else:
            state, label = _date_state(action["due"], today)
        actions.append(ActionView(number, action, state, label))
    sources = audit_sources(repository) if sources is None else sources
    improvements = tuple(sorted((item for item in repository.of_kind("improvement").values()
                                 if doc.id in item.get("ncrs", [])), key=lambda d: d.id))
    own_flags = tuple(flag for flag in flags if flag.file == doc.path)
    return NcrView(doc, tuple(actions), check_label(doc, today), sources.get(doc.id), improvements, own_flags)


ATTENTION_WORDS = {
    "improvement-overdue": "Overdue",
    "improvement-stuck": "Stuck in one stage",
}


@dataclass(frozen=True)
class ImprovementView:
    doc: Document
    since: dt.date
    days_in_stage: int
    due_label: str
    flags: tuple[Flag, ...]
    attention: tuple[str, ...]  # the flags in a few words each, for the register table

    @property
    def anchor(self) -> str:
        return improvement_anchor(self.doc.id)

    @property
    def heading_id(self) -> Markup:
        """Markdown attribute list that fixes the heading's id (the id matches IMPROVEMENT_ID, so it is safe)."""
        return Markup("{#" + self.anchor + "}")


def improvement_view(doc: Document, today: dt.date, flags: Iterable[Flag]) -> ImprovementView:
    since = doc.get("status_since") or doc["raised"]
    due = doc.get("due")
    if due is None:
        due_label = "None"
    elif doc.get("status") == "closed" or due > today:
        due_label = str(due) + ("" if doc.get("status") == "closed" else f" (in {days((due - today).days)})")
    elif due == today:
        due_label = f"{due} (today)"
    else:
        due_label = f"{due}: overdue by {days((today - due).days)}"
    own = tuple(flag for flag in flags if flag.file == doc.path)
    return ImprovementView(doc, since, (today - since).days, due_label, own,
                           tuple(ATTENTION_WORDS.get(flag.kind, flag.kind) for flag in own))


@dataclass(frozen=True)
class AuditView:
    doc: Document
    state: str  # done, planned, overdue, cancelled
    label: str
    own_procedures: tuple[str, ...]
    flags: tuple[Flag, ...]

    @property
    def month(self) -> int:
        return self.doc["planned"].month


def audit_view(doc: Document, repository: Repository, today: dt.date, flags: Iterable[Flag]) -> AuditView:
    status = doc.get("status")
    if status == "done":
        state, label = "done", f"Done on {doc['done']}"
    elif status == "cancelled":
        state, label = "cancelled", "Cancelled"
    elif doc["planned"] < today:
        state, label = "overdue", f"Overdue: planned for {doc['planned']} ({days((today - doc['planned']).days)} ago)"
    else:
        state, label = "planned", f"Planned for {doc['planned']}"
    own = tuple(owned_procedures(repository, doc["auditor"], doc)) if status != "cancelled" else ()
    return AuditView(doc, state, label, own, tuple(flag for flag in flags if flag.file == doc.path))


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

def _flags(renderer: Renderer) -> list[Flag]:
    return list(renderer.analysis.flags)


def _today(renderer: Renderer) -> dt.date:
    return renderer.analysis.today


def ncr_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    flags = _flags(renderer)
    sources = audit_sources(repository)
    views = [ncr_view(doc, repository, today, flags, sources) for doc in ncr_register_order(repository)]
    pages = [renderer.page("records/ncr.md.j2", ncr_uri(view.doc.id), f"{view.doc.id} {view.doc.title}",
                           view.doc.path, view=view, doc=view.doc) for view in views]
    by_status = [(status, [view for view in views if view.doc["status"] == status]) for status in NCR_STATUSES]
    by_source = [(source, [view for view in views if view.doc["source"] == source]) for source in NCR_SOURCES]
    counts = {"open": sum(1 for view in views if view.open), "closed": sum(1 for view in views if not view.open),
              "overdue_actions": sum(view.overdue_actions for view in views)}
    pages.append(renderer.page("records/ncr_register.md.j2", NCR_REGISTER_URI, "Nonconformity register", None,
                               views=views, by_status=by_status, by_source=by_source, counts=counts))
    return pages


def improvement_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    flags = _flags(renderer)
    stage = {status: index for index, status in enumerate(IMPROVEMENT_STATUSES)}
    docs = sorted(repository.of_kind("improvement").values(), key=lambda d: (stage[d["status"]], d.id))
    views = [improvement_view(doc, today, flags) for doc in docs]
    by_status = [(status, sum(1 for view in views if view.doc["status"] == status))
                 for status in IMPROVEMENT_STATUSES]
    return [renderer.page("records/improvements.md.j2", IMPROVEMENT_REGISTER_URI, "Improvement register", None,
                          views=views, by_status=by_status)]


def audit_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    flags = _flags(renderer)
    limits = settings_of(repository)
    docs = sorted(repository.of_kind("audit").values(), key=lambda d: (d["planned"], d.id))
    views = [audit_view(doc, repository, today, flags) for doc in docs]
    pages = [renderer.page("records/audit.md.j2", audit_uri(view.doc.id), f"{view.doc.id} {view.doc.title}",
                           view.doc.path, view=view, doc=view.doc) for view in views]
    years = sorted({view.doc["planned"].year for view in views} | {today.year}, reverse=True)
    programme = [(year, sum(1 for view in views if view.doc["planned"].year == year),
                  [(month, [view for view in views if view.doc["planned"].year == year and view.month == month])
                   for month in range(1, 13)]) for year in years]
    coverage = area_coverage(repository, today, limits)
    latest_done = {}
    for area_id, audits in coverage.items():
        done = [doc for doc in audits if doc.get("status") == "done"]
        upcoming = [doc for doc in audits if doc.get("status") == "planned"]
        latest_done[area_id] = (done[-1] if done else None, upcoming[0] if upcoming else None)
    cycle = cycle_years(today, limits)
    pages.append(renderer.page("records/audit_programme.md.j2", AUDIT_PROGRAMME_URI, "Internal audit programme",
                               None, programme=programme, coverage=coverage, latest=latest_done,
                               cycle=(cycle.start, cycle.stop - 1), views=views))
    return pages


def overview_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = _today(renderer)
    names = {kind.name for kind in FLAG_KINDS}
    flags = [flag for flag in renderer.analysis.flags if flag.kind in names]
    ncrs = list(repository.of_kind("ncr").values())
    improvements = list(repository.of_kind("improvement").values())
    audits = [doc for doc in repository.of_kind("audit").values() if doc["planned"].year == today.year]
    counts = {
        "ncr_open": sum(1 for doc in ncrs if is_open(doc)),
        "ncr_total": len(ncrs),
        "improvement_open": sum(1 for doc in improvements if doc["status"] != "closed"),
        "improvement_total": len(improvements),
        "audit_done": sum(1 for doc in audits if doc["status"] == "done"),
        "audit_total": sum(1 for doc in audits if doc["status"] != "cancelled"),
    }
    return [renderer.page("records/overview.md.j2", IMPROVEMENT_HOME_URI, "Improvement", None,
                          counts=counts, flags=flags, year=today.year)]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    """Only the register pages: one page per record stays out of the menu, so pages stay small."""
    return [{"Improvement": [
        IMPROVEMENT_HOME_URI,
        nav_entry("Nonconformity register", NCR_REGISTER_URI),
        nav_entry("Improvement register", IMPROVEMENT_REGISTER_URI),
        nav_entry("Internal audit programme", AUDIT_PROGRAMME_URI),
    ]}]


# ---------------------------------------------------------------------------
# Macros for hand-written pages
# ---------------------------------------------------------------------------

def macros(macro_host: Any) -> dict[str, Any]:
    state = macro_host.state
    repository: Repository = state.repository
    links: Links = macro_host.links

    def known(kind: str) -> str:
        ids = sorted(repository.of_kind(kind))
        return ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")

    def ncr_link(ncr_id: str, title: bool = True) -> str:
        """A link to a nonconformity report, with its title unless title=False."""
        doc = repository.get("ncr", ncr_id)
        if doc is None:
            raise MacroError(f"ncr({ncr_id!r}): no NCR has this id (known: {known('ncr')})")
        return str(links.to(ncr_uri(ncr_id), f"{doc.id} {doc.title}" if title else doc.id))

    def improvement_link(improvement_id: str, title: bool = True) -> str:
        """A link to an item of the improvement register."""
        doc = repository.get("improvement", improvement_id)
        if doc is None:
            raise MacroError(f"improvement({improvement_id!r}): no improvement item has this id "
                             f"(known: {known('improvement')})")
        target = links.uri(IMPROVEMENT_REGISTER_URI) + "#" + improvement_anchor(improvement_id)
        return f"[{plain(f'{doc.id} {doc.title}' if title else doc.id)}]({target})"

    def audit_link(audit_id: str, title: bool = True) -> str:
        """A link to an internal audit."""
        doc = repository.get("audit", audit_id)
        if doc is None:
            raise MacroError(f"audit({audit_id!r}): no audit has this id (known: {known('audit')})")
        return str(links.to(audit_uri(audit_id), f"{doc.id} {doc.title}" if title else doc.id))

    def open_ncr_count() -> int:
        """How many nonconformities are not closed yet."""
        return sum(1 for doc in repository.of_kind("ncr").values() if is_open(doc))

    def open_ncrs(procedure: str | None = None) -> str:
        """A table of open NCRs, optionally for one procedure."""
        if procedure is not None and repository.get("procedure", procedure) is None:
            raise MacroError(f"open_ncrs(procedure={procedure!r}): unknown procedure")
        docs = [doc for doc in ncr_register_order(repository) if is_open(doc)
                and (procedure is None or procedure in doc.get("procedures", []))]
        views = [ncr_view(doc, repository, state.today, state.analysis.flags) for doc in docs]
        return macro_host._renderer().render("records/macros/open_ncrs.md.j2", macro_host.page_uri, views=views)

    return {"ncr": ncr_link, "improvement": improvement_link, "audit": audit_link,
            "open_ncr_count": open_ncr_count, "open_ncrs": open_ncrs}


MACRO_NAMES = ("ncr", "improvement", "audit", "open_ncr_count", "open_ncrs")

FEATURE = Feature(
    name="records",
    kinds=(ncr, improvement, audit, records_settings),
    checks={"ncr": (check_ncr,), "improvement": (check_improvement,), "audit": (check_audit,)},
    repository_checks=(check_single_finding_per_ncr,),
    analyse=analyse_records,
    pages=(ncr_pages, improvement_pages, audit_pages, overview_page),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=MACRO_NAMES,
)
