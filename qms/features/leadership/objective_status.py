"""An objective's status, taken from the KPIs that measure it rather than typed a second time.

The rule:

- An objective measured by a KPI shows the status of that KPI's latest value: on target
  is on track, at risk is at risk, off target is off track. With several KPIs the worst wins.
- A KPI with no value yet says nothing: the typed status (or "not started") stays.
- "achieved" and "missed" are the owner's verdict once the objective is finished: they stay as typed.
- An objective no KPI measures keeps its typed status, which it then needs.
- A typed status that differs from the KPI's is a flag: the typed one is shown nowhere.

The KPIs belong to the metrics feature: their status comes through its ``kpi_summary`` service,
so without that feature every objective keeps its typed status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...analysis import Flag
from ...model import Document, Repository
from ...settings import Settings

from .kinds import OBJECTIVE_CLOSED, OBJECTIVE_LABELS

# a KPI's status -> the objective's; later in TRACKING is worse
FROM_KPI = {"on-target": "on-track", "at-risk": "at-risk", "off-target": "off-track"}
TRACKING = ("on-track", "at-risk", "off-track")


@dataclass(frozen=True)
class KpiReading:
    """One KPI's latest value, as an objective's status quotes it."""

    id: str
    title: str
    status: str  # the objective status it means, e.g. at-risk
    words: str  # e.g. "at risk: 94% in 2026-10 (target 95% or more)"
    uri: str | None  # its page, when the build has one


@dataclass(frozen=True)
class ObjectiveStatus:
    doc: Document
    status: str  # what pages show
    typed: str | None  # the status field, if any
    sources: tuple[KpiReading, ...]  # the KPIs the shown status comes from; empty: typed (or not started)
    waiting: tuple[str, ...] = ()  # linked KPIs without a value yet
    measured_by: tuple[tuple[str, str, str | None], ...] = ()  # (id, "KPI-001 title", its page) of each linked KPI

    @property
    def label(self) -> str:
        return OBJECTIVE_LABELS[self.status]

    @property
    def derived(self) -> bool:
        return bool(self.sources)

    @property
    def contradicts(self) -> bool:
        """A typed status that the KPIs say is wrong."""
        return self.derived and self.typed is not None and self.typed != self.status

    @property
    def source_text(self) -> str:
        """Where the shown status comes from, e.g. "from KPI-001"."""
        if self.sources:
            return "from " + " and ".join(reading.id for reading in self.sources)
        if self.waiting:
            return f"{' and '.join(self.waiting)} has no value yet"
        return "recorded by its owner" if self.typed else ""

    @property
    def open(self) -> bool:
        return self.status not in OBJECTIVE_CLOSED


def kpi_page_uri(repository: Repository, kpi_id: str) -> str | None:
    """The page of a KPI, from its kind's declaration (None when the KPI, or the metrics feature, is absent)."""
    kind = repository.registry.kinds_by_name.get("kpi")
    if kind is None or not kind.template or repository.get("kpi", kpi_id) is None:
        return None
    return kind.uri(kpi_id)


def kpi_link(repository: Repository, kpi_id: str) -> tuple[str, str, str | None]:
    kpi = repository.get("kpi", kpi_id) if "kpi" in repository.registry.kinds_by_name else None
    return kpi_id, f"{kpi_id} {kpi.title}" if kpi is not None else kpi_id, kpi_page_uri(repository, kpi_id)


def kpi_reading(repository: Repository, kpi_id: str, summary: Any) -> KpiReading | None:
    """What a KPI's summary says for an objective; None while it has no value."""
    status = FROM_KPI.get(summary.status) if summary is not None and summary.latest else None
    if status is None:
        return None
    latest = summary.latest
    words = (f"{summary.status_label.lower()}: {summary.show(latest.value)} in {latest.period} "
             f"(target {summary.target_text})")
    return KpiReading(kpi_id, summary.doc.title, status, words, kpi_page_uri(repository, kpi_id))


def objective_status(doc: Document, repository: Repository, today: dt.date, grace_days: int) -> ObjectiveStatus:
    typed = doc.value("status")  # doc.status would default to "approved"
    linked = [doc.kpi] if doc.kpi else []
    measured_by = tuple(kpi_link(repository, kpi_id) for kpi_id in linked)
    if typed in OBJECTIVE_CLOSED:
        return ObjectiveStatus(doc, typed, typed, (), measured_by=measured_by)
    summary_of = repository.registry.service("kpi_summary")
    readings, waiting = [], []
    for kpi_id in linked if summary_of is not None else []:
        reading = kpi_reading(repository, kpi_id, summary_of(repository, kpi_id, today, grace_days))
        if reading is None:
            waiting.append(kpi_id)
        else:
            readings.append(reading)
    if not readings:
        return ObjectiveStatus(doc, typed or "not-started", typed, (), tuple(waiting), measured_by)
    worst = max(readings, key=lambda reading: TRACKING.index(reading.status)).status
    return ObjectiveStatus(doc, worst, typed, tuple(r for r in readings if r.status == worst), (), measured_by)


def objective_statuses(repository: Repository, today: dt.date, grace_days: int) -> list[ObjectiveStatus]:
    """Every objective with the status pages show, soonest due first."""
    docs = sorted(repository.of_kind("objective").values(), key=lambda d: (d.due, d.id))
    return [objective_status(doc, repository, today, grace_days) for doc in docs]


def objective_table(repository: Repository, analysis: Any) -> list[ObjectiveStatus]:
    """For templates (a global): the objectives as of the build's today, whichever page lists them."""
    return objective_statuses(repository, analysis.today, analysis.settings.kpi_grace_days)


def status_flags(state: ObjectiveStatus, settings: Settings) -> list[Flag]:
    if not state.contradicts:
        return []
    doc = state.doc
    kpis = "; ".join(f"{reading.id} is {reading.words}" for reading in state.sources)
    message = (f"objective {doc.id} \"{doc.title}\" is typed 'status: {state.typed}', but {kpis}, so the objective is "
               f"{state.label.lower()}: remove 'status:' so the objective follows its KPI, or correct the "
               f"KPI's values if they are wrong; owner: {doc.owner}")
    return [settings.flag(doc.path, doc.line("status"), "objective-status-contradicts-kpi", message, doc.id,
                          key="status", owner=doc.owner)]
