"""Flags that depend on today: overdue actions, stale improvements, audits and area coverage."""

from __future__ import annotations

import datetime as dt

from ...analysis import Flag
from ...model import Document, Repository
from ...registry import FlagKind
from ...settings import Settings
from ...typed import Fields

from .kinds import settings_of
from .queries import days, owned_procedures


FLAG_KINDS = (
    FlagKind("ncr-action-overdue", "warning", "A corrective action of an open NCR is past its due date.", operational=True),
    FlagKind("ncr-root-cause-missing", "warning",
             "An NCR has no root cause a set number of days after it was raised "
             "(root_cause_days in data/records-settings.yml, default 30).", operational=True),
    FlagKind("ncr-closed-unverified", "warning", "An NCR was closed without an effectiveness check."),
    FlagKind("ncr-check-overdue", "warning", "The effectiveness check of an open NCR is past its due date.", operational=True),
    FlagKind("improvement-overdue", "warning", "An improvement item is past its due date.", operational=True),
    FlagKind("improvement-stuck", "warning",
             "An improvement item has stayed in one stage too long "
             "(improvement_stage_days in data/records-settings.yml, default 90).", operational=True),
    FlagKind("audit-overdue", "warning", "An internal audit is past its planned date and not done.", operational=True),
    FlagKind("audit-own-area", "error",
             "An auditor's role owns a procedure the audit covers, so the audit is not independent."),
    FlagKind("audit-area-not-covered", "warning",
             "A process area has no audit within the audit cycle "
             "(audit_cycle_years in data/records-settings.yml, default 3).", operational=True),
)


def ncr_flags(doc: Document, today: dt.date, limits: Fields, settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    owner = doc.owner
    status = doc.status
    check = doc.effectiveness
    if status != "closed":
        for index, action in enumerate(doc.actions):
            if not action.done and action.due < today:
                late = (today - action.due).days
                flags.append(settings.flag(
                    doc.path, doc.line("actions", index, "due"), "ncr-action-overdue",
                    f"{doc.id} action {index + 1} was due on {action.due} ({days(late)} ago); "
                    f"owner: {action.owner}", doc.id, key=f"action:{index + 1}", owner=action.owner))
        age = (today - doc.raised).days
        if doc.root_cause is None and age > limits.root_cause_days:
            flags.append(settings.flag(
                doc.path, doc.line("raised"), "ncr-root-cause-missing",
                f"{doc.id} has no root cause {days(age)} after it was raised "
                f"(limit {limits.root_cause_days}); owner: {owner}", doc.id, key="root-cause", owner=owner))
        if check is not None and check.due and not check.checked and check.due < today:
            late = (today - check.due).days
            flags.append(settings.flag(
                doc.path, doc.line("effectiveness", "due"), "ncr-check-overdue",
                f"{doc.id} effectiveness check was due on {check.due} ({days(late)} ago); owner: {owner}",
                doc.id, key="effectiveness-due", owner=owner))
    elif check is None or not check.result:
        flags.append(settings.flag(
            doc.path, doc.line("status"), "ncr-closed-unverified",
            f"{doc.id} was closed without an effectiveness check; owner: {owner}", doc.id, key="effectiveness",
            owner=owner))
    return flags


def improvement_flags(doc: Document, today: dt.date, limits: Fields, settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    since = doc.status_since or doc.raised
    if doc.status != "closed":
        due = doc.due
        if due is not None and due < today:
            flags.append(settings.flag(
                doc.path, doc.line("due"), "improvement-overdue",
                f"{doc.id} was due on {due} ({days((today - due).days)} ago); owner: {doc.owner}",
                doc.id, key="due", owner=doc.owner))
        stuck = (today - since).days
        if stuck > limits.improvement_stage_days:
            flags.append(settings.flag(
                doc.path, doc.line("status"), "improvement-stuck",
                f"{doc.id} has been at stage '{doc.status}' for {days(stuck)} "
                f"(limit {limits.improvement_stage_days}); owner: {doc.owner}", doc.id, key="stuck",
                owner=doc.owner))
    return flags


def audit_flags(doc: Document, repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    status = doc.status
    if status == "planned" and doc.planned < today:
        late = (today - doc.planned).days
        flags.append(settings.flag(
            doc.path, doc.line("planned"), "audit-overdue",
            f"{doc.id} was planned for {doc.planned} ({days(late)} ago) and is not done; "
            f"auditor: {doc.auditor}", doc.id, key="overdue", owner=doc.auditor))
    if status != "cancelled":
        own = owned_procedures(repository, doc.auditor, doc)
        if own:
            flags.append(settings.flag(
                doc.path, doc.line("auditor"), "audit-own-area",
                f"{doc.id}: the auditor role {doc.auditor} owns {', '.join(own)}, which this audit covers; "
                "choose an auditor from outside the area", doc.id, key="independence"))
    return flags


def cycle_years(today: dt.date, limits: Fields) -> range:
    """The programme years of the current audit cycle, ending with this year."""
    return range(today.year - limits.audit_cycle_years + 1, today.year + 1)


def audit_year(doc: Document) -> int:
    return (doc.done or doc.planned).year


def area_coverage(repository: Repository, today: dt.date, limits: Fields) -> dict[str, list[Document]]:
    """Area id -> audits (done or planned, not cancelled) of the current cycle that cover it."""
    years = cycle_years(today, limits)
    coverage: dict[str, list[Document]] = {area_id: [] for area_id in repository.areas}
    for doc in sorted(repository.of_kind("audit").values(), key=lambda d: (d.planned, d.id)):
        if doc.status == "cancelled" or audit_year(doc) not in years:
            continue
        for area_id in doc.areas:
            coverage.setdefault(area_id, []).append(doc)
    return coverage


def coverage_flags(repository: Repository, today: dt.date, limits: Fields, settings: Settings) -> list[Flag]:
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
