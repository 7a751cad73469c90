"""Flags: advisory findings, apart from the analyses that raise them.

Settings decide a flag's severity and analyses raise flags, so the type lives
here where both can use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .terminal import terminal_text

SEVERITIES = ("error", "warning", "info")


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

    def __str__(self) -> str:
        # shown on terminals and in build logs: data in a message must not act on them
        return terminal_text(f"{self.file}:{self.line}: [{self.kind}] {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "file": self.file, "line": self.line,
                "message": self.message, "document": self.document, "key": self.key or self.message,
                "on_purpose": self.on_purpose}
