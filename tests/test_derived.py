"""Facts written twice must agree: objectives and their KPIs, who does a step and the training
matrix, onboarding paths and the matrix.

Each disagreement is an operational flag (shown, counted, routed to an owner), never a reason to
hold back a corrected procedure. Exact facts come from the tests' own organisation (Kestrel); the
last tests check that the demo keeps one example of each and still passes its own gates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qms.analysis import analyse
from qms.build import load
from qms.features import default_registry
from qms.features.leadership import objective_status
from qms.settings import Settings

from conftest import DEMO_TODAY, ORG, edit, errors_of, line_of, qms

OBJECTIVE = "data/objectives/on-time-delivery.yml"
MATRIX = "data/training/matrix.yml"
SALES_PATH = "data/onboarding/sales-coordinator.yml"
STAFF_PATH = "data/onboarding/staff.yml"
DERIVED_KINDS = {"objective-status-contradicts-kpi", "untrained-step", "onboarding-leaves-out-training",
                 "onboarding-training-not-required"}


def analysed(root: Path, today: str = DEMO_TODAY):
    return analyse(load(root), Settings.from_config({}, default_registry()), dt.date.fromisoformat(today))


def derived_flags(root: Path, kind: str) -> dict[str, object]:
    """The flags of one kind, by document and key."""
    return {f"{flag.document}:{flag.key}": flag for flag in analysed(root).flags if flag.kind == kind}


# ---------------------------------------------------------------------------
# An objective's status comes from its KPI


def test_a_typed_status_that_contradicts_the_kpi_is_flagged_at_the_status_line():
    flags = derived_flags(ORG, "objective-status-contradicts-kpi")
    flag = flags["on-time-delivery:status"]
    assert (flag.file, flag.line) == (OBJECTIVE, line_of(ORG, OBJECTIVE, "status: on-track"))
    assert flag.operational and flag.severity == "warning"
    assert "typed 'status: on-track', but KPI-001 is at risk: 94% in 2026-10 (target 95% or more)" in flag.message
    assert "remove 'status:'" in flag.message and "owner: production-manager" in flag.message
    assert str(flag).startswith(f"{OBJECTIVE}:{flag.line}: [objective-status-contradicts-kpi]")


def test_the_shown_status_is_the_kpis_and_says_where_it_comes_from(org):
    edit(org, OBJECTIVE, "status: on-track\n", "")
    repository = load(org)
    state = objective_status(repository.get("objective", "on-time-delivery"), repository,
                             dt.date.fromisoformat(DEMO_TODAY), 10)
    assert (state.status, state.label, state.source_text) == ("at-risk", "At risk", "from KPI-001")
    assert "on-time-delivery:status" not in derived_flags(org, "objective-status-contradicts-kpi")


def test_a_typed_status_that_agrees_with_the_kpi_is_no_flag(org):
    edit(org, OBJECTIVE, "status: on-track", "status: at-risk")
    assert "on-time-delivery:status" not in derived_flags(org, "objective-status-contradicts-kpi")


def test_without_a_kpi_the_typed_status_stays(org):
    edit(org, OBJECTIVE, "kpi: KPI-001", "")
    repository = load(org)
    state = objective_status(repository.get("objective", "on-time-delivery"), repository,
                             dt.date.fromisoformat(DEMO_TODAY), 10)
    assert (state.status, state.source_text, state.contradicts) == ("on-track", "recorded by its owner", False)


def test_a_kpi_without_a_value_yet_leaves_the_typed_status(org):
    path = org / "data/kpis/KPI-001.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("measurements:")] + "measurements: []\n", encoding="utf-8")
    repository = load(org)
    state = objective_status(repository.get("objective", "on-time-delivery"), repository,
                             dt.date.fromisoformat(DEMO_TODAY), 10)
    assert (state.status, state.source_text, state.contradicts) == ("on-track", "KPI-001 has no value yet", False)


def test_achieved_and_missed_are_the_owners_verdict(org):
    edit(org, OBJECTIVE, "status: on-track", "status: achieved")
    repository = load(org)
    state = objective_status(repository.get("objective", "on-time-delivery"), repository,
                             dt.date.fromisoformat(DEMO_TODAY), 10)
    assert (state.status, state.contradicts) == ("achieved", False)


def test_an_objective_with_neither_status_nor_kpi_is_a_data_error(org):
    edit(org, OBJECTIVE, "status: on-track\n", "")
    edit(org, OBJECTIVE, "kpi: KPI-001", "")
    errors = [error for error in errors_of(org) if ": status: is missing" in error]
    assert errors and errors[0].startswith(f"{OBJECTIVE}:1:"), errors
    assert "no KPI measures this objective" in errors[0] and "'kpi: <id>'" in errors[0]


# ---------------------------------------------------------------------------
# A role that does a step must be trained on its procedure, or exempt


def test_a_role_doing_a_step_it_is_not_trained_on_is_flagged_where_the_matrix_must_change():
    flags = derived_flags(ORG, "untrained-step")
    flag = flags["quality-manager:QP-002"]
    assert (flag.file, flag.line) == (MATRIX, line_of(ORG, MATRIX, "role: quality-manager"))
    assert flag.operational
    assert flag.message.startswith("Quality Manager (quality-manager) does step 7 of QP-002 Control of records "
                                   "(data/procedures/QP-002.yml:25)")
    assert "add QP-002 to the procedures of 'quality-manager'" in flag.message and "exempt it" in flag.message


def test_all_staff_steps_need_the_all_staff_entry_and_it_covers_every_role(org):
    flags = derived_flags(org, "untrained-step")
    assert "steps 1, 2 and 3 of QP-002" in flags["staff:QP-002"].message
    assert "does not require QP-002 of all staff" in flags["staff:QP-002"].message
    assert {"staff:QP-010", "production-manager:QP-010"} <= set(flags)
    edit(org, MATRIX, "    procedures: [QP-001]\n", "    procedures: [QP-001, QP-010]\n")  # all staff
    after = derived_flags(org, "untrained-step")
    assert not {"staff:QP-010", "production-manager:QP-010"} & set(after)  # inherited by the manager too
    assert "quality-manager:QP-002" in after


def test_an_exemption_with_its_reason_silences_the_flag(org):
    edit(org, MATRIX, "    procedures: [QP-004, QP-010]\n", "    procedures: [QP-004, QP-010]\n    exempt:\n"
         "      - procedure: QP-002\n        reason: Only approves the list of records to destroy.\n")
    assert "quality-manager:QP-002" not in derived_flags(org, "untrained-step")


def test_steps_of_a_draft_ask_nothing(org):
    repository = load(org)
    assert repository.get("procedure", "QP-023").status == "draft"
    assert not [key for key in derived_flags(org, "untrained-step") if key.endswith(":QP-023")]


@pytest.mark.parametrize("exempt, message", [
    ("      - procedure: QP-004\n        reason: Knows it.\n",
     "QP-004 is both required and exempt for 'quality-manager'"),
    ("      - procedure: QP-002\n        reason: One.\n      - procedure: QP-002\n        reason: Two.\n",
     "QP-002 is exempted twice (first on line"),
    ("      - procedure: QP-001\n        reason: Knows it.\n", "QP-001 is required of all staff (line"),
    ("      - procedure: QP-002\n", "is missing"),
], ids=["required-and-exempt", "twice", "required-of-all-staff", "no-reason"])
def test_a_wrong_exemption_is_a_data_error_with_file_line_and_field(org, exempt, message):
    edit(org, MATRIX, "    procedures: [QP-004, QP-010]\n", "    procedures: [QP-004, QP-010]\n    exempt:\n" + exempt)
    errors = [error for error in errors_of(org) if message in error]
    assert errors, errors_of(org)
    assert errors[0].startswith(f"{MATRIX}:") and ": requirements[3].exempt[" in errors[0], errors[0]


# ---------------------------------------------------------------------------
# Onboarding paths and the training matrix agree


def test_a_path_that_leaves_out_required_training_is_flagged():
    flags = derived_flags(ORG, "onboarding-leaves-out-training")
    flag = flags["sales-coordinator:missing:QP-002"]
    assert (flag.file, flag.line) == (SALES_PATH, line_of(ORG, SALES_PATH, "steps:"))
    assert flag.operational
    assert "leaves out QP-002 Control of records" in flag.message and "within 30 days" in flag.message
    assert f"({MATRIX}:{line_of(ORG, MATRIX, 'role: sales-coordinator')})" in flag.message
    assert "add a step 'read: QP-002'" in flag.message
    assert "staff:missing:QP-001" in flags  # the all-staff path owes the all-staff requirements


def test_a_step_of_the_path_or_of_the_all_staff_path_covers_it(org):
    edit(org, SALES_PATH, "- id: read-complaints\n", "- id: read-records\n  read: QP-002\n  minutes: 10\n"
         "- id: read-complaints\n")
    edit(org, STAFF_PATH, "steps:\n", "steps:\n- id: read-documents\n  read: QP-001\n  minutes: 10\n")
    assert not derived_flags(org, "onboarding-leaves-out-training")


def test_a_path_that_trains_on_a_procedure_the_matrix_does_not_require_is_flagged(org):
    edit(org, SALES_PATH, "  procedure: QP-010\n", "  procedure: QP-004\n")
    flags = derived_flags(org, "onboarding-training-not-required")
    [flag] = flags.values()
    assert (flag.file, flag.line) == (SALES_PATH, line_of(org, SALES_PATH, "procedure: QP-004"))
    assert "trains on QP-004" in flag.message and "add QP-004 to the role's procedures" in flag.message


def test_the_matrix_absent_nothing_is_compared(org):
    (org / MATRIX).unlink()
    for record in (org / "data/training/records").glob("*.yml"):
        record.unlink()
    kinds = {flag.kind for flag in analysed(org).flags}
    assert not kinds & (DERIVED_KINDS - {"objective-status-contradicts-kpi"}), kinds


# ---------------------------------------------------------------------------
# The demo shows one of each and is not held back by them


def test_every_derived_flag_kind_is_an_operational_fact_of_its_feature():
    registry = default_registry()
    assert DERIVED_KINDS <= registry.operational_flag_kinds
    owners = {kind.name: feature.name for feature in registry for kind in feature.flag_kinds}
    assert [owners[kind] for kind in sorted(DERIVED_KINDS)] == [
        "leadership", "onboarding", "onboarding", "metrics"]


def test_the_demos_checks_show_each_contradiction_and_pass(project):
    result = qms(project, "check", "--operational", today="2026-12-02")
    out = result.stdout
    assert ("data/objectives/on-time-delivery.yml:9: [objective-status-contradicts-kpi] objective on-time-delivery "
            "\"Deliver on time\" is typed 'status: on-track', but KPI-001 is at risk") in out, out
    assert "[untrained-step] Production Operator (production-operator) does steps 1, 2, 3 and 4 of QP-012" in out
    assert ("data/onboarding/production-operator.yml:6: [onboarding-leaves-out-training] the onboarding path for "
            "Production Operator leaves out QP-021") in out
    strict = qms(project, "check", "--strict", today="2026-12-02")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert "[untrained-step]" not in strict.stdout and "operational facts not counted" in strict.stdout


@pytest.mark.slow
def test_a_strict_build_of_the_demo_is_not_blocked_and_its_pages_show_derived_facts(project):
    (project / "docs/objectives.md").write_text("# Objectives\n\n{{ quality_objectives() }}\n", encoding="utf-8")
    result = qms(project, "build", "--strict", today="2026-12-02")
    assert result.returncode == 0, result.stdout + result.stderr
    policy = (project / "site/leadership/policy/index.html").read_text(encoding="utf-8")
    row = policy[policy.index("Deliver on time"):]
    assert "<strong>At risk</strong> (from <abbr" in row[:row.index("</tr>")]
    dashboard = (project / "site/dashboard/index.html").read_text(encoding="utf-8")
    assert "Deliver on time: <strong>At risk</strong> (from" in dashboard
    matrix = (project / "site/training/matrix/index.html").read_text(encoding="utf-8")
    assert "Steps done without formal training" in matrix
    assert "Only signs off large orders that the sales coordinator has already reviewed." in matrix
    macro = (project / "site/objectives/index.html").read_text(encoding="utf-8")
    assert "<strong>Off track</strong> (from <abbr" in macro  # a hand-written page shows the same
