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
  Pages every member of staff reads show counts, not names, unless
  ``extra.qms.training_names`` is true; the named detail is in the report.
  Role pages name who holds each role, and how to reach them. A role that does
  a step of a procedure must be required to train on it (or exempt, with a
  reason): ``duties`` holds that rule, which onboarding paths use too.
- **Clause coverage**: the clauses of ISO 9001:2015 (shipped as data in
  ``qms/data/iso9001-clauses.yml``) against the ``clauses`` every document
  claims and the evidence each feature declares for its documents
  (``Feature.clause_evidence``: the policy for 5.2, roles for 5.3, …), with the
  health of those documents beside each clause. Clauses that cannot apply are
  excluded, with their reason, in ``exclusions`` of ``data/organisation.yml``.
  Another standard is a catalogue in ``data/standards/<id>.yml`` (numbers and
  short titles only); its clauses are named ``<id>:<number>`` and get a
  coverage page of their own.

"Today" decides what counts: a value for a month that has not ended, a
training record dated after today and a revision that is not yet in force
are left out, so moving ``QMS_TODAY`` moves every flag with it.
"""

from __future__ import annotations

from pathlib import Path

from ...kinds import role
from ...registry import ClauseEvidence, Feature

from .kinds import KPI_OVERVIEW_URI, TRAINING_URI, kpi, person, training_matrix, training_record
from .periods import last_complete_period, last_due_period, period_label, period_ordinal, value_due_on
from .kpis import AT_RISK, NO_DATA, OFF_TARGET, ON_TARGET, KpiSummary, kpi_status, kpi_summary, kpi_summary_of
from .chart import kpi_chart
from .training import role_training_counts, training_gaps, training_report, training_status
from .people import role_holders
from .duties import training_requirements, untrained_steps
from .clauses import clause_title, iso_clauses
from .clause_checks import check_clauses, check_other_clauses
from .standards import check_standard, standard, standards
from .clause_links import clause_links
from .coverage import clause_coverage
from .exclusions import check_exclusions
from .checks import check_kpi, check_training_matrix, check_training_record
from .analysis import FLAG_KINDS, analyse
from .pages import coverage_page, kpi_context, kpi_pages, navigation, training_page
from .macros import macros

# Names other code and the tests import from qms.features.metrics, kept here so the split into
# modules does not change the import path.
__all__ = [
    "AT_RISK", "FEATURE", "KpiSummary", "NO_DATA", "OFF_TARGET", "ON_TARGET", "clause_coverage", "clause_title",
    "iso_clauses", "kpi_chart", "kpi_status", "kpi_summary", "last_complete_period", "last_due_period", "period_label",
    "period_ordinal", "standards", "training_gaps", "training_requirements", "training_status", "untrained_steps",
    "value_due_on",
]


FEATURE = Feature(
    name="metrics",
    templates=Path(__file__).parent / "templates",
    page_context={"kpi": kpi_context},
    slots={"role.holders": ("metrics/role_holders.md.j2",), "role.training": ("metrics/role_training.md.j2",),
           "document.clauses": ("metrics/document_clauses.md.j2",)},
    kinds=(kpi, training_matrix, person, training_record, standard),
    checks={
        "procedure": (check_clauses,),
        "kpi": (check_kpi,),
        "training-matrix": (check_training_matrix,),
        "training-record": (check_training_record,),
        "organisation": (check_exclusions,),
        "standard": (check_standard,),
    },
    repository_checks=(check_other_clauses,),
    analyse=analyse,
    pages=(kpi_pages, training_page, coverage_page),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=("kpi", "clause", "kpi_table"),
    template_globals={"training_gaps": training_gaps, "role_training_counts": role_training_counts,
                      "role_holders": role_holders, "clause_links": clause_links},
    report_sections={"training": training_report},
    clause_evidence=(
        ClauseEvidence("person", ("7.1.2",), "People in each role", role.uri()),
        ClauseEvidence("training-matrix", ("7.2",), "Training matrix", TRAINING_URI),
        ClauseEvidence("kpi", ("9.1.1", "9.1.3"), "Key performance indicators", KPI_OVERVIEW_URI),
    ),
    services={"kpi_summary": kpi_summary_of, "training_requirements": training_requirements},
)
