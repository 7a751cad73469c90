"""The project on disk: its root folder, its mkdocs.yml and the ``extra.qms`` settings in it.

Only the command line reads mkdocs.yml this way (tolerating MkDocs' custom
YAML tags); a build under MkDocs takes the same values from MkDocs' config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ProjectError(ValueError):
    """No mkdocs.yml where the portal was looked for, or one that cannot be read (``path``, ``line``: where)."""

    def __init__(self, message: str, path: str = "", line: int = 0):
        super().__init__(message)
        self.path, self.line = path, line


def project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards holding mkdocs.yml; a folder given (``--root``) must hold it itself.

    Never the current folder by default: a check there would report a missing data folder, and a
    build would run MkDocs without a configuration."""
    if start is not None:
        root = start.resolve()
        if not (root / "mkdocs.yml").is_file():
            raise ProjectError(f"no mkdocs.yml in {root}: give --root the portal's folder (the one with "
                                 "mkdocs.yml)")
        return root
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise ProjectError("no mkdocs.yml here or in any folder above: run qms inside the portal's folder, "
                         "or give --root")


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
    try:
        with path.open(encoding="utf-8") as stream:
            config = yaml.load(stream, Loader=_TolerantLoader) or {}
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{path.name}: not UTF-8 text (byte {exc.start + 1} cannot be read): save it as UTF-8",
                           path.name) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise ProjectError(f"{where}: not valid YAML ({exc.problem or exc.context}): correct it there", path.name,
                           mark.line + 1 if mark else 0) from None
    except (OSError, yaml.YAMLError) as exc:
        raise ProjectError(f"{path.name}: cannot be read ({getattr(exc, 'strerror', None) or exc})", path.name) from None
    if not isinstance(config, dict) or not isinstance(config.get("extra") or {}, dict):
        raise ProjectError(f"{path.name}: expected settings such as site_name: and extra: (a mapping of names "
                           "to values)", path.name)
    return config


def qms_config(root: Path) -> dict:
    """``extra.qms`` of the project's mkdocs.yml (empty when unset)."""
    return (read_mkdocs_config(root / "mkdocs.yml").get("extra") or {}).get("qms") or {}


def site_url(root: Path) -> str:
    """``site_url`` of the project's mkdocs.yml, for builds the command line runs without MkDocs."""
    return str(read_mkdocs_config(root / "mkdocs.yml").get("site_url") or "")


def setting_position(root: Path, dotted: str) -> tuple[int, int] | None:
    """(line, column) of a setting such as ``extra.qms.readability.max_grade`` in mkdocs.yml (of the
    nearest key that exists), or None when the file cannot be read."""
    try:
        with (root / "mkdocs.yml").open(encoding="utf-8") as stream:
            node = yaml.compose(stream, Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    position = None
    for part in dotted.split("."):
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if key.value == part), None)
        if found is None:
            break
        position = (found[0].start_mark.line + 1, found[0].start_mark.column + 1)
        node = found[1]
    return position
