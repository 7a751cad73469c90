"""Quality records: nonconformities with corrective actions, the improvement register, internal audits.

Three kinds of record live in ``data/``, one YAML file each:

- ``data/ncrs/NCR-YYYY-NNN.yml``: a nonconformity report (NCR) and its
  corrective action (CAPA). Its ``status`` moves through ``open`` (raised,
  containment done, cause not yet found), ``action`` (root cause found,
  corrective actions under way), ``verifying`` (every action done, waiting for
  the effectiveness check) and ``closed`` (closed on the ``closed`` date).
- ``data/improvements/IMP-YYYY-NNN.yml``: an improvement item with its
  plan-do-check-act stage in ``status`` (plan, do, check, act, closed) and the
  date it entered that stage in ``status_since``.
- ``data/audits/IA-YYYY-NN.yml``: one internal audit of the programme, with
  its process areas, procedures and clauses, auditor role, planned and done
  dates and findings (a nonconformity finding names the NCR it raised).

Rules that need no clock are data errors (wrong order of dates, a closed NCR
with open actions…); rules that depend on today are flags, so they move with
``QMS_TODAY``. The time limits of the flags live in the optional
``data/records-settings.yml`` (defaults in ``DEFAULT_SETTINGS``).

Other features can ask :func:`open_nonconformities` for the open NCRs of
each procedure (the clause coverage page shows them as health).
Procedure pages ask :func:`procedure_records` (a template global) for the
NCRs and improvement items that name them.

The package is split by job: ``vocabulary`` (identifiers, allowed values,
addresses), ``kinds``, ``checks`` (no clock), ``queries``, ``analysis`` (flags
against today), ``views``, ``pages`` and ``macros``. This module assembles
``FEATURE`` and re-exports the names other code imports from the feature.
"""

from __future__ import annotations

from pathlib import Path

from ...registry import ClauseEvidence, Feature

from .analysis import FLAG_KINDS, analyse_records
from .checks import check_audit, check_improvement, check_ncr, check_single_finding_per_ncr
from .kinds import audit, improvement, ncr, records_settings, settings_of
from .macros import MACRO_NAMES, macros
from .pages import audit_context, audit_pages, improvement_pages, navigation, ncr_context, ncr_pages, overview_page
from .queries import ncr_register_order, open_nonconformities, procedure_records
from .kinds import AUDIT_PROGRAMME_URI, NCR_REGISTER_URI, audit_uri, ncr_uri
from .vocabulary import IMPROVEMENT_REGISTER_URI, NCR_SOURCES, NCR_STATUSES

__all__ = ["AUDIT_PROGRAMME_URI", "FEATURE", "FLAG_KINDS", "IMPROVEMENT_REGISTER_URI", "NCR_REGISTER_URI",
           "NCR_SOURCES", "NCR_STATUSES", "analyse_records", "audit_uri", "ncr_register_order", "ncr_uri",
           "open_nonconformities", "procedure_records", "settings_of"]

FEATURE = Feature(
    name="records",
    templates=Path(__file__).parent / "templates",
    page_context={"ncr": ncr_context, "audit": audit_context},
    slots={"procedure.records": ("records/procedure_records.md.j2",)},
    kinds=(ncr, improvement, audit, records_settings),
    checks={"ncr": (check_ncr,), "improvement": (check_improvement,), "audit": (check_audit,)},
    repository_checks=(check_single_finding_per_ncr,),
    analyse=analyse_records,
    pages=(ncr_pages, improvement_pages, audit_pages, overview_page),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=MACRO_NAMES,
    template_globals={"improvement_register_uri": IMPROVEMENT_REGISTER_URI, "procedure_records": procedure_records},
    services={"open_nonconformities": open_nonconformities},
    clause_evidence=(
        ClauseEvidence("audit", ("9.2",), "Internal audit programme", AUDIT_PROGRAMME_URI),
        ClauseEvidence("ncr", ("10.2",), "Nonconformity register", NCR_REGISTER_URI),
        ClauseEvidence("improvement", ("10.1", "10.3"), "Improvement register", IMPROVEMENT_REGISTER_URI),
    ),
)
