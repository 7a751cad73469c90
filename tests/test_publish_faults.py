"""Fault injection for ``qms publish``: kills at named points, a publish started meanwhile, SIGTERM.

After each, the pages branch agrees with versions.json (every release folder is listed,
every listed release has its folder and index.html) and, once the next publish has run,
no temporary file is left.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from qms.publish import Git

from conftest import copy_project, environment, qms
from fault_injection import Pauses, Run, add_pause_hook, gone, start_parent_of_child

pytestmark = pytest.mark.slow

BRANCH = "gh-pages"
KILLED, NEXT = "2026.1", "2026.2"


def git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert not check or result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the pause hook, in a git repository with its flags accepted; copied per test."""
    project = copy_project(tmp_path_factory.mktemp("template") / "portal")
    add_pause_hook(project)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "quality@brightwater.example")
    git(project, "config", "user.name", "Quality Team")
    assert qms(project, "baseline").returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The portal as adopted")
    return project


@pytest.fixture
def repository(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "portal", symlinks=True))


@pytest.fixture
def pauses(tmp_path: Path):
    pauses = Pauses(tmp_path / "pauses")
    yield pauses
    pauses.release_all()  # a failed test must not leave a paused process behind


def common_dir(project: Path) -> Path:
    return Path(git(project, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())


def temporary_files(project: Path) -> list[str]:
    found = [path.name for path in project.glob(".qms-publish-*.yml")]
    scratch = common_dir(project) / "qms-publish"
    return found + ([str(scratch)] if scratch.exists() else [])


def releases_on_the_branch(project: Path) -> list[str]:
    """The releases versions.json lists, after checking that the branch agrees with it."""
    if not git(project, "branch", "--list", BRANCH).strip():
        return []
    versions = json.loads(git(project, "show", f"{BRANCH}:versions.json"))
    listed = {entry["version"] for entry in versions} | {alias for entry in versions for alias in entry["aliases"]}
    folders = {line.split("\t", 1)[1] for line in git(project, "ls-tree", BRANCH).splitlines()
               if line.split()[1] == "tree"}
    assert folders == listed, f"release folders {sorted(folders)} but versions.json lists {sorted(listed)}"
    for name in listed:
        git(project, "cat-file", "-e", f"{BRANCH}:{name}/index.html")
    git(project, "fsck", "--no-progress")
    return sorted(entry["version"] for entry in versions)


@pytest.mark.parametrize("point, lock_outlives_the_kill, after_the_kill, published", [
    ("publish-before-mike", False, [], [NEXT]),
    ("mkdocs-build", True, [], [KILLED, NEXT]),  # mike holds the lock and finishes its one-commit deploy
    ("publish-before-set-default", False, [KILLED], [KILLED, NEXT]),
])
def test_a_killed_publish_leaves_the_branch_whole_and_the_next_one_cleans_up(
        repository, pauses, point, lock_outlives_the_kill, after_the_kill, published):
    killed = Run(repository, "publish", KILLED, extra_env=pauses.env(point))
    paused_pid = pauses.wait(point, killed)
    assert temporary_files(repository), "the configuration file and scratch folder exist while it runs"
    assert killed.kill(signal.SIGKILL) == -signal.SIGKILL
    assert releases_on_the_branch(repository) == after_the_kill

    following = Run(repository, "publish", NEXT)
    if lock_outlives_the_kill:
        assert not gone(paused_pid, timeout=0.5), "mike's build goes on after its publisher was killed"
        following.wait_for_text("Another publish is running")
        assert following.process.poll() is None
        pauses.release(point)
    assert following.finish() == 0, following.log()
    assert releases_on_the_branch(repository) == published
    assert 'href="latest/"' in git(repository, "show", f"{BRANCH}:index.html")
    assert json.loads(git(repository, "show", f"{BRANCH}:versions.json"))[0]["aliases"] == ["latest"]
    assert temporary_files(repository) == []


def test_sigterm_stops_mike_and_its_build_and_removes_the_temporary_files(repository, pauses):
    publish = Run(repository, "publish", KILLED, extra_env=pauses.env("mkdocs-build"))
    build = pauses.wait("mkdocs-build", publish)
    assert publish.kill(signal.SIGTERM) == 128 + signal.SIGTERM
    assert gone(build), "the mkdocs build of mike goes on after its publisher stopped"
    assert "Interrupted" in publish.log() and "Traceback" not in publish.log()
    assert releases_on_the_branch(repository) == []
    assert temporary_files(repository) == []


def test_mike_killed_during_its_build_deploys_nothing_and_the_publisher_says_so(repository, pauses):
    """As if the kernel's out-of-memory killer took mike and its mkdocs: the publisher lives on."""
    publish = Run(repository, "publish", KILLED, extra_env=pauses.env("mkdocs-build"))
    build = pauses.wait("mkdocs-build", publish)
    mike = int(Path(f"/proc/{build}/stat").read_text().rsplit(")", 1)[1].split()[1])  # the build's parent
    assert mike != publish.pid
    os.killpg(mike, signal.SIGKILL)  # mike has a process group of its own: it, its mkdocs and its git
    assert publish.finish() == 1, publish.log()
    assert "the 'gh-pages' branch was left as it was" in publish.log()
    assert releases_on_the_branch(repository) == []
    assert temporary_files(repository) == []


def test_a_child_given_the_lock_keeps_it_after_its_parent_is_killed(tmp_path):
    """What serialises publishing when the publisher is killed while mike runs."""
    lock = tmp_path / "test.lock"
    parent, child = start_parent_of_child(tmp_path, lock, keep_lock=True, die_with_parent=False)
    parent.kill()
    parent.wait()
    try:
        with open(lock) as handle:
            with pytest.raises(BlockingIOError):
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.kill(child, signal.SIGKILL)
    assert gone(child)
    with open(lock) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the child has gone too


def test_every_worktree_of_a_repository_shares_one_publish_lock(repository, tmp_path):
    """They all publish to the same pages branch, so the lock is in the common git folder."""
    other = tmp_path / "other-worktree"
    git(repository, "worktree", "add", "-q", str(other))
    assert Git(other, environment()).common_dir == Git(repository, environment()).common_dir == \
        (repository / ".git").resolve()
