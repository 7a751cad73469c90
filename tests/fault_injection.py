"""Helpers for fault-injection tests: pause a build or a publish at a named point, then kill it.

The code under test waits at ``qms.faults.pause_at(name)`` when ``QMS_TEST_PAUSE_AT``
names that point; a test hook added to a project's mkdocs.yml gives the point
``mkdocs-build`` inside the mkdocs process itself (after it wrote every page).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import edit, environment, require_slow_marker

PAUSE_HOOK = '''\
"""Test only: wait inside the mkdocs build when QMS_TEST_PAUSE_AT names mkdocs-build."""

import os

from qms.faults import pause_at


def on_post_build(config, **kwargs):
    pause_at("mkdocs-build", os.environ)
'''


def small_project(target: Path) -> Path:
    """A one-page MkDocs project with the pause hook: a build costs a fraction of the demo's.

    The swap, the lock and the cleanup do not depend on what is built.
    """
    (target / "docs").mkdir(parents=True)
    (target / "hooks").mkdir()
    (target / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (target / "hooks" / "test_pause.py").write_text(PAUSE_HOOK, encoding="utf-8")
    (target / "mkdocs.yml").write_text("site_name: Fault test\nhooks:\n  - hooks/test_pause.py\n",
                                       encoding="utf-8")
    return target


def add_pause_hook(project: Path) -> None:
    (project / "hooks" / "test_pause.py").write_text(PAUSE_HOOK, encoding="utf-8")
    edit(project, "mkdocs.yml", "  - hooks/qms_hooks.py\n", "  - hooks/qms_hooks.py\n  - hooks/test_pause.py\n")


class Pauses:
    """The folder where paused processes say where they are and wait to be let go."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def env(self, *points: str) -> dict[str, str]:
        return {"QMS_TEST_PAUSE_AT": ",".join(points), "QMS_TEST_PAUSE_DIR": str(self.folder)} if points else {}

    def wait(self, point: str, run: "Run", timeout: float = 120) -> int:
        """The pid of the process that reached ``point`` (fails if ``run`` ended first)."""
        marker = self.folder / f"{point}.reached"
        deadline = time.monotonic() + timeout
        while not marker.exists() or not marker.read_text():
            assert run.process.poll() is None, f"ended before {point}: {run.log()}"
            assert time.monotonic() < deadline, f"never reached {point}: {run.log()}"
            time.sleep(0.02)
        return int(marker.read_text())

    def release(self, point: str) -> None:
        (self.folder / f"{point}.go").write_text("go", encoding="utf-8")

    def release_all(self) -> None:
        for reached in self.folder.glob("*.reached"):
            self.release(reached.name.removesuffix(".reached"))


class Run:
    """A ``qms`` command running in the background, its output in a file (no pipe to fill up)."""

    count = 0

    def __init__(self, project: Path, *args: str, extra_env: dict[str, str] | None = None):
        require_slow_marker([sys.executable, "-m", "qms.cli", *args])
        Run.count += 1
        self.log_path = project.parent / f"run-{os.getpid()}-{Run.count}.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen([sys.executable, "-m", "qms.cli", *args], cwd=project,
                                        env=environment(**(extra_env or {})), stdout=self._log,
                                        stderr=subprocess.STDOUT, text=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_text(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert self.process.poll() is None, f"ended without saying {text!r}: {self.log()}"
            assert time.monotonic() < deadline, f"never said {text!r}: {self.log()}"
            time.sleep(0.02)

    def finish(self, timeout: float = 180) -> int:
        code = self.process.wait(timeout=timeout)
        self._log.close()
        return code

    def kill(self, signal_number: int) -> int:
        os.kill(self.pid, signal_number)
        return self.finish()


def gone(pid: int, timeout: float = 10) -> bool:
    """Whether the process ends within ``timeout`` (a zombie nobody reaps counts as ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


class Watcher:
    """Checks about a thousand times a second that a file exists; counts the moments it did not."""

    def __init__(self, path: Path):
        self.path = path
        self.checks = 0
        self.misses = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.checks += 1
            if not self.path.exists():
                self.misses += 1
            time.sleep(0.001)  # often enough, without taking a whole core from the builds

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def start_parent_of_child(tmp_path: Path, lock: Path, *, keep_lock: bool, die_with_parent: bool) -> tuple:
    """A process holding ``lock`` that runs a child sleeping 60 s; returns (parent, child pid).

    For the two ways a child cannot break the one-at-a-time rule once its parent is killed.
    """
    started = tmp_path / "child.pid"
    script = f"""
import os, sys
from pathlib import Path
from qms.children import run_child
from qms.filelock import exclusive_lock
with exclusive_lock(Path({str(lock)!r}), "waiting", sys.stderr) as fd:
    run_child([sys.executable, "-c", "import os, time; open({str(started)!r}, 'w').write(str(os.getpid())); time.sleep(60)"],
              cwd=None, env=None, keep_open=[fd] if {keep_lock!r} else [], die_with_parent={die_with_parent!r})
"""
    parent = subprocess.Popen([sys.executable, "-c", script], env=environment())
    deadline = time.monotonic() + 30
    while not started.exists() or not started.read_text():
        assert parent.poll() is None and time.monotonic() < deadline, "the child never started"
        time.sleep(0.02)
    return parent, int(started.read_text())
