"""Measurement: KPIs with trend charts, the training matrix and ISO 9001:2015 clause coverage.

Three things an auditor asks to see, built from the same data as everything else:

- **KPIs** (``data/kpis/KPI-001.yml``): a target, a direction and one value
  per month or quarter. The status of the latest value is worked out here
  (on target, at risk inside the tolerance band, off target) and each KPI
  page gets a trend chart drawn at build time as static SVG, with the same
  numbers in a table.
- **Training** (``data/training/matrix.yml``, ``data/people/``,
  ``data/training/records/``): what each role must know, who holds which
  role and who completed what. A person lacks training, or trained on a
  procedure revision older than the last one marked ``retrain: true``.
- **Clause coverage**: the clauses of ISO 9001:2015 (shipped as data in
  ``qms/data/iso9001-clauses.yml``) against the ``clauses`` every document
  claims, with the health of those documents beside each clause.

"Today" decides what counts: a value for a month that has not ended, a
training record dated after today and a revision that is not yet in force
are left out, so moving ``QMS_TODAY`` moves every flag with it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml
from markupsafe import Markup

from ..analysis import Flag
from ..errors import DataError
from ..gates import readability_for_units
from ..kinds import EXAMPLE_FLAGS, Kind, ROLE_HINT, ROLE_ID, doc_ref, role_ref
from ..model import Document, Repository
from ..readability import Unit
from ..render import GeneratedPage, Renderer, nav_entry
from ..macros import MacroError
from ..schema import Choice, Date, Field, Integer, ListOf, Number, Record, Ref, Text, suggest
from ..settings import Settings
from ..svg import Drawing, LinearScale, element
from ..validate import error_at, replacement
from ..registry import Feature, FlagKind

KPI_ID = r"KPI-[0-9]{3}"
KPI_HINT = "use KPI- and three digits, e.g. KPI-007"
RECORD_ID = r"TR-[0-9]{3,4}"
RECORD_HINT = "use TR- and three or four digits, e.g. TR-042"
PERIOD = r"[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])"
PERIOD_HINT = 'write "YYYY-MM" for a month or "YYYY-Qn" for a quarter, e.g. "2026-03" or "2026-Q1"'
MONTHLY, QUARTERLY = "monthly", "quarterly"

KPI_OVERVIEW_URI = "kpis/index.md"
TRAINING_URI = "training/matrix.md"  # not index.md: Material would make it the index of "Measurement"
COVERAGE_URI = "iso-9001/coverage.md"
CLAUSES_FILE = Path(__file__).resolve().parent.parent / "data" / "iso9001-clauses.yml"


def kpi_uri(kpi_id: str) -> str:
    return f"kpis/{kpi_id}.md"


# ---------------------------------------------------------------------------
# Kinds


measurement = Record(
    description="The value of the KPI for one month or quarter.",
    fields={
        "period": Field(Text(pattern=PERIOD, pattern_hint=PERIOD_HINT), required=True, description=(
            'The month ("2026-03") or quarter ("2026-Q1") the value is for; quote it.')),
        "value": Field(Number(), required=True, description="The measured value, in the KPI's unit."),
        "note": Field(Text(), description="Optional note, e.g. what explains a dip."),
    },
)

kpi = Kind(
    name="kpi",
    title="Key performance indicators",
    folder="kpis",
    id_pattern=KPI_ID,
    id_hint=KPI_HINT,
    template="metrics/kpi.md.j2",
    url_prefix="kpis",
    schema=Record(
        description="A key performance indicator (ISO 9001 9.1): what we measure, the target and the values.",
        fields={
            "id": Field(Text(pattern=KPI_ID, pattern_hint=KPI_HINT), required=True,
                        description="KPI id, e.g. KPI-001 (the file name without .yml)."),
            "title": Field(Text(single_line=True, max_length=80), required=True, description="Name of the KPI."),
            "definition": Field(Text(), required=True, description="What is counted and how, in plain words."),
            "owner": Field(role_ref(), required=True,
                           description="Role that reports the values and acts on them."),
            "unit": Field(Text(single_line=True, max_length=30), required=True, description=(
                'Unit of the values: "%" or words such as "days" or "complaints".')),
            "target": Field(Number(), required=True, description="The value to reach."),
            "direction": Field(Choice(values=("higher", "lower")), required=True, description=(
                "higher: higher values are better; lower: lower values are better.")),
            "tolerance": Field(Number(minimum=0), description=(
                "Width of the at-risk band: a value that misses the target by no more than this is "
                "at risk, not off target. Leave it out for no band.")),
            "frequency": Field(Choice(values=(MONTHLY, QUARTERLY)), required=True,
                               description="monthly or quarterly."),
            "source": Field(Text(), description="Where the numbers come from."),
            "related": Field(ListOf(doc_ref(), unique=True),
                             description="Procedures whose results this KPI measures."),
            "measurements": Field(ListOf(measurement), description="One value per period, oldest first."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

course = Record(
    description="A course or skill that is not a procedure, e.g. static (ESD) protection.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                    description="Course id, e.g. esd-awareness."),
        "title": Field(Text(single_line=True, max_length=80), required=True, description="Course title."),
        "description": Field(Text(), description="What it covers, in one sentence."),
    },
)

requirement = Record(
    description="What one role must be trained on.",
    fields={
        "role": Field(role_ref(), required=True,
                      description="The role."),
        "procedures": Field(ListOf(doc_ref(), unique=True),
                            description="Procedures the role must be trained on."),
        "courses": Field(ListOf(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), unique=True),
                         description="Ids of courses (from courses: above) the role must complete."),
    },
)

training_matrix = Kind(
    name="training-matrix",
    title="Training matrix",
    file="training/matrix.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="The training each role needs (ISO 9001 7.2 and 7.3).",
        fields={
            "new_starter_days": Field(Integer(minimum=0, maximum=365), default=30, description=(
                "Days a new starter has to complete required training before it counts as missing.")),
            "courses": Field(ListOf(course), description="Courses that are not procedures."),
            "requirements": Field(ListOf(requirement, min_items=1), required=True,
                                  description="One entry per role."),
        },
    ),
)

person = Kind(
    name="person",
    title="People",
    folder="people",
    schema=Record(
        description="A member of staff and the roles they hold, for the training matrix.",
        fields={
            "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                        description="Person id, e.g. aisha-begum (the file name without .yml)."),
            "name": Field(Text(single_line=True, max_length=80), required=True, description="Full name."),
            "roles": Field(ListOf(role_ref(), min_items=1,
                                  unique=True), required=True, description="Roles the person holds."),
            "started": Field(Date(past=True), description="First day at work; a new starter gets time to train."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

training_record = Kind(
    name="training-record",
    title="Training records",
    folder="training/records",
    id_pattern=RECORD_ID,
    id_hint=RECORD_HINT,
    schema=Record(
        description="One training session: what was trained, when, and who completed it.",
        fields={
            "id": Field(Text(pattern=RECORD_ID, pattern_hint=RECORD_HINT), required=True,
                        description="Record id, e.g. TR-042 (the file name without .yml)."),
            "date": Field(Date(past=True), required=True, description="Date the training was completed."),
            "procedure": Field(doc_ref(),
                               description="The procedure trained on (or give a course)."),
            "revision": Field(Text(numeric_ok=True, max_length=12), description=(
                'For a procedure: the revision trained on, e.g. "3" (quote it).')),
            "course": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT),
                            description="The course completed (or give a procedure)."),
            "people": Field(ListOf(Ref(kind="person", pattern=ROLE_ID, pattern_hint=ROLE_HINT), min_items=1,
                                   unique=True), required=True, description="Ids of the people who completed it."),
            "trainer": Field(Text(single_line=True, max_length=80), description="Who gave the training."),
            "note": Field(Text(), description="Optional note."),
        },
    ),
)

# ---------------------------------------------------------------------------
# Periods: "2026-03" is a month, "2026-Q1" a quarter


def period_frequency(label: str) -> str:
    return QUARTERLY if "Q" in label else MONTHLY


def period_ordinal(label: str) -> int:
    """Months (or quarters) since year 0, so periods compare and step by one."""
    year, part = label.split("-")
    if part.startswith("Q"):
        return int(year) * 4 + int(part[1:]) - 1
    return int(year) * 12 + int(part) - 1


def period_label(ordinal: int, frequency: str) -> str:
    if frequency == QUARTERLY:
        return f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}"
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def last_complete_period(today: dt.date, frequency: str) -> int:
    """The month (or quarter) before the one ``today`` falls in."""
    if frequency == QUARTERLY:
        return today.year * 4 + (today.month - 1) // 3 - 1
    return today.year * 12 + today.month - 1 - 1


def period_noun(frequency: str) -> str:
    return "quarter" if frequency == QUARTERLY else "month"


# ---------------------------------------------------------------------------
# KPI status


ON_TARGET, AT_RISK, OFF_TARGET, NO_DATA = "on-target", "at-risk", "off-target", "no-data"
STATUS_LABELS = {ON_TARGET: "On target", AT_RISK: "At risk", OFF_TARGET: "Off target", NO_DATA: "No data yet"}
_EPSILON = 1e-9


def kpi_status(value: float, target: float, direction: str, tolerance: float = 0) -> str:
    """On target; at risk when it misses by no more than the tolerance; else off target."""
    miss = (target - value) if direction == "higher" else (value - target)
    if miss <= _EPSILON:
        return ON_TARGET
    if miss <= tolerance + _EPSILON:
        return AT_RISK
    return OFF_TARGET


def format_number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    text = f"{value:.10g}"
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")


def with_unit(value: float | int, unit: str) -> str:
    return f"{format_number(value)}%" if unit == "%" else f"{format_number(value)} {unit}"


def _decimals(values: list[float | int]) -> int:
    return max((len(format_number(v).partition(".")[2]) for v in values), default=0)


@dataclass(frozen=True)
class Measurement:
    period: str
    value: float | int | None  # None: no value for this period
    note: str = ""
    status: str = NO_DATA
    line: int = 0

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class KpiSummary:
    """One KPI as of today: the values shown, the latest one and its status."""

    doc: Document
    rows: list[Measurement]  # every period from the first value to the last complete period
    last_period: str  # the last complete period as of today
    latest: Measurement | None  # the latest period with a value
    previous: Measurement | None
    missing_latest: bool
    later: int  # values for periods that have not ended yet (not shown)

    @property
    def unit(self) -> str:
        return self.doc["unit"]

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else NO_DATA

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def frequency_noun(self) -> str:
        return period_noun(self.doc["frequency"])

    def show(self, value: float | int) -> str:
        return with_unit(value, self.unit)

    @property
    def target_text(self) -> str:
        more = "or more" if self.doc["direction"] == "higher" else "or less"
        return f"{self.show(self.doc['target'])} {more}"

    @property
    def tolerance_text(self) -> str:
        tolerance = self.doc.get("tolerance")
        if not tolerance:
            return ""
        amount = f"{format_number(tolerance)} points" if self.unit == "%" else self.show(tolerance)
        return f"it misses the target by {amount} or less"

    @property
    def direction_text(self) -> str:
        return "Higher is better" if self.doc["direction"] == "higher" else "Lower is better"

    @property
    def trend_text(self) -> str:
        if self.latest is None or self.previous is None:
            return "No earlier value to compare"
        difference = self.latest.value - self.previous.value
        if abs(difference) <= _EPSILON:
            return f"No change from {self.previous.period}"
        places = _decimals([self.latest.value, self.previous.value])
        amount = f"{abs(difference):.{places}f}"
        better = (difference > 0) == (self.doc["direction"] == "higher")
        return (f"{'Up' if difference > 0 else 'Down'} {amount} from {self.previous.period} "
                f"({'better' if better else 'worse'})")

    @property
    def values(self) -> list[Measurement]:
        return [row for row in self.rows if row.value is not None]


def kpi_summary(doc: Document, today: dt.date) -> KpiSummary:
    frequency = doc["frequency"]
    last = last_complete_period(today, frequency)
    target, direction = doc["target"], doc["direction"]
    tolerance = doc.get("tolerance") or 0
    by_ordinal: dict[int, Measurement] = {}
    later = 0
    for index, item in enumerate(doc.get("measurements", [])):
        if period_frequency(item["period"]) != frequency:
            continue  # a data error already; never reached after a clean load
        ordinal = period_ordinal(item["period"])
        if ordinal > last:
            later += 1
            continue
        by_ordinal[ordinal] = Measurement(item["period"], item["value"], item.get("note", ""),
                                          kpi_status(item["value"], target, direction, tolerance),
                                          doc.line("measurements", index))
    rows: list[Measurement] = []
    if by_ordinal:
        for ordinal in range(min(by_ordinal), last + 1):
            rows.append(by_ordinal.get(ordinal) or Measurement(period_label(ordinal, frequency), None))
    measured = [row for row in rows if row.value is not None]
    return KpiSummary(doc, rows, period_label(last, frequency), measured[-1] if measured else None,
                      measured[-2] if len(measured) > 1 else None, last not in by_ordinal, later)


# ---------------------------------------------------------------------------
# KPI trend chart (static SVG through qms.svg: every text and attribute escaped)

CHART_WIDTH, CHART_HEIGHT = 720, 300
LINE_COLOUR = "#283593"  # indigo, 10:1 on white
TARGET_COLOUR = "#4d4d4d"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#1f1f1f"
BAND_COLOUR = "#fff1c2"


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about four intervals."""
    raw = span / 4 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _tick_text(value: float, step: float) -> str:
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:.{places}f}"


def chart_description(summary: KpiSummary) -> str:
    values = summary.values
    doc = summary.doc
    if not values:
        return f"No values of {doc.title} yet."
    low = min(values, key=lambda row: row.value)
    high = max(values, key=lambda row: row.value)
    text = (f"{summary.frequency_noun.capitalize()}ly values of {doc.title} from {summary.rows[0].period} "
            f"to {summary.rows[-1].period}. Target: {summary.target_text}. "
            f"Latest value: {summary.show(summary.latest.value)} in {summary.latest.period}, "
            f"{summary.status_label.lower()}. Lowest: {summary.show(low.value)} in {low.period}. "
            f"Highest: {summary.show(high.value)} in {high.period}.")
    missing = [row.period for row in summary.rows if row.value is None]
    if missing:
        text += f" No value for {', '.join(missing)}."
    return text


def kpi_chart(summary: KpiSummary) -> Markup:
    """A line chart of the values with the target line and the at-risk band."""
    values = summary.values
    if not values:
        return Markup("")
    doc = summary.doc
    target = doc["target"]
    tolerance = doc.get("tolerance") or 0
    band_edge = target - tolerance if doc["direction"] == "higher" else target + tolerance
    numbers = [row.value for row in values] + [target, band_edge]
    low, high = min(numbers), max(numbers)
    step = _nice_step(high - low if high > low else abs(high) or 1)
    bottom_value = math.floor(low / step) * step
    top_value = math.ceil(high / step) * step
    if top_value - bottom_value < step:
        top_value += step
    left, right, top, bottom = 64, 24, 44, 52
    plot_width = CHART_WIDTH - left - right
    plot_bottom = CHART_HEIGHT - bottom
    y = LinearScale(bottom_value, top_value, plot_bottom - 8, top + 8)  # points never sit on the frame
    count = len(summary.rows)

    def x(index: int) -> float:
        return left + plot_width * (index + 0.5) / count

    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT, f"{doc.id} {doc.title}: trend against target",
                      chart_description(summary), ident=f"chart-{doc.id.lower()}", css_class="qms-chart")
    unit_label = "Per cent" if summary.unit == "%" else summary.unit.capitalize()
    drawing.text(8, 18, unit_label, fill=TEXT_COLOUR, font_size=12)
    # legend, top right: what the dashed line and the band mean
    legend_x = left + plot_width
    if tolerance:
        drawing.text(legend_x, 18, "At risk", fill=TEXT_COLOUR, font_size=12, text_anchor="end")
        drawing.rect(legend_x - 74, 8, 18, 12, fill=BAND_COLOUR, stroke=TARGET_COLOUR, stroke_width=0.5)
        legend_x -= 90
    drawing.text(legend_x, 18, f"Target {summary.show(target)}", fill=TEXT_COLOUR, font_size=12,
                 text_anchor="end")
    drawing.line(legend_x - 8 - 7.2 * len(f"Target {summary.show(target)}") - 26, 14,
                 legend_x - 8 - 7.2 * len(f"Target {summary.show(target)}"), 14, stroke=TARGET_COLOUR,
                 stroke_width=2, stroke_dasharray="6 4")
    tick = bottom_value
    while tick <= top_value + step / 1000:
        drawing.line(left, y(tick), left + plot_width, y(tick), stroke=GRID_COLOUR, stroke_width=1)
        drawing.text(left - 8, y(tick) + 4, _tick_text(tick, step), fill=TEXT_COLOUR, font_size=12,
                     text_anchor="end")
        tick += step
    if tolerance:
        edge_top, edge_bottom = sorted((y(target), y(band_edge)))
        drawing.rect(left, edge_top, plot_width, edge_bottom - edge_top, fill=BAND_COLOUR,
                     class_="qms-chart-band")
    drawing.line(left, y(target), left + plot_width, y(target), stroke=TARGET_COLOUR, stroke_width=2,
                 stroke_dasharray="6 4", class_="qms-chart-target")
    drawing.line(left, plot_bottom, left + plot_width, plot_bottom, stroke=TEXT_COLOUR, stroke_width=1)
    run: list[str] = []
    for index, row in enumerate(summary.rows + [Measurement("", None)]):
        if row.value is not None:
            run.append(f"{x(index):.2f},{y(row.value):.2f}")
            continue
        if len(run) > 1:
            drawing.add(element("polyline", points=" ".join(run), fill="none", stroke=LINE_COLOUR,
                                stroke_width=2.5, stroke_linejoin="round"))
        run = []
    label_every = max(1, math.ceil(count / 12))
    for index, row in enumerate(summary.rows):
        if row.value is None:
            drawing.text(x(index), plot_bottom - 6, "no value", fill=TEXT_COLOUR, font_size=11,
                         text_anchor="middle", class_="qms-chart-gap")
        else:
            drawing.add(element(
                "circle", children=[element("title", f"{row.period}: {summary.show(row.value)} ({row.label})")],
                cx=x(index), cy=y(row.value), r=4.5, fill=LINE_COLOUR, class_="qms-chart-point",
                data_period=row.period, data_value=format_number(row.value)))
        if (count - 1 - index) % label_every == 0:  # counted from the latest, which is always labelled
            drawing.text(x(index), plot_bottom + 20, row.period, fill=TEXT_COLOUR, font_size=12,
                         text_anchor="middle")
    return drawing.markup()


def related_objectives(repository: Repository, kpi_id: str) -> list[Document]:
    """Quality objectives (leadership feature) that name this KPI."""
    return sorted((doc for doc in repository.of_kind("objective").values() if doc.get("kpi") == kpi_id),
                  key=lambda d: d.id)


# ---------------------------------------------------------------------------
# Training


DONE, MISSING, RETRAIN, DUE = "done", "missing", "retrain", "due"
TRAINING_FLAG_KINDS = ("training-missing", "retraining-due", "training-due")


@dataclass(frozen=True)
class TrainingItem:
    kind: str  # "procedure" or "course"
    id: str
    title: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}" if self.kind == "procedure" else self.title


@dataclass(frozen=True)
class Completion:
    record: Document
    date: dt.date
    revision: str | None
    revision_index: int


@dataclass(frozen=True)
class TrainingCell:
    """One person against one required item, as of today."""

    person: Document
    role: str  # the first of the person's roles that requires the item
    item: TrainingItem
    state: str
    completion: Completion | None = None
    due: dt.date | None = None
    retrain_revision: dict | None = None

    @property
    def text(self) -> str:
        """The cell in words, so the matrix never relies on colour."""
        done = self.completion
        if self.state == DONE:
            revision = f", revision {done.revision}" if done.revision else ""
            return f"Done {done.date.isoformat()}{revision}"
        if self.state == RETRAIN:
            return (f"Retrain: has revision {done.revision}; revision {self.retrain_revision['rev']} "
                    "needs retraining")
        if self.state == DUE:
            return f"New starter: due by {self.due.isoformat()}"
        return "Missing"

    @property
    def gap(self) -> bool:
        return self.state != DONE


@dataclass
class TrainingStatus:
    matrix: Document | None
    courses: dict[str, dict]
    items_by_role: dict[str, list[TrainingItem]]
    people_by_role: dict[str, list[Document]]
    cells: dict[tuple[str, str], TrainingCell]  # (person id, item key) -> cell

    def cell(self, person_id: str, item: TrainingItem) -> TrainingCell | None:
        return self.cells.get((person_id, item.key))

    @property
    def gaps(self) -> list[TrainingCell]:
        order = {MISSING: 0, RETRAIN: 1, DUE: 2}
        return sorted((cell for cell in self.cells.values() if cell.gap),
                      key=lambda c: (order[c.state], c.person.get("name", ""), c.item.label))

    def gaps_for_role(self, role_id: str) -> list[TrainingCell]:
        return [cell for cell in self.gaps if cell.role == role_id]


def _required_items(repository: Repository, matrix: Document | None) -> tuple[dict, dict]:
    courses = {item["id"]: item for item in (matrix.get("courses", []) if matrix else [])}
    items_by_role: dict[str, list[TrainingItem]] = {}
    for entry in matrix.get("requirements", []) if matrix else []:
        items = []
        for doc_id in entry.get("procedures", []):
            doc = repository.get("procedure", doc_id)
            items.append(TrainingItem("procedure", doc_id, doc.title if doc else doc_id))
        for course_id in entry.get("courses", []):
            items.append(TrainingItem("course", course_id, courses.get(course_id, {}).get("title", course_id)))
        items_by_role.setdefault(entry["role"], []).extend(items)
    return courses, items_by_role


def _revision_index(procedure: Document | None, label: str | None) -> int:
    labels = [revision.get("rev") for revision in procedure.get("revisions", [])] if procedure else []
    return labels.index(label) if label in labels else -1


def _completions(repository: Repository, today: dt.date) -> dict[tuple[str, str], Completion]:
    """Each person's best completion of each item: the newest revision, then the latest date."""
    best: dict[tuple[str, str], Completion] = {}
    for record in repository.of_kind("training-record").values():
        if record["date"] > today:
            continue  # not done yet as of today
        if record.get("procedure"):
            key = f"procedure:{record['procedure']}"
            index = _revision_index(repository.get("procedure", record["procedure"]), record.get("revision"))
        else:
            key, index = f"course:{record.get('course')}", 0
        completion = Completion(record, record["date"], record.get("revision"), index)
        for person_id in record.get("people", []):
            current = best.get((person_id, key))
            if current is None or (index, record["date"]) > (current.revision_index, current.date):
                best[(person_id, key)] = completion
    return best


def _retrain_revision(procedure: Document | None, today: dt.date) -> tuple[int, dict | None]:
    """The latest revision in force today that is marked retrain: true."""
    found: tuple[int, dict | None] = (-1, None)
    for index, revision in enumerate(procedure.get("revisions", []) if procedure else []):
        if revision.get("retrain") and revision.get("date") and revision["date"] <= today:
            found = (index, revision)
    return found


def training_status(repository: Repository, today: dt.date) -> TrainingStatus:
    matrix = repository.singleton("training-matrix")
    courses, items_by_role = _required_items(repository, matrix)
    grace = dt.timedelta(days=(matrix.get("new_starter_days", 30) if matrix else 30))
    completions = _completions(repository, today)
    people = sorted(repository.of_kind("person").values(), key=lambda p: (p.get("name", ""), p.id))
    people_by_role: dict[str, list[Document]] = {}
    cells: dict[tuple[str, str], TrainingCell] = {}
    for person_doc in people:
        started = person_doc.get("started")
        if started and started > today:
            continue  # has not joined yet
        for role_id in person_doc.get("roles", []):
            people_by_role.setdefault(role_id, []).append(person_doc)
            for item in items_by_role.get(role_id, []):
                if (person_doc.id, item.key) in cells:
                    continue  # already counted under an earlier role
                done = completions.get((person_doc.id, item.key))
                if done is None:
                    new_starter = started is not None and today < started + grace
                    state, due = (DUE, started + grace) if new_starter else (MISSING, None)
                    cells[(person_doc.id, item.key)] = TrainingCell(person_doc, role_id, item, state, due=due)
                    continue
                retrain_index, retrain = (_retrain_revision(repository.get("procedure", item.id), today)
                                          if item.kind == "procedure" else (-1, None))
                state = RETRAIN if done.revision_index < retrain_index else DONE
                cells[(person_doc.id, item.key)] = TrainingCell(
                    person_doc, role_id, item, state, done, retrain_revision=retrain if state == RETRAIN else None)
    return TrainingStatus(matrix, courses, items_by_role, people_by_role, cells)


_LAST_STATUS: list[tuple[Repository, dt.date, TrainingStatus]] = []


def cached_training_status(repository: Repository, today: dt.date) -> TrainingStatus:
    """The training status of one repository on one day, worked out once for all the role pages."""
    if _LAST_STATUS and _LAST_STATUS[0][0] is repository and _LAST_STATUS[0][1] == today:
        return _LAST_STATUS[0][2]
    status = training_status(repository, today)
    _LAST_STATUS[:] = [(repository, today, status)]
    return status


def training_gaps(repository: Repository, role_id: str, today: dt.date) -> list[TrainingCell]:
    """For role pages (a template global): the gaps counted under this role, as of ``today``."""
    if repository.singleton("training-matrix") is None:
        return []
    return cached_training_status(repository, today).gaps_for_role(role_id)


def training_flags(repository: Repository, status: TrainingStatus, settings: Settings) -> list[Flag]:
    flags = []
    for cell in status.gaps:
        person_doc = cell.person
        role = repository.get("role", cell.role)
        who = f"{person_doc['name']} ({role.title if role else cell.role})"
        line = person_doc.line("roles", person_doc.get("roles", []).index(cell.role))
        key = f"{cell.role}:{cell.item.key}"
        if cell.state == MISSING:
            kind = "training-missing"
            message = f"{who} has no training record for {cell.item.label}, which the training matrix requires"
        elif cell.state == RETRAIN:
            kind = "retraining-due"
            message = (f"{who} trained on {cell.item.id} revision {cell.completion.revision} "
                       f"({cell.completion.record.id}); revision {cell.retrain_revision['rev']} of "
                       f"{cell.retrain_revision['date'].isoformat()} needs retraining")
        else:
            kind = "training-due"
            message = f"{who} is a new starter and must complete {cell.item.label} by {cell.due.isoformat()}"
        flags.append(settings.flag(person_doc.path, line, kind, message, person_doc.id, key=key))
    return flags


# ---------------------------------------------------------------------------
# ISO 9001:2015 clauses and coverage


@dataclass(frozen=True)
class Clause:
    number: str
    title: str  # "" for a numbered paragraph without a title in the standard
    about: str  # our own words for an untitled paragraph
    parent: str | None

    @property
    def depth(self) -> int:
        return self.number.count(".")

    @property
    def top(self) -> str:
        return self.number.split(".")[0]


@lru_cache(maxsize=1)
def iso_clauses() -> dict[str, Clause]:
    """The clause list shipped with the package, in the order of the standard.

    Read with the base loader so that 7.1 stays the text "7.1" and never a number.
    """
    data = yaml.load(CLAUSES_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    clauses: dict[str, Clause] = {}
    for entry in data["clauses"]:
        number = entry["number"]
        parent = number.rpartition(".")[0] or None
        if number in clauses or (parent and parent not in clauses):
            raise ValueError(f"{CLAUSES_FILE}: clause {number} is repeated or comes before its parent")
        if not entry.get("title") and not entry.get("about"):
            raise ValueError(f"{CLAUSES_FILE}: clause {number} needs a title or an about")
        clauses[number] = Clause(number, entry.get("title", ""), entry.get("about", ""), parent)
    return clauses


def clause_children(number: str) -> list[str]:
    return [c.number for c in iso_clauses().values() if c.parent == number]


def clause_title(number: str) -> str:
    """The title of the standard; for an untitled paragraph, its parent's title and what it is about."""
    clauses = iso_clauses()
    clause = clauses[number]
    if clause.title:
        return clause.title
    parent = clauses[clause.parent].title if clause.parent else ""
    return f"{parent}: {clause.about}" if parent else clause.about


def clause_hint(number: str) -> str:
    clauses = iso_clauses()
    parent = number
    while "." in parent:
        parent = parent.rpartition(".")[0]
        if parent in clauses:
            children = clause_children(parent)
            if children:
                return f"clause {parent} has {', '.join(children)}"
            return f"clause {parent} has no subclauses; claim {parent} itself"
    return "use a clause of ISO 9001:2015 from 4 to 10, e.g. \"7.5.3\""


def check_clauses(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Every claimed clause must exist in ISO 9001:2015 (the schema checks only the format)."""
    clauses = iso_clauses()
    for index, number in enumerate(doc.get("clauses", []) or []):
        if isinstance(number, str) and number not in clauses:
            errors.append(error_at(doc, ("clauses", index), f"unknown ISO 9001:2015 clause {number!r}",
                                   clause_hint(number)))


def check_other_clauses(repository: Repository, errors: list[DataError]) -> None:
    """Other kinds that claim clauses (a list of text) get the same check as procedures."""
    for doc in list(repository.all_documents()) + list(repository.singletons.values()):
        if doc.kind != "procedure" and isinstance(doc.get("clauses"), list):
            check_clauses(doc, repository, errors)


READABILITY_KINDS = ("long-sentence", "very-hard-sentence", "plain-words", "low-reading-ease", "high-grade")
COVERED, PARTLY, GAP = "covered", "partly", "gap"
COVERAGE_LABELS = {COVERED: "Covered", PARTLY: "Partly covered", GAP: "Gap"}


@dataclass
class DocumentHealth:
    doc: Document
    review_overdue: bool
    readability_problems: int
    open_nonconformities: list[str]

    @property
    def problems(self) -> list[str]:
        words = []
        if self.review_overdue:
            words.append("review overdue")
        if self.readability_problems:
            words.append(f"fails readability ({self.readability_problems} warnings)")
        if self.open_nonconformities:
            count = len(self.open_nonconformities)
            words.append(f"{count} open nonconformit{'y' if count == 1 else 'ies'} "
                         f"({', '.join(self.open_nonconformities)})")
        return words


@dataclass
class ClauseRow:
    clause: Clause
    direct: list[Document] = field(default_factory=list)
    inherited: list[tuple[Document, str]] = field(default_factory=list)  # (document, claimed parent)
    drafts: list[Document] = field(default_factory=list)
    leaves: int = 0
    leaves_covered: int = 0
    health: list[DocumentHealth] = field(default_factory=list)

    @property
    def title(self) -> str:
        return clause_title(self.clause.number)

    @property
    def part_of(self) -> str:
        parent = self.clause.parent
        return f"{parent} {clause_title(parent)}" if parent else ""

    @property
    def documents(self) -> list[Document]:
        return self.direct + [doc for doc, _ in self.inherited]

    @property
    def state(self) -> str:
        if self.leaves:  # a clause with subclauses: how many of its leaves are covered
            if self.leaves_covered == self.leaves:
                return COVERED
            return PARTLY if self.leaves_covered or self.direct else GAP
        return COVERED if self.documents else GAP

    @property
    def state_text(self) -> str:
        if self.leaves:
            return f"{COVERAGE_LABELS[self.state]}: {self.leaves_covered} of {self.leaves} clauses below it"
        return "Covered" if self.documents else "Gap: no document"

    @property
    def problems(self) -> list[tuple[Document, list[str]]]:
        return [(item.doc, item.problems) for item in self.health if item.problems]


@dataclass
class Coverage:
    rows: list[ClauseRow]
    nonconformities_known: bool

    @property
    def gaps(self) -> list[ClauseRow]:
        return [row for row in self.rows if not row.leaves and row.state == GAP]

    @property
    def leaves(self) -> list[ClauseRow]:
        return [row for row in self.rows if not row.leaves]

    def by_top(self) -> list[tuple[ClauseRow, list[ClauseRow]]]:
        groups = []
        for row in self.rows:
            if row.clause.parent is None:
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        return groups


def open_nonconformities_by_procedure(repository: Repository) -> dict[str, list] | None:
    """Open nonconformities per procedure from the records feature, or None while it does not exist."""
    try:
        from .records import open_nonconformities
    except ImportError:
        return None
    return open_nonconformities(repository)


def _claiming_documents(repository: Repository) -> list[Document]:
    """Controlled documents (procedures and any other controlled kind) that claim clauses.

    Other kinds may list clauses for another reason (an audit lists the clauses it audits):
    their clauses are checked, but they do not make a clause covered.
    """
    controlled = {name for name, kind in repository.registry.kinds_by_name.items() if kind.controlled}
    docs = [doc for doc in repository.all_documents()
            if doc.kind in controlled and isinstance(doc.get("clauses"), list)]
    return sorted(docs, key=lambda d: (d.kind != "procedure", d.kind, d.id))


def clause_coverage(repository: Repository, analysis: Any) -> Coverage:
    clauses = iso_clauses()
    rows = {number: ClauseRow(clause) for number, clause in clauses.items()}
    in_force = {}
    for doc in _claiming_documents(repository):
        for number in doc.get("clauses", []):
            if number not in rows:
                continue
            if doc.status == "approved":
                rows[number].direct.append(doc)
                in_force[doc.kind, doc.id] = doc
            elif doc.status == "draft":
                rows[number].drafts.append(doc)
    for number, row in rows.items():  # a claim of 7.5.3 addresses 7.5.3.1 and 7.5.3.2 too
        parent = row.clause.parent
        while parent:
            row.inherited.extend((doc, parent) for doc in rows[parent].direct if doc not in row.direct)
            parent = clauses[parent].parent
    leaves = {number for number in rows if not clause_children(number)}
    for number in rows:
        below = [leaf for leaf in leaves if leaf.startswith(number + ".")]
        rows[number].leaves = len(below)
        rows[number].leaves_covered = sum(1 for leaf in below if rows[leaf].documents)
    nonconformities = open_nonconformities_by_procedure(repository)
    health = {key: _health(doc, analysis, nonconformities or {}) for key, doc in in_force.items()}
    for row in rows.values():
        row.health = [health[doc.kind, doc.id] for doc in row.documents if (doc.kind, doc.id) in health]
    return Coverage(list(rows.values()), nonconformities is not None)


def _health(doc: Document, analysis: Any, nonconformities: dict[str, list]) -> DocumentHealth:
    report = analysis.reports.get((doc.kind, doc.id)) if analysis is not None else None
    overdue = bool(report and report.review and report.review.status == "overdue")
    readability = sum(1 for flag in (report.flags if report else [])
                      if flag.kind in READABILITY_KINDS
                      and (flag.severity in ("warning", "error") or flag.on_purpose))
    open_items = [getattr(item, "id", str(item)) for item in nonconformities.get(doc.id, [])]
    return DocumentHealth(doc, overdue, readability, open_items)


# ---------------------------------------------------------------------------
# Checks: every problem a DataError with file, line and field


def check_percentages(doc: Document, errors: list[DataError]) -> None:
    """A KPI in % holds percentages: target and values from 0 to 100, a tolerance of at most 100 points."""
    if doc.get("unit") != "%":
        return
    numbers = [(("target",), doc.get("target")), (("tolerance",), doc.get("tolerance"))]
    numbers += [(("measurements", index, "value"), item.get("value"))
                for index, item in enumerate(doc.get("measurements", []))]
    for path, value in numbers:
        if value is not None and not 0 <= value <= 100:
            errors.append(error_at(doc, path, f"{format_number(value)} is not a percentage",
                                   "use 0 to 100, or a unit such as 'points' for other numbers"))


def check_kpi(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    check_percentages(doc, errors)
    frequency = doc.get("frequency")
    seen: dict[int, int] = {}
    previous: tuple[int, str] | None = None
    for index, item in enumerate(doc.get("measurements", [])):
        period = item.get("period")
        if not period:
            continue
        path = ("measurements", index, "period")
        if frequency and period_frequency(period) != frequency:
            example = "2026-03" if frequency == MONTHLY else "2026-Q1"
            errors.append(error_at(doc, path, f"{period!r} is a {period_noun(period_frequency(period))}, "
                                   f"but this KPI is measured {frequency}",
                                   f"write periods like \"{example}\", or change frequency"))
            continue
        ordinal = period_ordinal(period)
        if ordinal in seen:
            errors.append(error_at(doc, path, f"period {period} is listed twice (first on line {seen[ordinal]})",
                                   "keep one value per period"))
            continue
        seen[ordinal] = doc.line("measurements", index)
        if previous is not None and ordinal < previous[0]:
            errors.append(error_at(doc, path, f"period {period} comes after {previous[1]}",
                                   "list the values oldest first"))
        previous = (ordinal, period)


def check_training_matrix(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    courses: dict[str, int] = {}
    for index, item in enumerate(doc.get("courses", [])):
        if "id" not in item:
            continue  # missing or invalid: its own error is reported
        if item["id"] in courses:
            errors.append(error_at(doc, ("courses", index, "id"), f"course {item['id']!r} is listed twice "
                                   f"(first on line {courses[item['id']]})", "give each course its own id"))
        else:
            courses[item["id"]] = doc.line("courses", index, "id")
    roles: dict[str, int] = {}
    for index, entry in enumerate(doc.get("requirements", [])):
        role_id = entry.get("role")
        if role_id in roles:
            errors.append(error_at(doc, ("requirements", index, "role"), f"role {role_id!r} is listed twice "
                                   f"(first on line {roles[role_id]})", "merge the two entries into one"))
        elif role_id:
            roles[role_id] = doc.line("requirements", index, "role")
        if not entry.get("procedures") and not entry.get("courses"):
            errors.append(error_at(doc, ("requirements", index), "lists no procedures and no courses",
                                   "add 'procedures:' or 'courses:', or remove the entry"))
        for position, doc_id in enumerate(entry.get("procedures", [])):
            procedure = repository.get("procedure", doc_id)
            if procedure is None or procedure.status != "obsolete":
                continue  # unknown ids and drafts are reported by the reference check
            final = replacement(repository, procedure)
            hint = f"require {final.id} instead" if final else "require the approved document that replaces it"
            errors.append(error_at(doc, ("requirements", index, "procedures", position),
                                   f"{doc_id} is {procedure.status}, so nobody can be trained on it", hint))
        for position, course_id in enumerate(entry.get("courses", [])):
            if course_id not in courses:
                errors.append(error_at(doc, ("requirements", index, "courses", position),
                                       f"unknown course {course_id!r}",
                                       suggest(course_id, courses) or "add it under 'courses:' first"))


def check_training_record(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    procedure_id, course_id, revision = doc.get("procedure"), doc.get("course"), doc.get("revision")
    if procedure_id and course_id:
        errors.append(error_at(doc, ("course",), "give a procedure or a course, not both",
                               "one record covers one procedure or one course"))
        return
    if not procedure_id and not course_id:
        errors.append(error_at(doc, ("procedure",), "give the procedure or the course that was trained",
                               "add 'procedure:' with 'revision:', or 'course:'"))
        return
    if course_id:
        if revision:
            errors.append(error_at(doc, ("revision",), "a course has no revisions",
                                   "remove 'revision:' or give a procedure instead"))
        matrix = repository.singleton("training-matrix")
        if matrix is None and repository.could_not_read("training-matrix"):
            return  # its own error says why; every course would look unknown
        listed = matrix.get("courses", []) if matrix else []
        courses = [item["id"] for item in listed if "id" in item]
        if len(courses) < len(listed) and course_id not in courses:
            return  # a course without a valid id has its own error: this may be that course
        if course_id not in courses:
            errors.append(error_at(doc, ("course",), f"unknown course {course_id!r}",
                                   suggest(course_id, courses) or "define it under courses: in "
                                   "data/training/matrix.yml"))
        return
    procedure = repository.get("procedure", procedure_id)
    if procedure is None:
        return  # the reference check reports it
    revisions = procedure.get("revisions", [])
    labels = [item["rev"] for item in revisions if "rev" in item]
    if (len(labels) < len(revisions) or not procedure.complete) and revision and revision not in labels:
        return  # a revision that did not load has its own error: this may be that revision
    if not revision:
        hint = f"add 'revision: \"{labels[-1]}\"'" if labels else "add 'revision:'"
        errors.append(error_at(doc, ("procedure",), "say which revision of the procedure was trained", hint))
    elif revision not in labels:
        errors.append(error_at(doc, ("revision",), f"{procedure_id} has no revision {revision!r}",
                               f"use one of: {', '.join(labels)}" if labels else "add the revision history first"))


# ---------------------------------------------------------------------------
# Analysis: flags for the log, the dashboard, qms-report.json and `qms check`


FLAG_KINDS = (
    FlagKind("kpi-measurement-missing", "warning", "A KPI has no value for its last complete month or quarter."),
    FlagKind("kpi-off-target", "warning", "A KPI's latest value is off target (outside its tolerance)."),
    FlagKind("kpi-at-risk", "info", "A KPI's latest value misses the target but is within the tolerance."),
    FlagKind("training-missing", "warning", "A person has no record of training the matrix requires for a role."),
    FlagKind("retraining-due", "warning",
             "A person trained on a procedure revision older than the latest one marked retrain."),
    FlagKind("training-due", "info", "A new starter still has required training to complete in time."),
)


def kpi_flags(summary: KpiSummary, settings: Settings) -> list[Flag]:
    doc = summary.doc
    flags = []
    owner = doc.get("owner")
    if summary.missing_latest:
        flags.append(settings.flag(
            doc.path, doc.line("measurements"), "kpi-measurement-missing",
            f"{doc.id} {doc.title} has no value for {summary.last_period}, the last complete "
            f"{summary.frequency_noun}; owner: {owner}", doc.id, key=f"missing:{summary.last_period}"))
    if summary.latest and summary.status in (OFF_TARGET, AT_RISK):
        kind = "kpi-off-target" if summary.status == OFF_TARGET else "kpi-at-risk"
        flags.append(settings.flag(
            doc.path, summary.latest.line, kind,
            f"{doc.id} {doc.title} is {summary.status_label.lower()}: {summary.show(summary.latest.value)} "
            f"in {summary.latest.period} (target {summary.target_text}); owner: {owner}",
            doc.id, key=summary.status))
    return flags


def analyse(repository: Repository, settings: Settings, today: dt.date) -> tuple[list, list[Flag]]:
    flags: list[Flag] = []
    for doc in sorted(repository.of_kind("kpi").values(), key=lambda d: d.id):
        flags.extend(kpi_flags(kpi_summary(doc, today), settings))
        _, readability = readability_for_units(
            doc, [Unit(doc["definition"], doc.line("definition"), "definition")], repository, settings,
            doc.line("definition"))
        flags.extend(readability)
    flags.extend(training_flags(repository, training_status(repository, today), settings))
    return [], flags


# ---------------------------------------------------------------------------
# Pages and navigation


def kpi_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = renderer.analysis.today
    docs = sorted(repository.of_kind("kpi").values(), key=lambda d: d.id)
    if not docs:
        return []
    summaries = [kpi_summary(doc, today) for doc in docs]
    pages = [renderer.page("metrics/kpi.md.j2", kpi_uri(summary.doc.id), f"{summary.doc.id} {summary.doc.title}",
                           summary.doc.path, doc=summary.doc, summary=summary, chart=kpi_chart(summary),
                           objectives=related_objectives(repository, summary.doc.id))
             for summary in summaries]
    pages.append(renderer.page("metrics/kpis.md.j2", KPI_OVERVIEW_URI, "Key performance indicators", None,
                               summaries=summaries))
    return pages


def training_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    matrix = repository.singleton("training-matrix")
    if matrix is None:
        return []
    status = cached_training_status(repository, renderer.analysis.today)
    roles = sorted(repository.of_kind("role").values(), key=lambda r: r.title)
    return [renderer.page("metrics/training.md.j2", TRAINING_URI, "Training matrix", matrix.path,
                          status=status, roles=roles, states={"missing": MISSING, "retrain": RETRAIN, "due": DUE})]


def coverage_page(renderer: Renderer) -> list[GeneratedPage]:
    coverage = clause_coverage(renderer.repository, renderer.analysis)
    return [renderer.page("metrics/coverage.md.j2", COVERAGE_URI, "ISO 9001 clause coverage", None,
                          coverage=coverage, labels=COVERAGE_LABELS)]


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    section: list[Any] = []
    if KPI_OVERVIEW_URI in uris:
        kpis = sorted(repository.of_kind("kpi").values(), key=lambda d: d.id)
        section.append({"Key performance indicators": [KPI_OVERVIEW_URI] + [
            nav_entry(f"{doc.id} {doc.title}", kpi_uri(doc.id)) for doc in kpis]})
    if TRAINING_URI in uris:
        section.append({"Training matrix": TRAINING_URI})
    if COVERAGE_URI in uris:
        section.append({"ISO 9001 clause coverage": COVERAGE_URI})
    return [{"Measurement": section}] if section else []


# ---------------------------------------------------------------------------
# Macros for hand-written pages


def macros(owner: Any) -> dict[str, Callable[..., Any]]:
    state = owner.state

    def kpi_link(kpi_id: str) -> str:
        """A link to a KPI with its status in words, e.g. 'KPI-001 On-time delivery (On target)'."""
        doc = state.repository.get("kpi", kpi_id)
        if doc is None:
            known = ", ".join(sorted(state.repository.of_kind("kpi")))
            raise MacroError(f"kpi({kpi_id!r}): unknown KPI (known: {known})")
        summary = kpi_summary(doc, state.today)
        return str(owner.links.to(kpi_uri(kpi_id), f"{doc.id} {doc.title}")) + f" ({summary.status_label})"

    def clause(number: str) -> str:
        """A clause number with its title, e.g. '7.5.3 Control of documented information'."""
        if str(number) not in iso_clauses():
            raise MacroError(f"clause({number!r}): unknown ISO 9001:2015 clause ({clause_hint(str(number))})")
        return str(owner.links.to(COVERAGE_URI, f"{number} {clause_title(str(number))}"))

    def kpi_table() -> str:
        """The KPI overview table: latest value and status of every KPI."""
        summaries = [kpi_summary(doc, state.today)
                     for doc in sorted(state.repository.of_kind("kpi").values(), key=lambda d: d.id)]
        return owner._renderer().render("metrics/kpi_table.md.j2", owner.page_uri, summaries=summaries)

    return {"kpi": kpi_link, "clause": clause, "kpi_table": kpi_table}


FEATURE = Feature(
    name="metrics",
    kinds=(kpi, training_matrix, person, training_record),
    checks={
        "procedure": (check_clauses,),
        "kpi": (check_kpi,),
        "training-matrix": (check_training_matrix,),
        "training-record": (check_training_record,),
    },
    repository_checks=(check_other_clauses,),
    analyse=analyse,
    pages=(kpi_pages, training_page, coverage_page),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=("kpi", "clause", "kpi_table"),
    template_globals={"training_gaps": training_gaps},
)
