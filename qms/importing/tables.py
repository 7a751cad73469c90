"""Tables an SOP may hold: who-is-responsible tables, step tables (who / what), and any other table,
which stays a Markdown table wherever it is kept."""

from __future__ import annotations

import re

from .model import Responsibility, Step
from .roles import JOINERS

ROLE_HEADERS = {"role", "roles", "responsible", "responsibility of", "who", "by", "by whom", "actor", "owner",
                "function", "position", "person responsible", "responsible person", "performed by"}
DUTY_HEADERS = ("responsibilit", "duties", "duty", "authorit", "tasks")
ACTION_HEADERS = ("action", "activity", "activities", "task", "what", "description", "step")
RECORD_HEADERS = ("record", "output", "document")


def _header(cell: str) -> str:
    return re.sub(r"[^\w\s]", " ", cell.lower()).strip()


def _column(headers: list[str], wanted) -> int | None:
    for index, header in enumerate(headers):
        if (header in wanted) if isinstance(wanted, set) else header.startswith(wanted):
            return index
    return None


def responsibilities(rows: list[list[str]]) -> list[Responsibility] | None:
    """The rows of a table headed Role | Responsibilities, or None for any other table."""
    if len(rows) < 2:
        return None
    headers = [_header(cell) for cell in rows[0]]
    role, duty = _column(headers, ROLE_HEADERS), _column(headers, DUTY_HEADERS)
    if role is None or duty is None or role == duty or _column(headers, ACTION_HEADERS) not in (None, duty):
        return None
    return [Responsibility(row[role].strip(), row[duty].strip()) for row in rows[1:]
            if len(row) > max(role, duty) and row[role].strip()]


def steps_of_table(rows: list[list[str]]) -> list[Step] | None:
    """The rows of a table headed (Step |) Who | What (| Record), or None for any other table."""
    if len(rows) < 2:
        return None
    headers = [_header(cell) for cell in rows[0]]
    role = _column(headers, ROLE_HEADERS)
    action = next((index for index, header in enumerate(headers)
                   if index != role and header.startswith(ACTION_HEADERS) and header not in ("step", "step no")), None)
    if role is None or action is None:
        return None
    record = next((index for index, header in enumerate(headers) if header.startswith(RECORD_HEADERS)
                   and index not in (role, action)), None)
    found = []
    for row in rows[1:]:
        if len(row) <= max(role, action) or not row[action].strip():
            continue
        actors = [part.strip() for part in JOINERS.split(row[role]) if part.strip()]
        step = Step(action=" ".join(row[action].split()), actors=actors)
        if record is not None and len(row) > record and row[record].strip():
            step.record = " ".join(row[record].split())
        found.append(step)
    return found


OWNER_FIELDS = {"owner", "process owner", "document owner", "procedure owner"}


def owner_rows(rows: list[list[str]]) -> list[Responsibility]:
    """'Process Owner | Quality Manager' in a document-control table of field and value."""
    return [Responsibility(row[1].strip(), "Process owner") for row in rows
            if len(row) == 2 and _header(row[0]) in OWNER_FIELDS and row[1].strip()]


def markdown_table(rows: list[list[str]]) -> str:
    """A GitHub-style Markdown table; the first row is the header. Pipes and line breaks in cells are
    escaped so a cell stays one cell."""
    if not rows:
        return ""
    width = max(len(row) for row in rows)

    def cell(text: str) -> str:
        return " ".join(re.sub(r"([\\|<>`*_\[\]])", r"\\\1", text).split())

    lines = []
    for number, row in enumerate(rows):
        cells = [cell(text) for text in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)
