"""Publishing a change made without a new revision: refused, and listed once accepted.

The demo in a fresh git repository is published as 2026.11. Then a step of QP-001 changes
and no revision is added: 2026.12 is refused with the flag's file and line. Once the baseline
accepts the flag, 2026.12 is published and its release notes list QP-001 as changed without a
new revision, never as "did not change".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import copy_project, qms
from test_publish import BRANCH, commit_all, git

pytestmark = pytest.mark.slow

QP001 = "data/procedures/QP-001.yml"
STEP4 = "action: Send the draft to the document owner."
NEW_STEP4 = "action: Send the draft to the managing director."


def published(result) -> bool:
    return result.returncode == 0 and "Nothing was published." not in result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "portal")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "qa@example.com")
    git(project, "config", "user.name", "QA")
    commit_all(project, "init")
    return project


def test_a_step_changed_without_a_revision_stops_a_release_until_accepted_and_then_is_listed(project):
    first = qms(project, "publish", "2026.11", today="2026-12-02")
    assert published(first), first.stdout + first.stderr

    path = project / QP001
    text = path.read_text(encoding="utf-8")
    assert STEP4 in text
    path.write_text(text.replace(STEP4, NEW_STEP4, 1), encoding="utf-8")
    commit_all(project, "QP-001 step 4 without a new revision")
    line = next(number for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if NEW_STEP4 in row)

    refused = qms(project, "publish", "2026.12", today="2026-12-02")
    assert refused.returncode == 1 and "Nothing was published." in refused.stderr, refused.stdout
    newest = re.findall(r'- rev: "([^"]+)"', (project / QP001).read_text(encoding="utf-8"))[-1]
    assert f"{QP001}:{line}: [changed-without-revision] QP-001 changed after revision {newest} " in refused.stderr
    assert "add a revision (rev, date, summary) or undo the change" in refused.stderr
    assert not git(project, "ls-tree", "--name-only", BRANCH, "2026.12/index.html").strip()

    accepted = qms(project, "baseline", today="2026-12-02")
    assert accepted.returncode == 0, accepted.stderr
    commit_all(project, "Accept the change until QP-001 gets revision 4")
    second = qms(project, "publish", "2026.12", today="2026-12-02")
    assert published(second), second.stdout + second.stderr

    notes = html.unescape(git(project, "show", f"{BRANCH}:2026.12/releases/2026.12/index.html"))
    short = re.sub(r"<[^>]+>", "", notes.split("In short:", 1)[1].split("</p>", 1)[0])
    assert "0 added, 0 revised, 0 made obsolete, 1 changed without a new revision." in short, short
    changed = notes.split('id="changed-without-a-new-revision"', 1)[1].split("<h2", 1)[0]
    assert "QP-001" in changed and "<td>steps</td>" in changed, changed

    page = html.unescape(git(project, "show", f"{BRANCH}:2026.12/procedures/QP-001/index.html"))
    assert "Send the draft to the managing director." in page
