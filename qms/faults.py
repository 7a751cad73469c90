"""Named pause points, so that fault-injection tests can kill a build or a publish at an exact step.

A test sets ``QMS_TEST_PAUSE_AT`` to one or more point names (comma-separated) and
``QMS_TEST_PAUSE_DIR`` to a folder. On reaching such a point the process writes
``<name>.reached`` (holding its pid) there and waits until ``<name>.go`` exists. Killing it
while it waits is then deterministic, not a matter of timing. Without these variables a
pause point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Mapping

PAUSE_AT_ENV = "QMS_TEST_PAUSE_AT"
PAUSE_DIR_ENV = "QMS_TEST_PAUSE_DIR"
LONGEST_PAUSE = 300.0  # seconds: a forgotten test must not hang a process for ever


def pause_at(point: str, environ: Mapping[str, str]) -> None:
    """Wait here when a test asked to (see the module docstring); else return at once."""
    wanted = environ.get(PAUSE_AT_ENV)
    if not wanted or point not in wanted.split(","):
        return
    folder = Path(environ.get(PAUSE_DIR_ENV) or ".")
    (folder / f"{point}.reached").write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + LONGEST_PAUSE
    while not (folder / f"{point}.go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
