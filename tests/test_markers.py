"""The markers that make ``make test-fast`` safe: what builds is slow, what drives chromium is browser."""

from __future__ import annotations

import sys

import pytest

from conftest import BROWSER_FIXTURES, BUILDING_FIXTURES, is_full_build

PYTHON = sys.executable


@pytest.mark.parametrize("args, builds", [
    ([PYTHON, "-m", "mkdocs", "build", "--strict"], True),
    (["/usr/local/bin/mkdocs", "build"], True),
    ([PYTHON, "-m", "qms.cli", "build"], True),
    ([PYTHON, "-m", "qms.cli", "--root", "portal", "build"], True),
    ([PYTHON, "-m", "qms.cli", "publish", "2026.12", "--push"], True),
    ([PYTHON, "-m", "qms.cli", "check", "--strict"], False),
    ([PYTHON, "-m", "qms.cli", "--help"], False),
    ([PYTHON, "-m", "mkdocs", "--version"], False),
])
def test_full_builds_are_told_from_other_commands(args, builds):
    assert is_full_build(args) is builds


def test_every_collected_test_that_builds_or_browses_carries_its_markers(request):
    for item in request.session.items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            assert item.get_closest_marker("browser"), item.nodeid
        if fixtures & (BUILDING_FIXTURES | BROWSER_FIXTURES) or item.get_closest_marker("browser"):
            assert item.get_closest_marker("slow"), item.nodeid
