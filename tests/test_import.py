"""``qms import``: Word and Markdown SOPs become draft procedure files that pass ``qms check``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DEMO_TODAY, mkdocs_build, qms
from qms.importing.markdown import read_markdown
from qms.importing.project import next_procedure_id
from qms.importing.roles import RoleBook, split_actor

MARKDOWN_SOP = """\
# Supplier approval

## 1. Purpose

This procedure explains how we choose and approve new suppliers.

## 2. Scope

It covers suppliers of parts and services that affect our products.

## 3. Definitions

Approved supplier: a supplier on the approved supplier list.

## 4. Procedure

### 4.1 Finding a supplier

1. Production Manager: Find at least two suppliers for the part.
2. Quality Manager: Send each supplier our questionnaire.

   Check the answers against these points:

   - certificates are current
   - the supplier has a quality contact
     - name and phone number

   | Score | Meaning |
   |-------|---------|
   | 3 | Good: approve |
   | 1 | Poor: reject |

   Record: Supplier questionnaire

### 4.2 Approval

3. The quality managers approve or reject the supplier.
4. Document Controllers: Add the supplier to the approved supplier list.

## 5. References

QP-002 says how long we keep the records. QP-999 does not exist.
"""


def _word_sop(path: Path, *, second_actor: str = "Production Manager") -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Handling returned goods", level=0)
    document.add_heading("Purpose", level=1)
    document.add_paragraph("This procedure explains how we deal with goods a customer sends back.")
    document.add_heading("Responsibilities", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Role", "Responsibilities"), ("Quality Manager", "Process owner."),
                                       ("Sales Coordinator", "Talks to the customer.")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_heading("Receiving the goods", level=1)
    document.add_paragraph("Sales Coordinator: Give the customer a returns number.", style="List Number")
    document.add_paragraph(f"{second_actor}: Inspect the goods when they arrive.", style="List Number")
    document.add_paragraph("Look for damage in transit.", style="List Bullet 2")
    document.add_paragraph("Check the serial number.", style="List Bullet 2")
    checks = document.add_table(rows=3, cols=2)
    for row, cells in zip(checks.rows, [("Finding", "Decision"), ("Faulty | under warranty", "Repair free"),
                                        ("Damaged by the customer", "Quote for repair")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_heading("Closing the return", level=1)
    document.add_paragraph("Quality Manager: Decide on repair, replacement or credit.", style="List Number")
    document.save(str(path))
    return path


def _procedure(org: Path, doc_id: str) -> tuple[str, dict]:
    text = (org / "data" / "procedures" / f"{doc_id}.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if "sections" in data:  # the steps of every section, in order, for tests that read steps alone
        data["steps"] = [step for section in data["sections"] for step in section["steps"]]
    return text, data


def test_markdown_sop_imports_to_a_file_that_passes_check(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "supplier-approval.md"
    source.write_text(MARKDOWN_SOP, encoding="utf-8")
    result = qms(org, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Wrote data/procedures/QP-025.yml: 4 steps in 2 sections." in result.stdout
    text, data = _procedure(org, "QP-025")
    assert data["id"] == "QP-025" and data["status"] == "draft" and data["title"] == "Supplier approval"
    assert data["purpose"] == "This procedure explains how we choose and approve new suppliers."
    assert data["scope"].startswith("It covers suppliers")
    assert [step["role"] for step in data["steps"]] == [
        "production-manager", "quality-manager", "quality-manager", "document-controller"]
    assert data["steps"][0]["action"] == "Find at least two suppliers for the part."
    note = data["steps"][1]["note"]
    assert "- the supplier has a quality contact\n  - name and phone number" in note
    assert "| 3 | Good: approve |" in note
    assert data["steps"][1]["record"] == "Supplier questionnaire"
    assert data["revisions"] == [{"rev": "1", "date": __import__("datetime").date.fromisoformat(DEMO_TODAY),
                                  "summary": "Imported from supplier-approval.md"}]
    # headings with steps are sections, without their numbers; the source numbers on, so the page does
    assert [(section["title"], len(section["steps"])) for section in data["sections"]] == [
        ("Finding a supplier", 2), ("Approval", 2)]
    assert "numbering" not in data
    assert data["definitions"] == [{"term": "Approved supplier", "meaning": "A supplier on the approved supplier list."}]
    assert data["related"] == ["QP-002"]
    check = qms(org, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_word_sop_made_with_python_docx_imports_and_passes_check(org: Path, tmp_path: Path) -> None:
    source = _word_sop(tmp_path / "returns.docx")
    result = qms(org, "import", str(source), "--id", "QP-030")
    assert result.returncode == 0, result.stderr
    assert "3 steps in 2 sections" in result.stdout
    text, data = _procedure(org, "QP-030")
    assert data["title"] == "Handling returned goods"
    assert data["owner"] == "quality-manager"  # the responsibilities table names the process owner
    assert data["purpose"].startswith("This procedure explains how we deal with goods")
    assert [(step["role"], step["action"]) for step in data["steps"]] == [
        ("sales-coordinator", "Give the customer a returns number."),
        ("production-manager", "Inspect the goods when they arrive."),
        ("quality-manager", "Decide on repair, replacement or credit.")]
    note = data["steps"][1]["note"]
    assert note.startswith("- Look for damage in transit.\n- Check the serial number.")
    assert "| Finding | Decision |\n|---|---|\n| Faulty \\| under warranty | Repair free |" in note
    assert [section["title"] for section in data["sections"]] == ["Receiving the goods", "Closing the return"]
    check = qms(org, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_unknown_role_is_listed_and_kept_as_a_placeholder_check_asks_about(org: Path, tmp_path: Path) -> None:
    source = _word_sop(tmp_path / "returns.docx", second_actor="Goods-In Inspectors")
    result = qms(org, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "1 unknown role" in result.stdout
    assert "'Goods-In Inspectors' -> unmapped-goods-in-inspectors (step 2)" in result.stdout
    text, data = _procedure(org, "QP-025")
    assert data["steps"][1]["role"] == "unmapped-goods-in-inspectors"
    assert "'Goods-In Inspectors' is not a role in data/roles" in text
    check = qms(org, "check")
    assert check.returncode == 2 and "unmapped-goods-in-inspectors" in check.stdout + check.stderr
    # mapped on the command line, the same file imports clean
    again = qms(org, "import", str(source), "--id", "QP-031", "--map", "goods-in inspector=production-operator")
    assert again.returncode == 0 and "unknown" not in again.stdout
    assert _procedure(org, "QP-031")[1]["steps"][1]["role"] == "production-operator"


def test_an_existing_file_is_never_overwritten(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "sop.md"
    source.write_text(MARKDOWN_SOP, encoding="utf-8")
    existing = org / "data" / "procedures" / "QP-001.yml"
    before = existing.read_bytes()
    result = qms(org, "import", str(source), "--id", "QP-001")
    assert result.returncode == 2
    assert "already exists: nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == before
    output = tmp_path / "out.yml"
    output.write_text("mine\n", encoding="utf-8")
    assert qms(org, "import", str(source), "--output", str(output)).returncode == 2
    assert output.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("sop.docx", b"this is plain text, not a Word file", "not a Word .docx file"),
    ("sop.docx", b"", "not a Word .docx file"),
    ("sop.md", b"", "the file is empty"),
    ("sop.md", b"# Title\n\nJust a paragraph, no steps.\n", "no numbered steps found"),
    ("sop.md", b"\xff\xfe\x00bad", "not UTF-8 text"),
    ("sop.pdf", b"%PDF-1.4", "give a Word .docx or a Markdown .md file"),
])
def test_a_bad_file_gives_one_clear_error_and_exit_2(org: Path, tmp_path: Path, name: str, content: bytes,
                                                     message: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = qms(org, "import", str(source))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (org / "data" / "procedures" / "QP-025.yml").exists()


def test_wrong_options_are_refused_before_reading(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "sop.md"
    source.write_text(MARKDOWN_SOP, encoding="utf-8")
    for args, message in ((["--id", "qp-1"], "is not a document id"), (["--owner", "boss"], "is not a role id"),
                          (["--area", "space"], "is not an area"), (["--map", "QMO"], "write NAME=ROLE-ID")):
        result = qms(org, "import", str(source), *args)
        assert result.returncode == 2 and message in result.stderr, args
    assert not (org / "data" / "procedures" / "QP-025.yml").exists()


def test_an_empty_word_document_has_no_steps(org: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    source = tmp_path / "empty.docx"
    docx.Document().save(str(source))
    result = qms(org, "import", str(source))
    assert result.returncode == 2 and "no numbered steps found" in result.stderr


def test_roles_match_by_title_id_initials_and_plural() -> None:
    book = RoleBook({"quality-manager": "Quality Manager", "staff": "All staff"})
    assert book.match("the Quality Managers") == "quality-manager"
    assert book.match("QM") == "quality-manager"
    assert book.match("quality-manager") == "quality-manager"
    assert book.match("Auditor") is None
    assert split_actor("Quality Manager and Auditor: compile the plan", book) == (
        ["Quality Manager", "Auditor"], "Compile the plan")
    assert split_actor("Note: keep the form", book) == ([], "Note: keep the form")
    assert split_actor("Check the form: all fields filled in", book) == ([], "Check the form: all fields filled in")


def test_next_free_id_follows_the_organisations_numbering() -> None:
    assert next_procedure_id(["QP-001", "QP-024", "QP-003"]) == "QP-025"
    assert next_procedure_id([]) == "QP-001"


def test_markdown_steps_from_a_who_what_table() -> None:
    draft = read_markdown("# T\n\n## Steps\n\n| Step | Who | Action | Record |\n|---|---|---|---|\n"
                          "| 1 | Quality Manager | Plan the audit. | Audit plan |\n")
    assert [(step.actors, step.action, step.record) for step in draft.steps] == [
        (["Quality Manager"], "Plan the audit.", "Audit plan")]


def test_word_numbers_typed_by_hand_are_steps_too(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from qms.importing.docx import read_docx
    document = docx.Document()
    document.add_heading("Calibration", 1)
    document.add_heading("Method", 2)
    for text in ("1. Quality Manager: Clean the gauge.", "a) use a dry cloth", "2) Sign the record.", "• keep it"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "typed.docx"))
    draft = read_docx(tmp_path / "typed.docx")
    assert draft.title == "Calibration"
    assert [(step.action, step.note) for step in draft.steps] == [
        ("Quality Manager: Clean the gauge.", "1. use a dry cloth"), ("Sign the record.", "- keep it")]


def test_markdown_front_matter_is_not_read_as_text() -> None:
    draft = read_markdown("---\ntitle: Old\nowner: someone\n---\n# Real title\n\n## Steps\n\n1. QM: do it\n   - sub\n")
    assert draft.title == "Real title"
    assert [(section.title, section.text_blocks) for section in draft.sections] == [("Steps", [])]
    assert [(step.action, step.note) for step in draft.steps] == [("QM: do it", "- sub")]


def test_raw_html_in_a_note_is_listed_for_the_author(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "html.md"
    source.write_text("# Title\n\n1. Quality Manager: Check it.\n\n   <b>Careful</b> with this.\n", encoding="utf-8")
    result = qms(org, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Step 1 note: raw HTML is not allowed" in result.stdout


def test_a_first_heading_that_names_a_part_of_the_sop_is_not_the_title(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "complaint-handling.md"
    source.write_text("## 1. Purpose\n\nTo deal with complaints quickly.\n\n## 2. Procedure\n\n"
                      "1. Sales Coordinator: Log the complaint.\n", encoding="utf-8")
    assert qms(org, "import", str(source)).returncode == 0
    data = _procedure(org, "QP-025")[1]
    assert data["title"] == "Complaint handling" and data["purpose"] == "To deal with complaints quickly."


def test_bullets_under_a_procedure_heading_are_steps(tmp_path: Path) -> None:
    draft = read_markdown("# T\n\n## Background\n\n- not a step\n\n## 4. Procedure\n\n"
                          "- Quality Manager: Plan the audit.\n  - one level down\n- Send the plan.\n")
    assert [(step.action, step.note) for step in draft.steps] == [
        ("Quality Manager: Plan the audit.", "- one level down"), ("Send the plan.", None)]
    assert draft.sections[0].text_blocks == ["- not a step"]
    docx = pytest.importorskip("docx")
    from qms.importing.docx import read_docx
    document = docx.Document()
    document.add_heading("Audit", 1)
    document.add_heading("Procedure", 2)
    document.add_paragraph("Quality Manager: Plan the audit.", style="List Bullet")
    document.add_paragraph("one level down", style="List Bullet 2")
    document.add_paragraph("Send the plan.", style="List Bullet")
    document.save(str(tmp_path / "bullets.docx"))
    assert [(step.action, step.note) for step in read_docx(tmp_path / "bullets.docx").steps] == [
        ("Quality Manager: Plan the audit.", "- one level down"), ("Send the plan.", None)]


def test_a_word_step_table_imports_and_passes_check(org: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Internal audit", 0)
    document.add_heading("Procedure", 1)
    rows = [("Step", "Responsible", "Activity", "Record"),
            ("1", "Quality Manager", "Plan the audits for the year.", "Audit programme"),
            ("2", "Quality Manager / Production Manager", "Agree the date with the area.", ""),
            ("3", "Auditor", "Run the audit: use the checklist.", "Audit report")]
    table = document.add_table(rows=len(rows), cols=4)
    for row, cells in zip(table.rows, rows):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(str(tmp_path / "audit.docx"))
    result = qms(org, "import", str(tmp_path / "audit.docx"), "--map", "auditor=quality-manager")
    assert result.returncode == 0, result.stderr
    assert "Step 2 names more than one role" in result.stdout
    data = _procedure(org, "QP-025")[1]
    assert [(step.get("role") or step["roles"], step["action"], step.get("record")) for step in data["steps"]] == [
        ("quality-manager", "Plan the audits for the year.", "Audit programme"),
        (["quality-manager", "production-manager"], "Agree the date with the area.", None),
        ("quality-manager", "Run the audit: use the checklist.", "Audit report")]
    check = qms(org, "check")
    assert check.returncode == 0, check.stdout + check.stderr


SHAPED_LIKE_MANY_SOPS = """\
# PROC-07: Calibration of test equipment

## Document Control

| Field | Value |
| :--- | :--- |
| **Document ID** | PROC-07 |
| **Process Owner** | Production Manager |

## 1. Purpose

To keep every gauge we use for acceptance within its calibration.

## 2. Roles and Responsibilities

- **Production Manager:** Owns the calibration plan.
- **Calibration Lead (or a trained deputy):** Calibrates the gauges.

## 3. Procedure

1. **Plan the year**
   - List every gauge and its interval.
2. **Calibrate**
   - Use the reference set.
"""


def test_a_document_control_table_names_the_owner_and_bracketed_roles_match(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "calibration.md"
    source.write_text(SHAPED_LIKE_MANY_SOPS, encoding="utf-8")
    result = qms(org, "import", str(source), "--map", "calibration lead=production-operator")
    assert result.returncode == 0, result.stderr
    assert "unknown" not in result.stdout and "Owner:" not in result.stdout
    text, data = _procedure(org, "QP-025")
    assert data["owner"] == "production-manager"
    assert [(step["role"], step["action"], step["note"]) for step in data["steps"]] == [
        ("production-manager", "Plan the year", "- List every gauge and its interval."),
        ("production-manager", "Calibrate", "- Use the reference set.")]
    assert "## Document Control\n\n| Field | Value |" in data["general"]  # kept for the author, not lost
    assert "| **Document ID** | PROC-07 |" in data["general"]


@pytest.mark.parametrize("text", ["yes", "1.10", "Check: the value", "# not a comment", "- not a list",
                                  "'quoted' and \"double\"", "Ünïcode — dash", "  leading spaces", "0755",
                                  "line one\n\n| a | b |\n|---|---|\n| 1 | 2 |", "trailing space \nnext"])
def test_text_round_trips_through_the_written_yaml(text: str) -> None:
    import datetime as dt
    from qms.importing.assemble import Imported, ImportedSection, ImportedStep
    from qms.importing.to_yaml import to_yaml
    step = {"role": "quality-manager", "action": text, "note": text}
    imported = Imported({"id": "QP-100", "title": text}, [ImportedSection(text, [ImportedStep(step, [text])], text)],
                        {"review": {"last_reviewed": dt.date(2026, 1, 2)}, "clauses": []}, [text],
                        {"general": text, "definitions": [{"term": text, "meaning": text}]}, [text])
    data = yaml.safe_load(to_yaml(imported, text))
    assert data["title"] == text and data["sections"] == [{"title": text, "intro": text, "steps": [step]}]
    assert data["general"] == text and data["definitions"] == [{"term": text, "meaning": text}]


def test_a_numbered_list_under_purpose_is_part_of_the_purpose() -> None:
    draft = read_markdown("# T\n\n## Purpose\n\nThis procedure:\n\n1. keeps gauges right\n2. saves money\n\n"
                          "## Procedure\n\n1. Check the gauge.\n")
    assert [step.action for step in draft.steps] == ["Check the gauge."]
    assert draft.sections[0].text_blocks == ["This procedure:", "keeps gauges right; saves money."]


@pytest.mark.slow
def test_the_site_builds_strictly_with_an_imported_draft(org: Path, tmp_path: Path) -> None:
    source = _word_sop(tmp_path / "returns.docx")
    assert qms(org, "import", str(source)).returncode == 0
    result = mkdocs_build(org, "--strict")
    assert result.returncode == 0, result.stderr
    assert "QP-025" not in {path.parent.name for path in (org / "site" / "procedures").rglob("index.html")}, \
        "a draft is not published"


PARTS_SOP = """\
---
title: Calibration
---

**Revision:** r4
**Process Owner:** Production Manager

## 1. Purpose

To keep our gauges right.

## 2. Definitions

- **Reference set:** the gauges we check the others against.
- Interval – the time between two calibrations.

## 3. Procedure

### 3.1 Planning

1. Production Manager: List every gauge.
2. Quality Manager: Approve the list.

Keep the list on the quality drive.

### 3.2 Classification rules

| Class | Interval |
|---|---|
| A | 6 months |

### 3.3 Calibrating

1. Production Operator: Calibrate each gauge.

## 4. References

- ISO 9001:2015 §§ 7.1.5.1–7.1.5.2
- ISO 13485:2016 § 7.4
- IEC 62304:2006 § 5.1
- Control of records

## 5. Records

| Record | Retention | Storage location |
|---|---|---|
| **Calibration certificate** | 5 years | Quality drive |
"""


def test_markdown_parts_fill_definitions_general_references_records_and_numbering(org: Path, tmp_path: Path) -> None:
    source = tmp_path / "calibration.md"
    source.write_text(PARTS_SOP, encoding="utf-8")
    result = qms(org, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Wrote data/procedures/QP-025.yml: 3 steps in 2 sections." in result.stdout
    assert "Document details under the title (Revision, Process Owner) are not kept" in result.stdout
    text, data = _procedure(org, "QP-025")
    assert data["title"] == "Calibration" and data["owner"] == "production-manager"
    assert data["definitions"] == [{"term": "Reference set", "meaning": "The gauges we check the others against."},
                                   {"term": "Interval", "meaning": "The time between two calibrations."}]
    # a heading with no steps between two with steps: the general part, its table kept as Markdown
    assert data["general"] == "## Classification rules\n\n| Class | Interval |\n|---|---|\n| A | 6 months |"
    assert [(section["title"], len(section["steps"])) for section in data["sections"]] == [
        ("Planning", 2), ("Calibrating", 1)]
    assert data["numbering"] == "restart"  # each section's list starts at 1 in the source
    # the text after a list of steps stays with the step it follows
    assert data["steps"][1]["note"] == "Keep the list on the quality drive."
    # ISO 9001 clauses are bare numbers; ISO 13485's are named, as the organisation keeps its catalogue
    assert data["clauses"] == ["7.1.5.1", "7.1.5.2", "iso13485:7.4"]
    assert "# IEC 62304:2006 § 5.1: another standard; to name its clauses" in text
    assert data["related"] == ["QP-002"]  # "Control of records" is QP-002's title
    assert data["records"] == [{"name": "Calibration certificate", "retention": "5 years", "location": "Quality drive"}]
    check = qms(org, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_word_definitions_references_and_records_fill_their_fields(org: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Checking incoming parts", level=0)
    document.add_heading("Definitions", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run("Goods-in").bold = True
    paragraph.add_run(" the bench where parts arrive.")
    document.add_heading("Procedure", level=1)
    document.add_paragraph("Production Operator: Check the delivery note.", style="List Number")
    document.add_heading("References", level=1)
    document.add_paragraph("ISO 9001:2015 8.6")
    document.add_heading("Records", level=1)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Record", "Retention"), ("Goods-in log", "3 years")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(str(tmp_path / "incoming.docx"))
    result = qms(org, "import", str(tmp_path / "incoming.docx"))
    assert result.returncode == 0, result.stderr
    text, data = _procedure(org, "QP-025")
    assert data["definitions"] == [{"term": "Goods-in", "meaning": "The bench where parts arrive."}]
    assert data["steps"] == [{"role": "production-operator", "action": "Check the delivery note."}]
    assert data["clauses"] == ["8.6"] and data["records"] == [{"name": "Goods-in log", "retention": "3 years"}]
    check = qms(org, "check")  # one group of steps is written as 'steps:'
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_responsibilities_table_teaches_abbreviations_and_unknown_actors() -> None:
    book = RoleBook({"quality-manager": "Quality Manager", "document-controller": "Document Controller"})
    book.learn(["Document Controller (DCC)", "Change Control Coordinator (CCC)", "Reviewers / Approvers"])
    assert book.match("DCC") == "document-controller"
    assert book.match("The CCC") is None and book.placeholder("CCC") == "unmapped-change-control-coordinator"
    # a sentence that starts with actors the table names: one, or several doing the step together
    assert split_actor("The CCC assigns reviewers.", book) == (["The CCC"], "The CCC assigns reviewers.")
    assert split_actor("The DCC and CCC verify traceability.", book) == (
        ["The DCC", "CCC"], "The DCC and CCC verify traceability.")
    assert split_actor("Reviewers evaluate the proposal.", book) == (["Reviewers"], "Reviewers evaluate the proposal.")
    # a bold label is not an actor: it names no person or team and no table lists it
    assert split_actor("Periodic Review: assess the risks.", book) == ([], "Periodic Review: assess the risks.")
    assert split_actor("Goods-In Inspectors: check the parts.", book) == (["Goods-In Inspectors"], "Check the parts.")


def test_sections_whose_titles_make_the_same_anchor_get_ids_of_their_own() -> None:
    from qms.importing.assemble import Options, assemble
    draft = read_markdown("# T\n\n## Steps\n\n1. QM: one\n\n## Checks\n\n1. QM: two\n\n## Checks\n\n1. QM: three\n")
    imported = assemble(draft, RoleBook({"quality-manager": "Quality Manager"}),
                        Options("t.md", __import__("datetime").date(2026, 1, 1), "QP-100", "general"))
    assert [(section.id, section.title) for section in imported.sections] == [
        ("steps-2", "Steps"), (None, "Checks"), ("checks-2", "Checks")]


def test_another_standards_clauses_are_named_when_the_organisation_keeps_its_catalogue(tmp_path: Path) -> None:
    from qms.importing.assemble import Options, assemble
    draft = read_markdown("# T\n\n## Procedure\n\n1. QM: one\n\n## References\n\n- ISO 9001:2015 § 8.4\n"
                          "- ISO 13485:2016 §§ 7.4.1–7.4.2\n- IEC 62304:2006 § 5.1\n")
    options = Options("t.md", __import__("datetime").date(2026, 1, 1), "QP-100", "general",
                      standards={"iso13485": {"7.4", "7.4.1", "7.4.2"}})
    imported = assemble(draft, RoleBook({"quality-manager": "Quality Manager"}), options)
    assert imported.tail["clauses"] == ["8.4", "iso13485:7.4.1", "iso13485:7.4.2"]
    assert imported.tail_comments == [
        "IEC 62304:2006 § 5.1: another standard; to name its clauses in 'clauses' (as iec62304:5.1), "
        "add its catalogue as data/standards/iec62304.yml"]
