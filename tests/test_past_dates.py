"""Dates that record something done must not be after today; plans may be."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.errors import DataErrors
from qms.build import load

from conftest import DEMO_TODAY, edit, line_of, qms

TODAY = dt.date.fromisoformat(DEMO_TODAY)
HINT = "(a date that has happened; set QMS_TODAY if you meant another day)"

HAPPENED = [  # file, old text, new text, field
    ("data/procedures/QP-001.yml", "last_reviewed: 2026-04-14", "last_reviewed: 2030-01-05", "review.last_reviewed"),
    ("data/procedures/QP-001.yml", "date: 2024-03-18", "date: 2030-01-05", "revisions[2].date"),
    ("data/training/records/TR-002.yml", "date: 2025-02-10", "date: 2030-01-05", "date"),
    ("data/people/aisha-begum.yml", "started: 2021-02-01", "started: 2099-01-05", "started"),
    ("data/organisation.yml", "approved_on: 2026-02-02", "approved_on: 2030-01-05", "quality_policy.approved_on"),
    ("data/management-reviews/mr-2026-07.yml", "held_on: 2026-07-23", "held_on: 2030-01-05", "held_on"),
    ("data/roadmap.yml", "done_on: 2026-01-15", "done_on: 2030-01-05", "phases[1].milestones[1].done_on"),
    ("data/ncrs/NCR-2026-001.yml", "done: 2026-02-20", "done: 2030-01-05", "actions[1].done"),
    ("data/ncrs/NCR-2026-001.yml", "closed: 2026-06-24", "closed: 2030-01-05", "closed"),
    ("data/ncrs/NCR-2026-001.yml", "checked: 2026-06-24", "checked: 2030-01-05", "effectiveness.checked"),
    ("data/ncrs/NCR-2026-001.yml", "  date: 2026-02-03", "  date: 2030-01-05", "root_cause.date"),
    ("data/improvements/IMP-2026-001.yml", "status_since: 2026-07-10", "status_since: 2030-01-05", "status_since"),
    ("data/audits/IA-2026-01.yml", "done: 2026-03-12", "done: 2030-01-05", "done"),
]


def load_errors(org, today=TODAY) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(org, today=today)
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize("relative, old, new, field", HAPPENED, ids=[case[3] for case in HAPPENED])
def test_a_date_that_happened_cannot_be_after_today(org, relative, old, new, field):
    edit(org, relative, old, new)
    line = line_of(org, relative, new.strip())
    value = new.split(": ")[1]
    expected = f": {field}: {value} is after today ({DEMO_TODAY}) {HINT}"
    matching = [e for e in load_errors(org) if e.startswith(f"{relative}:{line}:") and e.endswith(expected)]
    assert matching, load_errors(org)


def test_planned_dates_may_be_in_the_future(org_repository):
    phases = org_repository.singleton("roadmap").phases
    assert max(milestone.due for phase in phases for milestone in phase.milestones) == dt.date(2027, 4, 16)


def test_today_is_passed_in_and_is_part_of_the_cache_key(org):
    # Valid with the demo's date (and cached as clean), refused a year earlier.
    assert load(org, today=TODAY)
    errors = load_errors(org, today=dt.date(2025, 11, 25))
    assert any("is after today (2025-11-25)" in e for e in errors)


def test_qms_today_decides_for_the_command_line(org):
    result = qms(org, "check", today="2026-01-10")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is after today (2026-01-10)" in result.stderr
    assert "Traceback" not in result.stderr
