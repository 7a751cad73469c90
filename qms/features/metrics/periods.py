"""Reporting periods: "2026-03" is a month, "2026-Q1" a quarter, both mapped to ordinals that sort."""

from __future__ import annotations

import datetime as dt

from .kinds import MONTHLY, QUARTERLY

def period_frequency(label: str) -> str:
    return QUARTERLY if "Q" in label else MONTHLY


def period_ordinal(label: str) -> int:
    """Months (or quarters) since year 0, so periods compare and step by one."""
    year, part = label.split("-")
    if part.startswith("Q"):
        return int(year) * 4 + int(part[1:]) - 1
    return int(year) * 12 + int(part) - 1


def period_label(ordinal: int, frequency: str) -> str:
    if frequency == QUARTERLY:
        return f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}"
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def last_complete_period(today: dt.date, frequency: str) -> int:
    """The month (or quarter) before the one ``today`` falls in."""
    if frequency == QUARTERLY:
        return today.year * 4 + (today.month - 1) // 3 - 1
    return today.year * 12 + today.month - 1 - 1


def period_noun(frequency: str) -> str:
    return "quarter" if frequency == QUARTERLY else "month"
