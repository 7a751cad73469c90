"""Changed without a new revision: an approved document's text may not change under an old revision.

The tests copy the test organisation into tmp_path, make it a git repository, change a document
after its newest revision was committed, and read the flags as ``qms check`` does, the release
notes as a release build renders them, and the gate of ``qms publish``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from qms.build import prepare
from qms.cli import qms_config
from qms.flags import baseline_content
from qms.publish import PublishError, run_gates

from conftest import environment
from test_history import QP004, commit_all, edit, git, repository, revision  # noqa: F401 - repository: a fixture

KIND = "changed-without-revision"
STEP = "action: Book a planning day with the management team each January."
CHANGED_STEP = "action: Book a planning day with the managing director each January."


def flags(project: Path, **extra: str) -> list:
    state = prepare(project, qms_config(project), environ=environment(**extra), render=False)
    return [flag for flag in state.analysis.flags if flag.kind == KIND]


def line_of(project: Path, path: str, text: str) -> int:
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_step_changed_after_the_revision_was_committed_is_flagged_at_its_line(repository):
    head = git(repository, "rev-parse", "--short=10", "HEAD").strip()
    edit(repository, QP004, (STEP, CHANGED_STEP))
    commit_all(repository, "A quiet edit")
    [flag] = flags(repository)
    assert (flag.file, flag.line) == (QP004, line_of(repository, QP004, CHANGED_STEP))
    assert flag.severity == "warning" and not flag.operational and flag.document == "QP-004"
    assert flag.owner == "quality-manager"
    assert f"QP-004 changed after revision 4 was recorded (commit {head})" in flag.message
    assert "changed: steps." in flag.message
    assert flag.message.endswith("add a revision (rev, date, summary) or undo the change")


def test_an_uncommitted_change_is_flagged_before_it_is_committed(repository):
    edit(repository, QP004, (STEP, CHANGED_STEP))
    [flag] = flags(repository)
    assert "changed: steps." in flag.message


def test_every_changed_field_is_named_in_the_order_of_the_file(repository):
    edit(repository, QP004, ("purpose: This procedure explains", "purpose: This procedure tells"),
         (STEP, CHANGED_STEP))
    edit(repository, QP004, append="definitions:\n  - term: Risk\n    meaning: Something that could go wrong.\n")
    commit_all(repository, "Three quiet edits")
    [flag] = flags(repository)
    assert "changed: purpose, steps, definitions." in flag.message
    assert flag.line == line_of(repository, QP004, "purpose: This procedure tells")


def test_a_new_revision_in_the_same_commit_is_no_flag(repository):
    edit(repository, QP004, (STEP, CHANGED_STEP), append=revision("5", "2026-11-02", "The director books it."))
    commit_all(repository, "QP-004 revision 5")
    assert flags(repository) == []


def test_edits_after_an_earlier_flagged_revision_count_from_the_newest_revision(repository):
    edit(repository, QP004, (STEP, CHANGED_STEP))
    commit_all(repository, "A quiet edit")
    edit(repository, QP004, append=revision("5", "2026-11-02", "The director books it."))
    commit_all(repository, "QP-004 revision 5 approves the edit")
    assert flags(repository) == []


def test_review_dates_keywords_the_revision_list_and_rewrapped_text_are_no_change(repository):
    edit(repository, QP004, ("last_reviewed: 2026-07-01", "last_reviewed: 2026-11-20"),
         ("keywords: [risk, ", "keywords: [risk, hazard, "),
         ("purpose: This procedure explains how we plan each year.",
          "purpose: >-\n  This procedure explains how we plan\n  each year."))
    text = (repository / QP004).read_text(encoding="utf-8")
    (repository / QP004).write_text(text.replace('summary: ', 'summary: Reworded, ', 1), encoding="utf-8")
    commit_all(repository, "Reviewed, no change to the text")
    assert flags(repository) == []


QP023 = "data/procedures/QP-023.yml"  # a draft nothing refers to


def test_a_draft_is_not_checked_and_its_edits_before_approval_do_not_count(repository):
    test_step = ("action: Test the new design to check that it meets its specification.",
                 "action: Test the new design against its specification.")
    edit(repository, QP023, test_step)
    commit_all(repository, "The draft changes under revision 0.1")
    assert flags(repository) == []
    edit(repository, QP023, ("status: draft", "status: approved"),
         ("  summary: First draft for comment.", "  summary: First draft for comment.\n  approved_by: quality-manager"))
    commit_all(repository, "QP-023 revision 0.1 approved")
    assert flags(repository) == [], "the text as approved is the reference"
    edit(repository, QP023, (test_step[1], test_step[0]))
    [flag] = flags(repository)
    assert flag.document == "QP-023" and "revision 0.1" in flag.message, "a change after the approval counts"


def test_other_kinds_of_controlled_document_are_checked_too(repository):
    path = "data/forms/FRM-002.yml"
    text = (repository / path).read_text(encoding="utf-8")
    assert "\npurpose: " in text
    (repository / path).write_text(text.replace("\npurpose: ", "\npurpose: Changed. ", 1), encoding="utf-8")
    [flag] = flags(repository)
    assert flag.file == path and "changed: purpose." in flag.message


def test_without_git_or_before_the_first_commit_there_is_no_flag_and_no_error(org, tmp_path):
    edit(org, QP004, (STEP, CHANGED_STEP))
    assert flags(org) == [], "not a git repository"
    git(org, "init", "-q", "-b", "main")
    assert flags(org) == [], "a git repository with nothing committed"
    assert flags(org, PATH=str(tmp_path)) == [], "git is not installed"


def test_a_revision_not_yet_committed_is_no_flag(repository):
    edit(repository, QP004, (STEP, CHANGED_STEP), append=revision("5", "2026-11-02", "The director books it."))
    assert flags(repository) == []


# --- release notes and the publish gate -----------------------------------------------------------

def release_notes(project: Path, tmp_path: Path) -> str:
    first = prepare(project, qms_config(project), environ=environment(), render=False)
    documents = [{"kind": doc.kind, "id": doc.id, "title": doc.title, "status": doc.status,
                  "revision": str(doc.revisions[-1].rev) if doc.revisions else None}
                 for kind in first.repository.controlled_kinds()
                 for doc in first.repository.of_kind(kind).values() if doc.published]
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps({"releases": ["2026.11"],
                                    "previous": {"version": "2026.11", "documents": documents}}), encoding="utf-8")
    state = prepare(project, qms_config(project),
                    environ=environment(QMS_RELEASE="2026.12", QMS_PREVIOUS_RELEASE=str(previous)))
    [page] = [page for page in state.pages if page.src_uri == "releases/2026.12.md"]
    return page.content


def test_release_notes_list_a_document_changed_without_a_new_revision(repository, tmp_path):
    edit(repository, QP004, (STEP, CHANGED_STEP))
    commit_all(repository, "A quiet edit")
    notes = release_notes(repository, tmp_path)
    short = notes.split("**In short:**", 1)[1].split("\n", 1)[0]
    assert "0 added, 0 revised, 0 made obsolete, 1 changed without a new revision." in short
    section = notes.split("## Changed without a new revision", 1)[1].split("\n## ", 1)[0]
    assert "QP-004" in section and "| 4 | steps |" in section
    unchanged = int(short.rsplit(". ", 1)[1].split()[0])
    assert "QP-004" not in notes.split("## Made obsolete", 1)[1]
    edit(repository, QP004, (CHANGED_STEP, STEP))
    commit_all(repository, "Undo the quiet edit")
    undone = release_notes(repository, tmp_path)
    assert f"0 made obsolete. {unchanged + 1} did not change." in undone
    assert "without a new revision" not in undone


def test_release_notes_say_nothing_of_it_when_nothing_changed(repository, tmp_path):
    notes = release_notes(repository, tmp_path)
    assert "without a new revision" not in notes


def test_publish_refuses_the_flag_until_the_baseline_accepts_it(repository):
    edit(repository, QP004, (STEP, CHANGED_STEP))
    commit_all(repository, "A quiet edit")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(PublishError) as refused:
        run_gates(repository, environment(), out, err)
    assert refused.value.code == 1
    assert f"{QP004}:{line_of(repository, QP004, CHANGED_STEP)}: [{KIND}]" in err.getvalue()
    accepted = flags(repository)
    (repository / "qms-baseline.json").write_text(baseline_content(accepted, "2026-12-02"), encoding="utf-8")
    [flag] = flags(repository)
    assert flag.severity == "info" and "(in the baseline)" in flag.message
    err = io.StringIO()
    try:
        run_gates(repository, environment(), io.StringIO(), err)
    except PublishError:
        pass  # the test organisation may have other warnings of its own: this flag is not among them
    assert f"[{KIND}]" not in err.getvalue()


def test_a_form_or_picture_replaced_under_the_same_name_is_a_change(repository):
    form = repository / "data/forms/files/FRM-002.pdf"
    form.write_bytes(form.read_bytes() + b"\n% a new edition of the form\n")
    commit_all(repository, "A new form file, no new revision")
    [flag] = flags(repository)
    assert flag.document == "FRM-002" and "changed: file (the file itself)." in flag.message
    assert flag.line == line_of(repository, "data/forms/FRM-002.yml", "file: files/FRM-002.pdf")
    picture = repository / "data/work-instructions/images/WI-002-bench.png"
    picture.write_bytes(picture.read_bytes() + b"\0")
    assert {flag.document for flag in flags(repository)} == {"FRM-002", "WI-002"}
