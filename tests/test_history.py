"""Document history: what changed in a procedure's steps since its previous revision.

The step differences come from git: the tests copy the test organisation into tmp_path, make it a
git repository and commit revisions, then render the procedure pages (no MkDocs build
needed: the pages are the core's Markdown).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import qms.history as history
from qms.build import prepare
from qms.cli import qms_config
from qms.history import StepChange, diff_steps

from conftest import environment


# --- the step comparison itself -----------------------------------------------------------------

def step(action: str, role: str = "staff", **extra: str) -> dict[str, str]:
    return {"role": role, "action": action, **extra}


def test_unchanged_steps_have_no_changes():
    steps = [step("Check the gauge."), step("Write down the reading.")]
    assert diff_steps(steps, [dict(s) for s in steps]) == []


def test_added_removed_and_changed_steps_are_numbered_as_readers_see_them():
    old = [step("Book the room."), step("Send the agenda."), step("Write the minutes.")]
    new = [step("Book the room."), step("Send the agenda a week before."), step("Write the minutes."),
           step("File the minutes.", role="document-controller")]
    assert diff_steps(old, new) == [
        StepChange("changed", 2, 2, old[1], new[1], ("action",)),
        StepChange("added", 4, None, None, new[3]),
    ]
    assert diff_steps(new, old) == [
        StepChange("changed", 2, 2, new[1], old[1], ("action",)),
        StepChange("removed", None, 4, new[3], None),
    ]


def test_a_different_step_in_the_same_place_is_removed_and_added_not_changed():
    old = [step("Book the room."), step("Order the sandwiches.")]
    new = [step("Book the room."), step("Check the fire exits are clear.")]
    assert [change.change for change in diff_steps(old, new)] == ["removed", "added"]


def test_a_step_that_moved_is_moved_and_its_other_changes_are_named():
    old = [step("Book the room."), step("Send the agenda."), step("Write the minutes.")]
    new = [step("Send the agenda.", role="quality-manager"), step("Book the room."), step("Write the minutes.")]
    changes = diff_steps(old, new)
    assert [(c.change, c.old_number, c.number) for c in changes] == [("moved", 2, 1)]
    assert changes[0].fields == ("role",)


def test_role_note_and_record_changes_are_found_when_the_action_stays():
    old = [step("Check the gauge.", note="Use the blue gauge.")]
    new = [step("Check the gauge.", role="quality-manager", record="Gauge log")]
    [change] = diff_steps(old, new)
    assert change.change == "changed" and change.fields == ("role", "note", "record")


def test_old_steps_from_an_older_schema_are_read_leniently():
    assert [c.change for c in diff_steps(["Check the gauge.", {"action": 3}], [step("Check the gauge.")])] \
        == ["changed", "removed"]


# --- from git to the procedure page -------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repository(org: Path) -> Path:
    git(org, "init", "-q", "-b", "main")
    git(org, "config", "user.email", "quality@brightwater.example")
    git(org, "config", "user.name", "Quality Team")
    commit_all(org, "The portal")
    return org


QP004 = "data/procedures/QP-004.yml"


def edit(org: Path, path: str, *replacements: tuple[str, str], append: str = "") -> None:
    file = org / path
    text = file.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    file.write_text(text + append, encoding="utf-8")


def revision(rev: str, day: str, summary: str, changes: list[str] | None = None) -> str:
    text = f'  - rev: "{rev}"\n    date: {day}\n    summary: {summary}\n    approved_by: managing-director\n'
    if changes:
        text += "    changes:\n" + "".join(f"      - {change}\n" for change in changes)
    return text


def page(org: Path, doc_id: str = "QP-004") -> str:
    state = prepare(org, qms_config(org), environ=environment())
    [found] = [p for p in state.pages if p.src_uri == f"procedures/{doc_id}.md"]
    return found.content


def what_changed(content: str) -> str:
    """What changed in the latest revision: near the top of the page, before the steps."""
    assert "**What changed in revision" in content, "the procedure page has no 'What changed' section"
    return content.split("**What changed in revision", 1)[1].split("\n## Steps", 1)[0]


JANUARY = "action: Book a planning day with the management team each January."
DECEMBER = "action: Book a planning day with the management team each December."


def test_a_new_revision_shows_its_step_changes_since_the_previous_one(repository):
    edit(repository, QP004, (JANUARY, DECEMBER),
         ("    record: Monthly KPI report\n",
          "    record: Monthly KPI report\n  - role: staff\n    action: Tell <b>everyone</b> about {{ config }}.\n"),
         append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")
    section = what_changed(page(repository))
    assert section.startswith(" 5:** Planning moves to December.")
    assert "Changes to the steps since revision 4, which took effect on 2026-07-01:" in section
    assert ("- **Changed** step 1:\n    - Changed from “Book a planning day with the management team each "
            "January.” to “Book a planning day with the management team each December.”") in section
    assert "- **Added** step 10: All staff — Tell &lt;b&gt;everyone&lt;/b&gt; about &#123;&#123; config &#125;&#125;." \
        in section, "text from data must stay text"


def test_an_uncommitted_revision_is_compared_with_the_last_commit(repository):
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    section = what_changed(page(repository))
    assert "since revision 4" in section and "each December" in section


def test_changes_made_without_a_new_revision_count_from_the_revision_as_approved(repository):
    """Revision 4 as first committed is the reference: later edits under revision 4 show too."""
    edit(repository, QP004, ("action: Add each risk and opportunity to the risk register.",
                             "action: Add each risk and each opportunity to the risk register."))
    commit_all(repository, "A quiet edit, no new revision")
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")
    section = what_changed(page(repository))
    assert "each December" in section and "Add each risk and each opportunity" in section


def test_the_steps_may_stay_the_same_and_the_owners_list_shows(repository):
    edit(repository, QP004, append=revision("5", "2026-11-02", "Clearer purpose.",
                                            ["Said why we plan once a year."]))
    commit_all(repository, "QP-004 revision 5")
    section = what_changed(page(repository))
    assert "The owner lists these changes:\n\n- Said why we plan once a year." in section
    assert "The steps are the same as in revision 4." in section


def test_history_follows_a_renamed_file(repository):
    git(repository, "mv", QP004, "data/procedures/QP-026.yml")
    for other in repository.glob("data/**/*.yml"):
        text = other.read_text(encoding="utf-8")
        if "QP-004" in text:
            other.write_text(text.replace("QP-004", "QP-026"), encoding="utf-8")
    commit_all(repository, "QP-004 is now QP-026")
    edit(repository, "data/procedures/QP-026.yml", (JANUARY, DECEMBER),
         append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-026 revision 5")
    section = what_changed(page(repository, "QP-026"))
    assert "since revision 4" in section and "each December" in section


def test_without_git_history_the_page_shows_the_revision_history_alone(org):
    edit(org, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    content = page(org)
    assert "## Revision history" in content
    assert "Changes to the steps" not in content


def test_without_git_history_the_owners_list_still_shows(org):
    edit(org, QP004, append=revision("5", "2026-11-02", "Clearer purpose.", ["Said why we plan."]))
    section = what_changed(page(org))
    assert "- Said why we plan." in section and "Changes to the steps" not in section


def test_a_shallow_clone_has_no_step_history_and_no_error(repository, tmp_path):
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repository}", str(clone)], check=True)
    content = page(clone)
    assert "## What changed" not in content and "## Revision history" in content


def test_without_the_git_program_there_is_no_step_history(repository, monkeypatch):
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")

    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(history.subprocess, "run", no_git)
    assert "## What changed" not in page(repository)


def test_git_runs_in_the_environment_handed_to_the_build_not_the_process_own(repository, monkeypatch):
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")
    monkeypatch.delenv("QMS_BUILD_MARK", raising=False)
    environments: list[dict] = []
    real_run = history.subprocess.run

    def recording_run(*args, **kwargs):
        environments.append(kwargs.get("env"))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", recording_run)
    state = prepare(repository, qms_config(repository), environ=environment(QMS_BUILD_MARK="this build"))
    [found] = [p for p in state.pages if p.src_uri == "procedures/QP-004.md"]
    assert "each December" in what_changed(found.content)
    assert environments and all(env is not None and env.get("QMS_BUILD_MARK") == "this build"
                                and env.get("GIT_OPTIONAL_LOCKS") == "0" for env in environments)


def test_one_git_log_per_build_shared_with_the_revision_check(repository, monkeypatch):
    """``qms check`` reads git for the check of changes made without a new revision; a build reads
    the same log for the step history, and one more reader process."""
    edit(repository, QP004, (JANUARY, DECEMBER), append=revision("5", "2026-11-02", "Planning moves to December."))
    commit_all(repository, "QP-004 revision 5")
    calls: list[list[str]] = []
    real_git, real_reader = history._git, history.BlobReader.__init__

    def counting_git(args, cwd, environ):
        calls.append(args)
        return real_git(args, cwd, environ)

    def counting_reader(self, toplevel, environ):
        calls.append(["cat-file"])
        real_reader(self, toplevel, environ)

    monkeypatch.setattr(history, "_git", counting_git)
    monkeypatch.setattr(history.BlobReader, "__init__", counting_reader)
    prepare(repository, qms_config(repository), environ=environment(), render=False)
    assert len([call for call in calls if "log" in call]) == 1
    assert len([call for call in calls if call == ["cat-file"]]) == 1
    calls.clear()
    content = page(repository)
    assert "each December" in what_changed(content)
    assert len([call for call in calls if "log" in call]) == 1
    assert len([call for call in calls if call == ["cat-file"]]) == 2


def test_moved_steps_and_new_roles_are_said_in_words(repository):
    first = ("  - role: quality-manager\n"
             "    action: Book a planning day with the management team each January.\n")
    third_start = "  - role: managing-director\n    action: Lead the team"
    edit(repository, QP004, (first, ""),
         (third_start, first.replace("quality-manager", "managing-director") + third_start),
         append=revision("5", "2026-11-02", "The managing director books the planning day."))
    commit_all(repository, "QP-004 revision 5")
    section = what_changed(page(repository))
    # two steps changed places: one of them moved, the other one keeps its text but not its role
    assert "- **Moved** from step 2 to step 1: Quality Manager — Update the list of interested parties" \
        in section, section
    assert ("- **Changed** step 2 (step 1 before): Managing Director — Book a planning day with the "
            "management team each January.\n    - Done by Managing Director instead of Quality Manager.") \
        in section, section
    assert "Added" not in section and "Removed" not in section
