"""Shared fixtures: copies of the demo project in tmp_path, and builds of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = "2026-11-25"
PROJECT_PARTS = ("mkdocs.yml", "data", "docs", "hooks", "overrides")


def copy_project(target: Path) -> Path:
    """A copy of the demo project (data, docs, hooks, theme overrides) to change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def environment(today: str = DEMO_TODAY, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QMS_TODAY"] = today
    env.pop("QMS_DATA", None)
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, today: str = DEMO_TODAY, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=environment(today, **extra), capture_output=True, text=True)


def mkdocs_build(project: Path, *extra_args: str, today: str = DEMO_TODAY) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", *extra_args], project, today)


def qms(project: Path, *args: str, today: str = DEMO_TODAY, **extra: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "qms.cli", *args], project, today, **extra)


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The disk cache of the whole session, away from the user's: set in the environment, so the
    builds that tests run in subprocesses use it too."""
    folder = tmp_path_factory.mktemp("qms-cache")
    saved = os.environ.get("QMS_CACHE_DIR")
    os.environ["QMS_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("QMS_CACHE_DIR", None)
    else:
        os.environ["QMS_CACHE_DIR"] = saved


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "portal")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal built once for the whole session (read-only for tests)."""
    project = copy_project(tmp_path_factory.mktemp("demo") / "portal")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def demo_log(demo_site: Path) -> str:
    return (demo_site.parent / "build.log").read_text() if (demo_site.parent / "build.log").exists() else ""


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a data file of a project copy (it must be there)."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(project: Path) -> list[str]:
    """Every data error of loading ``project``, as the messages staff see."""
    from qms.errors import DataErrors
    from qms.model import load
    with pytest.raises(DataErrors) as caught:
        load(project)
    return [str(error) for error in caught.value.errors]


def line_of(project: Path, relative: str, needle: str, after: str | None = None, occurrence: int = 0) -> int:
    """Line number of ``needle``: its first line (after the line holding ``after``), or its n-th (from 1)."""
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if after in line) if after is not None else 0
    found = [number for number, line in enumerate(lines[start:], start=start + 1) if needle in line]
    assert found, f"{needle!r} not in {relative}"
    return found[occurrence - 1] if occurrence else found[0]
