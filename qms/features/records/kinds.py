"""The record kinds (NCR, improvement, audit, settings) and the settings read with their defaults."""

from __future__ import annotations

from ...clause_refs import ClauseRef
from ...kinds import EXAMPLE_FLAGS, ROLE_HINT, ROLE_ID, Kind, doc_ref, role_ref
from ...model import Repository
from ...schema import Choice, Date, Field, Integer, ListOf, Markdown, Record, Ref, Text
from ...typed import Fields

from .vocabulary import (AUDIT_HINT, AUDIT_ID, AUDIT_STATUSES, CAUSE_CATEGORIES, CHECK_RESULTS, DEFAULT_SETTINGS,
                         FINDING_TYPES, IMPROVEMENT_HINT, IMPROVEMENT_ID, IMPROVEMENT_SOURCES, IMPROVEMENT_STATUSES,
                         NCR_HINT, NCR_ID, NCR_SEVERITIES, NCR_SOURCES, NCR_STATUSES)


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
    id_description="NCR number, e.g. NCR-2026-001; the year is the year raised.",
    title="Nonconformities",
    folder="ncrs",
    id_pattern=NCR_ID,
    id_hint=NCR_HINT,
    template="records/ncr.md.j2",
    url_prefix="improvement/nonconformities",
    schema=Record(
        description="A nonconformity report (NCR) and its corrective action (CAPA).",
        fields={
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
            "description": Field(Markdown(), required=True, description=(
                "What happened, with the evidence, in Markdown (lists and tables; no HTML).")),
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
    id_description="Item number, e.g. IMP-2026-001; the year is the year raised.",
    title="Improvements",
    folder="improvements",
    id_pattern=IMPROVEMENT_ID,
    id_hint=IMPROVEMENT_HINT,
    url_prefix="improvement",
    schema=Record(
        description="An improvement item: an idea or action, followed through plan-do-check-act.",
        fields={
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
    id_description="Audit number, e.g. IA-2026-03.",
    title="Internal audits",
    folder="audits",
    id_pattern=AUDIT_ID,
    id_hint=AUDIT_HINT,
    template="records/audit.md.j2",
    url_prefix="improvement/audits",
    schema=Record(
        description="One internal audit of the audit programme.",
        fields={
            "title": Field(Text(single_line=True, max_length=120), required=True, description="What is audited, in a few words."),
            "areas": Field(ListOf(Ref(kind="area", pattern=ROLE_ID, pattern_hint=ROLE_HINT), min_items=1,
                                  unique=True), required=True,
                           description="Process areas audited (ids from organisation.yml)."),
            "procedures": _procedures("Procedures audited."),
            "clauses": Field(ListOf(ClauseRef(), unique=True), description=(
                "Clauses audited: \"8.5.1\" for ISO 9001:2015, or a standard's id and clause, e.g. \"iso13485:7.4\".")),
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


def settings_of(repository: Repository) -> Fields:
    """The flag time limits: data/records-settings.yml over ``DEFAULT_SETTINGS``, read as ``limits.root_cause_days``."""
    own = repository.singleton("records-settings")
    return Fields(records_settings.schema.shape, {**DEFAULT_SETTINGS, **(own.data if own else {})})


# Every page address of these kinds comes from their declaration.
NCR_REGISTER_URI = ncr.uri()
AUDIT_PROGRAMME_URI = audit.uri()


def ncr_uri(ncr_id: str) -> str:
    return ncr.uri(ncr_id)


def audit_uri(audit_id: str) -> str:
    return audit.uri(audit_id)
