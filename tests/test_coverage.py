"""Clause coverage counts every kind of evidence the portal holds, and justified exclusions.

Each feature declares which clauses its documents show are met (``ClauseEvidence``): the policy
for 5.2, roles for 5.3, KPIs for 9.1, audits for 9.2, management reviews for 9.3, NCRs for 10.2.
Left out of a build, a feature takes its evidence with it. Clauses that cannot apply are
declared in ``data/organisation.yml`` with a reason; they are shown as excluded, never as gaps.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from qms.build import prepare
from qms.features import default_registry
from qms.features.metrics import clause_coverage, iso_clauses
from qms.project import qms_config
from qms.registry import ClauseEvidence, Feature, Registry

from conftest import ROOT, edit, environment, errors_of, line_of, mkdocs_build, qms

TODAY = "2026-12-02"
ORGANISATION = "data/organisation.yml"
DEMO_EXCLUSION = '  - clauses: ["8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5"]\n'
# what the demo does not show it meets, and why each is a real gap:
REAL_GAPS = {
    "4.3",    # no statement of the scope of the quality system (only the exclusions are recorded)
    "5.1.2",  # no document says how top management keeps the focus on customers
    "7.1.1",  # no document says how resources are decided and provided
    "7.1.4",  # nothing on the working environment (cleanliness, static control, temperature)
    "7.1.6",  # nothing on how knowledge is kept and shared
    "8.3.6",  # the design change procedure is still a draft
}
COVERED_BY_EVIDENCE = {
    "4.4.1": "Document register", "5.1.1": "Leaders' commitments", "5.2.1": "Quality policy",
    "5.2.2": "Quality policy", "5.3": "Roles and their responsibilities", "7.1.2": "People in each role",
    "9.1.1": "Key performance indicators", "9.2.1": "Internal audit programme", "9.3.2": "Management reviews",
    "10.2.1": "Nonconformity register",
}


def coverage_of(root: Path = ROOT, registry: Registry | None = None):
    state = prepare(root, qms_config(root), environ=environment(TODAY), use_baseline=False, render=False,
                    registry=registry)
    return clause_coverage(state.repository, state.analysis)


def rows_of(coverage) -> dict:
    return {row.clause.number: row for row in coverage.rows}


def evidence_labels(row) -> list[str]:
    return [found.label for found, _ in row.evidence]


# --- the demo ---------------------------------------------------------------------------------------

def test_the_demo_has_no_gap_for_a_clause_it_covers():
    coverage = coverage_of()
    gaps = {row.clause.number for row in coverage.gaps}
    assert gaps <= REAL_GAPS, gaps - REAL_GAPS
    rows = rows_of(coverage)
    for number, label in COVERED_BY_EVIDENCE.items():
        assert rows[number].state == "covered", number
        assert any(found.startswith(label) for found in evidence_labels(rows[number])), (number, evidence_labels(rows[number]))
    # evidence declared for a clause covers its subclauses, and says through which
    assert ("Quality policy", "5.2") in [(found.label, via) for found, via in rows["5.2.1"].evidence]
    # the counts add up: each clause at the lowest level is covered, excluded or a gap
    assert len(coverage.covered) + len(coverage.excluded) + len(coverage.gaps) == len(coverage.leaves)


def test_the_demo_excludes_new_design_work_with_its_reason():
    coverage = coverage_of()
    rows = rows_of(coverage)
    excluded = {row.clause.number for row in coverage.excluded}
    assert excluded == {"8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5"}
    assert rows["8.3.1"].state_text.startswith("Excluded: We do not develop new products.")
    assert rows["8.3.6"].state == "gap" and len(rows["8.3.6"].drafts) == 1  # design changes do apply
    assert rows["8.3"].state_text == "Gap: 0 of 1 clause below it (5 more excluded)"
    [(clauses, reason)] = coverage.exclusions
    assert [row.clause.number for row in clauses] == sorted(excluded)
    assert "design change procedure" in reason


def test_other_kinds_listing_clauses_still_do_not_cover_them():
    """An audit lists the clauses it audits: that does not show they are met (only 9.2 is)."""
    rows = rows_of(coverage_of())
    controlled = ("procedure", "form", "work-instruction", "external-document")
    assert all(doc.kind in controlled for row in rows.values() for doc in row.documents)
    assert "audit" not in {doc.kind for row in rows.values() for doc in row.drafts}
    # a controlled document of another kind counts like a procedure: the nonconformity report form
    assert [(doc.kind, doc.id) for doc in rows["10.2.2"].direct] == [("procedure", "QP-007"), ("form", "FRM-001")]
    assert "Internal audit programme" not in evidence_labels(rows["7.5.1"])


# --- declarations drive it -----------------------------------------------------------------------

def test_every_declared_evidence_names_a_real_clause_and_a_kind_of_its_feature():
    declared = [(feature, item) for feature in default_registry() for item in feature.clause_evidence]
    assert {feature.name for feature, _ in declared} >= {"documents", "leadership", "records", "metrics",
                                                         "onboarding"}
    kinds = default_registry().kinds_by_name
    for feature, item in declared:
        assert item.clauses and set(item.clauses) <= set(iso_clauses()), item
        assert item.kind in kinds, item
        assert item.uri.endswith(".md") and item.label, item


def test_a_left_out_feature_takes_its_evidence_with_it():
    rows = rows_of(coverage_of(registry=default_registry().only("documents", "metrics")))
    labels = {label for row in rows.values() for label in evidence_labels(row)}
    assert not labels & {"Quality policy", "Management reviews", "Internal audit programme",
                         "Nonconformity register", "Onboarding paths"}
    assert rows["5.2.1"].state == "gap"  # the policy page went with the leadership feature
    assert rows["5.3"].state == "covered"  # roles belong to the core
    assert rows["9.2.1"].state == "covered"  # QP-006 still claims it
    assert rows["9.1.1"].state == "covered"  # KPIs are the metrics feature's own


def test_a_feature_can_declare_evidence_for_any_kind():
    """The same declaration serves a register an organisation adds: here the glossary shows 7.1.6."""
    extra = Feature(name="knowledge", clause_evidence=(
        ClauseEvidence("glossary", ("7.1.6",), "Glossary", "glossary.md"),))
    registry = Registry([*default_registry(), extra])
    row = rows_of(coverage_of(registry=registry))["7.1.6"]
    assert row.state == "covered" and evidence_labels(row) == ["Glossary"]
    missing_kind = Feature(name="knowledge", clause_evidence=(
        ClauseEvidence("lessons-learnt", ("7.1.6",), "Lessons learnt", "lessons.md"),))
    row = rows_of(coverage_of(registry=Registry([*default_registry(), missing_kind])))["7.1.6"]
    assert row.state == "gap"  # a kind this build does not have shows nothing


# --- bad exclusions: one clear message each, with path:line -----------------------------------------

def exclusion_errors(project: Path, clauses: str, reason: str | None = "It does not apply.") -> list[str]:
    block = f"  - clauses: {clauses}\n" + (f"    reason: {reason}\n" if reason is not None else "")
    edit(project, ORGANISATION, DEMO_EXCLUSION + "    reason:", block + DEMO_EXCLUSION + "    reason:")
    return [error for error in errors_of(project) if error.startswith(ORGANISATION)]


@pytest.mark.parametrize("clauses, reason, field, message", [
    ('["8.9"]', "x", "exclusions[1].clauses[1]", "unknown ISO 9001:2015 clause '8.9' (clause 8 has 8.1,"),
    ('["12"]', "x", "exclusions[1].clauses[1]", "'12' is not valid"),
    ('["8.5.3"]', None, "exclusions[1].reason", "is missing"),
    ('[]', "x", "exclusions[1].clauses", "needs at least 1 item"),
    ('["7.5.3.1"]', "x", "exclusions[1].clauses[1]",
     "clause 7.5.3.1 is excluded, but QP-001 (7.5.3), QP-002 (7.5.3) claim to cover it"),
    # a draft counts: the design change procedure being written claims 8.3.6
    ('["8.6", "8.3"]', "x", "exclusions[1].clauses[2]", "clause 8.3 is excluded, but QP-023 (8.3.6) claims"),
    ('["5.3"]', "x", "exclusions[1].clauses[1]",
     "clause 5.3 is excluded, but the portal holds Roles and their responsibilities (5.3), which shows it is applied"),
])
def test_a_bad_exclusion_is_one_clear_error(project, clauses, reason, field, message):
    errors = exclusion_errors(project, clauses, reason)
    line = line_of(project, ORGANISATION, f"clauses: {clauses}")
    matching = [error for error in errors if f" {field}: " in error]
    assert len(matching) == 1 and message in matching[0], errors
    assert matching[0].startswith(f"{ORGANISATION}:{line}:") or matching[0].startswith(f"{ORGANISATION}:{line + 1}:")


@pytest.mark.parametrize("clauses, count, message", [
    ('["8.3.2"]', 1, "exclusions[2].clauses[2]: clause 8.3.2 is excluded twice, first at exclusions[1].clauses[1]"),
    # each of the five subclauses the demo excludes lies inside 8.3
    ('["8.3"]', 5, "exclusions[2].clauses[1]: clause 8.3.1 overlaps clause 8.3, excluded at exclusions[1].clauses[1]"),
])
def test_a_clause_is_excluded_once(project, clauses, count, message):
    errors = exclusion_errors(project, clauses)
    line = line_of(project, ORGANISATION, DEMO_EXCLUSION.strip())
    twice = [error for error in errors if "exclude each clause once" in error]
    assert len(twice) == count and all(error.startswith(f"{ORGANISATION}:{line}:") for error in twice), errors
    assert message in twice[0]


def test_the_command_line_says_what_to_do_and_exits_2(project):
    exclusion_errors(project, '["9.2"]', "We do no audits.")
    result = qms(project, "check", today=TODAY)
    assert result.returncode == 2
    assert "exclusions[1].clauses[1]: clause 9.2 is excluded, but QP-006 (9.2.1, 9.2.2) claims to cover it" \
        in result.stderr
    assert "remove the exclusion" in result.stderr and "Traceback" not in result.stderr


# --- the built page ---------------------------------------------------------------------------------

def visible(fragment: str) -> str:
    spaced = re.sub(r"</?(p|li|h[1-6]|td|th|tr|div|table|ul|ol)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def table_rows(page: str, heading_id: str) -> dict[str, list[str]]:
    start = page.index(f'id="{heading_id}"')
    table = page[page.index("<table>", start):page.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows[visible(cells[0])] = cells
    return rows


@pytest.mark.slow
def test_the_coverage_page_shows_evidence_links_and_exclusions(project):
    # data text in a reason stays text: no markup, no broken table
    edit(project, ORGANISATION, "    reason: We do not develop new products.",
         "    reason: We do not develop <b>new</b> | products.")
    result = mkdocs_build(project, today=TODAY)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "iso-9001" / "coverage" / "index.html").read_text(encoding="utf-8")
    page = page[page.index("<article"):page.index("</article>")]
    text = visible(page)
    assert "Of 65 clauses at the lowest level," in text and "5 are excluded" in text

    gaps = table_rows(page, "gaps")
    assert set(gaps) <= REAL_GAPS and not set(gaps) & set(COVERED_BY_EVIDENCE)

    excluded = table_rows(page, "excluded-clauses")
    [(clauses, cells)] = excluded.items()
    assert clauses.startswith("8.3.1 General, 8.3.2 Design and development planning")
    assert visible(cells[1]).startswith("We do not develop <b>new</b> | products.")
    assert "<b>" not in page

    leadership = table_rows(page, "5-leadership")
    assert visible(leadership["5.3"][3]) == "Covered"
    assert visible(leadership["5.2.1"][2]) == "Quality policy (via 5.2)"
    operation = table_rows(page, "8-operation")
    assert visible(operation["8.3.2"][3]).startswith("Excluded: We do not develop <b>new</b> | products.")
    assert visible(operation["8.3.2"][2]) == "Not needed"

    # every evidence link leads to a page of the site
    links = {visible(cell): re.findall(r'href="([^"]+)"', cell)
             for rows in (leadership, table_rows(page, "9-performance-evaluation"),
                          table_rows(page, "10-improvement"), table_rows(page, "7-support"))
             for cells in rows.values() for cell in cells[2:3]}
    targets = {href for hrefs in links.values() for href in hrefs}
    assert any(href.endswith("roles/") for href in targets) and any("policy" in href for href in targets)
    base = site / "iso-9001" / "coverage"
    for href in targets:
        target = (base / href.split("#")[0]).resolve()
        assert (target / "index.html").exists() or target.is_file(), href
