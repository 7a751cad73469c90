"""Procedures in sections: headings in the page's table of contents, numbering that runs on or restarts,
decisions as links to their step or section, inputs and outputs, approver and informed, the
responsibilities table, and the data errors of each.

Two procedures written for these tests go into a copy of the tests' organisation: QP-030 numbers its
steps on across sections, QP-031 starts again in each. The page structure is asserted on the HTML of
a real MkDocs build; role pages, readability and errors come from the core.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from qms.build import load, prepare
from qms.cli import qms_config
from qms.document_readability import prose_units
from qms.features.onboarding import SearchIndex
from qms.features.onboarding.search import procedure_entries
from qms.history import diff_steps
from qms.kinds import procedure
from qms.procedure_steps import all_steps, raw_steps

from conftest import DEMO_TODAY, copy_org, edit, errors_of, line_of, mkdocs_build, qms
from test_block_markdown import Element, by_id, page, paragraphs

QP = "data/procedures/QP-030.yml"
QP_RESTART = "data/procedures/QP-031.yml"

SECTIONS = """\
id: QP-030
title: Change control
area: documents
status: approved
purpose: We change documents and processes in a planned way.
owner: document-controller
sections:
  - id: initiating
    title: Initiating a change
    intro: |
      Anyone may ask for a change.

      Use the change request form.
    steps:
      - id: register
        role: document-controller
        action: Register the change request.
        inputs: [Change request form, QP-001]
        outputs:
          - record: Change register entry
          - state: Change request registered
        informed: [staff]
      - id: classify
        roles: [quality-manager, document-controller]
        action: Decide whether the change is minor or major.
        approver: managing-director
        decisions:
          - if: The change is minor
            go_to: implement
          - if: The change needs a budget
            go_to: budget
      - role: quality-manager
        action: Write the plan for a major change.
        substeps:
          - action: List the documents it affects.
          - role: production-manager
            action: Say what production needs.
  - id: budget
    title: Budget approval
    steps:
      - role: managing-director
        action: Approve the budget.
        outputs:
          - state: Budget approved
  - title: Putting the change in place
    steps:
      - id: implement
        role: document-controller
        action: Put the change in place.
        outputs:
          - record: Updated document
      - role: quality-manager
        action: Check that the change worked.
        decisions:
          - if: It did not work
            go_to: initiating
review:
  last_reviewed: 2026-10-05
revisions:
  - rev: "1"
    date: 2026-10-05
    summary: First issue.
    approved_by: quality-manager
"""

RESTART = """\
id: QP-031
title: Supplier visits
area: documents
status: approved
purpose: We visit a new supplier before we buy from them.
owner: document-controller
numbering: restart
sections:
  - id: planning
    title: Planning the visit
    steps:
      - role: document-controller
        action: Agree a date with the supplier.
      - role: quality-manager
        action: Write the visit plan.
      - role: document-controller
        action: Send the plan to the supplier.
  - id: visit
    title: The visit
    steps:
      - id: check
        role: quality-manager
        action: Check the supplier's records.
      - role: quality-manager
        action: Tell the supplier what you found.
        decisions:
          - if: You found a serious problem
            go_to: planning
review:
  last_reviewed: 2026-10-05
revisions:
  - rev: "1"
    date: 2026-10-05
    summary: First issue.
    approved_by: quality-manager
"""


def with_sections(org: Path) -> Path:
    (org / QP).write_text(SECTIONS, encoding="utf-8")
    (org / QP_RESTART).write_text(RESTART, encoding="utf-8")
    return org


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    org = with_sections(copy_org(tmp_path_factory.mktemp("sections") / "org"))
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr
    return org / "site"


def find(root: Element, tag: str, **attrs: str) -> list[Element]:
    return [element for element in root.descendants(tag)
            if all(element.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())]


def section_list(root: Element, section_id: str) -> Element:
    heading = by_id(root, section_id)
    siblings = heading.parent.children
    after = siblings[siblings.index(heading) + 1:]
    return next(sibling for sibling in after if sibling.tag in ("ol", "h2"))


def step_item(root: Element, anchor: str) -> Element:
    """The <li> of the step whose anchor is ``anchor``."""
    marker = by_id(root, anchor)
    item = marker
    while item.tag != "li":
        item = item.parent
    return item


# --- the procedure page, from a real build ---------------------------------------------------------

@pytest.mark.slow
def test_each_section_is_a_heading_with_its_id_listed_in_the_table_of_contents(site):
    root = page(site, procedure.uri("QP-030"))
    for section_id, title in (("initiating", "Initiating a change"), ("budget", "Budget approval"),
                              ("putting-the-change-in-place", "Putting the change in place")):
        heading = by_id(root, section_id)
        assert heading.tag == "h2" and heading.all_text().startswith(title)
        assert heading.attrs["class"] == "qms-section"
    toc = find(root, "nav", class_="md-nav md-nav--secondary")
    assert toc, "no table of contents"
    links = [(link.attrs["href"], link.all_text()) for link in toc[0].descendants("a")]
    assert links[:4] == [("#initiating", "Initiating a change"), ("#budget", "Budget approval"),
                         ("#putting-the-change-in-place", "Putting the change in place"),
                         ("#responsibilities", "Responsibilities")]
    # the intro is under its heading, before the steps
    heading = by_id(root, "initiating")
    siblings = heading.parent.children
    assert [p.all_text() for p in siblings[siblings.index(heading) + 1:siblings.index(heading) + 3]] == [
        "Anyone may ask for a change.", "Use the change request form."]


@pytest.mark.slow
def test_numbering_runs_on_across_sections_or_restarts_when_asked(site):
    root = page(site, procedure.uri("QP-030"))
    lists = [section_list(root, section_id) for section_id in ("initiating", "budget", "putting-the-change-in-place")]
    assert all(found.tag == "ol" for found in lists)
    assert [found.attrs.get("start") for found in lists] == [None, "4", "5"]
    assert [len(found.elements("li")) for found in lists] == [3, 1, 2]
    restarted = page(site, procedure.uri("QP-031"))
    lists = [section_list(restarted, section_id) for section_id in ("planning", "visit")]
    assert [found.attrs.get("start") for found in lists] == [None, None]
    assert [len(found.elements("li")) for found in lists] == [3, 2]


@pytest.mark.slow
def test_a_decision_links_to_its_step_or_section_on_the_page(site):
    root = page(site, procedure.uri("QP-030"))
    item = step_item(root, "step-classify")
    decisions = [p for p in item.elements("p") if p.all_text().startswith("If ")]
    assert [p.all_text() for p in decisions] == ["If the change is minor, go to step 5 .",
                                                 "If the change needs a budget, go to Budget approval ."]
    hrefs = [p.elements("a")[0].attrs["href"] for p in decisions]
    assert hrefs == ["#step-implement", "#budget"]
    # the targets exist: the step to go to is step 5, the fifth item counted through the sections
    target = step_item(root, "step-implement")
    assert target.parent.attrs.get("start") == "5" and target.parent.elements("li")[0] is target
    assert by_id(root, "budget").tag == "h2"
    last = step_item_of(root, "putting-the-change-in-place", 1)
    assert last.descendants("a")[0].attrs["href"] == "#initiating"
    # with numbering restarting, a step in another section is named with its section
    restarted = page(site, procedure.uri("QP-031"))
    tell = step_item_of(restarted, "visit", 1)
    assert paragraphs(tell)[-1] == "If you found a serious problem, go to Planning the visit ."


def step_item_of(root: Element, section_id: str, index: int) -> Element:
    return section_list(root, section_id).elements("li")[index]


@pytest.mark.slow
def test_inputs_outputs_approver_and_informed_are_inside_the_step(site):
    root = page(site, procedure.uri("QP-030"))
    register = step_item(root, "step-register")
    assert paragraphs(register) == [
        "Document Controller: Register the change request.",
        "Inputs: Change request form; QP-001 Control of documented information",
        "Output: Change register entry",
        "Result: Change request registered",
        "Inform: All staff"]
    document_link = register.descendants("a")
    assert [link.attrs["href"] for link in document_link] == ["../QP-001/"]
    classify = step_item(root, "step-classify")
    assert "Approved by: Managing Director" in paragraphs(classify)
    # the list is still one item per step: nothing above ended it
    assert len(section_list(root, "initiating").elements("li")) == 3


@pytest.mark.slow
def test_the_responsibilities_table_counts_joint_steps_sub_steps_approvals_and_informed(site):
    root = page(site, procedure.uri("QP-030"))
    heading = by_id(root, "responsibilities")
    table = next(sibling for sibling in heading.parent.children[heading.parent.children.index(heading):]
                 if sibling.tag == "table")
    rows = [[cell.all_text() for cell in row.elements("td") or row.elements("th")] for row in table.descendants("tr")]
    assert rows == [
        ["Role", "Does steps", "Approves steps", "Is told of steps"],
        ["Document Controller", "1, 2 and 5", "—", "—"],
        ["Quality Manager", "2, 3 and 6", "—", "—"],
        ["Production Manager", "3", "—", "—"],
        ["Managing Director", "4", "2", "—"],
        ["All staff", "—", "—", "1"],
    ]
    restarted = page(site, procedure.uri("QP-031"))
    heading = by_id(restarted, "responsibilities")
    table = next(sibling for sibling in heading.parent.children[heading.parent.children.index(heading):]
                 if sibling.tag == "table")
    rows = [[cell.all_text() for cell in row.elements("td")] for row in table.descendants("tr")][1:]
    assert rows == [["Document Controller", "Planning the visit 1 and 3"],
                    ["Quality Manager", "Planning the visit 2; The visit 1 and 2"]]


@pytest.mark.slow
def test_the_whole_manual_shows_the_sections_with_anchors_of_their_own(site):
    root = page(site, "manual.md")
    heading = by_id(root, "qp-030-budget")
    assert heading.all_text().startswith("Budget approval")
    item = step_item(root, "qp-030-step-classify")
    hrefs = [link.attrs["href"] for link in item.descendants("a")]
    assert hrefs == ["#qp-030-step-implement", "#qp-030-budget"]


# --- role pages, readability, search and history, from the core ------------------------------------

def pages(org: Path) -> dict[str, str]:
    state = prepare(org, qms_config(org), environ={"QMS_TODAY": DEMO_TODAY}, render=True)
    return {page.src_uri: page.content for page in state.pages}


def what_i_do(text: str, doc_id: str) -> list[str]:
    part = text[text.index("## What I do"):]
    part = part[part.index(doc_id):]
    part = part[:part.index("\n#")] if "\n#" in part else part
    return re.findall(r"^- (.*)$", part, re.MULTILINE)


def test_role_pages_name_each_step_with_its_section(org):
    built = pages(with_sections(org))
    assert what_i_do(built["roles/quality-manager.md"], "QP-030") == [
        "Initiating a change, step 2 (with Document Controller): Decide whether the change is minor or major.",
        "Initiating a change, step 3: Write the plan for a major change.",
        "Putting the change in place, step 6: Check that the change worked."]
    assert what_i_do(built["roles/production-manager.md"], "QP-030") == [
        "Initiating a change, step 3b: Say what production needs."]
    assert what_i_do(built["roles/managing-director.md"], "QP-030") == [
        "Initiating a change, step 2 (approves the result): Decide whether the change is minor or major.",
        "Budget approval, step 4: Approve the budget."]
    staff = built["roles/staff.md"]
    assert "QP-030" not in staff[staff.index("## What I do"):]  # told of step 1's result: nothing to do
    assert what_i_do(built["roles/quality-manager.md"], "QP-031") == [
        "Planning the visit, step 2: Write the visit plan.",
        "The visit, step 1: Check the supplier's records.",
        "The visit, step 2: Tell the supplier what you found."]


def test_every_step_is_walked_with_its_number_section_and_place_in_the_file(org):
    repository = load(with_sections(org), today=dt.date.fromisoformat(DEMO_TODAY))
    doc = repository.get("procedure", "QP-030")
    found = [(at.number, at.section_title, at.path) for at in all_steps(doc)]
    assert found[2:4] == [(3, "Initiating a change", ("sections", 0, "steps", 2)),
                          (4, "Budget approval", ("sections", 1, "steps", 0))]
    restarted = repository.get("procedure", "QP-031")
    assert [at.number for at in all_steps(restarted)] == [1, 2, 3, 1, 2]
    # a flat procedure is walked as before
    assert [at.path for at in all_steps(repository.get("procedure", "QP-001"))][:2] == [("steps", 0), ("steps", 1)]


def test_readability_reads_section_intros_and_steps_at_their_lines(org):
    repository = load(with_sections(org), today=dt.date.fromisoformat(DEMO_TODAY))
    units = {unit.label: unit for unit in prose_units(repository.get("procedure", "QP-030"))}
    assert units["step 4"].text == "Approve the budget."
    assert units["step 4"].line == line_of(org, QP, "action: Approve the budget.")
    assert units["step 3b"].line == line_of(org, QP, "action: Say what production needs.")
    assert units["section initiating intro"].line == line_of(org, QP, "intro: |")
    labels = [unit.label for unit in prose_units(repository.get("procedure", "QP-031"))]
    assert "step 1 (The visit)" in labels and "step 1 (Planning the visit)" in labels


def test_qms_readability_names_each_field_of_a_section_by_its_path_and_line(org):
    with_sections(org)
    result = qms(org, "readability", QP)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    intro = line_of(org, QP, "intro: |")
    budget = line_of(org, QP, "action: Approve the budget.")
    production = line_of(org, QP, "action: Say what production needs.")
    assert any(line.startswith(f"{QP}:{intro} sections[1].intro: ") for line in lines), lines
    assert any(line.startswith(f"{QP}:{budget} sections[2].steps[1].action: ") for line in lines), lines
    assert any(line.startswith(f"{QP}:{production} sections[1].steps[3].substeps[2].action: ") for line in lines)


def test_search_reads_sections_inputs_and_outputs(org):
    repository = load(with_sections(org), today=dt.date.fromisoformat(DEMO_TODAY))
    entries = procedure_entries(repository.get("procedure", "QP-030"), repository)
    body = html.unescape(" ".join(entry["title"] + " " + entry["text"] for entry in entries))
    # each section is its own result, leading to the section's anchor on the page
    assert "procedures/QP-030/#budget" in [entry["location"] for entry in entries]
    for words in ("Budget approval", "Anyone may ask for a change.", "Change request form", "Change register entry",
                  "Budget approved", "Say what production needs."):
        assert words in body
    assert [hit.id for hit in SearchIndex(repository).search("budget")][:1] == ["QP-030"]


def test_step_history_reads_the_steps_of_an_older_version_in_sections():
    old = {"sections": [{"title": "A", "steps": [{"role": "a", "action": "Do one."}]},
                        {"title": "B", "steps": [{"role": "a", "action": "Do two."}]}]}
    new = [{"role": "a", "action": "Do one."}, {"role": "a", "action": "Do two.", "informed": ["b"]}]
    changes = diff_steps(raw_steps(old), new)
    assert [(change.change, change.number, change.fields) for change in changes] == [("changed", 2, ("informed",))]


# --- data errors -----------------------------------------------------------------------------------

def test_a_step_id_used_twice_is_an_error_at_the_second(org):
    with_sections(org)
    edit(org, QP, "      - id: implement\n", "      - id: register\n")
    line = line_of(org, QP, "- id: register", occurrence=2)
    first = line_of(org, QP, "- id: register")
    messages = errors_of(org)
    assert f"{QP}:{line}:9: sections[3].steps[1].id: the step id 'register' is used twice (first on line {first}) " \
           "(give each step its own id)" in messages
    # the decision that named 'implement' has lost its step, and says so
    go_to = line_of(org, QP, "go_to: implement")
    assert f"{QP}:{go_to}:13: sections[1].steps[2].decisions[1].go_to: unknown step or section 'implement' " \
           "(use the id of a step or section of this procedure: budget, classify, initiating, " \
           "putting-the-change-in-place, register)" in messages


def test_an_unknown_go_to_is_an_error_with_a_suggestion(org):
    with_sections(org)
    edit(org, QP, "go_to: budget", "go_to: budgett")
    line = line_of(org, QP, "go_to: budgett")
    assert errors_of(org) == [f"{QP}:{line}:13: sections[1].steps[2].decisions[2].go_to: unknown step or section "
                              "'budgett' (did you mean 'budget'?)"]


def test_qms_check_stops_with_exit_code_2_on_an_unknown_go_to(org):
    with_sections(org)
    edit(org, QP, "go_to: budget", "go_to: budgett")
    result = qms(org, "check")
    assert result.returncode == 2
    assert "go_to: unknown step or section 'budgett' (did you mean 'budget'?)" in result.stdout + result.stderr


def test_a_procedure_with_both_steps_and_sections_is_an_error(org):
    with_sections(org)
    edit(org, QP, "sections:\n", "steps:\n  - role: quality-manager\n    action: Start.\nsections:\n")
    line = line_of(org, QP, "sections:")
    assert errors_of(org) == [f"{QP}:{line}:1: sections: give 'steps' or 'sections', not both (write 'steps:' for "
                              "one list of steps, or 'sections:' to group the steps under headings, each with "
                              "its own 'steps:')"]


def test_a_procedure_with_neither_steps_nor_sections_is_an_error(org):
    with_sections(org)
    text = (org / QP).read_text(encoding="utf-8")
    (org / QP).write_text(text[:text.index("sections:")] + text[text.index("review:"):], encoding="utf-8")
    assert errors_of(org) == [f"{QP}:1:1: steps: is missing: give 'steps' or 'sections' (write 'steps:' for one "
                              "list of steps, or 'sections:' to group the steps under headings, each with its "
                              "own 'steps:')"]


def test_an_output_with_both_a_record_and_a_state_is_an_error(org):
    with_sections(org)
    edit(org, QP, "          - record: Change register entry\n",
         "          - record: Change register entry\n            state: Registered\n")
    line = line_of(org, QP, "state: Registered")
    assert errors_of(org) == [f"{QP}:{line}:13: sections[1].steps[1].outputs[1].state: give 'record' or 'state', "
                              "not both (write 'record: <name>' for a record kept, or 'state: <words>' for a "
                              "state reached)"]


def test_an_input_that_looks_like_a_document_id_must_name_one(org):
    with_sections(org)
    edit(org, QP, "inputs: [Change request form, QP-001]", "inputs: [Change request form, QP-099]")
    line = line_of(org, QP, "QP-099")
    assert errors_of(org) == [f"{QP}:{line}:39: sections[1].steps[1].inputs[2]: unknown procedure 'QP-099' "
                              "(use the id of a procedure from data/procedures)"]


def test_two_sections_with_the_same_id_and_a_section_id_the_page_uses_are_errors(org):
    with_sections(org)
    edit(org, QP, "  - id: budget\n", "  - id: initiating\n")
    edit(org, QP, "  - title: Putting the change in place\n", "  - title: Records\n")
    messages = errors_of(org)
    second = line_of(org, QP, "- id: initiating", occurrence=2)
    first = line_of(org, QP, "- id: initiating")
    records = line_of(org, QP, "- title: Records")
    assert f"{QP}:{second}:5: sections[2].id: the section id 'initiating' is used twice (first on line {first}) " \
           "(give each section its own 'id:')" in messages
    assert f"{QP}:{records}:5: sections[3].title: the section id 'records' (made from its title) is taken by a " \
           "part of the procedure's page (give the section another 'id:')" in messages


def test_section_titles_conditions_and_inputs_are_escaped(org):
    with_sections(org)
    edit(org, QP, "title: Budget approval", 'title: "Budget <b>approval</b> {#evil}"')
    edit(org, QP, "if: The change is minor", 'if: "The change is <i>minor</i> [x](http://example.com)"')
    edit(org, QP, "inputs: [Change request form, QP-001]", 'inputs: ["Form <script>", QP-001]')
    text = pages(org)["procedures/QP-030.md"]
    assert "## Budget &lt;b&gt;approval&lt;/b&gt; &#123;&#35;evil&#125; { #budget .qms-section }" in text
    assert "If the change is &lt;i&gt;minor&lt;/i&gt; &#91;x&#93;&#40;http:" in text
    assert "*Inputs:* Form &lt;script&gt;; [QP-001 " in text
    assert "<b>" not in text and "<i>" not in text and "<script>" not in text


def test_numbering_without_sections_is_an_error(org):
    edit(org, "data/procedures/QP-001.yml", "steps:\n", "numbering: restart\nsteps:\n")
    line = line_of(org, "data/procedures/QP-001.yml", "numbering: restart")
    assert errors_of(org) == [f"data/procedures/QP-001.yml:{line}:1: numbering: only steps grouped in sections can "
                              "be numbered by section (remove 'numbering:', or group the steps under 'sections:')"]


def test_the_untrained_step_check_counts_steps_through_the_sections(org):
    from qms.features.metrics import training_requirements, untrained_steps
    from qms.features.metrics.duties import step_words
    repository = load(with_sections(org), today=dt.date.fromisoformat(DEMO_TODAY))
    found = {(doc.id, role_id): numbers for doc, role_id, numbers in
             untrained_steps(repository, training_requirements(repository)) if doc.id in ("QP-030", "QP-031")}
    assert found[("QP-030", "production-manager")] == [3]  # a part of step 3, in the first section
    assert found[("QP-031", "quality-manager")] == [2, 4, 5]
    # numbers that restart in each section are said with their section, as the page shows them
    restarted = repository.get("procedure", "QP-031")
    assert step_words([2, 4, 5], restarted) == "steps 2 (Planning the visit), 1 (The visit) and 2 (The visit)"
    assert step_words([1, 2, 5], repository.get("procedure", "QP-030")) == "steps 1, 2 and 5"


def test_what_changed_names_restarted_steps_with_their_section(org):
    import subprocess
    with_sections(org)
    subprocess.run(["git", "init", "-q"], cwd=org, check=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["add", "-A"], cwd=org, check=True)
    subprocess.run(git + ["commit", "-qm", "first"], cwd=org, check=True)
    edit(org, QP_RESTART, "        action: Tell the supplier what you found.\n",
         "        action: Tell the supplier what you found.\n        informed: [managing-director]\n")
    edit(org, QP_RESTART, '    summary: First issue.\n    approved_by: quality-manager\n',
         '    summary: First issue.\n    approved_by: quality-manager\n  - rev: "2"\n    date: 2026-11-20\n'
         '    summary: The managing director hears what we found.\n    approved_by: quality-manager\n')
    text = pages(org)["procedures/QP-031.md"]
    assert "**Changed** step 2 &#40;The visit&#41;: Quality Manager — Tell the supplier what you found." in text
