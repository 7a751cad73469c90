"""Numbers are finite and in range for their field, so nothing numeric can crash a build later."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qms.features.metrics import kpi, kpi_chart, kpi_summary
from qms.build import load
from qms.model import Document
from qms.schema import NUMBER_LIMIT, NUMBER_PLACES

from conftest import DEMO_TODAY, edit, errors_of, line_of, qms

KPI1 = "data/kpis/KPI-001.yml"
KPI3 = "data/kpis/KPI-003.yml"


@pytest.mark.parametrize("written, message", [
    ("1e309", "1e309 is too large (use 1e+12 or less)"),
    ("-1e309", "-1e309 is too small (use -1e+12 or more)"),
    ("1e13", "1e13 is too large (use 1e+12 or less)"),
    (".inf", ".inf is not a finite number (write digits, e.g. 12.5)"),
    ("-.inf", "-.inf is not a finite number"),
    (".nan", ".nan is not a finite number"),
    ("NaN", "NaN is not a finite number"),
    ("8.1234567", "8.1234567 has more than 6 decimal places (round it, e.g. to 8.12346)"),
    ("1e-400", "1e-400 has more than 6 decimal places"),
    ("8.5000000", None),  # trailing zeros are not precision
])
def test_target_must_be_finite_and_in_range(org, written, message):
    edit(org, KPI3, "target: 8.5", f"target: {written}")
    if message is None:
        assert load(org).get("kpi", "KPI-003").target == 8.5
        return
    line = line_of(org, KPI3, "target:")
    assert f"{KPI3}:{line}:9: target: {message}" in " | ".join(errors_of(org))


@pytest.mark.parametrize("old, new, field, message", [
    ("target: 95", "target: 150", "target", "150 is not a percentage (use 0 to 100, or a unit such as"),
    ("tolerance: 2", "tolerance: 101", "tolerance", "101 is not a percentage"),
    ("tolerance: 2", "tolerance: -1", "tolerance", "-1 is too small (use 0 or more)"),
])
def test_percentages_stay_between_0_and_100(org, old, new, field, message):
    edit(org, KPI1, old, new)
    line = line_of(org, KPI1, new)
    assert any(e.startswith(f"{KPI1}:{line}:") and f": {field}: {message}" in e for e in errors_of(org))


def test_effort_and_readability_thresholds_have_natural_ranges(org):
    edit(org, "data/roadmap.yml", "effort_days: 3", "effort_days: 20000")
    edit(org, "data/procedures/QP-001.yml", "review:", "readability:\n  max_grade: 40\n  "
         "min_reading_ease: 120\nreview:")
    errors = " | ".join(errors_of(org))
    assert "effort_days: 20000 is too large (use 10000 or less)" in errors
    assert "readability.max_grade: 40 is too large (use 20 or less)" in errors
    assert "readability.min_reading_ease: 120 is too large (use 100 or less)" in errors


@pytest.mark.slow
def test_huge_target_stops_at_the_check_not_in_the_build(org):
    edit(org, KPI3, "target: 8.5", "target: 1e309")
    for command in ("check", "build"):
        result = qms(org, command)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "target: 1e309 is too large" in result.stderr
        assert "Traceback" not in result.stderr and "OverflowError" not in result.stderr


finite = st.decimals(min_value=-NUMBER_LIMIT, max_value=NUMBER_LIMIT, places=NUMBER_PLACES,
                     allow_nan=False, allow_infinity=False).map(lambda number: float(number))


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=finite, tolerance=finite.map(abs), values=st.lists(finite, min_size=1, max_size=6),
       direction=st.sampled_from(["higher", "lower"]), unit=st.sampled_from(["%", "days"]))
def test_any_accepted_numbers_render_a_kpi(target, tolerance, values, direction, unit):
    """Whatever the loader lets through, the summary texts and the chart are made without error."""
    data = {"id": "KPI-001", "title": "T", "unit": unit, "target": target, "direction": direction,
            "tolerance": tolerance, "frequency": "monthly",
            "measurements": [{"period": f"2026-{month:02d}", "value": value}
                             for month, value in enumerate(values, start=1)]}
    document = Document("kpi", "data/kpis/KPI-001.yml", kpi.schema.wrap(data))
    summary = kpi_summary(document, dt.date.fromisoformat(DEMO_TODAY))
    texts = [summary.target_text, summary.tolerance_text, summary.trend_text, str(kpi_chart(summary))]
    assert all(isinstance(text, str) for text in texts)
    assert len(texts[-1]) < 100_000
