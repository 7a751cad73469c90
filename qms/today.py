"""The one place that decides what "today" is.

Builds and tests must be reproducible, so every date-dependent result takes
its date from here: ``QMS_TODAY=YYYY-MM-DD`` when set, else the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping


class TodayError(ValueError):
    """QMS_TODAY is set but is not a real calendar date."""


def today(environ: Mapping[str, str]) -> dt.date:
    """The build's date from ``environ`` (the caller's environment: this module never reads it)."""
    value = environ.get("QMS_TODAY", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TodayError(
            f"QMS_TODAY={value!r} is not a date: use YYYY-MM-DD, for example 2026-11-25"
        ) from None
