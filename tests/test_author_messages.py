"""Messages for authors of real text: one message per problem, at the line to fix, saying what to do."""

from __future__ import annotations

import pytest

from conftest import edit, errors_of, line_of, qms

QP1 = "data/procedures/QP-001.yml"
QP4 = "data/procedures/QP-004.yml"


# --------------------------------------------------------------------------- clause hints

def test_a_document_control_procedure_is_pointed_at_document_control_not_interested_parties(org):
    # ISO 13485 keeps document control at 4.2.4; ISO 9001 has no 4.2.4, and 4.2 is about interested parties
    edit(org, QP1, 'clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["4.2.4"]')
    line = line_of(org, QP1, 'clauses: ["4.2.4"]')
    assert errors_of(org) == [
        f"{QP1}:{line}:11: clauses[1]: unknown ISO 9001:2015 clause '4.2.4' (did you mean 7.5.3 "
        "\"Control of documented information\"? Its title fits this document best)"]


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
