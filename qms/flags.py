"""Flags: advisory findings and the policy on how seriously each is taken.

Settings decide a flag's severity and analyses raise flags, so the type, the
baseline (flags accepted when the portal was adopted) and the flags a
document keeps on purpose live here, where both can use them without
importing each other.
"""

from __future__ import annotations

import json
import re
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
    # identity for the baseline: the rule and what it is about (an action's number, a sentence), never a
    # date or a period, so that an accepted flag stays accepted in the months after
    key: str = field(default="", compare=False)
    on_purpose: bool = field(default=False, compare=False)  # declared in the data's example_flags
    # an operational fact: shown and counted with its severity, never blocks a build or a publish
    operational: bool = field(default=False, compare=False)
    # the role that must act on it (a role id), when the flag knows; the dashboard groups by it
    owner: str = field(default="", compare=False)

    def __str__(self) -> str:
        # shown on terminals and in build logs: data in a message must not act on them
        return terminal_text(f"{self.file}:{self.line}: [{self.kind}] {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "file": self.file, "line": self.line,
                "message": self.message, "document": self.document, "key": self.key or self.message,
                "on_purpose": self.on_purpose, "operational": self.operational, "owner": self.owner}


# Version 1 files (no "version") hold keys that end with the month or quarter they were about,
# e.g. "missing:2026-11": such a baseline lapsed each month. Read now, those keys lose the period.
BASELINE_VERSION = 2
_OLD_PERIOD_SUFFIX = re.compile(r":[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")


def read_baseline(path: Path) -> frozenset[tuple[str, str, str]]:
    """(document, flag kind, key) of every flag accepted in the baseline file; none when it is missing."""
    if not path.exists():
        return frozenset()
    rerun = "run 'qms baseline' to write it again"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"not UTF-8 text; {rerun}") from None
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or exc}); {rerun}") from None
    try:
        data = json.loads(text)
        version = data.get("version", 1)
        entries = [(item["document"], item["kind"], item["key"]) for item in data["flags"]]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a valid baseline file ({exc}); {rerun}") from None
    if not isinstance(version, int) or isinstance(version, bool) or version > BASELINE_VERSION:
        raise ValueError(f"baseline version {version!r} is not known to this version of qms; {rerun}")
    if not all(isinstance(part, str) for entry in entries for part in entry):
        raise ValueError(f"not a valid baseline file (document, kind and key must be text); {rerun}")
    if version < BASELINE_VERSION:
        entries = [(document, kind, _OLD_PERIOD_SUFFIX.sub("", key)) for document, kind, key in entries]
    return frozenset(entries)


def baseline_content(flags: list[Flag], created: str) -> str:
    """The baseline file accepting these flags (those at info level need no accepting).

    Document findings only: an operational fact (an audit or a review late, training due) is work to
    do, not a finding to accept, so it stays counted (``Settings.flag`` ignores one in an older file)."""
    entries = sorted({(flag.document, flag.kind, flag.key) for flag in flags
                      if flag.severity != "info" and not flag.operational})
    return json.dumps({
        "version": BASELINE_VERSION,
        "created": created,
        "note": "Flags accepted when the portal was adopted. Only new or worse flags count. "
                "Operational facts (late, due) are never accepted here. "
                "Remove entries as documents are fixed. The entries do not name a month, so the file "
                "stays valid until you change it.",
        "flags": [{"document": d, "kind": k, "key": key} for d, k, key in entries],
    }, indent=2, ensure_ascii=False) + "\n"


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
