"""Privacy by default: pages every member of staff reads count training gaps and name nobody.

The named detail goes to the quality team's report (``qms check --format json``), not to the copy
of qms-report.json in the site; ``extra.qms.training_names: true`` brings the named view back.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from qms.build import prepare
from qms.cli import qms_config
from qms.reports import report

from conftest import DEMO_TODAY, ROOT, copy_project, edit, mkdocs_build

GAP_WORDS = ("Missing", "Retrain", "retrain", "New starter", "new starter", "has no training record",
             "must complete", "trained on")


def pages(org: Path, **settings) -> tuple[object, dict[str, str]]:
    state = prepare(org, {**qms_config(org), **settings}, environ={"QMS_TODAY": DEMO_TODAY}, render=True)
    return state, {page.src_uri: page.content for page in state.pages}


def section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("\n## ", start + len(heading))
    return page[start:end if end != -1 else None]


def people_of(root: Path) -> dict[str, str]:
    """Person id -> name, from data/people/."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
            for path in sorted((root / "data/people").glob("*.yml"))}


def test_role_pages_and_the_matrix_count_gaps_without_names(org):
    _, generated = pages(org)
    names = people_of(org).values()
    operator = section(generated["roles/production-operator.md"], "## Training gaps")
    assert "2 of 4 people &#40;1 to retrain, 1 new starter with time left&#41;" in operator
    matrix = generated["training/matrix.md"]
    assert "1 of 14 people &#40;1 not trained&#41;" in section(matrix, "## Gaps")
    for text in (operator, matrix, generated["dashboard.md"]):
        assert not [name for name in names if name in text]


def test_a_role_held_by_too_few_people_shows_no_counts(org):
    _, generated = pages(org)
    sales = section(generated["roles/sales-coordinator.md"], "## Training gaps")
    assert "Fewer than 3 people hold this role" in sales and "of 1 person" not in sales
    assert "Everyone in this role has the training it needs." not in sales


def test_the_dashboard_counts_flags_that_name_a_person(org):
    state, generated = pages(org)
    dashboard = generated["dashboard.md"]
    personal = [flag for flag in state.analysis.flags if flag.kind in {"training-missing", "retraining-due",
                                                                       "training-due"}]
    assert personal and not any(flag.file in dashboard for flag in personal)
    assert f"{len(personal)} flags name a person" in dashboard
    assert "- training-missing (info): 2" in dashboard  # still counted by kind
    assert 'data-kind="training-missing">Training missing: <strong>2</strong>' in dashboard


def test_the_site_copy_of_the_report_names_nobody(org):
    state, _ = pages(org)
    published = report(state)
    assert "training" not in published
    assert not {flag["kind"] for flag in published["flags"]} & {"training-missing", "retraining-due", "training-due"}
    assert not any("data/people/" in flag["file"] for flag in published["flags"])
    assert published["summary"]["info"] == report(state, named=True)["summary"]["info"]  # still counted


def test_the_quality_teams_report_has_each_persons_training(org):
    state, _ = pages(org)
    training = report(state, named=True)["training"]
    liam = next(row for row in training if row["person"] == "liam-carter" and row["item"] == "QP-002")
    assert liam["name"] == "Liam Carter" and liam["state"] == "retrain" and liam["record"]
    assert any(row["person"] == "sam-doyle" and row["state"] == "missing" for row in training)
    assert {row["state"] for row in training} == {"done", "missing", "retrain", "due"}


def test_training_names_brings_back_the_named_view(org):
    _, generated = pages(org, training_names=True)
    operator = section(generated["roles/production-operator.md"], "## Training gaps")
    assert "| Liam Carter | [QP-002 Control of records](../procedures/QP-002.md) |" in operator
    assert "| Sam Doyle |" in section(generated["training/matrix.md"], "## Gaps")
    assert "data/people/sam-doyle.yml" in generated["dashboard.md"]
    assert "flags name a person" not in generated["dashboard.md"]


# ---------------------------------------------------------------------------
# the demo, built


def blocks(page: str) -> list[str]:
    """The visible text of each paragraph, list item and table row of a page."""
    found = re.findall(r"<(p|li|tr|h[1-6]|td|th|dd|dt)\b[^>]*>(.*?)</\1>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", text)) for _, text in found]


def named_gaps(site: Path, people: dict[str, str]) -> list[tuple[str, str, str]]:
    """(page, name, text) wherever a person's name stands next to training-gap words."""
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        present = [name for name in people.values() if name in page]
        if not present:
            continue
        for text in blocks(page):
            for name in present:
                if name in text and any(word in text for word in GAP_WORDS):
                    found.append((str(path.relative_to(site)), name, " ".join(text.split())[:200]))
    return found


def holder_lines_only(site: Path, people: dict[str, str]) -> list[tuple[str, str]]:
    """On role pages a name may stand only in the 'Held by' line."""
    strays = []
    for path in sorted((site / "roles").glob("*/index.html")):
        for text in blocks(path.read_text(encoding="utf-8")):
            strays += [(path.parent.name, name) for name in people.values()
                       if name in text and not text.strip().startswith("Held by:")]
    return strays


@pytest.mark.slow
def test_no_built_page_names_a_persons_training_gap(demo_site):
    people = people_of(ROOT)
    assert not named_gaps(demo_site, people)
    assert not holder_lines_only(demo_site, people)
    operator = (demo_site / "roles/production-operator/index.html").read_text(encoding="utf-8")
    assert "Held by:</strong> Aisha Begum, Jack Evans, Liam Carter, Sofia Rossi." in operator
    assert "1 of 4 people (1 to retrain)" in operator


@pytest.mark.slow
def test_with_training_names_the_built_pages_name_the_gaps(tmp_path):
    project = copy_project(tmp_path / "portal")
    edit(project, "mkdocs.yml", "training_names: false", "training_names: true")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    found = named_gaps(project / "site", people_of(project))
    pages_with_names = {page for page, _, _ in found}
    assert {"roles/production-operator/index.html", "training/matrix/index.html",
            "dashboard/index.html"} <= pages_with_names
    assert any(name == "Liam Carter" and "Retrain" in text for _, name, text in found)
