"""Site-wide settings for the gates, from ``extra.qms`` in mkdocs.yml.

The same settings serve ``mkdocs build`` and ``qms check``: the hook hands
over MkDocs' own ``extra.qms``, the command line reads it with ``qms.project``.
They are declared with the schema engine the data uses, so a wrong value or
a typo gets the same kind of message (``extra.qms.severity.x: unknown flag
kind (did you mean 'y'?)``).

Where a setting also exists in the organisation file, mkdocs.yml wins where
it sets it, else the organisation file's own value counts, else the default:
``due_soon_days`` is the one such setting (``review.due_soon_days`` in
data/organisation.yml). mkdocs.yml is the site's configuration and may
tighten a build; the organisation file states the quality team's rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import yaml

from .errors import DataError
from .flags import SEVERITIES, Flag, read_baseline
from .readability import Thresholds
from .schema import Boolean, Choice, Field, Integer, ListOf, Number, Reader, Record, Text
from .typed import Fields

if TYPE_CHECKING:
    from .registry import Registry

DEFAULT_DUE_SOON_DAYS = 30
DEFAULT_NAV_CHUNK_SIZE = 30
# working days into the next month or quarter before a KPI value counts as missing: figures take
# a few days to collect, and a flag on the 1st of every month would teach people to ignore it
DEFAULT_KPI_GRACE_DAYS = 10
DEFAULT_BASELINE_FILE = "qms-baseline.json"
PREFIX = "extra.qms"


class SettingsError(ValueError):
    """mkdocs.yml has a wrong value under extra.qms: one line of text per problem.

    ``problems`` holds each one as a DataError (field ``extra.qms.…``, path mkdocs.yml, line
    unknown here: the settings arrive as a mapping) for whoever knows where mkdocs.yml is.
    """

    def __init__(self, text: str, problems: list[DataError] | None = None):
        super().__init__(text)
        self.problems = problems if problems is not None else [_problem(line) for line in text.split("\n")]


def _problem(line: str) -> DataError:
    """A problem from its line of text (``extra.qms.features: unknown feature 'x' (known: …)``)."""
    field, separator, rest = line.partition(": ")
    if not separator or not field.startswith(PREFIX):
        return DataError("mkdocs.yml", 0, 0, "", line)
    message, _, hint = rest.partition(" (")
    return DataError("mkdocs.yml", 0, 0, field, message, hint[:-1] if hint.endswith(")") else "")


@dataclass(frozen=True)
class Settings:
    thresholds: Thresholds = field(default_factory=Thresholds)
    # flag kind -> severity; Settings.from_config fills in each feature's default
    severity: Mapping[str, str] = field(default_factory=dict)
    # None when mkdocs.yml does not set it: the organisation file's value, else the default, counts
    due_soon_days: int | None = None
    nav_chunk_size: int = DEFAULT_NAV_CHUNK_SIZE
    baseline: frozenset[tuple[str, str, str]] = frozenset()
    baseline_file: str = DEFAULT_BASELINE_FILE
    # named training detail on pages every member of staff can read; off, pages show counts only
    training_names: bool = False
    # flag kinds that are operational facts (from the registry): see FlagKind.operational
    operational: frozenset[str] = frozenset()
    kpi_grace_days: int = DEFAULT_KPI_GRACE_DAYS

    def flag(self, file: str, line: int, kind: str, message: str, document: str = "", key: str = "",
             owner: str = ""):
        """A flag with its configured severity; one recorded in the baseline drops to info."""
        severity = self.severity.get(kind, "warning")
        operational = kind in self.operational
        # an operational fact in an older baseline file is not accepted: it is work to do (see baseline_content)
        if (document, kind, key or message) in self.baseline and severity != "info" and not operational:
            severity = "info"
            message += " (in the baseline)"
        return Flag(file, line, kind, message, severity, document, key or message,
                    operational=operational, owner=owner)

    def due_soon(self, organisation_review: Mapping[str, Any], written_there: bool) -> int:
        """Days before a review date that count as due soon: see the module's note on precedence."""
        if self.due_soon_days is not None:
            return self.due_soon_days
        if written_there and "due_soon_days" in organisation_review:
            return int(organisation_review["due_soon_days"])
        return DEFAULT_DUE_SOON_DAYS

    @classmethod
    def from_config(cls, qms: Mapping[str, Any] | None, registry: "Registry",
                    root: Path | None = None) -> "Settings":
        """Settings from ``extra.qms`` (a mapping); ``root`` given, the baseline file is read too."""
        errors: list[DataError] = []
        values = convert(dict(qms or {}), schema(registry), errors)
        problems = [DataError("mkdocs.yml", 0, 0, f"{PREFIX}.{error.field}" if error.field else PREFIX,
                              error.message, error.hint) for error in errors]
        # severities of a feature left out are accepted and have no effect
        severity = {**registry.default_severity(),
                    **{kind: level for kind, level in (values.severity or {}).items() if kind in registry.flag_kinds}}
        thresholds = dataclasses.replace(Thresholds(), **(values.readability or {}))
        baseline_file = values.baseline or DEFAULT_BASELINE_FILE
        baseline: frozenset = frozenset()
        if root is not None:
            try:
                baseline = read_baseline(root / baseline_file)
            except ValueError as exc:
                problems.append(DataError(baseline_file, 0, 0, "", str(exc)))
        if problems:
            raise SettingsError("\n".join(_text(problem) for problem in problems), problems)
        return cls(thresholds, severity, values.due_soon_days,
                   values.nav_chunk_size or DEFAULT_NAV_CHUNK_SIZE, baseline, baseline_file,
                   training_names=bool(values.training_names), operational=registry.operational_flag_kinds,
                   kpi_grace_days=DEFAULT_KPI_GRACE_DAYS if values.kpi_grace_days is None else values.kpi_grace_days)


def schema(registry: "Registry") -> Record:
    """What ``extra.qms`` may hold; flag kinds come from the registry's features."""
    thresholds = {spec.name: Field(Integer(minimum=1) if spec.type in (int, "int") else Number())
                  for spec in dataclasses.fields(Thresholds)}
    severities = {name: Field(Choice(SEVERITIES)) for name in registry.known_flag_kinds}
    return Record(fields={
        "readability": Field(Record(fields=thresholds, unknown="unknown threshold"),
                             description="Readability limits for every document."),
        "severity": Field(Record(fields=severities, unknown="unknown flag kind"),
                          description="Severity of each flag kind: error, warning or info."),
        "due_soon_days": Field(Integer(minimum=1), description="Days before a review date that count as "
                               "due soon; wins over review.due_soon_days in the organisation file."),
        "nav_chunk_size": Field(Integer(minimum=1), description="Procedures per navigation group."),
        "kpi_grace_days": Field(Integer(minimum=0), description=(
            f"Working days (Monday to Friday) into the next month or quarter before a KPI's value for it "
            f"counts as missing; default {DEFAULT_KPI_GRACE_DAYS}, 0 flags it on the first day.")),
        "baseline": Field(Text(single_line=True), description="The baseline file, from the project root."),
        "training_names": Field(Boolean(), description=(
            "Show named people's training gaps and records on the portal's pages; false (the default) shows "
            "counts only, and the names go to qms-report.json for the quality team.")),
        "features": Field(ListOf(Text(single_line=True), unique=True), description=(
            "The features this portal uses, by name; all of them when unset. documents is always needed.")),
    }, unknown="unknown setting")


def convert(qms: dict[str, Any], declared: Record, errors: list[DataError]) -> Fields:
    """Check a mapping (as MkDocs hands it over) against ``declared``, as the loader checks data.

    The mapping is written out as YAML and read back into nodes, so the same
    field types judge it; its lines are not mkdocs.yml's, so messages give the path only.
    """
    node = yaml.compose(yaml.safe_dump(qms, sort_keys=False, allow_unicode=True), Loader=yaml.SafeLoader)
    if node is None:
        return Fields(declared.shape)
    reader = Reader(PREFIX, errors, today=None)
    values = declared.convert(node, (), reader)
    # not a mapping at all (its error is in ``errors``): read as if nothing were set
    return values if values is not None else Fields(declared.shape)


def _text(problem: DataError) -> str:
    where = problem.field or problem.path
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{where}: {problem.message}{hint}"
