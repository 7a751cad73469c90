"""Messages on bad data as a tester met them: one message per problem, at its file and line, naming
the field and what to do, and never one that contradicts another or blames the wrong file."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import DEMO_TODAY, edit, errors_of, qms
from qms.features import default_registry
from qms.scaffold import ScaffoldError, new_document, slug

QP024 = "data/procedures/QP-024.yml"
QP001 = "data/procedures/QP-001.yml"
TODAY = dt.date.fromisoformat(DEMO_TODAY)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("QMS_NO_CACHE", "1")


def only(errors: list[str], needle: str) -> str:
    found = [error for error in errors if needle in error]
    assert len(found) == 1, errors
    return found[0]


# A copy of a file ------------------------------------------------------------------------------

@pytest.mark.parametrize("copy", ["QP-024 (copy).yml", "A copy of QP-024.yml", "QP-024 copy.yml"])
def test_a_copy_is_blamed_and_never_the_original(org, copy):
    shutil.copy(org / QP024, org / "data/procedures" / copy)
    errors = errors_of(org)
    assert errors == [f"data/procedures/{copy}:1:1: id: duplicate id 'QP-024': already used by {QP024}:1 "
                      "(this file looks like a copy of QP-024.yml: delete it, or give it its own id and name the "
                      "file after that id)"]


def test_two_files_named_after_other_ids_with_one_id(org):
    for name in ("QP-098.yml", "QP-099.yml"):
        shutil.copy(org / QP024, org / "data/procedures" / name)
    (org / QP024).unlink()
    errors = errors_of(org)
    only(errors, "QP-098.yml:1:1: id: the id 'QP-024' does not match the file name")
    duplicate = only(errors, "QP-099.yml:1:1: id: duplicate id 'QP-024': already used by data/procedures/QP-098.yml:1")
    assert "give each document its own id" in duplicate


# Document ids ----------------------------------------------------------------------------------

def test_a_badly_written_successor_is_one_message_with_the_real_rule(org):
    edit(org, QP024, "superseded_by: QP-010", "superseded_by: QP-10")
    assert errors_of(org) == [f"{QP024}:5:16: superseded_by: 'QP-10' is not valid (write 2 to 5 capital letters, "
                              "a hyphen and 3 or 4 digits, e.g. QP-004)"]


def test_an_empty_successor_still_asks_for_one(org):
    edit(org, QP024, "superseded_by: QP-010", "superseded_by:")
    assert errors_of(org) == [f"{QP024}:4:1: status: an obsolete document must say what replaces it "
                              "(add 'superseded_by: <id>')"]


def test_every_document_reference_states_the_rule(org):
    edit(org, QP001, "related: [", "related: [QP-1, ")
    error = only(errors_of(org), "related[1]")
    assert "'QP-1' is not valid (write 2 to 5 capital letters, a hyphen and 3 or 4 digits" in error


# Wording ---------------------------------------------------------------------------------------

def test_a_blank_required_value_is_not_told_to_be_removed(org):
    edit(org, QP001, "action: Ask the document controller", 'action: "  "\n    note: Ask the document controller')
    error = only(errors_of(org), "steps[1].action")
    assert error.endswith("steps[1].action: is empty (write a value)"), error


def test_a_blank_optional_value_may_be_removed(org):
    edit(org, QP001, "record: Document register entry", 'record: "  "')
    error = only(errors_of(org), "steps[2].record")
    assert error.endswith("steps[2].record: is empty (write a value or remove the field)"), error


def test_a_required_value_left_out_says_what_to_write(org):
    edit(org, QP001, "action: Ask the document controller for a new number before you write a new document.",
         "action:")
    error = only(errors_of(org), "steps[1].action")
    assert "is required but empty (write a value after 'action:' — the action" in error, error
    assert error.count("(") == 1 and error.endswith(")"), error


@pytest.mark.parametrize(("date", "why"), [
    ("2026-13-01", "there is no month 13"),
    ("2026-02-30", "February has 28 days"),
    ("2026-02-29", "2026 is not a leap year, so February has 28 days"),
    ("2026-09-31", "September has 30 days"),
    ("2026-01-00", "there is no day 0"),
])
def test_an_impossible_date_is_said_plainly(org, date, why):
    edit(org, QP001, "date: 2022-09-05", f"date: {date}")
    errors = [error for error in errors_of(org) if "is not a real date" in error]
    assert len(errors) == 1 and errors[0].endswith(f"{date} is not a real date: {why} (write it as YYYY-MM-DD)"), \
        errors


def test_a_misspelt_required_key_is_one_message(org):
    edit(org, "data/roles/quality-manager.yml", "title:", "titel:")
    errors = [error for error in errors_of(org) if "quality-manager.yml" in error]
    assert len(errors) == 1, errors
    assert errors[0].endswith("titel: unknown field; did you mean 'title'? (rename it to 'title:', which is required)")


def test_a_misspelt_key_next_to_the_right_one_is_still_unknown(org):
    edit(org, "data/roles/quality-manager.yml", "title:", "titel: Extra\ntitle:")
    error = only(errors_of(org), "titel")
    assert error.endswith("titel: unknown field (did you mean 'title'?)")


@pytest.mark.parametrize(("written", "hint"), [
    ("'Document Controller'", "did you mean 'document-controller'? write the role's id, not its title"),
    ("document_controller", "did you mean 'document-controller'? use lower-case words joined by hyphens"),
    ("Document-Controller", "did you mean 'document-controller'?"),
])
def test_a_role_written_as_its_title_names_the_id(org, written, hint):
    edit(org, QP001, "owner: document-controller", f"owner: {written}")
    error = only(errors_of(org), "owner:")
    assert f"{QP001}:7:8: owner: {written.strip(chr(39))!r} is not the id of a role ({hint}" in error, error


def test_a_person_written_as_a_name_names_the_id(org):
    record = "data/training/records/TR-002.yml"
    edit(org, record, "people: [dan-kowalski, aisha-begum,", "people: [dan-kowalski, Aisha Begum,")
    assert errors_of(org) == [f"{record}:4:24: people[2]: 'Aisha Begum' is not the id of a person (did you mean "
                              "'aisha-begum'? use lower-case words joined by hyphens, e.g. quality-manager)"]


def test_a_role_written_wrongly_with_no_such_role_keeps_the_rule(org):
    edit(org, QP001, "owner: document-controller", "owner: 'Head Chef'")
    assert errors_of(org) == [f"{QP001}:7:8: owner: 'Head Chef' is not valid (use lower-case words joined by "
                              "hyphens, e.g. quality-manager)"]


# The roles folder --------------------------------------------------------------------------------

def test_a_missing_roles_folder_is_one_error_and_one_note(org):
    shutil.rmtree(org / "data/roles")
    errors = errors_of(org)
    assert "data/roles/: is missing, so no role can be read (create the folder with one .yml file per role, " \
           "e.g. data/roles/quality-manager.yml)" in errors
    assert len(errors) == 2, errors
    note = next(error for error in errors if "not checked" in error)
    assert "others to roles were not checked, because data/roles/ is missing (see the error on data/roles/)" in note


def test_a_roles_folder_with_capitals_is_named_and_the_rest_not_checked(org):
    (org / "data/roles").rename(org / "data/Roles")
    errors = errors_of(org)
    assert errors[0] == "data/Roles/: is not read: folder names are case-sensitive, and the portal reads " \
                        "'data/roles/' (rename it to roles)"
    assert len(errors) == 2 and "not checked, because data/Roles/ is not read" in errors[1], errors


def test_a_misspelt_roles_folder_is_one_error(org):
    (org / "data/roles").rename(org / "data/role")
    errors = errors_of(org)
    assert "data/role/: is not a folder the portal reads (did you mean 'data/roles/'?)" in errors
    assert len(errors) == 2 and any("not checked, because data/role/ is not read" in error for error in errors), errors


def test_a_missing_folder_nobody_names_is_no_error(org):
    shutil.rmtree(org / "data/improvements")
    for path in org.glob("data/**/*.yml"):
        if "IMP-" in path.read_text():
            pytest.skip("the test organisation names an improvement")
    from qms.build import load
    load(org, today=TODAY)


def test_an_onboarding_path_for_a_missing_role_never_suggests_its_own_name(org):
    (org / "data/roles/sales-coordinator.yml").unlink()
    error = only(errors_of(org), "data/onboarding/sales-coordinator.yml:1:1: id: no role has the id")
    assert "e.g. sales-coordinator" not in error
    assert "add the role 'sales-coordinator' to data/roles/" in error, error


# qms new -----------------------------------------------------------------------------------------

def new(org, kind: str, title: str, **options):
    return new_document(org, default_registry(), kind, title, today=TODAY, **options)


@pytest.mark.parametrize("title", ["", "   "])
def test_new_refuses_an_empty_title(org, title):
    with pytest.raises(ScaffoldError, match="the title is empty: give the new procedure a title"):
        new(org, "procedure", title)
    assert not (org / "data/procedures/QP-025.yml").exists()


@pytest.mark.parametrize(("kind", "limit"), [("procedure", 120), ("role", 80)])
def test_new_refuses_a_title_over_the_schemas_limit(org, kind, limit):
    kind_spec = default_registry().kinds_by_name[kind]
    assert kind_spec.schema.fields["title"].type.max_length == limit
    new(org, kind, "W" * limit)  # at the limit: written, and it loads
    with pytest.raises(ScaffoldError, match=f"the title is {limit + 1} characters long; a {kind}'s title may "
                                            f"have at most {limit}: shorten it"):
        new(org, kind, "X" * (limit + 1))


def test_new_refuses_a_title_with_a_line_break(org):
    with pytest.raises(ScaffoldError, match="line break"):
        new(org, "procedure", "Two\nlines")


def test_new_role_id_drops_accents(org):
    written = new(org, "role", "Qualité & Sécurité!")
    assert written.path.name == "qualite-securite.yml"
    assert 'title: "Qualité & Sécurité!"' in written.path.read_text()


@pytest.mark.parametrize("title", ["!!!", "2024", "…", "東京"])
def test_new_role_refuses_a_title_that_gives_no_id(org, title):
    with pytest.raises(ScaffoldError, match="gives no usable id"):
        new(org, "role", title)
    assert slug("!!!") == ""


def test_new_keeps_quality_manager_as_owner_while_its_file_is_broken(org):
    path = org / "data/roles/quality-manager.yml"
    path.write_text(path.read_text() + "\n  bad: [\n")
    written = new(org, "procedure", "Handling returns")
    text = written.path.read_text()
    assert "owner: quality-manager" in text and "- role: quality-manager" in text


def test_new_files_pass_check_and_refusals_exit_2(org):
    refused = qms(org, "new", "procedure", "", today=DEMO_TODAY)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("error: the title is empty"), refused.stderr
    long_title = qms(org, "new", "procedure", "x" * 219, today=DEMO_TODAY)
    assert long_title.returncode == 2 and "at most 120" in long_title.stderr
    role = qms(org, "new", "role", "Qualité & Sécurité!", today=DEMO_TODAY)
    assert role.returncode == 0 and role.stdout.strip() == "data/roles/qualite-securite.yml", role.stderr
    checked = qms(org, "check", today=DEMO_TODAY)
    assert "qualite-securite" not in checked.stderr, checked.stderr
