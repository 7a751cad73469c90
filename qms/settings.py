"""Site-wide settings for the gates, read from ``extra.qms`` in mkdocs.yml.

The same settings serve ``mkdocs build`` and ``qms check``, so the command
line reads mkdocs.yml itself (tolerating MkDocs' custom YAML tags).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

import yaml

SEVERITIES = ("error", "warning", "info")

def default_severity() -> dict[str, str]:
    """Each flag kind and how seriously it is taken unless mkdocs.yml says otherwise."""
    from .features import flag_kinds
    return {name: flag.severity for name, flag in flag_kinds().items()}


class SettingsError(ValueError):
    """mkdocs.yml has a wrong value under extra.qms."""


@dataclass(frozen=True)
class Settings:
    thresholds: Any = None  # qms.readability.Thresholds
    severity: Mapping[str, str] = field(default_factory=default_severity)
    due_soon_days: int = 30
    nav_chunk_size: int = 30
    baseline: frozenset[tuple[str, str, str]] = frozenset()
    baseline_file: str = "qms-baseline.json"

    def __post_init__(self) -> None:
        if self.thresholds is None:
            from .readability import Thresholds
            object.__setattr__(self, "thresholds", Thresholds())

    def flag(self, file: str, line: int, kind: str, message: str, document: str = "", key: str = ""):
        """A flag with its configured severity; one recorded in the baseline drops to info."""
        from .analysis import Flag
        severity = self.severity.get(kind, "warning")
        if (document, kind, key or message) in self.baseline and severity != "info":
            severity = "info"
            message += " (in the baseline)"
        return Flag(file, line, kind, message, severity, document, key or message)

    @classmethod
    def from_config(cls, qms: Mapping[str, Any] | None, root: Path | None = None) -> "Settings":
        from .readability import Thresholds
        qms = dict(qms or {})
        problems: list[str] = []
        known = {"readability", "severity", "due_soon_days", "nav_chunk_size", "baseline"}
        for key in sorted(set(qms) - known):
            problems.append(f"extra.qms.{key}: unknown setting (allowed: {', '.join(sorted(known))})")
        severity = default_severity()
        known_kinds = set(severity)
        for kind, level in dict(qms.get("severity") or {}).items():
            if kind not in known_kinds:
                problems.append(f"extra.qms.severity.{kind}: unknown flag kind "
                                f"(known: {', '.join(sorted(known_kinds))})")
            elif level not in SEVERITIES:
                problems.append(f"extra.qms.severity.{kind}: {level!r} is not one of {', '.join(SEVERITIES)}")
            else:
                severity[kind] = level
        thresholds = Thresholds()
        readability = dict(qms.get("readability") or {})
        allowed = {f.name for f in fields(Thresholds)}
        for key, value in readability.items():
            if key not in allowed:
                problems.append(f"extra.qms.readability.{key}: unknown threshold (allowed: {', '.join(sorted(allowed))})")
            elif not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append(f"extra.qms.readability.{key}: expected a number, found {value!r}")
        if not problems:
            thresholds = replace(thresholds, **readability)
        numbers = {}
        for key, default in (("due_soon_days", 30), ("nav_chunk_size", 30)):
            value = qms.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(f"extra.qms.{key}: expected a whole number of 1 or more, found {value!r}")
                value = default
            numbers[key] = value
        baseline_file = str(qms.get("baseline", "qms-baseline.json"))
        baseline: frozenset = frozenset()
        if root is not None:
            try:
                baseline = read_baseline(root / baseline_file)
            except ValueError as exc:
                problems.append(f"{baseline_file}: {exc}")
        if problems:
            raise SettingsError("\n".join(problems))
        return cls(thresholds, severity, numbers["due_soon_days"], numbers["nav_chunk_size"], baseline, baseline_file)


def read_baseline(path: Path) -> frozenset[tuple[str, str, str]]:
    if not path.exists():
        return frozenset()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return frozenset((item["document"], item["kind"], item["key"]) for item in data["flags"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"not a valid baseline file ({exc}); run 'qms baseline' to write it again") from None


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
