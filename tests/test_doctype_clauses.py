"""Forms, work instructions and external documents in clause coverage and in release notes.

Each may claim clauses like a procedure (both "7.5.3" and "iso13485:7.4"), checked against the
catalogues; the coverage pages count and link them, and the release notes link each one to its page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

from qms.build import load
from qms.features.metrics import clause_coverage

from conftest import copy_org, edit, errors_of, line_of, run
from test_doctypes import add_doctypes

FORM = "data/forms/FRM-001.yml"
INSTRUCTION = "data/work-instructions/WI-001.yml"
EXTERNAL = "data/external-documents/EXT-001.yml"
OLD_EXTERNAL = "data/external-documents/EXT-002.yml"
RELEASE = "2026.12"


def claim(org: Path, relative: str, clauses: str) -> None:
    """Give a document of ``add_doctypes`` a clauses line after its owner."""
    text = (org / relative).read_text(encoding="utf-8")
    owner = re.search(r"^owner: .*$", text, re.M).group(0)
    edit(org, relative, owner, f"{owner}\nclauses: {clauses}")


def row(page: str, number: str) -> str:
    """The table row of a clause on a coverage page, tags and spacing as built."""
    start = page.index(f'id="clause-{number}"')
    return re.sub(r"\s+", " ", page[page.rindex("<tr", 0, start):page.index("</tr>", start)])


def test_each_kind_accepts_both_forms_of_clause_and_counts_in_coverage(org):
    add_doctypes(org)
    claim(org, FORM, '["8.4.2", "iso13485:7.4.1"]')
    claim(org, INSTRUCTION, "[7.1.5.2]")  # an unquoted number stays valid, like a procedure's
    claim(org, EXTERNAL, '["iso9001:8.2.3"]')
    repository = load(org, today=dt.date(2026, 11, 25))
    iso9001 = {item.clause.number: item for item in clause_coverage(repository, None).rows}
    assert [doc.id for doc in iso9001["8.4.2"].direct] == ["FRM-001"]
    assert [doc.id for doc in iso9001["7.1.5.2"].direct] == ["WI-001"]
    assert [doc.id for doc in iso9001["8.2.3"].direct] == ["EXT-001"]
    iso13485 = {item.clause.number: item for item in clause_coverage(repository, None, "iso13485").rows}
    assert [doc.id for doc in iso13485["7.4.1"].direct] == ["FRM-001"]


def test_a_draft_is_a_draft_being_written_not_evidence(org):
    claim(org, OLD_EXTERNAL, '["8.4.2"]')
    edit(org, OLD_EXTERNAL, "status: approved", "status: draft")
    row_842 = {item.clause.number: item for item in
               clause_coverage(load(org, today=dt.date(2026, 11, 25)), None).rows}["8.4.2"]
    assert "EXT-002" not in [doc.id for doc in row_842.direct]
    assert [doc.id for doc in row_842.drafts] == ["EXT-002"]


@pytest.mark.parametrize(("relative", "clauses", "message"), [
    (FORM, '["7.9"]', "clauses[1]: unknown ISO 9001:2015 clause '7.9'"),
    (INSTRUCTION, '["iso9999:7.4"]', "clauses[1]: unknown standard 'iso9999' in 'iso9999:7.4'"),
    (EXTERNAL, '["7.5.3", "iso9001:7.5.3"]', "clauses[2]: 'iso9001:7.5.3' names the same clause as clauses[1]"),
    (FORM, '["seven"]', "clauses[1]:"),
])
def test_a_wrong_clause_is_an_error_at_its_line(org, relative, clauses, message):
    add_doctypes(org)
    claim(org, relative, clauses)
    line = line_of(org, relative, "clauses:")
    errors = errors_of(org)
    assert [error for error in errors if error.startswith(f"{relative}:{line}:") and message in error], errors


@pytest.fixture(scope="module")
def release_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' organisation with the three kinds, built as a release after one that held
    FRM-001 at revision 1 and EXT-002 in force: WI-001 and EXT-001 are new, EXT-002 is now obsolete."""
    org = copy_org(tmp_path_factory.mktemp("doctype-clauses") / "org")
    add_doctypes(org)
    claim(org, FORM, '["8.4.2", "iso13485:7.4.1"]')
    edit(org, OLD_EXTERNAL, "status: approved", "status: obsolete\nsuperseded_by: EXT-001")
    previous = org / "previous.json"
    previous.write_text(json.dumps({"releases": ["2026.11"], "previous": {"version": "2026.11", "documents": [
        {"kind": "form", "id": "FRM-001", "title": "Goods-in checklist", "status": "approved", "revision": "1"},
        {"kind": "external-document", "id": "EXT-002", "title": "x", "status": "approved", "revision": "1"},
    ]}}), encoding="utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build"], org, QMS_RELEASE=RELEASE,
                 QMS_PREVIOUS_RELEASE=str(previous))
    assert result.returncode == 0, result.stderr
    return org / "site"


def read(site: Path, relative: str) -> str:
    return (site / relative).read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_form_claiming_a_clause_appears_linked_on_the_coverage_pages(release_site):
    cells = row(read(release_site, "iso-9001/coverage/index.html"), "8.4.2")
    assert '<a href="../../forms/FRM-001/">FRM-001</a>' in cells
    assert 'qms-status--covered' in cells
    cells = row(read(release_site, "standards/iso13485/coverage/index.html"), "7.4.1")
    assert '<a href="../../../forms/FRM-001/">FRM-001</a>' in cells
    form = read(release_site, "forms/FRM-001/index.html")
    assert '<a href="../../iso-9001/coverage/#clause-8.4.2">ISO 9001:2015 8.4.2 ' in form
    assert '<a href="../../standards/iso13485/coverage/#clause-7.4.1">ISO 13485:2016 7.4.1 Purchasing process</a>' \
        in form


@pytest.mark.slow
def test_release_notes_link_every_kind_to_its_page(release_site):
    page = read(release_site, f"releases/{RELEASE}/index.html")
    added = page.split('id="added"', 1)[1].split('id="revised"', 1)[0]
    for target, text in (("../../work-instructions/WI-001/", "WI-001 Check a torque wrench"),
                         ("../../external-documents/EXT-001/", "EXT-001 Customer drawing standard")):
        assert f'<a href="{target}">{text}</a>' in added
    revised = page.split('id="revised"', 1)[1].split('id="made-obsolete"', 1)[0]
    assert '<strong><a href="../../forms/FRM-001/">FRM-001 Goods-in checklist</a>:</strong> revision 1 is now ' \
           'revision 2' in revised
    obsolete = page.split('id="made-obsolete"', 1)[1]
    assert re.search(r'<td><a href="\.\./\.\./external-documents/EXT-002/">EXT-002 [^<]+</a></td>\s*'
                     r'<td><a href="\.\./\.\./external-documents/EXT-001/">EXT-001 Customer drawing standard</a></td>',
                     obsolete)
