"""References between documents: one check, for every reference field of every kind."""

from __future__ import annotations

from qms.build import load

from conftest import edit, errors_of, line_of

DRAFT_MESSAGE = "{id} is a draft and is not published (remove it until it is approved)"


def published_references_to(org, doc_id: str) -> set[tuple[str, int, int, str]]:
    """(file, line, column, field) of every reference to ``doc_id`` from a published document."""
    from qms.schema import dotted
    repository = load(org)
    documents = list(repository.all_documents()) + list(repository.singletons.values())
    return {(doc.path, ref.line, ref.column, dotted(ref.path)) for doc in documents if doc.published
            for ref in doc.references if ref.kind == "document" and ref.value == doc_id}


def test_a_draft_is_refused_in_every_reference_field_of_every_kind(org):
    edit(org, "data/audits/IA-2026-02.yml", "procedures: []", "procedures: [QP-010]")  # no audit names it yet
    places = published_references_to(org, "QP-010")
    fields = {(path.split("/")[1], field.split("[")[0].split(".")[0]) for path, _, _, field in places}
    assert fields == {("procedures", "related"), ("procedures", "superseded_by"), ("kpis", "related"),
                      ("ncrs", "procedures"), ("audits", "procedures"), ("onboarding", "steps"),
                      ("training", "requirements"), ("training", "procedure")}
    edit(org, "data/procedures/QP-010.yml", "status: approved", "status: draft")
    errors = errors_of(org)
    found = {error for error in errors if "QP-010" in error}
    expected = {f"{path}:{line}:{column}: {field}: " + DRAFT_MESSAGE.format(id="QP-010")
                for path, line, column, field in places}
    expected = {error.replace("remove it until it is approved", "keep this document approved until the draft "
                              "is approved") if ": superseded_by: " in error else error for error in expected}
    assert found == expected, "\n".join(sorted(found ^ expected))


def test_a_kpi_cannot_list_a_draft_as_related(org):
    edit(org, "data/kpis/KPI-002.yml", "related: [QP-010]", "related: [QP-010, QP-023]")
    line = line_of(org, "data/kpis/KPI-002.yml", "related: [QP-010, QP-023]")
    assert errors_of(org) == [f"data/kpis/KPI-002.yml:{line}:19: related[2]: "
                                  + DRAFT_MESSAGE.format(id="QP-023")]


def test_a_draft_may_reference_drafts(org):
    edit(org, "data/procedures/QP-010.yml", "status: approved", "status: draft")
    edit(org, "data/procedures/QP-023.yml", "related: []", "related: [QP-010]")
    assert not [error for error in errors_of(org) if error.startswith("data/procedures/QP-023.yml")]


def test_an_obsolete_document_cannot_be_replaced_by_a_draft(org):
    edit(org, "data/procedures/QP-024.yml", "superseded_by: QP-010", "superseded_by: QP-023")
    line = line_of(org, "data/procedures/QP-024.yml", "superseded_by: QP-023")
    # removing superseded_by from an obsolete document would only trade one error for another
    assert errors_of(org) == [f"data/procedures/QP-024.yml:{line}:16: superseded_by: QP-023 is a draft and is "
                                  "not published (keep this document approved until the draft is approved)"]
