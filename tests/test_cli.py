"""The qms command: exit codes, readability JSON, new documents, schemas, severity and baseline."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest

from qms.cli import build_parser
from qms.features import default_registry
from qms.jsonschema import schema_files, stale_schemas
from qms.build import load

from conftest import ROOT, as_an_editor_reads, qms


def set_severity(org, mapping: dict[str, str]) -> None:
    config = org / "mkdocs.yml"
    lines = "".join(f"      {kind}: {level}\n" for kind, level in mapping.items())
    text = config.read_text()
    assert "  qms:\n" in text
    config.write_text(text.replace("  qms:\n", "  qms:\n    severity:\n" + lines, 1))


def make_overdue(org, doc_id: str = "QP-010") -> None:
    """A review problem nobody declared on purpose."""
    path = org / f"data/procedures/{doc_id}.yml"
    text = path.read_text()
    start = text.index("last_reviewed: ")
    path.write_text(text[:start] + "last_reviewed: 2024-01-10" + text[start + len("last_reviewed: 2026-03-10"):])


def add_unplain_step(org, doc_id: str = "QP-010") -> None:
    """A document problem: a step that does not say who acts (a warning), with words that have plainer
    alternatives (info)."""
    path = org / f"data/procedures/{doc_id}.yml"
    text = path.read_text()
    start = text.index("steps:\n") + len("steps:\n")
    indent = text[start:text.index("- role:", start)]  # the file's own indentation of its list
    path.write_text(text[:start] + f"{indent}- role: staff\n{indent}  action: The form shall be utilised prior "
                    "to the audit.\n" + text[start:])


def test_help_explains_itself():
    result = subprocess.run([sys.executable, "-m", "qms.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("check", "build", "readability", "new", "schema", "baseline"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "qms.cli", "frobnicate"], capture_output=True, text=True)
    assert result.returncode == 2


def test_check_shows_warnings_hides_kept_flags_and_fails_strictly(org):
    result = qms(org, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "QMS checks: 12 documents, 0 errors, 0 warnings, 2 info" in result.stdout
    assert "[kpi-off-target]" not in result.stdout  # KPI-002's is kept on purpose: info level, -v only
    assert "KPI-002 Complaints answered within 2 working days is off target" in \
        qms(org, "check", "--operational", "-v").stdout
    # Kestrel plans no next management review: an operational warning, which only a check of
    # operational facts counts
    strict = qms(org, "check", "--strict")
    assert strict.returncode == 0 and "[management-review-unplanned]" not in strict.stdout
    assert "operational facts" in strict.stdout and "qms check --operational" in strict.stdout
    nightly = qms(org, "check", "--operational", "--strict")
    assert nightly.returncode == 1 and "[management-review-unplanned]" in nightly.stdout
    assert qms(org, "check", "--operational").returncode == 0
    make_overdue(org)
    assert "QP-010 review was due on 2025-01-10" in qms(org, "check", "--operational").stdout
    assert "QP-010 review was due on 2025-01-10" not in qms(org, "check").stdout
    add_unplain_step(org)
    failed = qms(org, "check", "--strict")
    assert failed.returncode == 1 and "[no-actor] QP-010" in failed.stdout


def test_check_reports_data_errors_with_exit_2(org):
    path = org / "data/procedures/QP-001.yml"
    path.write_text(path.read_text().replace("owner: document-controller", "owner: ghost"))
    result = qms(org, "check")
    assert result.returncode == 2
    assert "data/procedures/QP-001.yml:" in result.stderr and "unknown role 'ghost'" in result.stderr


@pytest.mark.parametrize("level, exit_code, log_word", [("error", 1, "error"), ("warning", 0, "warning"),
                                                         ("info", 0, "info")])
def test_each_severity_level(org, level, exit_code, log_word):
    make_overdue(org)
    set_severity(org, {"review-overdue": level})
    result = qms(org, "check", "--operational", "-v")
    assert result.returncode == exit_code, result.stdout
    line = next(l for l in result.stdout.splitlines() if "[review-overdue] QP-010" in l)
    assert line.endswith(f"({log_word})  operational")
    # an operational fact never fails the check of documents, whatever its severity
    assert qms(org, "check", "--strict").returncode == 0


@pytest.mark.parametrize("level, exit_code", [("error", 1), ("warning", 0), ("info", 0)])
def test_each_severity_level_of_a_document_problem(org, level, exit_code):
    add_unplain_step(org)
    set_severity(org, {"plain-words": level})
    result = qms(org, "check", "-v")
    assert result.returncode == exit_code, result.stdout
    line = next(l for l in result.stdout.splitlines() if "[plain-words] QP-010" in l)
    assert line.endswith(f"({level})")


@pytest.mark.slow
def test_error_severity_fails_the_build(org):
    from conftest import mkdocs_build
    add_unplain_step(org)
    set_severity(org, {"plain-words": "error"})
    failed = mkdocs_build(org)
    assert failed.returncode != 0 and "at error level" in failed.stderr


@pytest.mark.slow
def test_strict_build_fails_on_warnings_plain_build_passes(org):
    from conftest import mkdocs_build
    add_unplain_step(org)
    assert mkdocs_build(org).returncode == 0
    strict = mkdocs_build(org, "--strict")
    assert strict.returncode != 0 and "[no-actor]" in strict.stderr


@pytest.mark.slow
def test_operational_facts_never_fail_a_strict_build(org):
    from conftest import mkdocs_build
    make_overdue(org)
    set_severity(org, {"review-overdue": "error"})
    strict = mkdocs_build(org, "--strict", "--verbose")  # -v: each operational fact is logged at debug
    assert strict.returncode == 0, strict.stderr
    line = next(l for l in strict.stderr.splitlines() if "[review-overdue] QP-010" in l)
    assert line.startswith("DEBUG")


def test_unknown_severity_setting_is_a_clear_error(org):
    set_severity(org, {"review-overdu": "warning"})
    result = qms(org, "check")
    assert result.returncode == 2
    assert "extra.qms.severity.review-overdu: unknown flag kind" in result.stderr


def test_baseline_accepts_todays_flags_only(org):
    add_unplain_step(org)
    before = qms(org, "check", "--strict")
    assert before.returncode == 1
    written = qms(org, "baseline")
    assert written.returncode == 0 and (org / "qms-baseline.json").exists()
    after = qms(org, "check", "--strict")
    assert after.returncode == 0, after.stdout
    # a new problem is still caught
    path = org / "data/procedures/QP-002.yml"
    text = path.read_text()
    path.write_text(text.replace("steps:\n", "steps:\n  - role: staff\n    action: The form shall be utilised prior to the audit.\n", 1))
    new = qms(org, "check", "--strict")
    assert new.returncode == 1
    assert "QP-002" in new.stdout and "shall" in new.stdout


def test_readability_json(tmp_path):
    sample = tmp_path / "sample.md"
    sample.write_text("# Title\n\nUtilise the form prior to the audit. Check it.\n\n```\ncode is not prose\n```\n")
    result = subprocess.run([sys.executable, "-m", "qms.cli", "--root", str(ROOT), "readability", str(sample)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("words", "sentences", "syllables", "flesch_reading_ease", "flesch_kincaid_grade",
                "flagged_sentences", "phrases"):
        assert key in data
    assert data["sentences"] == 2
    assert {p["suggestion"] for p in data["phrases"]} >= {"use", "before"}
    stdin = subprocess.run([sys.executable, "-m", "qms.cli", "--root", str(ROOT), "readability", "-"],
                           input="Check the gauge. Record the result.", capture_output=True, text=True)
    assert json.loads(stdin.stdout)["words"] == 6


def test_new_procedure_is_valid_with_next_id_and_today(org):
    result = qms(org, "new", "procedure", "Handling returns", today="2026-12-01")
    assert result.returncode == 0, result.stderr
    path = org / result.stdout.strip()
    assert path.name == "QP-025.yml"
    text = path.read_text()
    assert "2026-12-01" in text and 'title: "Handling returns"' in text
    repository = load(org, today=dt.date(2026, 12, 1))
    assert repository.get("procedure", "QP-025").status == "draft"
    role = qms(org, "new", "role", "Health and Safety Lead", today="2026-12-01")
    assert role.returncode == 0 and (org / "data/roles/health-and-safety-lead.yml").exists()
    load(org, today=dt.date(2026, 12, 1))
    bad = qms(org, "new", "widget", "x")
    assert bad.returncode == 2


@pytest.mark.parametrize("kind, folder, doc_id", [
    ("work-instruction", "work-instructions", "WI-003"),
    ("external-document", "external-documents", "EXT-003"),
])
def test_new_work_instruction_and_external_document_are_valid_drafts(org, kind, folder, doc_id):
    result = qms(org, "new", kind, 'Check the "bench": daily', "--owner", "production-manager", today="2026-12-01")
    assert result.returncode == 0, result.stderr
    path = org / result.stdout.strip()
    assert path == org / "data" / folder / f"{doc_id}.yml"
    assert "# yaml-language-server: $schema=../../schemas/" + kind + ".schema.json" in path.read_text()
    doc = load(org, today=dt.date(2026, 12, 1)).get(kind, doc_id)
    assert (doc.status, doc.title, doc.owner, doc.clauses) == ("draft", 'Check the "bench": daily',
                                                               "production-manager", [])
    assert doc.revisions[-1].date == dt.date(2026, 12, 1)
    checked = qms(org, "check", today="2026-12-01")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    again = qms(org, "new", kind, "Another one", today="2026-12-01")
    assert again.stdout.strip().endswith(doc_id[:-1] + "4.yml")


def test_new_form_says_where_its_file_goes_and_passes_once_it_is_there(org):
    result = qms(org, "new", "form", "Returns label", "--area", "operations", today="2026-12-01")
    assert result.returncode == 0, result.stderr
    path = org / result.stdout.strip()
    assert path == org / "data" / "forms" / "FRM-003.yml"
    text = path.read_text()
    assert "in data/forms/files/ and write its name here" in text and "file: files/FRM-003.docx" in text
    assert "area: operations" in text
    missing = qms(org, "check", today="2026-12-01")
    assert missing.returncode == 2
    assert "data/forms/FRM-003.yml:10:1: file: 'files/FRM-003.docx' does not exist" in missing.stderr
    # the missing file does not stop the next new document: qms new counts it for 'qms check'
    another = qms(org, "new", "form", "Another form", today="2026-12-01")
    assert (another.returncode, another.stdout) == (0, "data/forms/FRM-004.yml\n")
    assert another.stderr == "note: the data has 1 problem; run 'qms check' to see it\n"
    for doc_id in ("FRM-003", "FRM-004"):
        (org / "data" / "forms" / "files" / f"{doc_id}.docx").write_bytes(b"PK a form from the office suite")
    checked = qms(org, "check", today="2026-12-01")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert load(org, today=dt.date(2026, 12, 1)).get("form", "FRM-003").status == "draft"


def test_new_lists_every_kind_it_can_write(org):
    bad = qms(org, "new", "widget", "x")
    assert bad.returncode == 2
    assert "cannot create a 'widget': use one of procedure, role, form, work-instruction, external-document" \
        in bad.stderr
    assert "form, work-instruction or external-document" in " ".join(qms(org, "new", "--help").stdout.split())


def test_schemas_go_to_a_folder_outside_the_project_and_a_folder_that_cannot_be_made_is_one_message(tmp_path):
    outside = tmp_path / "elsewhere"
    result = qms(ROOT, "schema", "--dir", str(outside))
    assert result.returncode == 0, result.stderr
    assert f"{outside / 'procedure.schema.json'}" in result.stdout.splitlines()
    assert (outside / "procedure.schema.json").is_file()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = qms(ROOT, "schema", "--dir", str(blocked / "schemas"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"qms schema: cannot write the schemas in {blocked / 'schemas'}: ")


def test_committed_json_schemas_are_current():
    assert not stale_schemas(ROOT / "schemas", default_registry()), "run 'qms schema' and commit schemas/"


@pytest.mark.parametrize("kind, folder", [("procedure", "procedures"), ("role", "roles")])
def test_json_schemas_accept_the_demo_data(kind, folder):
    import jsonschema
    schema = json.loads(schema_files(default_registry())[f"{kind}.schema.json"])
    for path in sorted((ROOT / "data" / folder).glob("*.yml")):
        jsonschema.validate(as_an_editor_reads(path), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "titel": "typo"}, schema)


def test_parser_lists_every_subcommand():
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    assert {"check", "build", "readability", "new", "schema", "baseline"} <= set(choices)


BUYING = """\
id: QP-030
title: Buying parts
area: production
status: draft
purpose: Buy the right parts at the right price.
owner: quality-manager
steps:
  - role: quality-manager
    action: Check the price.
    note: |
      Before you order:

      | Who | What |
      |---|---|
      | Buyer | The buyer checks the price and the date on the order and then asks the boss to sign it before the order goes to the firm that sells us the part we need. |
    substeps:
      - role: quality-manager
        action: Ask for a quote.
        note: "**Note:** Keep the quote."
  - role: quality-manager
    action: Place the order.
"""


def test_readability_of_a_procedure_file_reads_its_prose_fields_with_paths_and_lines(org):
    (org / "data/procedures/QP-030.yml").write_text(BUYING)
    result = qms(org, "readability", "data/procedures/QP-030.yml")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    places = [line.split(": grade ")[0] for line in lines[:-1]]
    assert places == [
        "data/procedures/QP-030.yml:5 purpose",
        "data/procedures/QP-030.yml:9 steps[1].action",
        "data/procedures/QP-030.yml:10 steps[1].note",
        "data/procedures/QP-030.yml:18 steps[1].substeps[1].action",
        "data/procedures/QP-030.yml:19 steps[1].substeps[1].note",
        "data/procedures/QP-030.yml:21 steps[2].action",
    ]
    note = lines[2]
    assert "36 words" in note and "long-sentence" in note  # the 33-word sentence in the note's table
    # ... which is on line 15 of the file, in the table's row
    assert "\n    line 15: long-sentence" in result.stdout and "(33 words" in result.stdout
    assert "3 words" in lines[4]  # "**Note:**" is a label: "Keep the quote." is what is read
    assert lines[-1].startswith("data/procedures/QP-030.yml: 57 words in 7 sentences")
    # keys, ids and other fields are never read as prose
    for key in ("id:", "QP-030", "title", "Buying parts", "role", "quality-manager", "area"):
        assert key not in result.stdout.replace("data/procedures/QP-030.yml", ""), key
    as_json = json.loads(qms(org, "readability", "data/procedures/QP-030.yml", "--json").stdout)
    assert [(f["field"], f["line"]) for f in as_json["fields"]] == [
        ("purpose", 5), ("steps[1].action", 9), ("steps[1].note", 10), ("steps[1].substeps[1].action", 18),
        ("steps[1].substeps[1].note", 19), ("steps[2].action", 21)]
    assert as_json["report"]["words"] == 57 and as_json["kind"] == "procedure" and as_json["id"] == "QP-030"
    (flagged,) = as_json["fields"][2]["flagged_sentences"]
    assert flagged["line"] == 15 and flagged["words"] == 33 and "long-sentence" in flagged["reasons"]


def test_readability_of_the_demo_procedure_is_not_read_from_its_keys():
    result = subprocess.run([sys.executable, "-m", "qms.cli", "--root", str(ROOT), "readability",
                             str(ROOT / "data/procedures/QP-017.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("data/procedures/QP-017.yml:5 purpose: grade ") and "33 words" in first
    assert "long-sentence" in first
    assert "id: QP-017" not in result.stdout and "title:" not in result.stdout
    grades = [float(line.split(": grade ")[1].split(",")[0]) for line in result.stdout.splitlines()[:-1]
              if ": grade " in line]
    assert max(grades) < 30  # a field, not the whole file read as one sentence (grade 55)


def test_readability_of_other_kinds_reads_what_their_gates_read(org):
    kpi = qms(org, "readability", "--json", *[str(p.relative_to(org)) for p in sorted((org / "data/kpis").glob("*.yml"))[:1]])
    assert kpi.returncode == 0, kpi.stderr
    assert [f["field"] for f in json.loads(kpi.stdout)["fields"]] == ["definition"]
    role = sorted((org / "data/roles").glob("*.yml"))[0]
    plain = qms(org, "readability", str(role.relative_to(org)))
    assert plain.returncode == 0 and "nothing to read" in plain.stdout and "(role)" in plain.stdout


def test_readability_of_a_file_that_is_no_document_exits_2(org, tmp_path):
    stray = tmp_path / "notes.yml"
    stray.write_text("purpose: Some text.\n")
    result = qms(org, "readability", str(stray))
    assert result.returncode == 2
    assert "not a document the portal knows" in result.stderr and "data/procedures/" in result.stderr
    assert "Traceback" not in result.stderr
    missing = qms(org, "readability", "data/procedures/QP-999.yml")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    (org / "data/procedures/QP-031.yml").write_text("id: QP-031\ntitle: [broken\n")
    broken = qms(org, "readability", "data/procedures/QP-031.yml")
    assert broken.returncode == 2 and "data/procedures/QP-031.yml:" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_schema_check_names_a_missing_and_a_left_over_schema_file(project):
    shutil.copytree(ROOT / "schemas", project / "schemas")
    assert qms(project, "schema", "--check").returncode == 0
    (project / "schemas" / "procedure.schema.json").unlink()
    (project / "schemas" / "risk.schema.json").write_text("{}\n", encoding="utf-8")
    result = qms(project, "schema", "--check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.endswith("procedure.schema.json is missing: run 'qms schema' to write it") for line in lines)
    assert any(line.endswith("risk.schema.json belongs to no kind of this portal: delete it") for line in lines)
    assert len(lines) == 2


def test_new_writes_into_the_data_folder_it_is_given(project):
    shutil.copytree(project / "data", project / "other-data")
    result = qms(project, "new", "procedure", "Handling returns", "--data", "other-data")
    assert result.returncode == 0, result.stderr
    written = result.stdout.strip()
    assert written.startswith("other-data/procedures/QP-") and (project / written).exists()
