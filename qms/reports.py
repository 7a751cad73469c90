"""Machine-readable outputs: qms-report.json, the review schedule as CSV and iCalendar."""

from __future__ import annotations

import json
import datetime as dt
from typing import Any, Protocol

from .csvsafe import csv_text
from .ical import calendar, ical_text
from .review_dates import NOT_APPLICABLE



class BuildState(Protocol):
    """What the reports read of a build (qms.pipeline.BuildState has it; the pipeline imports this module)."""

    analysis: Any
    repository: Any
    registry: Any
    settings: Any
    today: dt.date

REPORT_SCHEMA_VERSION = 1


def report(state: BuildState, include_drafts: bool = False, named: bool | None = None) -> dict[str, Any]:
    """The published report leaves drafts out, like the rest of the site; ``qms check`` shows them.

    It is a file of the site, which every member of staff can fetch, so unless ``named`` (default: the
    ``training_names`` setting) it holds no person's detail: flags whose messages name a person are
    counted in the summary but not listed, and the features' personal sections are left out.
    ``qms check --format json`` is the quality team's own copy and has everything.
    """
    analysis = state.analysis
    documents = [item for item in analysis.reports.values() if include_drafts or item.doc.published]
    if named is None:
        named = bool(getattr(state.settings, "training_names", False))
    personal = state.registry.personal_flag_kinds
    flags = [flag for flag in analysis.flags if named or flag.kind not in personal]
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "organisation": state.repository.organisation.name,
        "today": state.today.isoformat(),
        "summary": {"documents": len(documents), **analysis.counts()},
        "documents": [item.to_dict() for item in documents],
        "flags": [flag.to_dict() for flag in flags],
        # kinds declared for the register (beyond procedures): id, title, status and page of each
        "records": {kind.name: [{"id": doc.id, "title": doc.title, "status": doc.status,
                                 "page": kind.uri(doc.id) if kind.template else None}
                                for doc in sorted(state.repository.published(kind.name), key=lambda d: d.id)]
                    for kind in state.registry.kinds if kind.in_register},
        # what features add, such as named training detail the pages leave out
        **({key: section(state) for key, section in state.registry.report_sections.items()} if named else {}),
    }


def review_rows(state: BuildState) -> list[dict[str, Any]]:
    rows = []
    for item in state.analysis.reports.values():
        if item.review.status == NOT_APPLICABLE or item.review.next_review is None:
            continue
        owner = state.repository.get("role", item.doc.owner or "")
        rows.append({
            "id": item.doc.id,
            "title": item.doc.title,
            "owner": item.doc.owner or "",
            "owner_title": owner.title if owner else "",
            "last_reviewed": item.review.last_reviewed.isoformat(),
            "next_review": item.review.next_review.isoformat(),
            "status": item.review.status,
            # the page's address for any controlled kind: "forms/FRM-001.md" is served at forms/FRM-001/
            "url": state.registry.kinds_by_name[item.doc.kind].uri(item.doc.id).removesuffix(".md") + "/",
        })
    return sorted(rows, key=lambda row: (row["next_review"], row["id"]))


REVIEW_COLUMNS = ["id", "title", "owner", "owner_title", "last_reviewed", "next_review", "status", "url"]


def review_csv(state: BuildState) -> str:
    return csv_text(REVIEW_COLUMNS, review_rows(state))


def review_ics(state: BuildState) -> str:
    """A calendar owners can subscribe to: one all-day event per next review."""
    organisation = state.repository.organisation.name or "QMS"
    stamp = state.today.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//qms-portal//review schedule//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ical_text(organisation + ' document reviews')}"]
    for row in review_rows(state):
        day = row["next_review"].replace("-", "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ical_text('review-' + row['id'] + '-' + day + '@qms-portal')}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"SUMMARY:{ical_text('Review ' + row['id'] + ' ' + row['title'])}",
            f"DESCRIPTION:{ical_text('Owner: ' + (row['owner_title'] or row['owner']) + '. Status: ' + row['status'] + '.')}",
            f"CATEGORIES:{ical_text(row['owner'])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return calendar(lines)


def artifacts(state: BuildState) -> dict[str, str]:
    return {
        # compact: at 1,000 documents the indented report is a quarter larger and twice as slow to write
        "qms-report.json": json.dumps(report(state), ensure_ascii=False, separators=(",", ":")) + "\n",
        "reviews.csv": review_csv(state),
        "reviews.ics": review_ics(state),
    }
