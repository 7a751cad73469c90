"""The project on disk: its root folder, its mkdocs.yml and the ``extra.qms`` settings in it.

Only the command line reads mkdocs.yml this way (tolerating MkDocs' custom
YAML tags); a build under MkDocs takes the same values from MkDocs' config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards holding mkdocs.yml (else the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists():
            return folder
    return here


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (!!python/name, !ENV)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_mkdocs_config(path: Path) -> dict[str, Any]:
    """The raw mkdocs.yml mapping, for the parts the command line needs."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_TolerantLoader) or {}


def qms_config(root: Path) -> dict:
    """``extra.qms`` of the project's mkdocs.yml (empty when unset)."""
    return (read_mkdocs_config(root / "mkdocs.yml").get("extra") or {}).get("qms") or {}


def site_url(root: Path) -> str:
    """``site_url`` of the project's mkdocs.yml, for builds the command line runs without MkDocs."""
    return str(read_mkdocs_config(root / "mkdocs.yml").get("site_url") or "")
