"""Schema declarations of the measurement kinds: KPIs, the training matrix, people and training records."""

from __future__ import annotations

from ...kinds import EXAMPLE_FLAGS, Kind, ROLE_HINT, ROLE_ID, doc_ref, role_ref
from ...schema import Choice, Date, Field, Integer, ListOf, Number, Record, Ref, Text

KPI_ID = r"KPI-[0-9]{3}"
KPI_HINT = "use KPI- and three digits, e.g. KPI-007"
RECORD_ID = r"TR-[0-9]{3,4}"
RECORD_HINT = "use TR- and three or four digits, e.g. TR-042"
PERIOD = r"[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])"
PERIOD_HINT = 'write "YYYY-MM" for a month or "YYYY-Qn" for a quarter, e.g. "2026-03" or "2026-Q1"'
MONTHLY, QUARTERLY = "monthly", "quarterly"

TRAINING_URI = "training/matrix.md"  # not index.md: Material would make it the index of "Measurement"
COVERAGE_URI = "iso-9001/coverage.md"


def kpi_uri(kpi_id: str) -> str:
    return kpi.uri(kpi_id)


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
    id_description="KPI id, e.g. KPI-001 (the file name without .yml).",
    title="Key performance indicators",
    folder="kpis",
    id_pattern=KPI_ID,
    id_hint=KPI_HINT,
    template="metrics/kpi.md.j2",
    url_prefix="kpis",
    schema=Record(
        description="A key performance indicator (ISO 9001 9.1): what we measure, the target and the values.",
        fields={
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

exemption = Record(
    description="A procedure whose steps this role performs without formal training, and why.",
    fields={
        "procedure": Field(doc_ref(), required=True, description="The procedure the role is exempt from."),
        "reason": Field(Text(), required=True, description=(
            "Why no training is needed, e.g. the step only signs off work, or a course covers it.")),
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
        "exempt": Field(ListOf(exemption), description=(
            "Procedures whose steps the role performs without being required to train on them, each "
            "with its reason. Without one, a role doing a step of a procedure it is not required to "
            "train on is flagged.")),
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
    id_description="Person id, e.g. aisha-begum (the file name without .yml).",
    title="People",
    folder="people",
    schema=Record(
        description="A member of staff and the roles they hold, for the training matrix and the role pages.",
        fields={
            "name": Field(Text(single_line=True, max_length=80), required=True, description="Full name."),
            "roles": Field(ListOf(role_ref(), min_items=1,
                                  unique=True), required=True, description="Roles the person holds."),
            "started": Field(Date(past=True), description="First day at work; a new starter gets time to train."),
            "email": Field(Text(pattern=r"[^@\s]+@[^@\s]+", pattern_hint="write an address like name@example.com"),
                           description="Work email, shown with the name on the pages of the roles the person holds."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

training_record = Kind(
    name="training-record",
    id_description="Record id, e.g. TR-042 (the file name without .yml).",
    title="Training records",
    folder="training/records",
    id_pattern=RECORD_ID,
    id_hint=RECORD_HINT,
    schema=Record(
        description="One training session: what was trained, when, and who completed it.",
        fields={
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


KPI_OVERVIEW_URI = kpi.uri()
