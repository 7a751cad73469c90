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


def period_start(ordinal: int, frequency: str) -> dt.date:
    if frequency == QUARTERLY:
        return dt.date(ordinal // 4, ordinal % 4 * 3 + 1, 1)
    return dt.date(ordinal // 12, ordinal % 12 + 1, 1)


def value_due_on(ordinal: int, frequency: str, grace_days: int) -> dt.date:
    """The last day on which a period's value may still be entered: its ``grace_days``-th working day
    (Monday to Friday) after the period ends; the period's last day when there is no grace.

    Figures for a month take a few days to collect, so a value counts as missing only after that.
    """
    day = period_start(ordinal + 1, frequency) - dt.timedelta(days=1)
    counted = 0
    while counted < grace_days:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def last_due_period(today: dt.date, frequency: str, grace_days: int) -> int:
    """The latest period whose value is due by ``today``: the last complete one once its grace
    period is over, else the one before it."""
    last = last_complete_period(today, frequency)
    return last if today > value_due_on(last, frequency, grace_days) else last - 1
