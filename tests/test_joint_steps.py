"""Joint steps (``roles: [a, b]``) and sub-steps: the procedure page, the role pages, the checks.

A procedure written for these tests goes into a copy of the tests' organisation. The data errors and
the role lists come from the core (no MkDocs build); the page structure is asserted on the HTML of
a real build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qms.build import prepare
from qms.cli import qms_config
from qms.features.metrics import training_requirements, untrained_steps
from qms.history import diff_steps

from conftest import DEMO_TODAY, built_site, copy_org, edit, errors_of, line_of

QP = "data/procedures/QP-030.yml"

JOINT = """\
id: QP-030
title: Disposal of records
area: documents
status: approved
purpose: We throw away records only when nobody needs them any more.
owner: document-controller
steps:
  - role: document-controller
    action: List the records that have passed their retention time.
  - roles: [quality-manager, document-controller]
    action: Check the list together.
    substeps:
      - action: Compare each record with its retention time.
      - role: production-manager
        action: Confirm that production no longer needs any record on the list.
        note: Ask the team leaders first.
      - roles: [quality-manager, managing-director]
        action: Sign the list.
  - role: document-controller
    action: Shred the records on the signed list.
    record: Records disposal log
review:
  last_reviewed: 2026-10-05
revisions:
  - rev: "1"
    date: 2026-10-05
    summary: First issue.
    approved_by: quality-manager
"""


def with_joint_procedure(org: Path) -> Path:
    (org / QP).write_text(JOINT, encoding="utf-8")
    return org


def pages(org: Path) -> dict[str, str]:
    state = prepare(org, qms_config(org), environ={"QMS_TODAY": DEMO_TODAY}, render=True)
    return {page.src_uri: page.content for page in state.pages}


def what_i_do(page: str) -> str:
    section = page[page.index("## What I do"):]
    section = section[section.index("QP-030"):]
    return section[:section.index("\n###")] if "\n###" in section else section


# --- role pages and checks, from the core's Markdown ----------------------------------------------

def test_every_role_of_a_joint_step_lists_it_with_the_roles_it_shares_it_with(org):
    built = pages(with_joint_procedure(org))
    quality = what_i_do(built["roles/quality-manager.md"])
    controller = what_i_do(built["roles/document-controller.md"])
    assert "- Step 2 (with Document Controller): Check the list together." in quality
    assert "- Step 2 (with Quality Manager): Check the list together." in controller
    assert re.findall(r"- Step (\w+)", controller) == ["1", "2", "3"]
    # a role that does its step in full is not listed again for a sub-step naming it
    assert "Step 2c" not in quality


def test_a_role_named_only_by_a_sub_step_lists_that_part_lettered(org):
    built = pages(with_joint_procedure(org))
    assert ("- Step 2b: Confirm that production no longer needs any record on the list."
            in what_i_do(built["roles/production-manager.md"]))
    assert "- Step 2c (with Quality Manager): Sign the list." in what_i_do(built["roles/managing-director.md"])


def test_the_procedure_page_names_both_roles_and_nests_the_sub_steps(org):
    page = pages(with_joint_procedure(org))["procedures/QP-030.md"]
    steps = page[page.index("## Steps"):page.index("## About this procedure")]
    assert "2. **Quality Manager and Document Controller:** Check the list together." in steps
    assert "    1. Compare each record with its retention time." in steps
    assert "    2. **Production Manager:** Confirm that production" in steps
    assert "        *Note:* Ask the team leaders first." in steps
    assert "    3. **Quality Manager and Managing Director:** Sign the list." in steps
    assert "3. **Document Controller:** Shred the records on the signed list." in steps


def test_the_whole_manual_shows_the_joint_step_and_its_parts(org):
    manual = pages(with_joint_procedure(org))["manual.md"]
    assert "2. **Quality Manager and Document Controller:** Check the list together." in manual
    assert "    3. **Quality Manager and Managing Director:** Sign the list." in manual


def test_the_untrained_step_check_counts_every_role_of_a_joint_step_and_its_parts(org):
    from qms.build import load
    import datetime as dt
    repository = load(with_joint_procedure(org), today=dt.date.fromisoformat(DEMO_TODAY))
    found = {(doc.id, role_id): numbers for doc, role_id, numbers in
             untrained_steps(repository, training_requirements(repository)) if doc.id == "QP-030"}
    # the document controller is trained on records only through QP-001 and QP-002: QP-030 is new to all
    assert found == {("QP-030", "document-controller"): [1, 2, 3], ("QP-030", "quality-manager"): [2],
                     ("QP-030", "production-manager"): [2], ("QP-030", "managing-director"): [2]}


def test_readability_reads_the_sub_steps(org):
    from qms.build import load
    from qms.document_readability import prose_units
    import datetime as dt
    repository = load(with_joint_procedure(org), today=dt.date.fromisoformat(DEMO_TODAY))
    units = {unit.label: unit for unit in prose_units(repository.get("procedure", "QP-030"))}
    assert units["step 2b"].text.startswith("Confirm that production")
    assert units["step 2b note"].line == line_of(org, QP, "note: Ask the team leaders first.")


def test_a_step_moving_from_one_role_to_two_is_one_change_of_who_does_it():
    old = [{"role": "quality-manager", "action": "Check the list."}]
    new = [{"roles": ["quality-manager", "document-controller"], "action": "Check the list.",
            "substeps": [{"action": "Sign it.", "role": "managing-director"}]}]
    [change] = diff_steps(old, new)
    assert change.fields == ("role", "substeps")
    assert change.after["role"] == "quality-manager, document-controller"
    assert change.after["substeps"] == "Sign it. (managing-director)"


# --- data errors -----------------------------------------------------------------------------------

def error_on(org: Path, old: str, new: str) -> list[str]:
    with_joint_procedure(org)
    edit(org, QP, old, new)
    return errors_of(org)


def test_role_and_roles_both(org):
    errors = error_on(org, "  - roles: [quality-manager, document-controller]\n",
                      "  - role: quality-manager\n    roles: [quality-manager, document-controller]\n")
    line = line_of(org, QP, "roles: [quality-manager, document-controller]")
    assert errors == [f"{QP}:{line}:5: steps[2].roles: give 'role' or 'roles', not both (write 'role: <id>' for "
                      "one role, or 'roles: [a, b]' for a step several roles do together)"]


def test_neither_role_nor_roles(org):
    errors = error_on(org, "  - roles: [quality-manager, document-controller]\n    action",
                      "  - action")
    assert len(errors) == 1 and errors[0].startswith(f"{QP}:{line_of(org, QP, 'action: Check the list')}:")
    assert "steps[2].role: is missing: give 'role' or 'roles'" in errors[0]


def test_an_empty_role_is_no_role(org):
    errors = error_on(org, "  - roles: [quality-manager, document-controller]\n", "  - role:\n")
    assert errors == [f"{QP}:{line_of(org, QP, 'role:', after='List the records')}:5: steps[2].role: is missing: "
                      "give 'role' or 'roles' (write 'role: <id>' for one role, or 'roles: [a, b]' for a step "
                      "several roles do together)"]


def test_roles_with_one_entry(org):
    errors = error_on(org, "roles: [quality-manager, document-controller]", "roles: [quality-manager]")
    assert errors == [f"{QP}:{line_of(org, QP, 'roles: [quality-manager]')}:12: steps[2].roles: needs at least "
                      "2 items (for one role, write 'role: <id>' instead of 'roles:')"]


def test_one_role_written_under_roles_without_brackets(org):
    errors = error_on(org, "roles: [quality-manager, document-controller]", "roles: quality-manager")
    assert errors == [f"{QP}:{line_of(org, QP, 'roles: quality-manager')}:12: steps[2].roles: expected a list, "
                      "found 'quality-manager' (for one role, write 'role: <id>' instead of 'roles:')"]


def test_an_unknown_role_in_roles_is_a_reference_error_with_a_hint(org):
    errors = error_on(org, "roles: [quality-manager, document-controller]", "roles: [quality-manager, document-control]")
    assert len(errors) == 1
    assert errors[0].startswith(f"{QP}:{line_of(org, QP, 'document-control]')}:")
    assert "steps[2].roles[2]" in errors[0] and "'document-control'" in errors[0]
    assert "did you mean 'document-controller'?" in errors[0]


def test_a_role_listed_twice(org):
    errors = error_on(org, "roles: [quality-manager, document-controller]", "roles: [quality-manager, quality-manager]")
    assert errors == [f"{QP}:{line_of(org, QP, 'roles: [quality-manager, quality-manager]')}:30: steps[2].roles[2]: "
                      "'quality-manager' is listed twice (remove the repeat of item 1)"]


def test_a_list_given_to_role_says_to_write_roles(org):
    errors = error_on(org, "roles: [quality-manager, document-controller]", "role: [quality-manager, document-controller]")
    assert errors == [f"{QP}:{line_of(org, QP, 'role: [quality-manager, document-controller]')}:11: steps[2].role: "
                      "expected one id, found a list (for several, write 'roles: [quality-manager, "
                      "document-controller]' instead of 'role:')"]


def test_a_sub_step_with_role_and_roles_or_an_unknown_role(org):
    errors = error_on(org, "      - role: production-manager\n",
                      "      - role: production-manger\n")
    assert len(errors) == 1 and "steps[2].substeps[2].role" in errors[0] and "production-manager" in errors[0]
    errors = error_on(org, "      - role: production-manager\n",
                      "      - role: production-manager\n        roles: [quality-manager, staff]\n")
    assert len(errors) == 1 and "steps[2].substeps[2].roles: give 'role' or 'roles', not both" in errors[0]


def test_the_procedure_and_the_existing_files_are_valid(org):
    from qms.build import load
    import datetime as dt
    repository = load(with_joint_procedure(org), today=dt.date.fromisoformat(DEMO_TODAY))
    assert repository.get("procedure", "QP-030").steps[1].roles == ["quality-manager", "document-controller"]


# --- the built page ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(with_joint_procedure(copy_org(tmp_path_factory.mktemp("joint") / "org")))


def step_items(html: str) -> str:
    """The steps' list on a procedure page."""
    section = html[html.index('id="steps"'):]
    return section[section.index("<ol>"):section.index('id="about-this-procedure"')]


@pytest.mark.slow
def test_the_built_page_nests_sub_steps_inside_their_step(site):
    html = step_items((site / "procedures/QP-030/index.html").read_text(encoding="utf-8"))
    top = re.findall(r"<li>\s*(?:<p>)?<strong>([^<]*):</strong>", html)
    assert top[0] == "Document Controller"
    # the outer list has three items: the sub-steps do not add to or restart its numbering
    outer = re.sub(r"<ol>(?:(?!<ol>).)*?</ol>", "", html[4:], flags=re.S)  # drop the nested list
    assert outer.count("<li>") == 3 and "<ol start" not in html
    second = html[html.index("Quality Manager and Document Controller"):html.index("Shred the records")]
    nested = second[second.index("<ol>"):second.index("</ol>")]
    assert nested.count("<li>") == 3
    assert "<strong>Production Manager:</strong> Confirm that production" in nested
    assert "<em>Note:</em> Ask the team leaders first." in nested
    assert "<strong>Quality Manager and Managing Director:</strong> Sign the list." in nested
    # the nested list closes inside the second step's item, before the third step starts
    assert re.search(r"</ol>\s*</li>\s*<li>\s*(?:<p>)?<strong>Document Controller:</strong> Shred", html)


@pytest.mark.slow
def test_the_theme_letters_the_parts_as_the_role_pages_name_them(site):
    """Role pages say "Step 2b": the theme shows a list inside a numbered list as a, b, c, and ours
    leaves that alone."""
    [theme] = (site / "assets/stylesheets").glob("main.*.min.css")
    assert ".md-typeset ol ol,.md-typeset ul ol{list-style-type:lower-alpha}" in theme.read_text(encoding="utf-8")
    for own in (site / "stylesheets").glob("*.css"):
        assert not re.search(r"ol\s+ol[^{]*\{[^}]*list-style", own.read_text(encoding="utf-8")), own.name


@pytest.mark.slow
def test_the_built_role_pages_list_the_joint_step(site):
    for role_id, other in (("quality-manager", "Document Controller"), ("document-controller", "Quality Manager")):
        html = (site / f"roles/{role_id}/index.html").read_text(encoding="utf-8")
        assert f"<li>Step 2 (with {other}): Check the list together.</li>" in html, role_id
    html = (site / "roles/production-manager/index.html").read_text(encoding="utf-8")
    assert "<li>Step 2b: Confirm that production no longer needs any record on the list.</li>" in html


def test_the_json_schema_takes_role_or_roles_never_both():
    import json

    import jsonschema
    import yaml
    from qms.jsonschema import schema_files
    from qms.features import default_registry

    schema = json.loads(schema_files(default_registry())["procedure.schema.json"])
    data = yaml.safe_load(JOINT)
    data["review"]["last_reviewed"] = "2026-10-05"
    data["revisions"][0]["date"] = "2026-10-05"
    jsonschema.validate(data, schema)
    joint = data["steps"][1]
    both = {**joint, "role": "quality-manager"}
    neither = {key: value for key, value in joint.items() if key != "roles"}
    for step in (both, neither):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**data, "steps": [step]}, schema)
    part = {"action": "Sign.", "role": "managing-director", "roles": ["quality-manager", "staff"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "steps": [{**data["steps"][0], "substeps": [part]}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "steps": [{"roles": ["quality-manager"], "action": "Check."}]}, schema)


def test_what_changed_names_the_roles_of_a_step_that_became_joint(org):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=org, check=True, capture_output=True)

    single = JOINT.replace("  - roles: [quality-manager, document-controller]\n", "  - role: quality-manager\n")
    single = single[:single.index("    substeps:")] + single[single.index("  - role: document-controller\n    action: Shred"):]
    (org / QP).write_text(single, encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("config", "user.email", "quality@kestrel.example")
    git("config", "user.name", "Quality Team")
    git("add", "-A")
    git("commit", "-q", "-m", "QP-030 revision 1")
    (org / QP).write_text(JOINT + '  - rev: "2"\n    date: 2026-11-02\n    summary: The list is checked by two.\n'
                          "    approved_by: quality-manager\n", encoding="utf-8")
    git("commit", "-q", "-am", "QP-030 revision 2")
    page = pages(org)["procedures/QP-030.md"]
    changed = page[page.index("**What changed in revision 2"):page.index("## Steps")]
    assert "- **Changed** step 2: Quality Manager and Document Controller — Check the list together." in changed
    assert "    - Done by Quality Manager and Document Controller instead of Quality Manager." in changed
    assert "    - Sub-steps added: “Compare each record with its retention time.; Confirm" in changed


@pytest.mark.slow
def test_a_sub_step_note_may_hold_a_list_that_stays_inside_its_part(tmp_path):
    org = with_joint_procedure(copy_org(tmp_path / "org"))
    edit(org, QP, "        note: Ask the team leaders first.\n",
         "        note: |\n          Ask the team leaders first:\n\n          - the workshop\n          - the stores\n")
    html = step_items((built_site(org) / "procedures/QP-030/index.html").read_text(encoding="utf-8"))
    part = html[html.index("Confirm that production"):html.index("Sign the list")]
    assert "<li>the workshop</li>" in part and "<li>the stores</li>" in part
    # the list closes inside its part, and the next part follows as an item of the same list
    assert re.search(r"<li>the stores</li>\s*</ul>\s*</li>\s*<li>\s*(?:<p>)?<strong>Quality Manager and Managing", part)
    # the steps keep their numbers: three steps, the third after the nested list
    assert re.search(r"</ol>\s*</li>\s*<li>\s*(?:<p>)?<strong>Document Controller:</strong> Shred", html)
