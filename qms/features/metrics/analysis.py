"""Analysis: flags for the log, the dashboard, qms-report.json and `qms check`."""

from __future__ import annotations

import datetime as dt

from ...analysis import Flag
from ...document_readability import readability_for_units
from ...model import Repository
from ...readability import Unit
from ...settings import Settings
from ...registry import FlagKind

from .kpis import AT_RISK, KpiSummary, OFF_TARGET, kpi_summary
from .training import training_flags, training_status
from .duties import untrained_step_flags

FLAG_KINDS = (
    FlagKind("kpi-measurement-missing", "warning", "A KPI has no value for a month or quarter once its grace period is over "
             "(kpi_grace_days working days into the next one, default 10).", operational=True),
    FlagKind("kpi-off-target", "warning", "A KPI's latest value is off target (outside its tolerance).", operational=True),
    FlagKind("kpi-at-risk", "info", "A KPI's latest value misses the target but is within the tolerance.", operational=True),
    FlagKind("training-missing", "warning", "A person has no record of training the matrix requires for a role.",
             names_a_person=True, operational=True),
    FlagKind("retraining-due", "warning",
             "A person trained on a procedure revision older than the latest one marked retrain.",
             names_a_person=True, operational=True),
    FlagKind("training-due", "info", "A new starter still has required training to complete in time.",
             names_a_person=True, operational=True),
    FlagKind("untrained-step", "warning", "A role does a step of an approved procedure that the training matrix "
             "neither requires of it (nor of all staff) nor exempts it from.", operational=True),
)


def kpi_flags(summary: KpiSummary, settings: Settings) -> list[Flag]:
    doc = summary.doc
    flags = []
    owner = doc.owner
    if summary.missing_latest:
        flags.append(settings.flag(
            doc.path, doc.line("measurements"), "kpi-measurement-missing",
            f"{doc.id} {doc.title} has no value for {summary.due_period}, due on {summary.due_on}; "
            f"owner: {owner}", doc.id, key="missing", owner=owner))
    if summary.latest and summary.status in (OFF_TARGET, AT_RISK):
        kind = "kpi-off-target" if summary.status == OFF_TARGET else "kpi-at-risk"
        flags.append(settings.flag(
            doc.path, summary.latest.line, kind,
            f"{doc.id} {doc.title} is {summary.status_label.lower()}: {summary.show(summary.latest.value)} "
            f"in {summary.latest.period} (target {summary.target_text}); owner: {owner}",
            doc.id, key=summary.status, owner=owner))
    return flags


def analyse(repository: Repository, settings: Settings, today: dt.date) -> tuple[list, list[Flag]]:
    flags: list[Flag] = []
    for doc in sorted(repository.of_kind("kpi").values(), key=lambda d: d.id):
        flags.extend(kpi_flags(kpi_summary(doc, today, settings.kpi_grace_days), settings))
        _, readability = readability_for_units(
            doc, [Unit(doc.definition, doc.line("definition"), "definition")], repository, settings,
            doc.line("definition"))
        flags.extend(readability)
    flags.extend(training_flags(repository, training_status(repository, today), settings))
    flags.extend(untrained_step_flags(repository, settings))
    return [], flags
