"""Site-wide settings for the gates, from ``extra.qms`` in mkdocs.yml.

The same settings serve ``mkdocs build`` and ``qms check``: the hook hands
over MkDocs' own ``extra.qms``, the command line reads it with ``qms.project``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .flags import SEVERITIES, Flag
from .readability import Thresholds

if TYPE_CHECKING:
    from .registry import Registry


class SettingsError(ValueError):
    """mkdocs.yml has a wrong value under extra.qms."""


@dataclass(frozen=True)
class Settings:
    thresholds: Thresholds = field(default_factory=Thresholds)
    # flag kind -> severity; Settings.from_config fills in each feature's default
    severity: Mapping[str, str] = field(default_factory=dict)
    due_soon_days: int = 30
    nav_chunk_size: int = 30
    baseline: frozenset[tuple[str, str, str]] = frozenset()
    baseline_file: str = "qms-baseline.json"

    def flag(self, file: str, line: int, kind: str, message: str, document: str = "", key: str = ""):
        """A flag with its configured severity; one recorded in the baseline drops to info."""
        severity = self.severity.get(kind, "warning")
        if (document, kind, key or message) in self.baseline and severity != "info":
            severity = "info"
            message += " (in the baseline)"
        return Flag(file, line, kind, message, severity, document, key or message)

    @classmethod
    def from_config(cls, qms: Mapping[str, Any] | None, registry: "Registry",
                    root: Path | None = None) -> "Settings":
        qms = dict(qms or {})
        problems: list[str] = []
        known = {"readability", "severity", "due_soon_days", "nav_chunk_size", "baseline"}
        for key in sorted(set(qms) - known):
            problems.append(f"extra.qms.{key}: unknown setting (allowed: {', '.join(sorted(known))})")
        severity = registry.default_severity()
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
