"""What one build computes once and shares: made by the pipeline, kept on the repository it loads.

A new build (a rebuild under ``mkdocs serve`` included) gets a new object, so
nothing computed for one build leaks into the next, and no module keeps state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from .cache import DiskCache

WORKERS_ENV = "QMS_WORKERS"


@dataclass
class BuildCaches:
    # readability results on disk, for entries not yet in memory (a fresh `qms check` process)
    readability: "DiskCache | None" = None
    # the folder of the disk caches (qms.cache.cache_root); None: nothing is kept on disk
    cache_dir: Path | None = None
    # forked workers for rendering and analysis; None decides from the machine and the input size
    workers: int | None = None
    # feature -> what it computed once for this build, e.g. the step history read from git
    values: dict[str, Any] = field(default_factory=dict)
    # the build's environment, for the child processes a feature starts (git): never the process's own
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def for_environment(cls, environ: Mapping[str, str], readability: "DiskCache | None" = None,
                        cache_dir: Path | None = None) -> "BuildCaches":
        """``QMS_WORKERS`` (a whole number) fixes the number of workers; 1 turns forking off."""
        setting = environ.get(WORKERS_ENV, "").strip()
        return cls(readability, cache_dir, int(setting) if setting.isdigit() else None, environ=dict(environ))
