"""The built-in portal from raw inputs: ``extra.qms`` as a mapping, the built-in features.

The command line and the tests call this; it reads settings with the default
registry and hands everything to ``qms.pipeline.prepare``, which does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .build_caches import BuildCaches
from .features import default_registry, registry_for
from .model import Repository
from .pipeline import BuildState, prepare as prepare_build, load as load_with
from .registry import Registry
from .settings import Settings

__all__ = ["BuildState", "load", "prepare"]


def load(root: Path | str, data_dir: Path | str | None = None, *, today=None,
         registry: Registry | None = None, cache_dir: Path | None = None) -> Repository:
    """Load and validate with the built-in features (or ``registry``); parsed files cached in ``cache_dir``."""
    return load_with(root, registry or default_registry(), data_dir, today=today,
                     caches=BuildCaches(cache_dir=cache_dir))


def prepare(root: Path | str, qms_config: Mapping[str, Any] | None = None, *,
            environ: Mapping[str, str], data_dir: Path | str | None = None, use_baseline: bool = True,
            render: bool = True, site_url: str = "", registry: Registry | None = None) -> BuildState:
    """Settings from ``qms_config`` (``extra.qms``), then one build. Raises DataErrors, SettingsError or TodayError."""
    root = Path(root).resolve()
    registry = registry or registry_for(qms_config)
    settings = Settings.from_config(qms_config, registry, root if use_baseline else None)
    return prepare_build(root, settings, environ, site_url, registry, data_dir=data_dir, render=render)
