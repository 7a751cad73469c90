"""``qms new`` while the data has problems: it writes the new document, never reuses a taken id,
and says in one line how many problems wait for ``qms check``; it refuses only when it cannot do the job."""

from __future__ import annotations

import re
import shutil

from conftest import edit, qms

TODAY = "2026-12-01"
PROCEDURES = "data/procedures"


def data_error_count(org) -> int:
    """How many data errors ``qms check`` reports (its last line: 'N data errors: fix them ...')."""
    checked = qms(org, "check", today=TODAY)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    return int(re.search(r"^(\d+) data errors?\b", checked.stderr, re.MULTILINE).group(1))


def new(org, *args: str):
    result = qms(org, "new", *args, today=TODAY)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_two_new_forms_in_a_row_both_written_with_their_own_ids(org):
    first = new(org, "form", "Returns label")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "data/forms/FRM-003.yml" and first.stderr == ""
    # the first form's file is not there yet: that must not stop the next new document
    second = new(org, "form", "Delivery note")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "data/forms/FRM-004.yml"
    assert second.stderr == "note: the data has 1 problem; run 'qms check' to see it\n"
    procedure = new(org, "procedure", "Handling returns")
    assert procedure.returncode == 0 and procedure.stdout.strip() == "data/procedures/QP-025.yml"
    assert "the data has 2 problems; run 'qms check' to see them" in procedure.stderr
    checked = qms(org, "check", today=TODAY)
    assert checked.returncode == 2
    for doc_id in ("FRM-003", "FRM-004"):
        assert f"data/forms/{doc_id}.yml:10:1: file: 'files/{doc_id}.docx' does not exist" in checked.stderr


def test_a_procedure_that_cannot_be_read_keeps_its_id(org):
    (org / PROCEDURES / "QP-030.yml").write_text("id: QP-030\ntitle: [Broken\n", encoding="utf-8")
    result = new(org, "procedure", "Handling returns")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data/procedures/QP-031.yml"
    assert (org / PROCEDURES / "QP-030.yml").read_text(encoding="utf-8").startswith("id: QP-030\n")


def test_an_id_written_in_a_file_of_another_name_is_taken_too(org):
    # a file saved under the wrong name: the id inside claims the number, read or not
    (org / PROCEDURES / "draft.yml").write_text("id: QP-040\ntitle: Draft\nsteps: [oops\n", encoding="utf-8")
    (org / PROCEDURES / "QP-050-copy.yml").write_text("id: QP-050\n", encoding="utf-8")  # read, wrong name
    result = new(org, "procedure", "Handling returns")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data/procedures/QP-051.yml"


def test_a_file_that_breaks_the_schema_keeps_its_id(org):
    shutil.copy(org / PROCEDURES / "QP-024.yml", org / PROCEDURES / "QP-026.yml")
    edit(org, f"{PROCEDURES}/QP-026.yml", "id: QP-024", "id: QP-026\nnot_a_field: 1")
    result = new(org, "procedure", "Handling returns")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data/procedures/QP-027.yml"


def test_the_note_counts_what_qms_check_counts(org):
    (org / PROCEDURES / "QP-030.yml").write_text("id: QP-030\ntitle: [Broken\n", encoding="utf-8")
    edit(org, f"{PROCEDURES}/QP-010.yml", "owner: ", "owner: nobody-here\nunused: ")
    count = data_error_count(org)
    assert count >= 2
    result = new(org, "work-instruction", "Clean the bench")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data/work-instructions/WI-003.yml"
    assert result.stderr.splitlines() == [f"note: the data has {count} problems; run 'qms check' to see them"]


def test_owner_and_area_are_still_checked_when_the_data_has_problems(org):
    (org / PROCEDURES / "QP-030.yml").write_text("id: QP-030\ntitle: [Broken\n", encoding="utf-8")
    owner = new(org, "procedure", "Handling returns", "--owner", "nobody")
    assert owner.returncode == 2
    assert owner.stderr == "error: unknown role 'nobody' for --owner\n"
    area = new(org, "form", "Returns label", "--area", "nowhere")
    assert area.returncode == 2
    assert area.stderr == "error: unknown area 'nowhere' for --area\n"
    assert not (org / PROCEDURES / "QP-031.yml").exists() and not (org / "data/forms/FRM-003.yml").exists()


def test_no_data_folder_is_one_clear_message(org):
    shutil.rmtree(org / "data")
    result = new(org, "procedure", "Handling returns")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: cannot read the data:\ndata: data folder not found")
    assert not (org / "data").exists()


def test_without_readable_roles_an_owner_must_be_given(org):
    for path in (org / "data/roles").glob("*.yml"):
        path.write_text("id: [broken\n", encoding="utf-8")
    refused = new(org, "procedure", "Handling returns")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: no role could be read to own the new document: ")
    assert "--owner" in refused.stderr
    # a role whose file is there but cannot be read yet is still a role
    given = new(org, "procedure", "Handling returns", "--owner", "quality-manager")
    assert given.returncode == 0, given.stderr
    assert "owner: quality-manager" in (org / given.stdout.strip()).read_text(encoding="utf-8")
    assert given.stderr.startswith("note: the data has ")


def test_without_readable_areas_a_procedure_waits_but_a_role_does_not(org):
    edit(org, "data/organisation.yml", "areas:", "areas: [broken\nx:")
    refused = new(org, "procedure", "Handling returns")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: the areas could not be read from data/organisation.yml")
    role = new(org, "role", "Health and Safety Lead")
    assert role.returncode == 0, role.stderr
    assert role.stdout.strip() == "data/roles/health-and-safety-lead.yml"


def test_new_writes_into_the_data_folder_that_qms_check_reads(org, tmp_path):
    elsewhere = tmp_path / "records-repository" / "data"
    shutil.move(org / "data", elsewhere)
    result = qms(org, "new", "procedure", "Handling returns", today=TODAY, QMS_DATA=str(elsewhere))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(elsewhere / "procedures" / "QP-025.yml")
    checked = qms(org, "check", today=TODAY, QMS_DATA=str(elsewhere))
    assert checked.returncode == 0, checked.stdout + checked.stderr
