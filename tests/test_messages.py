"""One error, one message, at the line the author must fix, with a hint that fits."""

from __future__ import annotations

import pytest

from conftest import edit, errors_of, line_of

QP = "data/procedures/QP-001.yml"


# --------------------------------------------------------------------------- YAML syntax

@pytest.mark.parametrize("old, new, needle, message, hint", [
    ("title: Control", 'title: "Control', 'title: "Control',
     'the " opened here is not closed, so the value runs on into the lines below', 'end the value with " on this line'),
    ("production-manager, staff]", "production-manager, staff", "audience: [",
     "the [ opened here is not closed", "end the list with ] on this line"),
    ("    action: Add the new number", "\taction: Add the new number", "\taction: Add",
     "a tab indents this line", "indent with spaces"),
    ("    record: Document register entry", "   record: Document register entry", "record: Document register",
     "this line is not indented like the lines around it", "line it up with the field it belongs with"),
    ("    record: Document register entry", "      record: Document register entry", "record: Document register",
     "this line is indented more than the field above it", "line it up with the field it belongs with"),
    ("owner: document-controller", "owner:document-controller", "owner:document-controller",
     "this line is not 'field: value'", "put a space after the colon"),
    ("    note: Use the templates", "    note: Input: use the templates", "note: Input:",
     "the text holds ': ', which YAML reads as the start of another field",
     'quote the whole value, e.g. note: "Input: use the templates in the **Templates** folder on the quality '
     'drive."'),
], ids=["unclosed-quote", "unclosed-list", "tab", "indented-less", "indented-more", "no-space-after-colon",
        "colon-in-text"])
def test_a_syntax_error_is_reported_once_at_the_line_to_fix(org, old, new, needle, message, hint):
    edit(org, QP, old, new)
    line = line_of(org, QP, needle)
    errors = errors_of(org)
    [own] = [error for error in errors if error.startswith(QP)]
    assert own.startswith(f"{QP}:{line}:") and f"YAML syntax error: {message} (" in own and hint in own, own
    # references to the file that failed are not each "unknown": one note in all
    assert [error for error in errors if error != own] == [
        error for error in errors if "QP-001 could not be read (see the error in data/procedures/QP-001.yml)"
        in error]
    assert len(errors) == 2


def test_references_to_an_unreadable_file_get_one_note(org):
    edit(org, "data/procedures/QP-010.yml", "title: ", 'title: "', )
    errors = errors_of(org)
    assert len(errors) == 2, "\n".join(errors)
    assert sum("QP-010 could not be read" in error for error in errors) == 1
    assert not [error for error in errors if "unknown" in error]


def test_an_unreadable_role_or_matrix_causes_no_knock_on_errors(org):
    edit(org, "data/roles/production-operator.yml", "title: ", 'title: "')
    edit(org, "data/training/matrix.yml", "courses:", "courses:\n\t- x")
    errors = errors_of(org)
    assert [error.split(":")[0] for error in errors if "could not be read" not in error] == [
        "data/roles/production-operator.yml", "data/training/matrix.yml"], "\n".join(errors)
    assert sum("production-operator could not be read" in error for error in errors) == 1


def test_text_with_a_colon_in_a_list_says_to_quote_it(org):
    role = "data/roles/quality-manager.yml"
    edit(org, role, "  - Approve procedures and changes to them.", "  - Approve: procedures and changes.")
    line = line_of(org, role, "- Approve:")
    assert errors_of(org) == [
        f"{role}:{line}:5: responsibilities[2]: the text holds ': ', so YAML reads 'Approve:' as a field name, "
        "not as part of the text (quote the whole value, e.g. - \"Approve: procedures and changes.\")"]


# --------------------------------------------------------------------------- circles

def test_a_reporting_circle_is_reported_once_on_a_role_inside_it(org):
    # calibration-technician reports to quality-manager, so the old walk blamed it for a circle it is not in
    edit(org, "data/roles/managing-director.yml", "title:", "reports_to: quality-manager\ntitle:")
    line = line_of(org, "data/roles/managing-director.yml", "reports_to: quality-manager")
    assert errors_of(org) == [
        f"data/roles/managing-director.yml:{line}:1: reports_to: reporting lines go round in a circle: "
        "managing-director → quality-manager → managing-director (data/roles/managing-director.yml, "
        "data/roles/quality-manager.yml) (one role in the circle must report to a role outside it, or to nobody)"]


def test_two_reporting_circles_are_two_messages_naming_every_file(org):
    edit(org, "data/roles/managing-director.yml", "title:", "reports_to: staff\ntitle:")
    edit(org, "data/roles/production-operator.yml", "reports_to: production-manager",
         "reports_to: sales-coordinator")
    edit(org, "data/roles/sales-coordinator.yml", "reports_to: managing-director",
         "reports_to: document-controller")
    edit(org, "data/roles/document-controller.yml", "reports_to: quality-manager",
         "reports_to: production-operator")
    errors = errors_of(org)
    assert len(errors) == 2, "\n".join(errors)
    assert errors[0].startswith("data/roles/document-controller.yml:")
    assert ("document-controller → production-operator → sales-coordinator → document-controller "
            "(data/roles/document-controller.yml, data/roles/production-operator.yml, "
            "data/roles/sales-coordinator.yml)") in errors[0]
    assert errors[1].startswith("data/roles/managing-director.yml:")
    assert "managing-director → staff → managing-director" in errors[1]


def test_a_role_reporting_to_itself(org):
    edit(org, "data/roles/staff.yml", "reports_to: managing-director", "reports_to: staff")
    line = line_of(org, "data/roles/staff.yml", "reports_to: staff")
    assert errors_of(org) == [f"data/roles/staff.yml:{line}:1: reports_to: a role cannot report to itself "
                                  "(name the role it reports to, or remove reports_to)"]


def test_one_cycle_finder_for_every_relation():
    from qms.cycles import find_cycles
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"], "e": ["e"], "f": ["g", "x"], "g": ["f"]}
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["e", "e"], ["f", "g", "f"]]
    # the same circle, whichever member the walk meets first, starts at the first in the given order
    assert find_cycles(graph, ["d", "c", "b", "a", "e", "g", "f"]) == [["c", "a", "b", "c"], ["e", "e"],
                                                                        ["g", "f", "g"]]
    chain = {index: [index + 1] for index in range(20_000)}
    chain[20_000] = [0]
    assert len(find_cycles(chain)[0]) == 20_002  # no recursion limit


# --------------------------------------------------------------------------- supersession

def make_obsolete(org, doc_id: str, successor: str) -> int:
    path = f"data/procedures/{doc_id}.yml"
    edit(org, path, "status: approved", f"status: obsolete\nsuperseded_by: {successor}")
    return line_of(org, path, f"superseded_by: {successor}")


def test_a_document_replaced_by_itself(org):
    line = make_obsolete(org, "QP-004", "QP-004")
    errors = errors_of(org)
    assert f"data/procedures/QP-004.yml:{line}:1: superseded_by: QP-004 cannot be replaced by itself " \
           "(name the approved document that replaces it)" in errors
    assert not [error for error in errors if "QP-004 instead" in error or "use QP-004" in error], errors
    assert [error for error in errors if "matrix" in error] and all(
        error.endswith("(require the approved document that replaces it)") for error in errors if "matrix" in error)


def test_hints_follow_a_chain_of_replacements_to_the_approved_document(org):
    make_obsolete(org, "QP-010", "QP-004")  # QP-024 is replaced by QP-010, now obsolete too
    errors = errors_of(org)
    line = line_of(org, "data/procedures/QP-024.yml", "superseded_by: QP-010")
    assert f"data/procedures/QP-024.yml:{line}:1: superseded_by: QP-010 is obsolete too, so it cannot replace " \
           "this document (point to QP-004, which replaces it)" in errors
    assert [error for error in errors if "matrix" in error and error.endswith("(require QP-004 instead)")]
    assert [error for error in errors if "onboarding" in error and error.endswith("(use QP-004, which replaces it)")]


def test_a_circle_of_replacements_is_one_message_naming_both_files(org):
    line = make_obsolete(org, "QP-010", "QP-024")  # QP-024 is replaced by QP-010
    errors = errors_of(org)
    assert [error for error in errors if "data/procedures/" in error.split(":")[0]] == [
        f"data/procedures/QP-010.yml:{line}:1: superseded_by: replacements go round in a circle: QP-010 → QP-024 "
        "→ QP-010 (data/procedures/QP-010.yml, data/procedures/QP-024.yml) (the last document of a chain of "
        "replacements must be approved)"]
    assert not [error for error in errors if "QP-024 instead" in error or "use QP-024" in error]


# --------------------------------------------------------------------------- hints within the field's limits

@pytest.mark.parametrize("written, message", [
    ("0755", "0755 has a leading zero, which YAML reads as octal (use a whole number from 1 to 60)"),
    ("012", "012 has a leading zero, which YAML reads as octal (write 12)"),
    ('"755"', "expected a whole number, found the text '755' (use a whole number from 1 to 60, without quotes)"),
    ('"12"', "expected a whole number, found the text '12' (remove the quotes)"),
    ("61", "61 is too large (use a whole number from 1 to 60)"),
    ("0", "0 is too small (use a whole number from 1 to 60)"),
    ("twelve", "expected a whole number, found 'twelve' (use a whole number from 1 to 60)"),
])
def test_number_hints_respect_the_fields_limits(org, written, message):
    edit(org, QP, "interval_months: 12", f"interval_months: {written}")
    line = line_of(org, QP, f"interval_months: {written}")
    assert errors_of(org) == [f"{QP}:{line}:20: review.interval_months: {message}"]


@pytest.mark.parametrize("new_id, own_error", [
    ("QP-099", "id: the id 'QP-099' does not match the file name 'QP-010.yml'"),
    ("qp10", "id: 'qp10' is not valid"),
])
def test_references_to_a_file_whose_id_is_wrong_get_one_note(org, new_id, own_error):
    edit(org, "data/procedures/QP-010.yml", "id: QP-010", f"id: {new_id}")
    errors = errors_of(org)
    assert [error for error in errors if error.startswith("data/procedures/QP-010.yml:1:")][0].split(":", 3)[3] \
        .startswith(f" {own_error}")
    assert [error.split(": ", 2)[2] for error in errors if "QP-010 could not be loaded" in error] == [
        "this reference and 9 others to QP-010 were not checked, because QP-010 could not be loaded "
        "(see the error in data/procedures/QP-010.yml)"]
    assert len(errors) == 2, "\n".join(errors)


def test_an_area_whose_id_is_invalid_is_one_error_plus_one_note_per_name(org):
    edit(org, "data/organisation.yml", "  - id: documents", "  - id: Documents")
    line = line_of(org, "data/organisation.yml", "  - id: Documents")
    errors = errors_of(org)
    assert errors[0].startswith(f"data/organisation.yml:{line}:9: areas[2].id: 'Documents' is not valid")
    notes = [error for error in errors if "documents is not a known area" in error]
    assert len(notes) == 1 and notes[0].endswith("(see the error in data/organisation.yml)")
    assert len(errors) == 2, "\n".join(errors)


@pytest.mark.parametrize("relative, old, new, message", [
    ("data/training/matrix.yml", "  - id: quality-awareness", "  - name: quality-awareness",
     "courses[1].id: is missing"),
    ("data/plain-words.yml", "  - phrase: utilise", "  - phrase:", "replacements[1].phrase: is required but empty"),
    ("data/organisation.yml", "  - id: documents", "  - id:", "areas[2].id: is required but empty"),
])
def test_an_item_missing_a_required_field_is_an_error_not_a_traceback(org, relative, old, new, message):
    edit(org, relative, old, new)
    errors = errors_of(org)
    assert [error for error in errors if message in error], "\n".join(errors)


def test_a_revision_label_that_does_not_load_is_one_error(org):
    edit(org, QP, 'rev: "2"', "rev: {}")
    errors = errors_of(org)
    assert len(errors) == 1 and "revisions[2].rev: expected text, found a mapping" in errors[0], "\n".join(errors)


def test_a_number_of_thousands_of_digits_is_an_error_not_a_traceback(org):
    edit(org, QP, "interval_months: 12", "interval_months: 0" + "7" * 5000)
    [error] = errors_of(org)
    assert "is not a whole number this field takes (use a whole number from 1 to 60)" in error
