"""A procedure page leads with its steps; obsolete procedures are set apart and named so.

The pages are the core's Markdown (no MkDocs build): the demo's for the layout and the
navigation, a copy of the tests' organisation where a test changes data.
"""

from __future__ import annotations

import pytest

from qms.build import prepare
from qms.cli import qms_config

from conftest import ROOT, environment


@pytest.fixture(scope="module")
def demo():
    return prepare(ROOT, qms_config(ROOT), environ=environment())


def content(state, doc_id: str) -> str:
    [page] = [page for page in state.pages if page.src_uri == f"procedures/{doc_id}.md"]
    return page.content


def procedures(state, status: str) -> list:
    return sorted((doc for doc in state.repository.published("procedure") if doc.status == status),
                  key=lambda doc: doc.id)


def area_sections(state) -> dict[str, list]:
    nav = state.navigation(["index.md"])
    [areas] = [entry["Procedures"] for entry in nav if isinstance(entry, dict) and "Procedures" in entry]
    return {title: children for area in areas for title, children in area.items()}


def test_the_page_leads_with_purpose_facts_what_changed_then_the_steps(demo):
    for doc in procedures(demo, "approved"):
        page = content(demo, doc.id)
        order = ['class="qms-purpose"', 'class="qms-summary"', 'id="what-changed"', "\n## Steps\n",
                 "\n## About this procedure\n", 'class="qms-badge"', "\n## Revision history\n"]
        places = [page.find(marker) for marker in order]
        assert -1 not in places and places == sorted(places), (doc.id, dict(zip(order, places)))
        revision = doc.revisions[-1]
        facts = page.split('class="qms-summary"', 1)[1].split("</div>", 1)[0]
        assert "**Owner:**" in facts and f"**Revision {revision.rev}**, effective {revision.date.isoformat()}" in facts
        assert "**Next review:**" in facts and "**Area:**" in facts
        assert f"**What changed in revision {revision.rev}:**" in page


def test_the_review_banner_sits_above_the_steps(demo):
    page = content(demo, "QP-022")  # overdue in the demo
    assert page.index("data-qms-review") < page.index("qms-review-banner") < page.index("\n## Steps\n")


def test_an_obsolete_page_is_named_so_and_has_no_readability_pill(demo):
    [obsolete] = procedures(demo, "obsolete")
    page = content(demo, obsolete.id)
    assert "qms-badge" not in page and "to read ·" not in page
    assert f"\n# Obsolete: {obsolete.id} " in page
    front = page.split("\n---", 1)[0]
    assert f'title: "Obsolete: {obsolete.id} {obsolete.title}"' in front
    # in search, ranked low, without the search words that weigh more than any title
    assert front.endswith("search:\n  boost: 0.1") and "tags:" not in front and "exclude" not in front


def test_obsolete_procedures_sit_apart_at_the_end_of_their_area(demo):
    [obsolete] = procedures(demo, "obsolete")
    area = demo.repository.areas[obsolete.area]
    children = area_sections(demo)[area.title]
    assert children[-1] == {"Obsolete": [{f"Obsolete: {obsolete.id} {obsolete.title}": f"procedures/{obsolete.id}.md"}]}
    current = [title for child in children[:-1] if isinstance(child, dict) for title in child]
    assert current and all(not title.startswith("Obsolete") for title in current)
    assert all(obsolete.id not in title for title in current)


def test_other_areas_have_no_obsolete_section(demo):
    [obsolete] = procedures(demo, "obsolete")
    for title, children in area_sections(demo).items():
        if title != demo.repository.areas[obsolete.area].title:
            assert not [child for child in children if isinstance(child, dict) and "Obsolete" in child], title


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_many_obsolete_procedures_go_into_id_ranges(org):
    """Each page embeds the navigation: however many procedures are withdrawn, a list stays short."""
    procedures = org / "data/procedures"
    (procedures / "QP-025.yml").write_text((procedures / "QP-024.yml").read_text(encoding="utf-8"), encoding="utf-8")
    replace(procedures / "QP-025.yml", "id: QP-024", "id: QP-025")
    state = prepare(org, dict(qms_config(org), nav_chunk_size=1), environ=environment())
    title = state.repository.get("procedure", "QP-024").title
    children = area_sections(state)[state.repository.areas["customers"].title]
    assert children[-1] == {"Obsolete": [
        {f"{doc_id} to {doc_id}": [{f"Obsolete: {doc_id} {title}": f"procedures/{doc_id}.md"}]}
        for doc_id in ("QP-024", "QP-025")]}
    assert "QP-02" not in str(children[:-1])


def revision(rev: str, day: str, summary: str, changes: list[str]) -> str:
    return (f'  - rev: "{rev}"\n    date: {day}\n    summary: {summary}\n    approved_by: managing-director\n'
            "    changes:\n" + "".join(f"      - {change}\n" for change in changes))


@pytest.mark.parametrize("changes, folded", [(["Said why we plan."], False),
                                             (["Said why.", "Moved step 2.", "New record.", "Shorter note."], True)])
def test_a_long_list_of_changes_is_folded_away_above_the_steps(org, changes, folded):
    path = org / "data/procedures/QP-004.yml"
    path.write_text(path.read_text(encoding="utf-8") + revision("5", "2026-11-02", "Clearer <b>purpose</b>.", changes),
                    encoding="utf-8")
    page = content(prepare(org, qms_config(org), environ=environment()), "QP-004")
    top = page.split("\n## Steps\n", 1)[0]
    assert "**What changed in revision 5:** Clearer &lt;b&gt;purpose&lt;/b&gt;." in top
    assert all(f"- {change}" in top for change in changes)
    assert ('<details class="qms-changes__details" markdown>' in top) is folded
    if folded:
        assert f"<summary>Every change in revision 5 ({len(changes)})</summary>" in top
