"""Features use each other's results through the registry, never by importing each other."""

from __future__ import annotations

import datetime as dt

from qms.features import default_registry
from qms.features.metrics import clause_coverage
from qms.pipeline import load

from conftest import DEMO_TODAY, ORG


def coverage_of(registry):
    repository = load(ORG, registry, today=dt.date.fromisoformat(DEMO_TODAY))
    return clause_coverage(repository, None)


def open_items(coverage) -> dict[str, list[str]]:
    return {health.doc.id: health.open_nonconformities
            for row in coverage.rows for health in row.health if health.open_nonconformities}


def test_clause_coverage_shows_open_nonconformities_from_the_records_feature():
    coverage = coverage_of(default_registry())
    assert coverage.nonconformities_known
    assert open_items(coverage) == {"QP-002": ["NCR-2026-006"], "QP-004": ["NCR-2026-006", "NCR-2026-009"]}


def test_without_the_records_feature_clause_coverage_says_it_cannot_show_them():
    coverage = coverage_of(default_registry().only("documents", "metrics"))
    assert not coverage.nonconformities_known
    assert open_items(coverage) == {}


def test_a_service_of_a_feature_left_out_is_none():
    registry = default_registry()
    assert registry.service("open_nonconformities") is not None
    assert registry.only("documents", "metrics").service("open_nonconformities") is None
    assert registry.service("no-such-service") is None
