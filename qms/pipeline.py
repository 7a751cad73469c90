"""The one place that wires a build, independent of the site generator.

``prepare`` takes everything a build depends on as arguments (project root,
settings, environment, site URL, registry of features), loads, validates and
analyses, and renders the pages. Nothing below it reads ``os.environ`` or
``mkdocs.yml``: the command line and the MkDocs hook read those and pass the
values in, so a build is reproducible from its arguments alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .analysis import Analysis, analyse
from .build_caches import BuildCaches
from .cache import DiskCache, cache_root
from .errors import DataErrors
from .model import Repository, read_repository
from .registry import Registry
from .pages import generate_pages, navigation
from .render import GeneratedPage
from .reports import artifacts
from .settings import Settings
from .today import today as today_from_env
from .validate import check_repository


def load(root: Path | str, registry: Registry, data_dir: Path | str | None = None, *,
         today: dt.date | None = None, caches: BuildCaches | None = None) -> Repository:
    """Load and validate everything; raise DataErrors listing every problem at once."""
    repository, errors = read_repository(root, registry, data_dir, today=today, caches=caches)
    check_repository(repository, errors)
    if errors:
        raise DataErrors(errors)
    return repository


@dataclass
class BuildState:
    root: Path
    repository: Repository
    settings: Settings
    analysis: Analysis
    today: dt.date
    registry: Registry
    environ: Mapping[str, str] = field(default_factory=dict)
    site_url: str = ""
    pages: list[GeneratedPage] = field(default_factory=list)
    extra_files: dict[str, str] | None = None

    def navigation(self, authored: list[str]) -> list[Any]:
        return navigation(self.repository, self.pages, authored, self.settings)

    def site_files(self) -> dict[str, Path]:
        """Files from the data folder the site serves unchanged (downloads, images), by site path."""
        found: dict[str, Path] = {}
        for feature in self.registry:
            if feature.site_files is not None:
                found.update(feature.site_files(self.repository))
        return found

    def artifacts(self) -> dict[str, str]:
        """Non-page files of the site: machine-readable report and review calendars."""
        if self.extra_files is None:
            self.extra_files = artifacts(self)
        return self.extra_files


def prepare(root: Path | str, settings: Settings, environ: Mapping[str, str], site_url: str,
            registry: Registry, *, data_dir: Path | str | None = None, render: bool = True) -> BuildState:
    """Load, validate and analyse (and render pages unless ``render`` is false, as for ``qms check``).

    ``environ`` holds QMS_TODAY, QMS_DATA and what features read (e.g. the
    release being published); ``site_url`` lets artifacts such as the news
    feed carry absolute links. Raises DataErrors or TodayError.
    """
    root = Path(root).resolve()
    environ = dict(environ)
    today = today_from_env(environ)
    cache_dir = cache_root(environ)
    caches = BuildCaches.for_environment(environ, DiskCache("readability", root, cache_dir), cache_dir)
    repository = load(root, registry, data_dir or environ.get("QMS_DATA") or None, today=today, caches=caches)
    try:
        analysis = analyse(repository, settings, today)
    finally:
        caches.readability.save()
    state = BuildState(root, repository, settings, analysis, today, registry, environ, site_url or "")
    if render:
        state.pages = generate_pages(repository, analysis,
                                     {"today": today, "settings": settings, "site_url": site_url or "",
                                      "environ": environ},
                                     while_rendering=state.artifacts)
    return state
