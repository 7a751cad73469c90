"""Publishing the demo on ordinary days: operational facts never hold back a release.

A KPI value not yet entered, a late audit or the retraining a new revision asks for are
work for the organisation, not faults of a document; a broken procedure still blocks.
The demo is published as it is, with no baseline, into a local bare repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, qms
from test_publish import BRANCH, commit_all, git

pytestmark = pytest.mark.slow


def published(result) -> bool:
    return result.returncode == 0 and "Nothing was published." not in result.stderr


def pages_branch(project: Path) -> str:
    return git(project, "rev-parse", "--verify", "-q", BRANCH, check=False).strip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The demo in a fresh git repository, without a baseline: every flag counts as configured.
    One per test, so each publishes on its own day in any order (tests may run on two workers)."""
    project = copy_project(tmp_path / "portal")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "quality@brightwater.example")
    git(project, "config", "user.name", "Quality Team")
    commit_all(project, "The portal")
    git(tmp_path, "init", "-q", "--bare", str(tmp_path / "remote.git"))
    git(project, "remote", "add", "origin", str(tmp_path / "remote.git"))
    return project


@pytest.mark.parametrize("version, today", [
    ("2026.12", "2026-12-02"),  # November's KPI values are not yet due; an audit is a day late
    ("2027.1", "2027-01-03"),  # five KPI values missing, actions and reviews overdue
    ("2027.9", "2027-09-01"),  # months later: dozens of late items, none a fault of a document
])
def test_the_demo_publishes_on_an_ordinary_day(project, version, today):
    facts = qms(project, "check", "--operational", "--strict", today=today)
    assert facts.returncode == 1, facts.stdout  # the nightly report does see them
    result = qms(project, "publish", version, "--push", today=today)
    assert published(result), result.stdout + result.stderr
    assert git(project, "ls-tree", "--name-only", BRANCH, f"{version}/index.html").strip()


def test_a_revision_that_asks_for_retraining_can_be_published(project):
    path = project / "data/procedures/QP-001.yml"
    text = path.read_text(encoding="utf-8")
    end = text.index("\n", text.rindex("    approved_by:")) + 1  # the latest revision's last line
    path.write_text(text[:end] + "    retrain: true\n" + text[end:], encoding="utf-8")
    commit_all(project, "QP-001 revision 3 needs retraining")
    facts = qms(project, "check", "--operational", today="2027-09-01")
    assert facts.stdout.count("[retraining-due]") > 10, facts.stdout
    result = qms(project, "publish", "2027.9", today="2027-09-01")
    assert published(result), result.stdout + result.stderr


def _refused(project: Path, change, version: str) -> tuple:
    before = pages_branch(project)
    originals = {path: path.read_text(encoding="utf-8") for path in change.paths}
    try:
        change(project)
        commit_all(project, "A broken procedure")
        result = qms(project, "publish", version, today="2027-09-01")
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        commit_all(project, "Fix the broken procedure")
    assert "Nothing was published." in result.stderr, result.stdout + result.stderr
    assert pages_branch(project) == before
    return result


def test_an_over_long_sentence_at_error_level_still_blocks(project):
    def change(root: Path) -> None:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  qms:\n", "  qms:\n    severity:\n      long-sentence: error\n", 1), encoding="utf-8")
        procedure = root / "data/procedures/QP-003.yml"
        text = procedure.read_text(encoding="utf-8")
        start = text.index("steps:\n") + len("steps:\n")
        indent = text[start:text.index("- role:", start)]
        long_step = ("Check every line of the report with the owner of each process and the quality manager and "
                     "the managing director before you send it to everyone who has asked to see it this month.")
        procedure.write_text(text[:start] + f"{indent}- role: quality-manager\n{indent}  action: {long_step}\n"
                             + text[start:], encoding="utf-8")
    change.paths = [project / "mkdocs.yml", project / "data/procedures/QP-003.yml"]
    result = _refused(project, change, "2027.9")
    assert result.returncode == 1 and "[long-sentence] QP-003" in result.stderr


def test_a_data_error_still_blocks(project):
    def change(root: Path) -> None:
        procedure = root / "data/procedures/QP-003.yml"
        text = procedure.read_text(encoding="utf-8")
        procedure.write_text(text.replace("\nowner: managing-director\n", "\nowner: nobody-at-all\n", 1),
                             encoding="utf-8")
    change.paths = [project / "data/procedures/QP-003.yml"]
    result = _refused(project, change, "2027.9")
    assert result.returncode == 2 and "data/procedures/QP-003.yml:" in result.stderr
