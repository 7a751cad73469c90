"""Fault injection for ``qms build``: kills at named points, two builds at once, a site/ that
cannot be replaced, leftovers, permissions. The site/ a reader sees is always complete."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from qms.exchange import replace_folder
from qms.sitebuild import remove_leftovers

from conftest import mkdocs_build, qms
from fault_injection import Pauses, Run, Watcher, gone, small_project, start_parent_of_child

pytestmark = pytest.mark.slow

OLD_PAGE = "<html><body>The site as it was before this build.</body></html>\n"


@pytest.fixture
def pauses(tmp_path: Path):
    pauses = Pauses(tmp_path / "pauses")
    yield pauses
    pauses.release_all()  # a failed test must not leave a paused process behind


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return small_project(tmp_path / "small")


def old_site(project: Path) -> Path:
    """A stand-in for a previous build (small, so the tests stay quick)."""
    site = project / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text(OLD_PAGE, encoding="utf-8")
    (site / "assets" / "old.css").write_text("body {}\n", encoding="utf-8")
    return site


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.glob(".site-*")) + \
        sorted(path.name for path in project.glob("site.old"))


def is_new_build(site: Path) -> bool:
    return (site / "404.html").is_file() and (site / "index.html").read_text() != OLD_PAGE


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(path.relative_to(folder)): (path.stat().st_mode, path.read_bytes() if path.is_file() else b"")
            for path in [folder, *folder.rglob("*")]}


@pytest.mark.parametrize("point", ["mkdocs-build", "before-swap", "after-swap"])
def test_a_build_killed_at_any_point_leaves_a_complete_site_and_the_next_build_cleans_up(
        small, pauses, point):
    project = small
    site = old_site(project)
    build = Run(project, "build", extra_env=pauses.env(point))
    paused_pid = pauses.wait(point, build)
    assert build.kill(signal.SIGKILL) == -signal.SIGKILL
    if point == "mkdocs-build":
        assert paused_pid != build.pid
        assert gone(paused_pid), "the mkdocs child outlived the killed build"
    assert (site / "index.html").is_file()
    assert is_new_build(site) == (point == "after-swap")
    assert leftovers(project), "a killed build leaves its staging folder (or the old copy) behind"

    again = qms(project, "build")
    assert again.returncode == 0, again.stderr
    assert is_new_build(site)
    assert leftovers(project) == []


def test_two_builds_take_turns_and_the_site_is_never_missing(small, pauses):
    project = small
    site = old_site(project)
    first = Run(project, "build", extra_env=pauses.env("before-swap"))
    pauses.wait("before-swap", first)  # the first build holds the lock with a complete staging folder
    watcher = Watcher(site / "index.html")
    try:
        second = Run(project, "build")
        second.wait_for_text("Another build of")
        assert second.process.poll() is None
        pauses.release("before-swap")
        assert first.finish() == 0, first.log()
        assert second.finish() == 0, second.log()
    finally:
        watcher.stop()
    assert watcher.misses == 0, f"site/index.html was missing {watcher.misses} times"
    assert watcher.checks > 100
    assert is_new_build(site)
    assert leftovers(project) == []


def test_two_builds_started_together_both_succeed(project):
    """The same without pause points: real overlap, whichever build gets the lock first."""
    site = old_site(project)
    watcher = Watcher(site / "index.html")
    try:
        builds = [Run(project, "build") for _ in range(2)]
        codes = [build.finish() for build in builds]
    finally:
        watcher.stop()
    assert codes == [0, 0], [build.log() for build in builds]
    assert sum("Another build of" in build.log() for build in builds) == 1, "the second one waited"
    assert watcher.misses == 0
    assert is_new_build(site)
    assert leftovers(project) == []


def test_sigterm_stops_the_build_its_child_and_removes_the_staging_folder(small, pauses):
    project = small
    site = old_site(project)
    build = Run(project, "build", extra_env=pauses.env("mkdocs-build"))
    child = pauses.wait("mkdocs-build", build)
    assert build.kill(signal.SIGTERM) == 128 + signal.SIGTERM
    assert gone(child)
    assert "Interrupted" in build.log() and "Traceback" not in build.log()
    assert (site / "index.html").read_text() == OLD_PAGE
    assert leftovers(project) == []


def test_a_child_that_dies_with_its_parent_goes_when_the_parent_is_killed(tmp_path):
    """What stops the mkdocs of a killed build from writing on into a folder the next build removes."""
    parent, child = start_parent_of_child(tmp_path, tmp_path / "test.lock", keep_lock=True, die_with_parent=True)
    parent.kill()
    parent.wait()
    assert gone(child, timeout=5)


def make_immutable(path: Path) -> None:
    """Read-only even for root: chattr +i (root ignores permission bits); chmod for anyone else."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        return
    result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"running as root and chattr +i is not supported here: {result.stderr.strip()}")


def make_mutable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.chmod(0o755)


@pytest.mark.parametrize("case, reason", [
    ("read-only site", "is read-only"),
    ("read-only folder inside", "assets is read-only"),
    ("read-only parent", "cannot write in"),
    ("not a folder", "is not a folder"),
])
def test_a_site_that_cannot_be_replaced_is_refused_and_left_intact(small, case, reason):
    project = small
    site = project / "site"
    if case == "not a folder":
        site.write_text(OLD_PAGE, encoding="utf-8")
        before = {"site": (site.stat().st_mode, site.read_bytes())}
    else:
        old_site(project)
        before = snapshot(site)
    frozen = {"read-only site": site, "read-only folder inside": site / "assets",
              "read-only parent": project}.get(case)
    if frozen is not None:
        make_immutable(frozen)
    try:
        result = qms(project, "build")
    finally:
        if frozen is not None:
            make_mutable(frozen)
    assert result.returncode == 2, result.stdout + result.stderr
    assert reason in result.stderr and "was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    after = {"site": (site.stat().st_mode, site.read_bytes())} if case == "not a folder" else snapshot(site)
    assert after == before
    assert leftovers(project) == []


def test_site_permissions_are_those_of_a_plain_mkdocs_build(project, tmp_path):
    plain = tmp_path / "plain-site"
    assert mkdocs_build(project, "--site-dir", str(plain)).returncode == 0
    built = qms(project, "build")
    assert built.returncode == 0, built.stderr
    site = project / "site"
    modes = {str(path.relative_to(site)): stat.filemode(path.stat().st_mode) for path in [site, *site.rglob("*")]}
    expected = {str(path.relative_to(plain)): stat.filemode(path.stat().st_mode)
                for path in [plain, *plain.rglob("*")]}
    assert modes["."] == expected["."] == "drwxr-xr-x"  # nginx, running as another user, can read it
    assert {path: mode for path, mode in modes.items() if path in expected} == \
        {path: mode for path, mode in expected.items() if path in modes}


# --- the swap without renameat2, and the cleanup, without a build --------------------------------

def test_without_an_atomic_exchange_two_renames_swap_the_folders(tmp_path):
    site = old_site(tmp_path)
    staging = tmp_path / ".site-abcd1234"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    old = replace_folder(staging, site, atomic=False)
    assert (site / "index.html").read_text() == "new" and (old / "index.html").read_text() == OLD_PAGE


def test_without_an_atomic_exchange_a_failed_second_rename_puts_the_old_folder_back(tmp_path):
    site = old_site(tmp_path)
    with pytest.raises(FileNotFoundError):
        replace_folder(tmp_path / ".site-missing1", site, atomic=False)
    assert (site / "index.html").read_text() == OLD_PAGE
    assert leftovers(tmp_path) == []


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(tmp_path):
    site = old_site(tmp_path)
    staging = tmp_path / ".site-abcd1234"
    staging.mkdir()
    os.rename(site, tmp_path / ".site-old-abcd1234")  # the first rename of the fallback, then a kill
    remove_leftovers(site, io.StringIO())
    assert (site / "index.html").read_text() == OLD_PAGE, "the old copy is put back"
    assert leftovers(tmp_path) == []


def test_the_atomic_exchange_swaps_two_folders(tmp_path):
    site = old_site(tmp_path)
    staging = tmp_path / ".site-abcd1234"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    site_inode = site.stat().st_ino
    old = replace_folder(staging, site)
    assert old == staging
    assert (site / "index.html").read_text() == "new"
    assert staging.stat().st_ino == site_inode, "the old folder itself moved, nothing was copied"


def test_cleanup_removes_only_what_builds_leave(tmp_path):
    site = old_site(tmp_path)
    for name in (".site-abcd1234", ".site-old-abcd1234", "site.old", ".site-preview", ".site-preview-abcd1234"):
        (tmp_path / name).mkdir()
    remove_leftovers(site, io.StringIO())
    assert sorted(path.name for path in tmp_path.iterdir() if "site" in path.name) == \
        [".site-preview", ".site-preview-abcd1234", "site"]
    assert (site / "index.html").read_text() == OLD_PAGE
