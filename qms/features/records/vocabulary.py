"""Identifier patterns, allowed values, default limits and page addresses of the quality records."""

from __future__ import annotations


NCR_ID = r"NCR-[0-9]{4}-[0-9]{3}"
NCR_HINT = "write NCR, the year raised and a three-digit number, e.g. NCR-2026-001"
IMPROVEMENT_ID = r"IMP-[0-9]{4}-[0-9]{3}"
IMPROVEMENT_HINT = "write IMP, the year raised and a three-digit number, e.g. IMP-2026-001"
AUDIT_ID = r"IA-[0-9]{4}-[0-9]{2}"
AUDIT_HINT = "write IA, the programme year and a two-digit number, e.g. IA-2026-03"

NCR_STATUSES = ("open", "action", "verifying", "closed")
NCR_SOURCES = ("internal-audit", "customer-complaint", "supplier", "process-monitoring", "staff-report")
NCR_SEVERITIES = ("minor", "major", "critical")
CAUSE_CATEGORIES = ("people", "method", "machine", "material", "measurement", "environment")
CHECK_RESULTS = ("effective", "not-effective")
IMPROVEMENT_STATUSES = ("plan", "do", "check", "act", "closed")
IMPROVEMENT_SOURCES = ("staff-suggestion", "management-review", "internal-audit", "nonconformity",
                       "customer-feedback", "kpi-review")
AUDIT_STATUSES = ("planned", "done", "cancelled")
FINDING_TYPES = ("nonconformity", "observation", "opportunity", "good-practice")

# Used when data/records-settings.yml is absent or leaves a value out.
DEFAULT_SETTINGS = {
    "root_cause_days": 30,          # QP-007: find the root cause within a month of raising the NCR
    "improvement_stage_days": 90,   # an improvement item should move on within three months
    "audit_cycle_years": 3,         # QP-006: every process area audited at least once in three years
}

IMPROVEMENT_HOME_URI = "improvement/index.md"
IMPROVEMENT_REGISTER_URI = "improvement/register.md"


def improvement_anchor(improvement_id: str) -> str:
    return improvement_id.lower()
