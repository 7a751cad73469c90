"""What ``qms check`` prints, and how every command reports input it cannot use.

Bad input (data, settings, QMS_TODAY) is one line per problem on standard
error, ``path:line: field: message (hint)``. ``qms check --format json`` also
puts the same problems on standard output as JSON, so that a CI job reading it
never gets empty input.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import DataError
from .flags import count_by_severity
from .project import setting_position
from .terminal import echo, terminal_json

EXIT_OK, EXIT_FLAGS, EXIT_INPUT = 0, 1, 2


def check_output(state: Any, operational: bool, verbose: bool, strict: bool, as_json: bool) -> int:
    """Print the flags (or the JSON report) and the summary; the exit code of ``qms check``."""
    analysis = state.analysis
    # document problems always count; operational facts (late, due, not yet entered) only when asked
    # for, so that a strict check before a publish is not failed by work waiting in the organisation
    counted = analysis.flags if operational else analysis.document_problems
    if as_json:
        from .reports import report
        print(terminal_json(report(state, include_drafts=True, named=True), indent=2))
    else:
        for flag in counted:
            if verbose or flag.severity != "info":
                echo(f"{flag}  ({flag.severity})" + ("  operational" if flag.operational else ""))
        echo(analysis.summary(operational=operational, verbose=verbose))
    counts = count_by_severity(counted)
    if counts["error"] or (strict and counts["warning"]):
        return EXIT_FLAGS
    return EXIT_OK


def settings_problems(root: Path, problems: list[DataError]) -> list[DataError]:
    """The problems of ``extra.qms`` with their line and column in mkdocs.yml, where it can be found."""
    placed = []
    for problem in problems:
        position = setting_position(root, problem.field) if problem.path == "mkdocs.yml" and problem.field else None
        placed.append(replace(problem, line=position[0], column=position[1]) if position else problem)
    return placed


def problem_line(problem: DataError) -> str:
    """``mkdocs.yml:12: extra.qms.due_son_days: unknown setting (…)``; data errors print as themselves."""
    if problem.path != "mkdocs.yml":
        return str(problem)
    where = f"mkdocs.yml:{problem.line}" if problem.line else "mkdocs.yml"
    field = f" {problem.field}:" if problem.field else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{where}:{field} {problem.message}{hint}"


def errors_json(problems: list[DataError]) -> str:
    """The JSON ``qms check --format json`` prints instead of its report when the input is wrong."""
    return terminal_json({"ok": False, "errors": [
        {"path": problem.path, "line": problem.line, "column": problem.column, "field": problem.field,
         "message": problem.message, "hint": problem.hint, "note": problem.note} for problem in problems]}, indent=2)


def report_input_problems(problems: list[DataError], closing: str, as_json: bool) -> None:
    """Each problem on one line of standard error, then ``closing``; with ``as_json`` the JSON on
    standard output as well."""
    if as_json:
        print(errors_json(problems))
    echo(*(problem_line(problem) for problem in problems), *([closing] if closing else []), file=sys.stderr)
