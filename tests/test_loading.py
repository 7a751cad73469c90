"""Loading and validation: one failing fixture per error class, each with file, line and field."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.build import load

from conftest import copy_project, edit, errors_of, line_of

QP = "data/procedures/QP-001.yml"


def test_the_test_organisation_loads(org):
    repository = load(org)
    procedures = repository.of_kind("procedure")
    assert sorted(d.id for d in procedures.values() if d.status == "approved") == ["QP-001", "QP-002", "QP-004",
                                                                                    "QP-010"]
    assert {d.id: d.status for d in procedures.values() if d.status != "approved"} == {"QP-023": "draft",
                                                                                       "QP-024": "obsolete"}
    assert len(repository.areas) == 8
    assert len(repository.of_kind("role")) == 7


# The text on the line each error of the table below must point at, by field.
LINE_OF_ERROR = {"": "title: [unclosed", "owner": "owner: document-controler", "review.last_reviewed": "last_reviewed:",
                 "scpoe": "scpoe:", "review.interval_months": "interval_months:", "status": "status: aproved",
                 "related[2]": "related: [QP-002, QP-", "area": "area: documentz", "clauses[2]": "clauses:",
                 "revisions[3]": 'rev: "3"', "superseded_by": "superseded_by:", "steps": "steps: []"}


@pytest.mark.parametrize("old, new, field, message", [
    ("title: Control of documented information", "title: [unclosed", "", "YAML syntax error"),
    ("owner: document-controller", "owner: document-controler", "owner",
     "unknown role 'document-controler' (did you mean 'document-controller'?)"),
    ("last_reviewed: 2026-04-14", "last_reviewed: 2026-02-30", "review.last_reviewed",
     "2026-02-30 is not a real date"),
    ("scope:", "scpoe:", "scpoe", "unknown field (did you mean 'scope'?)"),
    ("interval_months: 12", "interval_months: 012", "review.interval_months", "leading zero"),
    ("interval_months: 12", "interval_months: twelve", "review.interval_months", "expected a whole number"),
    ("status: approved", "status: aproved", "status", "did you mean 'approved'?"),
    ("related: [QP-002]", "related: [QP-002, QP-999]", "related[2]", "unknown procedure 'QP-999'"),
    ("area: documents", "area: documentz", "area", "unknown area 'documentz'"),
    ("related: [QP-002]", "related: [QP-002, QP-023]", "related[2]", "QP-023 is a draft"),
    ('clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["7.5.1", "11.2"]', "clauses[2]", "'11.2' is not valid"),
    ("    approved_by: quality-manager\n", "", "revisions[3]", "has no approver"),
    ("status: approved", "status: approved\nsuperseded_by: QP-002", "superseded_by",
     "only an obsolete document can be superseded"),
    ("steps:", "steps: []\nold_steps:", "steps", "needs at least 1 item"),
])
def test_error_class_names_file_line_and_field(org, old, new, field, message):
    if old == "    approved_by: quality-manager\n":
        # drop the approver of the latest revision only
        path = org / QP
        text = path.read_text()
        index = text.rindex(old)
        path.write_text(text[:index] + text[index + len(old):])
    else:
        edit(org, QP, old, new)
    errors = errors_of(org)
    assert errors, "expected an error"
    if not message:
        return
    matching = [e for e in errors if message in e]
    assert matching, errors
    error = matching[0]
    assert error.startswith(f"{QP}:"), error
    line = int(error.split(":")[1])
    assert line == line_of(org, QP, LINE_OF_ERROR[field]), error
    if field:
        assert f": {field}: " in error, error


def test_messages_point_at_the_right_line(org):
    edit(org, QP, "owner: document-controller", "owner: nobody")
    expected = line_of(org, QP, "owner: nobody")
    [error] = errors_of(org)
    assert error.startswith(f"{QP}:{expected}:8: owner: unknown role 'nobody'")


def test_duplicate_key_is_rejected_with_both_lines(org):
    edit(org, QP, "scope:", "title: Again\nscope:")
    [error] = [e for e in errors_of(org) if "duplicate key" in e]
    assert "duplicate key 'title' (first on line 2)" in error
    assert error.startswith(f"{QP}:{line_of(org, QP, 'title: Again')}:")


def test_duplicate_id_names_both_files(org):
    text = (org / "data/procedures/QP-002.yml").read_text()
    (org / "data/procedures/QP-099.yml").write_text(text)
    errors = errors_of(org)
    assert any("duplicate id 'QP-002': already used by data/procedures/QP-002.yml:1" in e for e in errors), errors


def test_all_errors_of_a_run_are_reported_together(org):
    edit(org, QP, "owner: document-controller", "owner: nobody")
    edit(org, "data/procedures/QP-002.yml", "status: approved", "status: maybe")
    edit(org, "data/roles/quality-manager.yml", "title:", "titel:")
    files = [error.split(":")[0] for error in errors_of(org)]
    # 'titel:' for the required 'title:' is one problem: the unknown key names the field it stands for
    assert files == [QP, "data/procedures/QP-002.yml", "data/roles/quality-manager.yml"]


def test_obsolete_without_successor(org):
    path = org / "data/procedures/QP-024.yml"
    path.write_text("\n".join(l for l in path.read_text().splitlines() if not l.startswith("superseded_by")))
    assert any("an obsolete document must say what replaces it" in e for e in errors_of(org))


def test_superseded_by_nothing(org):
    edit(org, "data/procedures/QP-024.yml", "superseded_by: QP-010", "superseded_by: QP-404")
    assert any("superseded_by: unknown procedure 'QP-404'" in e for e in errors_of(org))


def test_yaml_11_surprises_are_kept_or_rejected(tmp_path):
    org = copy_project(tmp_path / "p")
    edit(org, "data/roles/quality-manager.yml", "title: Quality Manager", "title: NO")
    edit(org, "data/procedures/QP-024.yml", 'rev: "2"', "rev: 1.10")
    repository = load(org)
    assert repository.get("role", "quality-manager").title == "NO"
    assert repository.get("procedure", "QP-024").revisions[-1].rev == "1.10"


def test_yes_in_a_boolean_field_gets_a_hint(org):
    edit(org, QP, 'summary: Added review reminders and the rule on printed copies.',
         'summary: Added review reminders.\n    retrain: yes')
    [error] = errors_of(org)
    assert "revisions[3].retrain: expected true or false, found 'yes'" in error
    assert "YAML 1.1" in error


def test_wrong_type_list_for_text(org):
    edit(org, QP, "purpose: This procedure", "purpose:\n  - This procedure")
    assert any("purpose: expected text, found a list" in e for e in errors_of(org))


def test_file_name_must_match_id(org):
    (org / "data/procedures/QP-001.yml").rename(org / "data/procedures/QP-100.yml")
    assert any("does not match the file name 'QP-100.yml'" in e for e in errors_of(org))


def test_reporting_loop(org):
    edit(org, "data/roles/managing-director.yml", "title:", "reports_to: quality-manager\ntitle:")
    assert any("reporting lines go round in a circle" in e for e in errors_of(org))


def test_empty_file_and_non_yaml_file(org):
    (org / "data/roles/empty.yml").write_text("")
    (org / "data/roles/notes.txt").write_text("hello")
    errors = errors_of(org)
    assert any(e.startswith("data/roles/empty.yml:1:1:") and "the file is empty" in e for e in errors)
    # a whole-file problem has no line: it reads "path: message"
    assert any(e.startswith("data/roles/notes.txt: is not a .yml file") for e in errors), errors


def test_values_are_typed(org):
    repository = load(org)
    doc = repository.get("procedure", "QP-001")
    assert doc.review.last_reviewed == dt.date(2026, 4, 14)
    assert doc.review.interval_months == 12
    assert doc.line("steps", 0, "action") > doc.line("steps")


def test_plain_words_duplicates_are_data_errors(org):
    path = org / "data/plain-words.yml"
    path.write_text(path.read_text().replace("replacements:\n", "replacements:\n  - phrase: Utilise\n    suggestion: use\n", 1))
    errors = errors_of(org)
    assert any(e.startswith("data/plain-words.yml:") and "is listed twice" in e for e in errors), errors
