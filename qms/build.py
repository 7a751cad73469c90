"""One build of the portal, independent of the site generator.

``prepare`` loads, validates and analyses; the result holds the pages to
generate, the navigation and the extra files (report, calendars) — what any
site generator adapter needs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .analysis import Analysis, analyse
from .cache import DiskCache, cache_root
from .gates import disk_cache
from .model import Repository, load
from .render import GeneratedPage, generate_pages, navigation
from .settings import Settings, read_mkdocs_config
from .today import today as today_from_env


@dataclass
class BuildState:
    root: Path
    repository: Repository
    settings: Settings
    analysis: Analysis
    today: dt.date
    pages: list[GeneratedPage] = field(default_factory=list)
    extra_files: dict[str, str] | None = None

    def navigation(self, authored: list[str]) -> list[Any]:
        return navigation(self.repository, self.pages, authored, self.settings)

    def artifacts(self) -> dict[str, str]:
        """Non-page files of the site: machine-readable report and review calendars."""
        if self.extra_files is None:
            from .reports import artifacts
            self.extra_files = artifacts(self)
        return self.extra_files


def prepare(root: Path | str, qms_config: Mapping[str, Any] | None = None,
            environ: Mapping[str, str] | None = None, data_dir: Path | str | None = None,
            use_baseline: bool = True, render: bool = True) -> BuildState:
    """Load, validate and analyse (and render pages unless ``render`` is false, as for ``qms check``).

    Raises DataErrors, SettingsError or TodayError.
    """
    root = Path(root).resolve()
    environ = os.environ if environ is None else environ
    today = today_from_env(dict(environ))
    settings = Settings.from_config(qms_config, root if use_baseline else None)
    cache_dir = cache_root(environ)
    repository = load(root, data_dir or environ.get("QMS_DATA") or None, today=today, cache_dir=cache_dir)
    with disk_cache(DiskCache("readability", root, cache_dir)):
        analysis = analyse(repository, settings, today)
    state = BuildState(root, repository, settings, analysis, today)
    if render:
        # site_url (from mkdocs.yml) lets artifacts such as the news feed carry absolute links.
        site_url = str(read_mkdocs_config(root / "mkdocs.yml").get("site_url") or "")
        state.pages = generate_pages(repository, analysis,
                                     {"today": today, "settings": settings, "site_url": site_url},
                                     while_rendering=state.artifacts)
    return state
