"""Shared fixtures: copies of the demo project in tmp_path, and builds of them.

Markers are kept honest here: a test that builds a whole site is ``slow`` and one
that drives chromium is ``browser`` (and ``slow``), so ``make test-fast``
(``-m "not slow and not browser"``) runs no build. Tests that use a fixture that
builds are marked at collection; a test that starts a build itself without the
marker fails, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = "2026-11-25"
PROJECT_PARTS = ("mkdocs.yml", "data", "docs", "hooks", "overrides")
# A small organisation of the tests' own (Kestrel): tests that need exact facts (names, counts,
# days) use it, so the demo can change freely. Its adapter and theme are the portal's own.
ORG = Path(__file__).resolve().parent / "fixtures" / "org"
ORG_PARTS = ("mkdocs.yml", "data", "docs")
ADAPTER_PARTS = ("hooks", "overrides")


def _copy_parts(sources: list[tuple[Path, str]], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for base, part in sources:
        source = base / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def copy_project(target: Path) -> Path:
    """A copy of the demo project (data, docs, hooks, theme overrides) to change freely."""
    return _copy_parts([(ROOT, part) for part in PROJECT_PARTS], target)


def copy_org(target: Path) -> Path:
    """A copy of the tests' own organisation (tests/fixtures/org) with the portal's hooks and theme."""
    return _copy_parts([(ORG, part) for part in ORG_PARTS] + [(ROOT, part) for part in ADAPTER_PARTS], target)


BUILDING_FIXTURES = {"demo_site", "demo_log", "site_url", "org_site"}  # each needs the demo built
BROWSER_FIXTURES = {"browser", "page"}  # tests/browser.py: chromium through Playwright
BUILD_COMMANDS = {"mkdocs": {"build", "serve", "gh-deploy"}, "qms.cli": {"build", "publish"}}
_RUNNING: list[pytest.Item] = []  # the test being set up, run or torn down


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Before ``-m`` selects: what a test's fixtures do decides its markers too."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if (fixtures & BUILDING_FIXTURES or item.get_closest_marker("browser")) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _RUNNING.append(item)
    try:
        return (yield)
    finally:
        _RUNNING.pop()


def is_full_build(args: list[str]) -> bool:
    """Whether a command line runs a site build: ``mkdocs build``, ``qms build``, ``qms publish``."""
    for index, arg in enumerate(args):
        commands = BUILD_COMMANDS.get(Path(arg).name if arg.endswith("mkdocs") else arg)
        if commands and commands & set(args[index + 1:]):
            return True
    return False


def require_slow_marker(args: list[str]) -> None:
    """Fail a test that starts a full build without the ``slow`` marker (``make test-fast`` must not build)."""
    if is_full_build(args) and _RUNNING and not _RUNNING[-1].get_closest_marker("slow"):
        pytest.fail(f"{_RUNNING[-1].nodeid} runs a full build ({' '.join(args[1:])}): mark it "
                    "@pytest.mark.slow", pytrace=False)


def environment(today: str = DEMO_TODAY, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QMS_TODAY"] = today
    env.pop("QMS_DATA", None)
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, today: str = DEMO_TODAY, **extra: str) -> subprocess.CompletedProcess:
    require_slow_marker(args)
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


def built_site(project: Path) -> Path:
    """Build ``project`` with MkDocs (the build must pass) and return its site folder."""
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal built once for the whole session (read-only for tests)."""
    return built_site(copy_project(tmp_path_factory.mktemp("demo") / "portal"))


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A copy of the tests' own organisation to change freely."""
    return copy_org(tmp_path / "org")


@pytest.fixture(scope="session")
def org_repository():
    """The tests' organisation loaded on the demo's date (read-only: load it from ``org`` to change it)."""
    import datetime as dt
    from qms.build import load
    return load(ORG, today=dt.date.fromisoformat(DEMO_TODAY))


@pytest.fixture(scope="session")
def org_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' organisation built once for the whole session (read-only for tests)."""
    return built_site(copy_org(tmp_path_factory.mktemp("org") / "org"))


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
    from qms.build import load
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


class EditorYamlLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it to check a JSON Schema: dates stay strings."""


EditorYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def as_an_editor_reads(path: Path):
    """A data file as an editor validates it against the JSON Schemas of ``qms schema``."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorYamlLoader)  # noqa: S506 - a SafeLoader
