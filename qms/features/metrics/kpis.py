"""KPI status: the latest complete value against target and tolerance, and the summary pages and flags use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...model import Document
from ...settings import DEFAULT_KPI_GRACE_DAYS

from .periods import (last_complete_period, last_due_period, period_frequency, period_label, period_noun,
                      period_ordinal, value_due_on)

ON_TARGET, AT_RISK, OFF_TARGET, NO_DATA = "on-target", "at-risk", "off-target", "no-data"
STATUS_LABELS = {ON_TARGET: "On target", AT_RISK: "At risk", OFF_TARGET: "Off target", NO_DATA: "No data yet"}
_EPSILON = 1e-9


def kpi_status(value: float, target: float, direction: str, tolerance: float = 0) -> str:
    """On target; at risk when it misses by no more than the tolerance; else off target."""
    miss = (target - value) if direction == "higher" else (value - target)
    if miss <= _EPSILON:
        return ON_TARGET
    if miss <= tolerance + _EPSILON:
        return AT_RISK
    return OFF_TARGET


def format_number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    text = f"{value:.10g}"
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")


def with_unit(value: float | int, unit: str) -> str:
    return f"{format_number(value)}%" if unit == "%" else f"{format_number(value)} {unit}"


def _decimals(values: list[float | int]) -> int:
    return max((len(format_number(v).partition(".")[2]) for v in values), default=0)


@dataclass(frozen=True)
class Measurement:
    period: str
    value: float | int | None  # None: no value for this period
    note: str = ""
    status: str = NO_DATA
    line: int = 0

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class KpiSummary:
    """One KPI as of today: the values shown, the latest one and its status."""

    doc: Document
    rows: list[Measurement]  # every period from the first value to the last complete period
    last_period: str  # the last period shown: the last complete one, unless its value is not yet due and absent
    latest: Measurement | None  # the latest period with a value
    previous: Measurement | None
    missing_latest: bool  # no value for due_period
    later: int  # values for periods that have not ended yet (not shown)
    due_period: str = ""  # the latest period whose value is due (after the grace period)
    due_on: dt.date | None = None  # the last day for due_period's value

    @property
    def unit(self) -> str:
        return self.doc.unit

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else NO_DATA

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def frequency_noun(self) -> str:
        return period_noun(self.doc.frequency)

    def show(self, value: float | int) -> str:
        return with_unit(value, self.unit)

    @property
    def target_text(self) -> str:
        more = "or more" if self.doc.direction == "higher" else "or less"
        return f"{self.show(self.doc.target)} {more}"

    @property
    def tolerance_text(self) -> str:
        tolerance = self.doc.tolerance
        if not tolerance:
            return ""
        amount = f"{format_number(tolerance)} points" if self.unit == "%" else self.show(tolerance)
        return f"it misses the target by {amount} or less"

    @property
    def direction_text(self) -> str:
        return "Higher is better" if self.doc.direction == "higher" else "Lower is better"

    @property
    def trend_text(self) -> str:
        if self.latest is None or self.previous is None:
            return "No earlier value to compare"
        difference = self.latest.value - self.previous.value
        if abs(difference) <= _EPSILON:
            return f"No change from {self.previous.period}"
        places = _decimals([self.latest.value, self.previous.value])
        amount = f"{abs(difference):.{places}f}"
        better = (difference > 0) == (self.doc.direction == "higher")
        return (f"{'Up' if difference > 0 else 'Down'} {amount} from {self.previous.period} "
                f"({'better' if better else 'worse'})")

    @property
    def values(self) -> list[Measurement]:
        return [row for row in self.rows if row.value is not None]


def kpi_summary(doc: Document, today: dt.date, grace_days: int = DEFAULT_KPI_GRACE_DAYS) -> KpiSummary:
    """``grace_days``: working days into the next period before a period's value counts as missing."""
    frequency = doc.frequency
    last = last_complete_period(today, frequency)
    due = last_due_period(today, frequency, grace_days)
    target, direction = doc.target, doc.direction
    tolerance = doc.tolerance or 0
    by_ordinal: dict[int, Measurement] = {}
    later = 0
    for index, item in enumerate(doc.measurements):
        if period_frequency(item.period) != frequency:
            continue  # a data error already; never reached after a clean load
        ordinal = period_ordinal(item.period)
        if ordinal > last:
            later += 1
            continue
        by_ordinal[ordinal] = Measurement(item.period, item.value, item.note or "",
                                          kpi_status(item.value, target, direction, tolerance),
                                          doc.line("measurements", index))
    # a complete period whose value is not yet due and not yet in is not shown as a gap
    shown = last if last in by_ordinal else due
    rows: list[Measurement] = []
    if by_ordinal:
        for ordinal in range(min(by_ordinal), shown + 1):
            rows.append(by_ordinal.get(ordinal) or Measurement(period_label(ordinal, frequency), None))
    measured = [row for row in rows if row.value is not None]
    return KpiSummary(doc, rows, period_label(shown, frequency), measured[-1] if measured else None,
                      measured[-2] if len(measured) > 1 else None, due not in by_ordinal, later,
                      period_label(due, frequency), value_due_on(due, frequency, grace_days))


def kpi_summary_of(repository: Any, kpi_id: str, today: dt.date,
                   grace_days: int = DEFAULT_KPI_GRACE_DAYS) -> KpiSummary | None:
    """A KPI as of today by its id (a service: quality objectives take their status from it); None if unknown."""
    doc = repository.get("kpi", kpi_id)
    return kpi_summary(doc, today, grace_days) if doc is not None else None
