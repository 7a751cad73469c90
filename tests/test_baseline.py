"""The baseline (`qms baseline`): flags accepted once stay accepted in the months after.

It accepts document findings only: operational facts (late, due) stay counted.

Its entries are a document, a flag kind and a key that names the rule and what it is about,
never a month: a baseline written in December still holds in January and September. Files
written before (keys such as "missing:2026-10") are still read, and an unknown file says what
to do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import edit, qms

WRITTEN_ON = "2026-12-02"
LATER = ("2027-01-03", "2027-09-01")
KPI = "data/kpis/KPI-001.yml"


def flags_on(project: Path, today: str) -> list[dict]:
    result = qms(project, "check", "--operational", "--format", "json", today=today)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["flags"]


def without_october_value(project: Path) -> None:
    """KPI-001 has no value for October, so on the day the baseline is written a value is missing."""
    edit(project, KPI, '  - {period: "2026-10", value: 94.0}\n', "")


def accepted(flags: list[dict], document: str, kind: str) -> list[dict]:
    return [flag for flag in flags if flag["document"] == document and flag["kind"] == kind]


def add_unclear_step(project: Path) -> None:
    """A document problem: a step that says nobody acts (a warning until it is accepted)."""
    edit(project, "data/procedures/QP-010.yml", "steps:\n",
         "steps:\n  - role: quality-manager\n    action: The form shall be utilised prior to the audit.\n")


def test_a_baseline_written_in_december_still_holds_in_january_and_september(project):
    without_october_value(project)
    add_unclear_step(project)
    assert qms(project, "check", "--strict", today=WRITTEN_ON).returncode == 1
    written = qms(project, "baseline", today=WRITTEN_ON)
    assert written.returncode == 0, written.stderr
    baseline = json.loads((project / "qms-baseline.json").read_text())
    assert baseline["version"] == 2
    entries = {(entry["document"], entry["kind"], entry["key"]) for entry in baseline["flags"]}
    assert [entry for entry in entries if entry[0] == "QP-010"], entries
    # operational facts (a KPI value missing, an audit late) are work to do: never accepted
    assert not [entry for entry in entries if entry[1] in ("kpi-measurement-missing", "audit-overdue")], entries
    # no key names a month ("2026-11") or a quarter ("2026-Q4"): document ids such as QP-012 are fine
    assert not any(re.search(r"\b\d{4}-(\d{2}|Q[1-4])\b", key) for _, _, key in entries), entries
    assert qms(project, "check", "--strict", today=WRITTEN_ON).returncode == 0
    assert qms(project, "check", "--operational", "--strict", today=WRITTEN_ON).returncode == 1

    for today in LATER:
        flags = flags_on(project, today)
        # every flag accepted in December that is still raised is still accepted
        still_raised = [flag for flag in flags if (flag["document"], flag["kind"], flag["key"]) in entries]
        assert {flag["document"] for flag in still_raised} >= {"QP-010"}, today
        for flag in still_raised:
            assert flag["severity"] == "info" and flag["message"].endswith("(in the baseline)"), (today, flag)
        # the missing value is still counted, whatever the month
        missing = accepted(flags, "KPI-001", "kpi-measurement-missing")
        assert len(missing) == 1 and missing[0]["severity"] == "warning", missing
        assert qms(project, "check", "--strict", today=today).returncode == 0


def test_a_baseline_written_before_with_month_keys_is_still_read(project):
    """Files from before held operational facts too, keyed by month: they are read, and those entries
    no longer accept anything."""
    without_october_value(project)
    (project / "qms-baseline.json").write_text(json.dumps({
        "created": "2026-12-20",
        "flags": [{"document": "KPI-001", "kind": "kpi-measurement-missing", "key": "missing:2026-10"},
                  {"document": "IA-2026-09", "kind": "audit-overdue", "key": "overdue"}],
    }))
    for today in (WRITTEN_ON, *LATER):
        flags = flags_on(project, today)
        missing = accepted(flags, "KPI-001", "kpi-measurement-missing")
        assert [flag["severity"] for flag in missing] == ["warning"], (today, missing)
        assert [flag["severity"] for flag in accepted(flags, "IA-2026-09", "audit-overdue")] == ["warning"]


@pytest.mark.parametrize("content, says", [
    ('{"version": 3, "flags": []}', "baseline version 3 is not known to this version of qms"),
    ('{"flags": [{"document": "KPI-001", "kind": "kpi-measurement-missing"}]}', "not a valid baseline file"),
    ('{"flags": [{"document": 1, "kind": "audit-overdue", "key": "overdue"}]}', "must be text"),
    ("[1, 2]", "not a valid baseline file"),
    ("{", "not a valid baseline file"),
])
def test_a_baseline_that_cannot_be_read_says_to_write_it_again(project, content, says):
    (project / "qms-baseline.json").write_text(content)
    result = qms(project, "check", today=WRITTEN_ON)
    assert result.returncode == 2
    assert "qms-baseline.json" in result.stderr and says in result.stderr, result.stderr
    assert "run 'qms baseline' to write it again" in result.stderr
    assert "Traceback" not in result.stderr


def test_flag_keys_of_the_demo_never_name_a_month(project):
    """A key with a month in it would make an accepted flag come back the month after."""
    import re
    without_october_value(project)
    period = re.compile(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2]|Q[1-4])")
    for today in (WRITTEN_ON, *LATER):
        keys = {flag["key"] for flag in flags_on(project, today)
                if flag["kind"] not in ("long-sentence", "very-hard-sentence", "hard-sentence", "plain-words",
                                        "passive-voice")}  # these are keyed by the sentence itself
        assert keys and not [key for key in keys if period.search(key)], keys
