"""Everything the portal finds out about the data: review status, readability, flags.

One ``analyse`` call gives a result shared by the build log, the pages, the
dashboard, ``qms-report.json`` and ``qms check``, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from .model import Document, Repository
from .review_dates import ReviewStatus
from .settings import Settings
from .flags import Flag, count_by_severity, declared_examples, kept_on_purpose


@dataclass
class DocumentReport:
    doc: Document
    review: ReviewStatus | None = None
    readability: Any = None  # ReadabilityReport for documents with prose
    flags: list[Flag] = field(default_factory=list)

    @property
    def badge(self) -> str:
        """A reader-facing summary, e.g. 'Easy to read · 3 min read'."""
        if self.readability is None:
            return ""
        minutes = max(1, math.ceil(self.readability.reading_minutes))
        return f"{ease_label(self.readability.flesch_reading_ease)} · {minutes} min read"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc.id,
            "kind": self.doc.kind,
            "title": self.doc.title,
            "status": self.doc.status,
            "file": self.doc.path,
            "owner": getattr(self.doc, "owner", None),  # not every kind reported has an owner
            "revision": latest_revision_label(self.doc),
            "review": self.review.to_dict() if self.review else None,
            "readability": self.readability.to_dict() if self.readability is not None else None,
            "flags": len(self.flags),
        }


def latest_revision_label(doc: Document) -> str | None:
    """The label of the newest revision (release notes compare it between releases)."""
    revisions = getattr(doc, "revisions", None)  # not every kind reported keeps revisions
    if not revisions:
        return None
    return str(revisions[-1].rev)


def ease_label(score: float) -> str:
    """Flesch's own bands, in words a reader understands."""
    if score >= 80:
        return "Very easy to read"
    if score >= 60:
        return "Easy to read"
    if score >= 50:
        return "Fairly hard to read"
    if score >= 30:
        return "Hard to read"
    return "Very hard to read"


@dataclass
class Analysis:
    today: dt.date
    settings: Settings
    reports: dict[tuple[str, str], DocumentReport]
    flags: list[Flag]

    def document(self, doc: Document) -> DocumentReport:
        return self.reports[(doc.kind, doc.id)]

    def counts(self) -> dict[str, int]:
        return count_by_severity(self.flags)

    @property
    def document_problems(self) -> list[Flag]:
        """Flags about a document itself: the ones that can block a build or a publish."""
        return [flag for flag in self.flags if not flag.operational]

    @property
    def operational_facts(self) -> list[Flag]:
        """Flags about the work of the organisation: shown and counted, never blocking a build."""
        return [flag for flag in self.flags if flag.operational]

    def summary(self, operational: bool = False, verbose: bool = False) -> str:
        """The one line that ends ``qms check`` (with these options) and the gates of ``qms publish``.

        It counts what the lines above it show, and only that: document problems, with operational
        facts only when ``operational``; info-level flags are counted, listed by kind only when
        ``verbose`` shows them. The build log counts the same (``hooks/qms_hooks.flag_summary``).
        """
        counted = self.flags if operational else self.document_problems
        counts = count_by_severity(counted)
        serious = _by_kind(flag for flag in counted if flag.severity != "info")
        line = (f"QMS checks: {len(self.reports)} documents, {counts['error']} errors, "
                f"{counts['warning']} warnings{serious}, {counts['info']} info")
        if verbose:
            line += _by_kind(flag for flag in counted if flag.severity == "info")
        elif counts["info"]:
            line += " not shown ('qms check -v' lists them)"
        facts = len(self.operational_facts)
        if facts and not operational:
            line += (f"; {facts} operational {'fact' if facts == 1 else 'facts'} not counted (late, due, not yet "
                     "entered, or records that disagree: 'qms check --operational' shows them)")
        return line


def _by_kind(flags) -> str:
    """`` (2 no-actor, 1 plain-words)``, or nothing for no flags."""
    kinds: dict[str, int] = {}
    for flag in flags:
        kinds[flag.kind] = kinds.get(flag.kind, 0) + 1
    return f" ({', '.join(f'{count} {kind}' for kind, count in sorted(kinds.items()))})" if kinds else ""


def analyse(repository: Repository, settings: Settings, today: dt.date) -> Analysis:
    """Run the analyser of every feature the repository was loaded with; all flags end up in one sorted list."""
    reports: dict[tuple[str, str], DocumentReport] = {}
    flags: list[Flag] = []
    for feature in repository.registry:
        if feature.analyse is None:
            continue
        feature_reports, loose_flags = feature.analyse(repository, settings, today)
        for report in feature_reports:
            reports[(report.doc.kind, report.doc.id)] = report
            flags.extend(report.flags)
        flags.extend(loose_flags)
    expected = declared_examples(repository)
    flags = kept_on_purpose(expected, flags)
    for report in reports.values():
        report.flags = kept_on_purpose(expected, report.flags)
    return Analysis(today, settings, reports, sorted(flags))
