"""File-system problems in data/ are messages (``path: message (hint)``), never tracebacks or silence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from qms import datafiles
from qms.datafiles import MAX_BYTES, Layout
from qms.errors import DataError, file_error
from qms.features import default_registry

from conftest import copy_project, environment, errors_of, qms

QP1 = "data/procedures/QP-001.yml"


def test_a_file_level_error_prints_without_line_and_sorts_first():
    whole = file_error("data/x.yml", "cannot be read (permission denied)", "check it")
    assert str(whole) == "data/x.yml: cannot be read (permission denied) (check it)"
    assert sorted([DataError("data/x.yml", 3, 1, "id", "bad"), whole])[0] is whole


def test_unreadable_file_is_a_message(org, monkeypatch):
    # Simulated with a mocked os.open (we run as root, who ignores file permissions).
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("QP-001.yml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(datafiles.os, "open", refuse)
    errors = errors_of(org)
    assert f"{QP1}: cannot be read (permission denied) (let the user who builds the site read this file)" in errors


def test_unreadable_folder_is_a_message(org, monkeypatch):
    real_scandir = os.scandir

    def refuse(path):
        if str(path).endswith("data/roles"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(datafiles.os, "scandir", refuse)
    assert any(e.startswith("data/roles/: cannot be read (permission denied)") for e in errors_of(org))


def test_dangling_link_is_a_message(org):
    (org / "data/procedures/QP-099.yml").symlink_to(org / "gone.yml")
    errors = errors_of(org)
    assert "data/procedures/QP-099.yml: is a link to something that does not exist " \
           "(remove the link, or put the file itself here)" in errors


def test_link_out_of_the_project_is_refused_without_showing_its_target(org, tmp_path):
    secret = tmp_path / "credentials.yml"
    secret.write_text("id: QP-099\ntoken: SECRET-TOKEN-123\n")
    (org / "data/procedures/QP-099.yml").symlink_to(secret)
    errors = errors_of(org)
    assert [e for e in errors if e.startswith("data/procedures/QP-099.yml: is a link to a place outside "
                                              "the project, so it is not read")], errors
    result = qms(org, "check")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "SECRET" not in output and "credentials" not in output and str(tmp_path) not in output


def test_link_inside_the_project_is_followed(org):
    shared = org / "shared"
    shared.mkdir()
    (org / QP1).rename(shared / "QP-001.yml")
    (org / QP1).symlink_to(shared / "QP-001.yml")
    from qms.build import load
    assert load(org).get("procedure", "QP-001") is not None


def test_big_file_is_refused_from_its_size_quickly(org):
    big = org / "data/procedures/QP-099.yml"
    big.write_bytes(b"id: QP-099\n" + b"# padding\n" * (8 * MAX_BYTES // 10))
    start = time.perf_counter()
    errors = errors_of(org)
    elapsed = time.perf_counter() - start
    assert "data/procedures/QP-099.yml: is 8.0 MB; the limit is 1 MB per file " \
           "(split it into smaller files, or remove what does not belong in it)" in errors
    assert elapsed < 2, elapsed


def test_named_pipe_is_refused_without_hanging(org):
    os.mkfifo(org / "data/roles/pipe.yml")
    assert "data/roles/pipe.yml: is not a regular file (put a .yml file here)" in errors_of(org)


def test_misspelt_folder_gets_a_suggestion(org):
    (org / "data/procedure").mkdir()
    (org / "data/procedure/QP-099.yml").write_text("id: QP-099\n")
    assert "data/procedure/: is not a folder the portal reads (did you mean 'data/procedures/'?)" \
           in errors_of(org)


def test_stray_files_at_the_top_and_in_kind_folders(org):
    (org / "data/notes.txt").write_text("to do")
    (org / "data/organisation.yaml").write_text("name: x\n")
    (org / "data/kpis/readme.md").write_text("KPIs")
    errors = errors_of(org)
    assert "data/notes.txt: is not a file the portal reads " \
           "(move it into the folder of its kind, or out of the data folder)" in errors
    assert "data/organisation.yaml: is not a file the portal reads (did you mean 'data/organisation.yml'?)" \
           in errors
    assert any(e.startswith("data/kpis/readme.md: is not a .yml file") for e in errors), errors


def test_subfolder_of_a_kind_folder(org):
    (org / "data/procedures/old").mkdir()
    (org / "data/procedures/old/QP-001.yml").write_text("id: QP-001\n")
    assert "data/procedures/old/: is a folder inside data/procedures/, and subfolders are not read " \
           "(move its files up into data/procedures/, or out of the data folder)" in errors_of(org)


def test_nested_kind_folders_follow_the_declarations(org):
    layout = Layout.of(default_registry().kinds)
    assert "training/records" in layout.folders and "training/matrix.yml" in layout.files
    assert "training" in layout.between
    (org / "data/training/record").mkdir()
    (org / "data/training/notes.yml").write_text("x: 1\n")
    (org / "data/training/records/2025").mkdir()
    errors = errors_of(org)
    assert "data/training/record/: is not a folder the portal reads (did you mean 'data/training/records/'?)" \
           in errors
    assert any(e.startswith("data/training/notes.yml: is not a file the portal reads") for e in errors), errors
    assert any(e.startswith("data/training/records/2025/: is a folder inside data/training/records/")
               for e in errors), errors


def test_hidden_files_are_left_alone(org):
    (org / "data/procedures/.QP-001.yml.swp").write_bytes(b"\x00\xff")
    (org / "data/.gitkeep").write_text("")
    from qms.build import load
    assert load(org).get("procedure", "QP-001") is not None


@pytest.mark.slow
def test_every_problem_in_one_run_and_exit_2_without_traceback(org, tmp_path):
    (org / "data/procedure").mkdir()
    (org / "data/stray.txt").write_text("x")
    (org / "data/procedures/QP-099.yml").symlink_to(org / "gone.yml")
    (org / "data/procedures/QP-098.yml").symlink_to(tmp_path)
    for command in (("check",), ("build",)):
        result = qms(org, *command)
        output = result.stdout + result.stderr
        assert result.returncode == 2, output
        assert "Traceback" not in output
        for path in ("data/procedure/", "data/stray.txt", "data/procedures/QP-099.yml",
                     "data/procedures/QP-098.yml"):
            assert f"{path}: " in output, (path, output)


def test_alias_bomb_is_refused_before_it_multiplies(org):
    # 11 KB that would stand for a million milestones, each converted and checked.
    count = 1000
    milestone = ("{id: m1, title: M, owner: quality-manager, start: 2026-01-01, due: 2026-02-01, "
                 "status: not-started, effort_days: 1, budget: 0}")
    lines = ["title: Roadmap", "phases:", "  - id: p0", "    title: P0", "    milestones:", f"      - &m {milestone}",
             "  - &p", "    id: p1", "    title: P", "    milestones: [" + ", ".join(["*m"] * count) + "]"]
    (org / "data/roadmap.yml").write_text("\n".join(lines + ["  - *p"] * count) + "\n")
    start = time.perf_counter()
    errors = [e for e in errors_of(org) if e.startswith("data/roadmap.yml")]
    assert time.perf_counter() - start < 2
    assert errors == ["data/roadmap.yml:6:9: this value has an anchor (&name) that an alias (*name) uses again "
                      "(write the values out in full: YAML aliases are not allowed)"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root, to run as nobody")
def test_unreadable_file_and_folder_for_real_as_another_user():
    # Not simulated: permissions mean nothing to root, so `qms check` runs as nobody.
    base = Path(tempfile.mkdtemp(prefix="qms-as-nobody-"))
    try:
        org = copy_project(base / "portal")
        subprocess.run(["chmod", "-R", "a+rX", str(base)], check=True)
        (org / QP1).chmod(0o000)
        (org / "data/roles").chmod(0o000)
        result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 sys.executable, "-m", "qms.cli", "check"], cwd=org, capture_output=True,
                                text=True, env=environment(QMS_NO_CACHE="1", HOME=str(base)))
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"{QP1}: cannot be read (permission denied)" in result.stderr
        assert "data/roles/: cannot be read (permission denied)" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        shutil.rmtree(base)


def test_data_folder_may_itself_be_a_link_and_links_inside_it_are_followed(org, tmp_path):
    elsewhere = tmp_path / "data-repository"
    shutil.move(org / "data", elsewhere)
    (org / "data").symlink_to(elsewhere)
    (elsewhere / ".shared").mkdir()
    (elsewhere / "procedures/QP-001.yml").rename(elsewhere / ".shared/QP-001.yml")
    (elsewhere / "procedures/QP-001.yml").symlink_to(elsewhere / ".shared/QP-001.yml")
    from qms.build import load
    assert load(org).get("procedure", "QP-001") is not None
