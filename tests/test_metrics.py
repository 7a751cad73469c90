"""Measurement: KPIs with charts, the training matrix and ISO 9001 clause coverage.

One failing fixture per error class, flags that move with QMS_TODAY, and the
built pages: charts that parse as XML and match the data, the matrix with its
gaps in words, the coverage page with its gaps.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from qms.analysis import analyse
from qms.build import prepare
from qms.cli import qms_config
from qms.features.metrics import (AT_RISK, OFF_TARGET, ON_TARGET, clause_coverage, clause_title, iso_clauses,
                                  kpi_status, kpi_summary, last_complete_period, last_due_period, period_label,
                                  period_ordinal, value_due_on,
                                  training_status)
from qms.build import load

from conftest import DEMO_TODAY, as_an_editor_reads, copy_project, mkdocs_build, qms, edit, errors_of, line_of

SVG = "{http://www.w3.org/2000/svg}"
KPI_DIR = "data/kpis"
MATRIX = "data/training/matrix.yml"


# ---------------------------------------------------------------------------
# helpers


def state_at(org: Path, today: str, render: bool = False):
    """The build state with the analysis as of ``today``.

    Before the demo's day the demo data itself is refused (it records training and
    starts after that day), so the data is then loaded as of the demo's day and only
    the analysis moves back: the flag logic is what these tests look at.
    """
    if today >= DEMO_TODAY:
        return prepare(org, qms_config(org), environ={"QMS_TODAY": today}, render=render)
    assert not render, "pages are rendered only from data valid on their day"
    state = prepare(org, qms_config(org), environ={"QMS_TODAY": DEMO_TODAY}, render=False)
    state.today = dt.date.fromisoformat(today)
    state.analysis = analyse(state.repository, state.settings, state.today)
    return state


def flags_of(state, kind: str) -> list:
    return [flag for flag in state.analysis.flags if flag.kind == kind]


def article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def visible_text(fragment: str) -> str:
    """Text as read: inline tags (links, abbreviations) join their neighbours; blocks are spaced."""
    spaced = re.sub(r"</?(p|li|h[1-6]|td|th|tr|div|table|figure|ul|ol)\b[^>]*>", " ", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", spaced)))


def table_after(fragment: str, heading_id: str) -> list[list[str]]:
    """Rows of the first table after the heading with this id, header row first, as visible text."""
    start = fragment.index(f'id="{heading_id}"')
    table = fragment[fragment.index("<table>", start):fragment.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        rows.append([visible_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return rows


def kpi_data(root: Path, kpi_id: str) -> dict:
    return yaml.safe_load((root / KPI_DIR / f"{kpi_id}.yml").read_text())


# ---------------------------------------------------------------------------
# the site, built once for this module, and its build log


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    org = copy_project(tmp_path_factory.mktemp("metrics") / "portal")
    result = mkdocs_build(org, "--verbose")  # -v: each note and operational fact is logged at debug
    assert result.returncode == 0, result.stderr
    return org, result.stdout + result.stderr


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0] / "site"


# ---------------------------------------------------------------------------
# the clause list and the pure rules


def test_clause_list_has_the_titles_of_iso_9001_2015():
    clauses = iso_clauses()
    assert [number for number in clauses if "." not in number] == ["4", "5", "6", "7", "8", "9", "10"]
    assert clause_title("4.1") == "Understanding the organization and its context"
    assert clause_title("7.1.5.2") == "Measurement traceability"
    assert clause_title("8.5.3") == "Property belonging to customers or external providers"
    assert clause_title("9.3.2") == "Management review inputs"
    assert clause_title("10.3") == "Continual improvement"
    for family, count in {"7.1": 6, "7.5": 3, "8.2": 4, "8.4": 3, "8.5": 6, "9.1": 3, "9.2": 2, "9.3": 3,
                          "10.2": 2, "8.3": 6, "7.1.5": 2}.items():
        assert len([c for c in clauses.values() if c.parent == family]) == count, family
    # untitled paragraphs say what they are about, under their parent's title
    assert clause_title("6.1.1").startswith("Actions to address risks and opportunities: ")


def test_every_demo_clause_claim_is_a_real_clause(org):
    repository = load(org)
    claimed = {number for doc in repository.of_kind("procedure").values() for number in doc.clauses}
    assert claimed and claimed <= set(iso_clauses())


@pytest.mark.parametrize("value, target, direction, tolerance, expected", [
    (95, 95, "higher", 2, ON_TARGET),
    (93, 95, "higher", 2, AT_RISK),
    (92.9, 95, "higher", 2, OFF_TARGET),
    (3, 3, "lower", 1, ON_TARGET),
    (4, 3, "lower", 1, AT_RISK),
    (5, 3, "lower", 1, OFF_TARGET),
    (94.9, 95, "higher", 0, OFF_TARGET),
    (97.2, 98, "higher", 1, AT_RISK),
])
def test_status_against_target(value, target, direction, tolerance, expected):
    assert kpi_status(value, target, direction, tolerance) == expected


@pytest.mark.parametrize("today, frequency, expected", [
    ("2026-11-25", "monthly", "2026-10"),
    ("2026-01-01", "monthly", "2025-12"),
    ("2026-11-25", "quarterly", "2026-Q3"),
    ("2026-10-01", "quarterly", "2026-Q3"),
    ("2026-09-30", "quarterly", "2026-Q2"),
    ("2026-02-14", "quarterly", "2025-Q4"),
])
def test_last_complete_period(today, frequency, expected):
    assert period_label(last_complete_period(dt.date.fromisoformat(today), frequency), frequency) == expected
    assert period_label(period_ordinal(expected), frequency) == expected


@pytest.mark.parametrize("today, frequency, grace, expected", [
    ("2026-12-02", "monthly", 10, "2026-10"),  # two working days into December: November not yet due
    ("2026-12-14", "monthly", 10, "2026-10"),  # the tenth working day is the last day for November
    ("2026-12-15", "monthly", 10, "2026-11"),
    ("2026-12-01", "monthly", 0, "2026-11"),  # no grace: due on the first day, as before
    ("2026-12-02", "monthly", 2, "2026-10"),
    ("2026-12-03", "monthly", 2, "2026-11"),
    ("2027-01-03", "monthly", 10, "2026-11"),  # a Sunday: the new year's first working day is still ahead
    ("2026-10-14", "quarterly", 10, "2026-Q2"),  # the tenth working day of October is the 14th
    ("2026-10-15", "quarterly", 10, "2026-Q3"),
])
def test_last_due_period(today, frequency, grace, expected):
    assert period_label(last_due_period(dt.date.fromisoformat(today), frequency, grace), frequency) == expected


def test_value_due_on_skips_weekends():
    november = period_ordinal("2026-11")
    assert value_due_on(november, "monthly", 10) == dt.date(2026, 12, 14)
    assert value_due_on(november, "monthly", 0) == dt.date(2026, 11, 30)
    assert value_due_on(period_ordinal("2027-01"), "monthly", 1) == dt.date(2027, 2, 1)  # a Monday


def test_kpi_summary_waits_for_the_grace_period(org):
    state = state_at(org, "2026-12-02")
    kpi = state.repository.get("kpi", "KPI-001")
    waiting = kpi_summary(kpi, dt.date(2026, 12, 2))
    assert not waiting.missing_latest and waiting.due_period == "2026-10"
    assert waiting.rows[-1].period == "2026-10"  # November is not shown as a gap before it is due
    due = kpi_summary(kpi, dt.date(2026, 12, 15))
    assert due.missing_latest and due.due_period == "2026-11" and due.due_on == dt.date(2026, 12, 14)
    assert due.rows[-1].period == "2026-11" and due.rows[-1].value is None
    assert kpi_summary(kpi, dt.date(2026, 12, 1), grace_days=0).missing_latest


def test_kpi_grace_days_setting(org):
    config = qms_config(org)
    config["kpi_grace_days"] = 1
    state = prepare(org, config, environ={"QMS_TODAY": "2026-12-02"}, render=False)
    assert state.settings.kpi_grace_days == 1
    assert "KPI-001" in [flag.document for flag in flags_of(state, "kpi-measurement-missing")]


# ---------------------------------------------------------------------------
# one failing fixture per error class, each with path:line:col: field: message

ERROR_CASES = [
    # (file, old, new, needle on the error's line, field, message), all on tests/fixtures/org
    ("data/procedures/QP-001.yml", 'clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["7.5.1", "7.5.4"]',
     'clauses: ["7.5.1", "7.5.4"]', "clauses[2]",
     "unknown ISO 9001:2015 clause '7.5.4' (did you mean 7.5.3 \"Control of documented information\"?)"),
    ("data/procedures/QP-002.yml", 'clauses: ["7.5.3"]', 'clauses: ["7.5.3", "7.1.5.3"]', '"7.1.5.3"',
     "clauses[2]", "unknown ISO 9001:2015 clause '7.1.5.3' (did you mean 7.5.3 \"Control of documented information\"? "
     "Its title fits this document best)"),
    ("data/kpis/KPI-001.yml", '{period: "2026-02", value: 88.1}', '{period: "2026-13", value: 88.7}',
     '"2026-13"', "measurements[5].period", "'2026-13' is not valid"),
    ("data/kpis/KPI-003.yml", '{period: "2026-Q2", value: 8.9}', '{period: "2026-06", value: 8.9}',
     '"2026-06"', "measurements[6].period", "'2026-06' is a month, but this KPI is measured quarterly"),
    ("data/kpis/KPI-001.yml", '{period: "2026-02", value: 88.1}', '{period: "2025-12", value: 88.1}',
     '{period: "2025-12", value: 88.1}', "measurements[5].period", "period 2025-12 is listed twice"),
    ("data/kpis/KPI-002.yml", '{period: "2025-11", value: 62.5}', '{period: "2026-11", value: 62.5}',
     '"2025-12"', "measurements[3].period", "period 2025-12 comes after 2026-11"),
    ("data/kpis/KPI-001.yml", "owner: production-manager", "owner: production-manger",
     "owner: production-manger", "owner", "unknown role 'production-manger' (did you mean 'production-manager'?)"),
    ("data/kpis/KPI-001.yml", "direction: higher", "direction: up", "direction: up", "direction",
     "'up' is not allowed"),
    ("data/kpis/KPI-001.yml", '{period: "2026-02", value: 88.1}', '{period: "2026-02", value: "88.1%"}',
     '"88.1%"', "measurements[5].value", "expected a number"),
    ("data/kpis/KPI-001.yml", "frequency: monthly", "frequency: weekly", "frequency: weekly", "frequency",
     "'weekly' is not allowed"),
    ("data/kpis/KPI-001.yml", "example_flags: [kpi-at-risk]", "example_flags: [kpi-at-rsk]",
     "example_flags:", "example_flags[1]", "unknown flag kind 'kpi-at-rsk' (did you mean 'kpi-at-risk'?)"),
    (MATRIX, "  - role: sales-coordinator", "  - role: sales-coordinatr", "role: sales-coordinatr",
     "requirements[7].role", "unknown role 'sales-coordinatr'"),
    (MATRIX, "procedures: [QP-010, QP-002]", "procedures: [QP-010, QP-107]", "QP-107",
     "requirements[7].procedures[2]", "unknown procedure 'QP-107'"),
    (MATRIX, "courses: [quality-awareness]", "courses: [quality-awarenes]", "courses: [quality-awarenes]",
     "requirements[1].courses[1]", "unknown course 'quality-awarenes' (did you mean 'quality-awareness'?)"),
    (MATRIX, "procedures: [QP-010, QP-002]", "procedures: [QP-010, QP-023]", "QP-023",
     "requirements[7].procedures[2]", "QP-023 is a draft and is not published (remove it until it is approved)"),
    (MATRIX, "  - role: sales-coordinator", "  - role:  staff", "role:  staff",
     "requirements[7].role", "role 'staff' is listed twice"),
    ("data/people/ravi-patel.yml", "roles: [sales-coordinator, staff]", "roles: [sales-coordinater, staff]",
     "roles:", "roles[1]", "unknown role 'sales-coordinater' (did you mean 'sales-coordinator'?)"),
    ("data/training/records/TR-002.yml", "liam-carter,", "liam-cartr,", "people:", "people[3]",
     "unknown person 'liam-cartr'"),
    ("data/training/records/TR-029.yml", "procedure: QP-002", "procedure: QP-118", "procedure:", "procedure",
     "unknown procedure 'QP-118'"),
    ("data/training/records/TR-029.yml", 'revision: "2"', 'revision: "7"', "revision:", "revision",
     "QP-002 has no revision '7' (use one of: 1, 2, 3)"),
    ("data/training/records/TR-029.yml", 'revision: "2"\n', "", "procedure:", "procedure",
     "say which revision of the procedure was trained"),
    ("data/training/records/TR-029.yml", "procedure: QP-002", "procedure: QP-002\ncourse: esd-awareness",
     "course:", "course", "give a procedure or a course, not both"),
    ("data/training/records/TR-002.yml", "course: esd-awareness", "course: esd-awarenes", "course:", "course",
     "unknown course 'esd-awarenes' (did you mean 'esd-awareness'?)"),
    ("data/training/records/TR-002.yml", "course: esd-awareness", 'course: esd-awareness\nrevision: "2"',
     "revision:", "revision", "a course has no revisions"),
    ("data/training/records/TR-002.yml", "date: 2025-02-10", "date: 2025-02-30", "date:", "date",
     "2025-02-30 is not a real date"),
]


@pytest.mark.parametrize("relative, old, new, needle, field, message", ERROR_CASES,
                         ids=[f"{case[4]}: {case[5][:40]}" for case in ERROR_CASES])
def test_error_class_names_path_line_and_field(org, relative, old, new, needle, field, message):
    edit(org, relative, old, new)
    errors = errors_of(org)
    matching = [error for error in errors if message in error]
    assert matching, errors
    expected_line = line_of(org, relative, needle)
    assert re.match(rf"{re.escape(relative)}:{expected_line}:\d+: {re.escape(field)}: ", matching[0]), matching[0]


def test_missing_training_matrix_is_allowed_but_records_need_courses(org):
    (org / MATRIX).unlink()
    errors = errors_of(org)
    assert errors and all("unknown course" in error for error in errors), errors


# ---------------------------------------------------------------------------
# flags move with QMS_TODAY


def test_flags_on_the_day(org):
    state = state_at(org, DEMO_TODAY)
    [missing] = flags_of(state, "kpi-measurement-missing")
    assert missing.document == "KPI-003" and "2026-Q3" in missing.message
    assert missing.severity == "info" and missing.on_purpose  # declared in its example_flags
    assert missing.file == "data/kpis/KPI-003.yml" and missing.line == line_of(org, "data/kpis/KPI-003.yml",
                                                                               "measurements:")
    assert [flag.document for flag in flags_of(state, "kpi-off-target")] == ["KPI-002"]
    assert [flag.document for flag in flags_of(state, "kpi-at-risk")] == ["KPI-001"]
    assert sorted(flag.document for flag in flags_of(state, "training-missing")) == ["ravi-patel", "sam-doyle"]
    [retrain] = flags_of(state, "retraining-due")
    assert retrain.document == "liam-carter" and "QP-002 revision 2" in retrain.message
    assert "revision 3" in retrain.message and retrain.file == "data/people/liam-carter.yml"
    assert [flag.document for flag in flags_of(state, "training-due")] == ["jack-evans"]
    # every flag kept on purpose is marked so in the data, and nothing else of ours is flagged
    repository = state.repository
    for kind in ("kpi", "person"):
        for doc in repository.of_kind(kind).values():
            raised = {flag.kind for flag in state.analysis.flags if flag.document == doc.id}
            assert raised == set(doc.value("example_flags") or []), (doc.id, raised)


def test_kpi_flags_move_with_today(org):
    before = state_at(org, "2026-09-15")  # last complete month 2026-08, quarter 2026-Q2: all measured
    assert flags_of(before, "kpi-measurement-missing") == []
    # two working days into December, November's values are not yet due; the third quarter's are
    early_in_month = state_at(org, "2026-12-02")
    assert [flag.document for flag in flags_of(early_in_month, "kpi-measurement-missing")] == ["KPI-003"]
    next_month = state_at(org, "2026-12-15")  # ten working days have passed: November is due
    assert [flag.document for flag in flags_of(next_month, "kpi-measurement-missing")] == \
        ["KPI-001", "KPI-002", "KPI-003"]
    earlier = state_at(org, "2026-03-10")  # values after February are not in yet
    summary = kpi_summary(earlier.repository.get("kpi", "KPI-002"), earlier.today)
    assert summary.latest.period == "2026-02" and summary.later == 8
    assert sorted(flag.document for flag in flags_of(earlier, "kpi-off-target")) == ["KPI-001", "KPI-002"]


def test_training_flags_move_with_today(org):
    before_revision = state_at(org, "2026-10-01")  # QP-002 revision 3 takes effect on 2026-10-05
    assert flags_of(before_revision, "retraining-due") == []
    before_start = state_at(org, "2026-11-01")  # Jack Evans starts on 2026-11-09
    assert not [flag for flag in before_start.analysis.flags if flag.document == "jack-evans"]
    after_grace = state_at(org, "2026-12-20")  # 30 days after his start, his gap counts as missing
    [missing] = [flag for flag in flags_of(after_grace, "training-missing") if flag.document == "jack-evans"]
    assert "Production Operator" in missing.message and "QP-002" in missing.message


def test_a_new_retraining_revision_flags_everyone_trained_before_it(org):
    path = org / "data/procedures/QP-001.yml"
    path.write_text(path.read_text().rstrip("\n") + '\n  - rev: "4"\n    date: 2026-11-20\n'
                    "    summary: Added the leak test.\n    approved_by: quality-manager\n    retrain: true\n")
    state = state_at(org, DEMO_TODAY)
    retrain = {flag.document for flag in flags_of(state, "retraining-due")}
    # everyone needs QP-001 (all staff) and trained on revision 2 or 3, Jack too
    assert retrain == {doc.id for doc in state.repository.of_kind("person").values()}
    status = training_status(state.repository, state.today)
    assert status.cell("aisha-begum", next(item for item in status.items_by_role["staff"]
                                           if item.id == "QP-001")).state == "retrain"


def test_kpi_definitions_pass_the_readability_gate_and_fail_it_when_wordy(org):
    assert not [flag for flag in state_at(org, DEMO_TODAY).analysis.flags
                if flag.file.startswith("data/kpis/") and flag.kind in ("plain-words", "long-sentence")]
    edit(org, "data/kpis/KPI-001.yml", "definition: The share",
         "definition: We utilise the despatch report prior to the monthly meeting. The share")
    flags = [flag for flag in state_at(org, DEMO_TODAY).analysis.flags
             if flag.file == "data/kpis/KPI-001.yml" and flag.kind == "plain-words"]
    assert flags and flags[0].line == line_of(org, "data/kpis/KPI-001.yml", "definition:")


def test_flags_in_check_report_move_with_today(org):
    # Only later days: before the demo's day its data is refused (records dated after today).
    def missing(today: str) -> set[str]:
        result = qms(org, "check", "--format", "json", today=today)
        assert result.returncode in (0, 1), result.stderr
        return {flag["document"] for flag in json.loads(result.stdout)["flags"]
                if flag["kind"] == "kpi-measurement-missing"}
    assert missing(DEMO_TODAY) == {"KPI-003"}
    assert missing("2027-01-10") == {"KPI-001", "KPI-002", "KPI-003"}  # nobody has reported December yet


# ---------------------------------------------------------------------------
# the built site: log, dashboard, report


@pytest.mark.slow
def test_flags_reach_the_log_the_dashboard_and_the_report(built, site):
    _, log = built
    expected = [("kpi-measurement-missing", "data/kpis/KPI-004.yml"), ("kpi-off-target", "data/kpis/KPI-002.yml"),
                ("training-missing", "data/people/ravi-patel.yml"),
                ("retraining-due", "data/people/liam-carter.yml")]
    report = json.loads((site / "qms-report.json").read_text())
    dashboard = visible_text(article(site / "dashboard" / "index.html"))
    for kind, file in expected:
        assert kind in dashboard
        if file.startswith("data/people/"):
            # a flag naming a person is in the build log, counted on the dashboard everyone reads, and
            # left out of the site's copy of the report
            assert re.search(rf"(DEBUG|WARNING) .*{re.escape(file)}:\d+: \[{kind}\]", log), (kind, log[-3000:])
            assert not any(item["file"] == file for item in report["flags"])
            assert file not in dashboard
            continue
        flag = next(item for item in report["flags"] if item["kind"] == kind and item["file"] == file)
        severity = "info" if flag["on_purpose"] else "warning"  # kept on purpose in the demo: info level
        assert flag["severity"] == severity and flag["operational"]
        # an operational fact is logged at debug whatever its severity: a strict build does not count it
        assert re.search(rf"DEBUG .*{re.escape(file)}:{flag['line']}: \[{kind}\]", log), (kind, log[-3000:])
        assert f"{file}:{flag['line']}" in dashboard


@pytest.mark.slow
def test_measurement_section_in_the_navigation(site):
    page = (site / "kpis" / "index.html").read_text()
    nav = page[page.index("md-nav--primary"):page.index('class="md-content"')]
    assert "Measurement" in nav
    for href, label in (("KPI-001/", "KPI-001 On-time delivery"), ("../training/matrix/", "Training matrix"),
                        ("../iso-9001/coverage/", "ISO 9001 clause coverage")):
        assert re.search(rf'href="{re.escape(href)}"[^>]*>\s*(<span[^>]*>)?\s*{re.escape(label)}', nav.replace(
            '<abbr title="Key performance indicator">KPI</abbr>', "KPI")), href


# ---------------------------------------------------------------------------
# KPI pages and charts


@pytest.mark.parametrize("kpi_id", ["KPI-001", "KPI-002", "KPI-003", "KPI-004", "KPI-005", "KPI-006"])
@pytest.mark.slow
def test_chart_parses_has_title_and_desc_and_matches_the_data(site, kpi_id):
    data = kpi_data(site.parent, kpi_id)
    assert len(data["measurements"]) >= 12
    page = article(site / "kpis" / kpi_id / "index.html")
    svg_text = re.search(r"<svg[^>]*role=\"img\".*?</svg>", page, re.S).group(0)
    svg = ET.fromstring(svg_text)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None and data["title"] in title.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "href" not in svg_text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    points = [(circle.get("data-period"), float(circle.get("data-value")), float(circle.get("cy")))
              for circle in svg.iter(f"{SVG}circle")]
    assert [(period, value) for period, value, _ in points] == \
        [(item["period"], float(item["value"])) for item in data["measurements"]]
    # the height of each point follows its value on one straight scale
    (_, v1, y1), (_, v2, y2) = min(points, key=lambda p: p[1]), max(points, key=lambda p: p[1])
    if v1 != v2:
        slope = (y2 - y1) / (v2 - v1)
        assert slope < 0  # higher values are drawn higher up
        for _, value, y in points:
            assert abs(y - (y1 + slope * (value - v1))) < 0.05
    # the table gives the same numbers, in words, for screen readers
    rows = table_after(page, "values")
    assert rows[0][:3] == [("Quarter" if data["frequency"] == "quarterly" else "Month"), "Value", "Against target"]
    measured = {item["period"]: float(item["value"]) for item in data["measurements"]}
    for period, value_text, status, *_ in rows[1:]:
        if period in measured:
            number = float(value_text.split("%")[0].split()[0])
            assert number == measured[period], (period, value_text)
            assert status in ("On target", "At risk", "Off target")
        else:
            assert value_text == "No value" and status == "Missing"
    # the description gives the latest value in words
    assert "Latest value:" in desc.text and "Target:" in desc.text


@pytest.mark.slow
def test_kpi_page_states_status_in_words_and_flags_the_missing_period(site):
    page = visible_text(article(site / "kpis" / "KPI-004" / "index.html"))
    assert "No value for 2026-10" in page and "The value for 2026-10 was due on" in page
    assert "no value" in page  # marked in the chart too
    overview = table_after(article(site / "kpis" / "index.html"), "key-performance-indicators")
    by_id = {row[0].split()[0]: row for row in overview[1:]}
    assert by_id["KPI-002"][4] == "Off target" and by_id["KPI-001"][4] == "At risk"
    assert by_id["KPI-005"][4] == "On target" and by_id["KPI-004"][6] == "No value for 2026-10"
    assert by_id["KPI-002"][2] == "78% in 2026-10"


def test_kpi_text_from_data_is_escaped_in_page_and_chart(org):
    edit(org, "data/kpis/KPI-001.yml", "title: On-time delivery", 'title: "<b>Late</b> & {{ config }}"')
    state = state_at(org, DEMO_TODAY, render=True)
    page = next(p for p in state.pages if p.src_uri == "kpis/KPI-001.md").content
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    ET.fromstring(svg)
    assert "<b>" not in page and "&lt;b&gt;Late&lt;/b&gt; &amp; {{ config }}" in svg


# ---------------------------------------------------------------------------
# training matrix and role pages


@pytest.fixture(scope="module")
def named_site(tmp_path_factory) -> Path:
    """The demo built with the named training view (extra.qms.training_names: true)."""
    project = copy_project(tmp_path_factory.mktemp("named") / "portal")
    edit(project, "mkdocs.yml", "training_names: false", "training_names: true")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.slow
def test_matrix_counts_gaps_by_role_and_item_in_words(site):
    page = article(site / "training" / "matrix" / "index.html")
    gaps = table_after(page, "gaps")
    assert gaps[0] == ["Role", "Training", "Still need it"]
    rows = {(row[0], row[1]): row[2] for row in gaps[1:]}
    assert rows[("Production Operator", "QP-018 Production and assembly")] == "1 of 4 people (1 to retrain)"
    assert rows[("Production Operator", "QP-019 Final inspection and testing")] == \
        "1 of 4 people (1 new starter with time left)"
    operators = table_after(page, "role-production-operator")
    assert operators[0] == ["Training", "Trained", "Still need it"]
    cells = {row[0]: row[1:] for row in operators[1:]}
    assert cells["QP-018 Production and assembly"] == ["3 of 4", "1 of 4 people (1 to retrain)"]
    assert cells["Static (ESD) protection"] == ["4 of 4", "None"]
    assert "Fewer than 3 people hold this role" in visible_text(page[page.index('id="role-sales-coordinator"'):])
    assert 'class="qms-status qms-status--retrain"' in page  # colour as well as words


@pytest.mark.slow
def test_named_matrix_shows_people_by_items_with_gaps_in_words(named_site):
    page = article(named_site / "training" / "matrix" / "index.html")
    gaps = table_after(page, "gaps")
    assert gaps[0] == ["Person", "Role", "Training", "Gap"]
    rows = {(row[0], row[2]): row[3] for row in gaps[1:]}
    assert rows[("Ravi Patel", "QP-009 Customer satisfaction survey")] == "Missing"
    assert rows[("Sam Doyle", "Site safety passport")] == "Missing"
    assert rows[("Liam Carter", "QP-018 Production and assembly")].startswith("Retrain: has revision 2")
    assert rows[("Jack Evans", "QP-019 Final inspection and testing")] == "New starter: due by 2026-12-09"
    operators = table_after(page, "role-production-operator")
    header = operators[0]
    assert header[:2] == ["Person", "QP-018"] and "Static (ESD) protection" in header
    cells = {row[0]: dict(zip(header, row)) for row in operators[1:]}
    assert cells["Liam Carter"]["QP-018"].startswith("Retrain")
    assert cells["Aisha Begum"]["QP-018"] == "Done 2026-07-28, revision 3"
    assert cells["Jack Evans"]["QP-021"].startswith("New starter")
    assert 'class="qms-status qms-status--missing"' in page  # colour as well as words


@pytest.mark.slow
def test_role_pages_count_their_gaps(site):
    operator = article(site / "roles" / "production-operator" / "index.html")
    rows = {row[0]: row[1] for row in table_after(operator, "training-gaps")[1:]}
    assert rows == {
        "QP-018 Production and assembly": "1 of 4 people (1 to retrain)",
        "QP-019 Final inspection and testing": "1 of 4 people (1 new starter with time left)",
        "QP-021 Handling, storage and delivery": "1 of 4 people (1 new starter with time left)",
    }
    sales = visible_text(article(site / "roles" / "sales-coordinator" / "index.html"))
    assert "Fewer than 3 people hold this role" in sales
    staff = visible_text(article(site / "roles" / "staff" / "index.html"))
    assert "Everyone in this role has the training it needs." in staff
    assert 'href="../../training/matrix/#role-production-operator"' in operator


@pytest.mark.slow
def test_named_role_pages_list_their_gaps(named_site):
    operator = article(named_site / "roles" / "production-operator" / "index.html")
    rows = {(row[0], row[1]): row[2] for row in table_after(operator, "training-gaps")[1:]}
    assert rows == {
        ("Liam Carter", "QP-018 Production and assembly"): "Retrain: has revision 2; revision 3 needs retraining",
        ("Jack Evans", "QP-019 Final inspection and testing"): "New starter: due by 2026-12-09",
        ("Jack Evans", "QP-021 Handling, storage and delivery"): "New starter: due by 2026-12-09",
    }
    sales = article(named_site / "roles" / "sales-coordinator" / "index.html")
    assert table_after(sales, "training-gaps")[1] == ["Ravi Patel", "QP-009 Customer satisfaction survey", "Missing"]
    manager = visible_text(article(named_site / "roles" / "quality-manager" / "index.html"))
    assert "Everyone in this role has the training it needs." in manager


def test_every_demo_role_has_training_in_the_matrix(org):
    repository = load(org)
    status = training_status(repository, dt.date(2026, 11, 25))
    assert set(status.items_by_role) == set(repository.of_kind("role"))
    assert all(status.people_by_role.get(role) for role in repository.of_kind("role"))


# ---------------------------------------------------------------------------
# clause coverage


@pytest.mark.slow
def test_coverage_page_lists_gaps_and_health(site):
    page = article(site / "iso-9001" / "coverage" / "index.html")
    gaps = {row[0]: row for row in table_after(page, "gaps")[1:]}
    assert "4.3" in gaps and "8.3.1" not in gaps  # 8.3.1 to 8.3.5 are excluded in the demo
    assert gaps["8.3.6"][3] == "1 draft being written"  # drafts are never named on the site
    assert "QP-023" not in page
    assert gaps["5.1.2"][2] == "5.1 Leadership and commitment"
    assert "7.5.1" not in gaps and "7.2" not in gaps
    support = {row[0]: row for row in table_after(page, "7-support")[1:]}
    assert support["7.1.3"][2] == "QP-022" and "QP-022: review overdue" in support["7.1.3"][4]
    assert support["7.5.3.1"][2] == "QP-001 (via 7.5.3), QP-002 (via 7.5.3)"
    assert support["7.1.1"][3] == "Gap: no document"
    assert support["7.5"][3] == "Covered: 4 of 4 clauses below it"
    operation = {row[0]: row for row in table_after(page, "8-operation")[1:]}
    assert "QP-017: fails readability" in operation["8.4.2"][4]
    assert operation["8.2.1"][4] == "No problems found"


def test_coverage_counts_every_clause_once(org):
    state = state_at(org, DEMO_TODAY)
    coverage = clause_coverage(state.repository, state.analysis)
    assert [row.clause.number for row in coverage.rows] == list(iso_clauses())
    leaves = coverage.leaves
    assert all(row.state in ("covered", "gap", "excluded") for row in leaves)
    # a gap has neither a document, nor other evidence, nor an exclusion
    assert {row.clause.number for row in coverage.gaps} == {
        row.clause.number for row in leaves if not row.documents and not row.evidence and row.exclusion is None}
    # obsolete documents never count: QP-024 claims 8.2.1, which QP-010 also covers
    assert "QP-024" not in [doc.id for row in coverage.rows for doc in row.documents]


# ---------------------------------------------------------------------------
# macros for hand-written pages


def test_macros(org):
    from qms.macros import MacroError, Macros
    state = state_at(org, DEMO_TODAY)
    functions = Macros(state, "guide/index.md").functions()
    assert functions["kpi"]("KPI-002") == "[KPI-002 Complaints answered within 2 working days]" \
        "(../kpis/KPI-002.md) (Off target)"
    assert "Control of documented information" in functions["clause"]("7.5.3")
    assert "| KPI | Owner |" in functions["kpi_table"]()
    with pytest.raises(MacroError):
        functions["kpi"]("KPI-999")
    with pytest.raises(MacroError):
        functions["clause"]("7.5.9")


# ---------------------------------------------------------------------------
# JSON Schemas for editors accept the data


def test_json_schemas_accept_the_test_organisations_data(org):
    import jsonschema
    from qms.features import default_registry
    from qms.jsonschema import schema_files

    schemas = schema_files(default_registry())
    for kind, pattern in (("kpi", "kpis/*.yml"), ("training-matrix", "training/matrix.yml"),
                          ("person", "people/*.yml"), ("training-record", "training/records/*.yml")):
        schema = json.loads(schemas[f"{kind}.schema.json"])
        paths = sorted((org / "data").glob(pattern))
        assert paths, pattern
        for path in paths:
            jsonschema.validate(as_an_editor_reads(path), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "KPI-001", "measurements": [{"period": "2026-13", "value": 1}]},
                            json.loads(schemas["kpi.schema.json"]))


def test_clauses_of_other_kinds_are_checked_but_do_not_cover(org):
    audit = "data/audits/IA-2026-01.yml"  # lists clauses 7.5.1 to 7.5.3, as QP-001 does
    state = state_at(org, DEMO_TODAY)
    covering = {(doc.kind, doc.id) for row in clause_coverage(state.repository, state.analysis).rows
                for doc in row.documents}
    assert {kind for kind, _ in covering} == {"procedure"} and ("audit", "IA-2026-01") not in covering
    edit(org, audit, 'clauses: ["7.5.1",', 'clauses: ["9.9",')
    errors = errors_of(org)
    assert any(error.startswith(f"{audit}:{line_of(org, audit, '9.9')}:") and
               "unknown ISO 9001:2015 clause '9.9'" in error for error in errors), errors
