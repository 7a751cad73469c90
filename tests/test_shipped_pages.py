"""The pages shipped in docs/ work for any organisation: with its own areas, roles and ids, and with
only some features, a strict build passes and builds every one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, _copy_parts, copy_project, mkdocs_build, qms
from test_feature_removal import page_of, with_features

SHIPPED = sorted(str(path.relative_to(ROOT / "docs")) for path in (ROOT / "docs").rglob("*.md"))
ORGANISATION = """\
name: Widget Works Ltd
short_name: Widget Works
description: We make widgets for farm machines.
quality_policy:
  text: |
    We make widgets that work. We listen to our customers and put right what goes wrong.
  approved_by: production-lead
  approved_on: 2026-01-05
areas:
  - id: production
    title: Production
    description: How we make and check widgets.
"""
ROLE = """\
id: production-lead
title: Production lead
purpose: Runs the production line and looks after the quality system.
responsibilities:
  - Plan the work of the line.
"""


def own_organisation(target: Path) -> Path:
    """The portal as a new organisation starts it: its own data, none of the shipped examples."""
    project = _copy_parts([(ROOT, part) for part in ("mkdocs.yml", "docs", "hooks", "overrides")], target)
    (project / "data" / "roles").mkdir(parents=True)
    (project / "data" / "organisation.yml").write_text(ORGANISATION, encoding="utf-8")
    (project / "data" / "roles" / "production-lead.yml").write_text(ROLE, encoding="utf-8")
    return project


def assert_every_shipped_page_is_built(site: Path) -> None:
    missing = [page for page in SHIPPED if not (site / page_of(page)).is_file()]
    assert not missing, missing


def test_shipped_pages_never_talk_about_the_demo():
    for page in SHIPPED:
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert not re.search(r"\bdemo\b", text, re.I), page


@pytest.mark.slow
def test_an_organisation_with_its_own_areas_builds_every_shipped_page(tmp_path):
    project = own_organisation(tmp_path / "widgets")
    created = qms(project, "new", "procedure", "Making widgets")
    assert created.returncode == 0, created.stderr
    check = qms(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    result = qms(project, "build", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "WARNING" not in output, output[-3000:]
    site = project / "site"
    assert_every_shipped_page_is_built(site)
    # the help page shows how to call a macro, as code, without needing any particular area
    help_page = (site / "help" / "index.html").read_text(encoding="utf-8")
    assert "register(area=&quot;purchasing&quot;)" in help_page or 'register(area="purchasing")' in help_page


@pytest.mark.slow
def test_the_readme_feature_list_builds_every_shipped_page_in_strict_mode(tmp_path):
    project = copy_project(tmp_path / "portal")
    with_features(project, ["documents", "records"])  # as README.md and the guide show it
    result = mkdocs_build(project, "--strict")  # without -q: mkdocs build -q --strict ignores warnings
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "glossary.md" not in output
    assert_every_shipped_page_is_built(project / "site")
