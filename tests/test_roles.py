"""Role pages: every step a role performs (its own and those of the role all staff hold), and who holds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from qms.build import prepare
from qms.cli import qms_config

from conftest import DEMO_TODAY, ROOT, edit


def role_page(root: Path, role_id: str) -> str:
    state = prepare(root, qms_config(root), environ={"QMS_TODAY": DEMO_TODAY}, render=True)
    return next(page.content for page in state.pages if page.src_uri == f"roles/{role_id}.md")


def what_i_do(page: str) -> str:
    return page[page.index("## What I do"):page.index("## Training") if "## Training" in page else None]


def test_a_role_lists_the_steps_of_all_staff_marked_as_theirs(org):
    operator = what_i_do(role_page(org, "production-operator"))
    assert "- Step 1 (as All staff): Pass any complaint or praise from a customer to the sales coordinator" \
        in operator
    assert "- Step 3 (as All staff): Write the draft in plain language." in operator
    assert "It includes the steps of [All staff](staff.md)" in operator


def test_own_and_inherited_steps_share_one_list_in_step_order(org):
    edit(org, "data/procedures/QP-002.yml", "role: staff", "role: production-operator")
    operator = what_i_do(role_page(org, "production-operator"))
    records = operator[operator.index("QP-002 Control of records"):]
    records = records[:records.index("###")]
    assert re.findall(r"- Step (\d+)( \(as All staff\))?:", records) == [("1", ""), ("2", " (as All staff)"),
                                                                         ("3", " (as All staff)")]


def test_the_all_staff_role_lists_its_steps_as_its_own(org):
    staff = what_i_do(role_page(org, "staff"))
    assert "- Step 3: Write the draft in plain language." in staff and "as All staff" not in staff


def test_the_data_marks_the_role_all_staff_hold_not_its_id(org):
    edit(org, "data/roles/staff.yml", "all_staff: true", "all_staff: false")
    assert "as All staff" not in role_page(org, "production-operator")
    # another organisation may call it something else
    edit(org, "data/roles/staff.yml", "title: All staff", "title: Everyone at Kestrel")
    edit(org, "data/roles/staff.yml", "all_staff: false", "all_staff: true")
    assert "- Step 3 (as Everyone at Kestrel): Write the draft" in role_page(org, "production-operator")


def test_a_role_page_names_its_holders_and_how_to_reach_them(org):
    edit(org, "data/people/liam-carter.yml", "name: Liam Carter", "name: Liam Carter\nemail: liam@kestrel.example")
    edit(org, "data/roles/production-operator.yml", "title: Production Operator",
         "title: Production Operator\nemail: workshop@kestrel.example")
    operator = role_page(org, "production-operator")
    assert ("**Held by:** Aisha Begum, Jack Evans, "
            'Liam Carter (<a href="mailto:liam@kestrel.example">liam@kestrel.example</a>), Sofia Rossi.') in operator
    assert '**Shared mailbox:** <a href="mailto:workshop@kestrel.example">workshop@kestrel.example</a>' in operator
    assert "**Held by:** every member of staff (14 people in the staff list)." in role_page(org, "staff")


def test_an_email_cannot_break_out_of_its_link(org):
    edit(org, "data/people/liam-carter.yml", "name: Liam Carter",
         "name: Liam Carter\nemail: 'x\"onclick=alert(1)@kestrel.example'")
    operator = role_page(org, "production-operator")
    assert 'href="mailto:x%22onclick%3Dalert%281%29@kestrel.example"' in operator
    assert '"onclick' not in operator


# ---------------------------------------------------------------------------
# the demo, built


def demo_steps(role_id: str = "staff") -> set[tuple[str, int]]:
    """(procedure id, step number) of every step of an approved demo procedure that ``role_id`` performs."""
    steps = set()
    for path in sorted((ROOT / "data/procedures").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc.get("status") == "approved":
            steps |= {(doc["id"], number) for number, step in enumerate(doc["steps"], start=1)
                      if step["role"] == role_id}
    return steps


@pytest.mark.slow
def test_every_demo_role_page_lists_every_all_staff_step(demo_site):
    all_staff = demo_steps()
    assert ("QP-007", 4) in all_staff and ("QP-010", 1) in all_staff
    for path in sorted((ROOT / "data/roles").glob("*.yml")):
        role_id = path.stem
        page = (demo_site / "roles" / role_id / "index.html").read_text(encoding="utf-8")
        section = page[page.index('id="what-i-do"'):]
        listed = set()
        for procedure, block in re.findall(r'<h3 id="[^"]*"><a href="[^"]*">(QP-\d+)[^<]*</a>.*?</h3>\s*<ul>(.*?)</ul>',
                                           section, re.S):
            marker = "" if role_id == "staff" else r" \(as All staff\)"
            listed |= {(procedure, int(number)) for number in re.findall(rf"<li>Step (\d+){marker}:", block)}
        assert all_staff <= listed, (role_id, sorted(all_staff - listed))


@pytest.mark.slow
def test_the_production_operator_stops_work_and_raises_an_ncr(demo_site):
    page = (demo_site / "roles/production-operator/index.html").read_text(encoding="utf-8")
    assert "Step 1 (as All staff): Stop work on the affected product" in page
    assert "Step 4 (as All staff): Raise a nonconformity report" in page
