"""Navigation that scales: a procedure page with 1,000 procedures stays within 1.5x its size with 20."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "scripts"))
import synthetic  # noqa: E402

pytestmark = pytest.mark.slow


def build_synthetic(folder: Path, procedures: int) -> Path:
    synthetic.write_project(folder, procedures)
    result = run([sys.executable, "-m", "mkdocs", "build", "-q"], folder, NO_MKDOCS_2_WARNING="1")
    assert result.returncode == 0, result.stderr[-2000:]
    return folder / "site"


def test_generator_is_deterministic(tmp_path):
    first = synthetic.write_project(tmp_path / "a", 30)
    second = synthetic.write_project(tmp_path / "b", 30)
    for path in sorted((first / "data").rglob("*.yml")):
        assert path.read_text() == (second / "data" / path.relative_to(first / "data")).read_text()


def test_procedure_page_weight_does_not_grow_with_the_number_of_procedures(tmp_path):
    small = build_synthetic(tmp_path / "small", 20)
    large = build_synthetic(tmp_path / "large", 1000)
    small_size = (small / "procedures/QP-0001/index.html").stat().st_size
    large_sizes = [(large / f"procedures/QP-{n:04d}/index.html").stat().st_size for n in (1, 500, 1000)]
    print(f"procedure page: {small_size} bytes with 20, {large_sizes} with 1,000")
    assert max(large_sizes) <= 1.5 * small_size
    # the navigation of a large area is split into id ranges, not one flat list
    page = (large / "procedures/QP-0500/index.html").read_text()
    assert page.count('class="md-nav__link"') < 120
