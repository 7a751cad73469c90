"""Messages for authors of real text: one message per problem, at the line to fix, saying what to do."""

from __future__ import annotations

import pytest

from conftest import edit, errors_of, line_of, qms

QP1 = "data/procedures/QP-001.yml"
QP4 = "data/procedures/QP-004.yml"


# --------------------------------------------------------------------------- ': ' inside unquoted text

SYNTAX = "YAML syntax error: the text holds ': '"
KNOCK_ON = "QP-001 could not be read"  # QP-002 names QP-001 in related: one note, never "unknown procedure"


def own_errors(org, relative=QP1):
    errors = errors_of(org)
    assert not [error for error in errors if "unknown" in error], errors
    assert len([error for error in errors if KNOCK_ON in error]) <= 1, errors
    return [error for error in errors if error.startswith(relative)]


def test_a_colon_inside_a_step_says_to_quote_the_whole_value_and_shows_the_line(org):
    edit(org, QP1, "action: Write the draft in plain language.", 'action: Step: do X: then say "done"')
    line = line_of(org, QP1, "action: Step:")
    assert own_errors(org) == [
        f"{QP1}:{line}:17: {SYNTAX}, which YAML reads as the start of another field (quote the whole value, "
        'e.g. action: "Step: do X: then say \\"done\\"")']


def test_a_colon_on_a_continuation_line_points_at_where_the_value_starts(org):
    # before, this was "indented more than the field above it": the author had indented nothing
    edit(org, QP1, "    action: Write the draft in plain language.",
         "    action: Write the draft\n      in plain language. Note: keep it short.")
    line = line_of(org, QP1, "action: Write the draft")
    assert own_errors(org) == [
        f"{QP1}:{line}:13: {SYNTAX} (on line {line + 1}), which YAML reads as the start of another field "
        '(quote the whole value, e.g. action: "Write the draft in plain language. Note: keep it short.")']


def test_a_value_ending_in_a_colon_is_quoted_with_the_lines_that_continue_it(org):
    edit(org, QP1, "scope: It covers", "scope: Covers the following:\n  It covers")
    line = line_of(org, QP1, "scope: Covers")
    [error] = own_errors(org)
    assert error.startswith(f"{QP1}:{line}:") and error.endswith(
        '(quote the whole value, e.g. scope: "Covers the following: It covers the procedures, forms and other '
        'documents on the quality portal. QP-002 covers records.")'), error


def test_a_text_list_item_running_over_two_lines_is_quoted_as_one_item(org):
    role = "data/roles/quality-manager.yml"
    edit(org, role, "  - Approve procedures and changes to them.", "  - Approve procedures\n    and changes: all.")
    line = line_of(org, role, "- Approve procedures")
    [error] = [error for error in errors_of(org) if error.startswith(role)]
    assert error == (f"{role}:{line}:5: {SYNTAX} (on line {line + 1}), which YAML reads as the start of another "
                     'field (quote the whole value, e.g. - "Approve procedures and changes: all.")')


def test_a_continuation_line_that_starts_like_a_field_but_is_no_field_is_text(org):
    edit(org, QP1, "    action: Write the draft in plain language.",
         "    action: Write the draft in plain language.\n      Note: keep it short.")
    line = line_of(org, QP1, "action: Write the draft")
    assert own_errors(org) == [
        f"{QP1}:{line}:13: {SYNTAX} (on line {line + 1}), which YAML reads as the start of another field "
        '(quote the whole value, e.g. action: "Write the draft in plain language. Note: keep it short.")']


def test_a_list_item_with_two_colons_is_quoted_whole(org):
    role = "data/roles/quality-manager.yml"
    edit(org, role, "  - Approve procedures and changes to them.", "  - Approve: procedures: all of them.")
    line = line_of(org, role, "- Approve:")
    [error] = [error for error in errors_of(org) if error.startswith(role)]
    assert error.startswith(f"{role}:{line}:") and error.endswith(
        '(quote the whole value, e.g. - "Approve: procedures: all of them.")'), error


def test_a_field_indented_too_far_is_still_an_indentation_problem(org):
    edit(org, QP1, "    action: Write the draft in plain language.",
         "    action: Write the draft in plain language.\n      record: Draft")
    line = line_of(org, QP1, "record: Draft")
    assert own_errors(org) == [f"{QP1}:{line}:13: YAML syntax error: this line is indented more than the field "
                               "above it (line it up with the field it belongs with, using spaces)"]


@pytest.mark.parametrize("relative, old, new, needle, field, key, shown", [
    ("data/roles/quality-manager.yml", "  - Approve procedures and changes to them.",
     '  - Approve: procedures and "changes".', "- Approve:", "responsibilities[2]", "Approve",
     '- "Approve: procedures and \\"changes\\"."'),
    (QP1, "keywords: [document,", "keywords: [document: x,", "keywords:", "keywords[1]", "document", '"document: x"'),
    (QP1, "purpose: This procedure explains", "purpose:\n  Purpose: it explains", "Purpose: it", "purpose", "Purpose",
     '"Purpose: it explains how we write, approve, publish and change our documents. It makes sure everyone uses '
     'the right version."'),
], ids=["list-item", "flow-list", "own-line"])
def test_text_read_as_a_mapping_says_the_colon_makes_a_field_name(org, relative, old, new, needle, field, key,
                                                                  shown):
    edit(org, relative, old, new)
    line = line_of(org, relative, needle)
    errors = errors_of(org)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{relative}:{line}:") and errors[0].endswith(
        f"{field}: the text holds ': ', so YAML reads '{key}:' as a field name, not as part of the text (quote "
        f"the whole value, e.g. {shown})"), errors[0]


def test_qms_check_exits_2_with_one_message_and_no_traceback(org):
    edit(org, QP1, "action: Write the draft in plain language.", "action: Step: do X: then Y")
    result = qms(org, "check")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.count(SYNTAX) == 1 and 'action: "Step: do X: then Y"' in result.stderr, result.stderr


# --------------------------------------------------------------------------- a file that could not be read

def test_references_to_a_file_that_failed_to_parse_are_one_note_not_an_error_each(org):
    # QP-004 is named by two NCRs, the training matrix (twice) and a training record
    edit(org, QP4, "title: ", "title: Planning: ")
    errors = errors_of(org)
    assert len(errors) == 2, "\n".join(errors)
    assert not [error for error in errors if "unknown" in error], errors
    [own] = [error for error in errors if error.startswith(QP4)]
    assert f"{SYNTAX}, which YAML reads as the start of another field" in own
    [note] = [error for error in errors if not error.startswith(QP4)]
    assert note.endswith("procedures[2]: this reference and 4 others to QP-004 were not checked, because QP-004 "
                         f"could not be read (see the error in {QP4})"), note


def test_the_note_is_not_counted_as_one_more_error(org):
    from qms.build import load
    from qms.errors import DataErrors
    edit(org, QP4, "title: ", 'title: "')
    with pytest.raises(DataErrors) as caught:
        load(org)
    assert [error.note for error in caught.value.errors] == [True, False]
    result = qms(org, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == \
        "1 data error and 1 note on what it kept from being checked: fix it and build again."


def test_a_single_reference_to_a_broken_file_says_so(org):
    edit(org, "data/procedures/QP-024.yml", "title: ", 'title: "')
    edit(org, "data/procedures/QP-023.yml", "related: [", "related: [QP-024, ")  # a draft may name an old one
    errors = errors_of(org)
    assert len(errors) == 2, errors
    [note] = [error for error in errors if "QP-024 could not be read" in error]
    assert ": this reference was not checked, because QP-024 could not be read (see the error in " \
           "data/procedures/QP-024.yml)" in note, note


# --------------------------------------------------------------------------- clause hints

def test_a_document_control_procedure_is_pointed_at_document_control_not_interested_parties(org):
    # ISO 13485 keeps document control at 4.2.4; ISO 9001 has no 4.2.4, and 4.2 is about interested parties
    edit(org, QP1, 'clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["4.2.4"]')
    line = line_of(org, QP1, 'clauses: ["4.2.4"]')
    assert errors_of(org) == [
        f"{QP1}:{line}:11: clauses[1]: unknown ISO 9001:2015 clause '4.2.4' (did you mean 7.5.3 "
        "\"Control of documented information\"? Its title fits this document best; "
        # the tests' organisation has an ISO 13485 catalogue (data/standards/): its clause is named as such
        "for ISO 13485:2016 4.2.4 \"Control of documents\", write \"iso13485:4.2.4\")"]


def test_a_near_typo_whose_title_fits_is_suggested_by_number(org):
    edit(org, QP1, 'clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["7.5.4"]')
    [error] = errors_of(org)
    assert error.endswith("unknown ISO 9001:2015 clause '7.5.4' (did you mean 7.5.3 "
                          "\"Control of documented information\"?)"), error


@pytest.mark.parametrize("number, title, purpose, hint", [
    ("4.2.4", "Document control", "How documents are created, reviewed, approved and controlled.",
     'did you mean 7.5.3 "Control of documented information"? Its title fits this document best'),
    ("4.2.5", "Control of records", "", 'did you mean 7.5.3 "Control of documented information"? '
     "Its title fits this document best"),
    # a near typo that fits nothing the author wrote loses to the clause that does
    ("8.5.7", "Control of documents", "", 'did you mean 7.5.3 "Control of documented information"? '
     "Its title fits this document best"),
    ("7.4.1", "Purchasing", "How we choose and check our suppliers.",
     'did you mean 8.4.1 "Control of externally provided processes, products and services"?'),
    ("8.5.2.1", "CAPA", "Corrective and preventive action.",
     'did you mean 10.2 "Nonconformity and corrective action"? Its title fits this document best'),
    ("5.6", "Management review", "", 'did you mean 9.3 "Management review"? Its title fits this document best'),
    ("6.2.3", "Training of new staff", "", 'did you mean 7.2 "Competence"? Its title fits this document best'),
    # no words to go by: the hint goes by number, as the clause() macro needs
    ("7.5.4", "", "", "clause 7.5 has 7.5.1, 7.5.2, 7.5.3"),
    ("4.2.4", "", "", "clause 4.2 has no subclauses; claim 4.2 itself"),
    # words that fit no clause: the neighbour is named with its title, and not offered as the answer
    ("4.2.4", "Zebra crossings", "", '4.2 "Understanding the needs and expectations of interested parties" has '
     "no subclauses; choose a clause whose title fits this document"),
    ("12.1", "", "", 'use a clause of ISO 9001:2015 from 4 to 10, e.g. "7.5.3"'),
])
def test_clause_hint_weighs_the_documents_words(number, title, purpose, hint):
    from qms.features.metrics.clauses import clause_hint
    assert clause_hint(number, title, purpose) == hint


def test_a_clause_hint_never_names_an_unrelated_clause_when_one_fits():
    from qms.features.metrics.clause_suggest import same_word, words_of
    from qms.features.metrics.clauses import clause_hint
    expected = {"Internal audit": "9.2", "Document control": "7.5.3", "Customer complaints": "Customer",
                "Design changes": "8.3.6"}
    for number in ("4.2.1", "4.2.4", "8.9", "7.5.4", "9.4", "11.1"):
        for title, part in expected.items():
            hint = clause_hint(number, title)
            suggested = hint.split('"')[1]
            assert any(same_word(mine, theirs) for mine in words_of(title) for theirs in words_of(suggested)), \
                (number, title, hint)
            assert part in hint, (number, title, hint)


# --------------------------------------------------------------------------- a step written as one line of text

QP2 = "data/procedures/QP-002.yml"
FIRST_STEP = "  - role: staff\n    action: Fill in records as you do the work, not afterwards.\n"


@pytest.mark.parametrize("written, role, action", [
    ("  - Staff: check the gauge\n", "staff", "Check the gauge"),
    ("  - Quality Manager: approve the list\n", "quality-manager", "Approve the list"),
    ("  - Check the gauge\n", "<role id>", "Check the gauge"),
], ids=["role-colon-action", "two-word-role", "plain-text"])
def test_a_step_written_as_one_line_of_text_is_one_message_showing_the_two_lines(org, written, role, action):
    edit(org, QP2, FIRST_STEP, written)
    line = line_of(org, QP2, written.strip())
    assert errors_of(org) == [
        f"{QP2}:{line}:5: steps[1]: this step is written as one line of text, so it has no role and no action "
        f"(write this step as `role: {role}` and `action: …` on two lines, like this: \"- role: {role}\" and "
        f"under it \"  action: {action}\")"]


def test_a_part_of_a_step_written_as_text_says_part_of_a_step(org):
    edit(org, QP2, FIRST_STEP, FIRST_STEP + "    substeps:\n      - Staff: sign the form\n")
    line = line_of(org, QP2, "- Staff: sign the form")
    [error] = errors_of(org)
    assert error.startswith(f"{QP2}:{line}:9: steps[1].substeps[1]: this part of a step is written as one line")
    assert '"- role: staff" and under it "  action: Sign the form"' in error


def test_a_step_written_as_text_fails_qms_check_with_exit_2_and_one_message(org):
    edit(org, QP2, FIRST_STEP, "  - Staff: check the gauge\n")
    result = qms(org, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert "1 data error" in result.stderr + result.stdout and "unknown field" not in result.stderr
