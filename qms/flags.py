"""Flags: advisory findings and the policy on how seriously each is taken.

Settings decide a flag's severity and analyses raise flags, so the type, the
baseline (flags accepted when the portal was adopted) and the flags a
document keeps on purpose live here, where both can use them without
importing each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .terminal import terminal_text

if TYPE_CHECKING:
    from .model import Repository

SEVERITIES = ("error", "warning", "info")


def count_by_severity(flags) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITIES}
    for flag in flags:
        counts[flag.severity] = counts.get(flag.severity, 0) + 1
    return counts


@dataclass(frozen=True, order=True)
class Flag:
    """An advisory finding: it goes to the log, the dashboard and the report."""

    file: str
    line: int
    kind: str
    message: str
    severity: str = "warning"
    document: str = ""
    key: str = field(default="", compare=False)  # stable identity for the baseline
    on_purpose: bool = field(default=False, compare=False)  # declared in the data's example_flags
    # an operational fact: shown and counted with its severity, never blocks a build or a publish
    operational: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        # shown on terminals and in build logs: data in a message must not act on them
        return terminal_text(f"{self.file}:{self.line}: [{self.kind}] {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "file": self.file, "line": self.line,
                "message": self.message, "document": self.document, "key": self.key or self.message,
                "on_purpose": self.on_purpose, "operational": self.operational}


def read_baseline(path: Path) -> frozenset[tuple[str, str, str]]:
    if not path.exists():
        return frozenset()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return frozenset((item["document"], item["kind"], item["key"]) for item in data["flags"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"not a valid baseline file ({exc}); run 'qms baseline' to write it again") from None


def _declared_examples(value: Any):
    """(id, example_flags) of the document and of any item inside it that has both, e.g. a milestone."""
    if isinstance(value, dict):
        if value.get("example_flags") and value.get("id"):
            yield value["id"], value["example_flags"]
        for child in value.values():
            yield from _declared_examples(child)
    elif isinstance(value, list):
        for child in value:
            yield from _declared_examples(child)


def declared_examples(repository: "Repository") -> dict[str, set[str]]:
    """Document or item id -> the flag kinds it declares in ``example_flags``."""
    expected: dict[str, set[str]] = {}
    for doc in list(repository.all_documents()) + list(repository.singletons.values()):
        for owner_id, kinds in _declared_examples(doc.data):
            expected.setdefault(owner_id, set()).update(kinds)
    return expected


def kept_on_purpose(expected: dict[str, set[str]], flags: list[Flag]) -> list[Flag]:
    """A flag a document declares in ``example_flags`` is shown, but at info level.

    Demo and training documents keep a problem on purpose; saying so in their data
    keeps the flag visible on the dashboard without failing strict builds.
    """
    if not expected:
        return flags
    result = []
    for flag in flags:
        if flag.kind in expected.get(flag.document, ()) and flag.severity != "info":
            # pages every member of staff reads show the message: plain words, not "on purpose"
            flag = replace(flag, severity="info", message=flag.message + " (accepted by the quality team)",
                           on_purpose=True)
        result.append(flag)
    return result
