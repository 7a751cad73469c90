"""Standards as data: a clause names its standard, other standards are catalogues in data/standards/.

ISO 9001:2015 ships with the portal, and a bare number keeps meaning ISO 9001, so every file
written before stays valid. A copy of the tests' organisation gets a small ISO 13485 catalogue
(numbers and short titles only, written for this test) and claims some of its clauses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qms.build import prepare
from qms.clause_refs import split_ref
from qms.features.metrics import clause_coverage, standards
from qms.jsonschema import schema_of
from qms.kinds import procedure
from qms.project import qms_config

from conftest import copy_org, edit, environment, errors_of, line_of, mkdocs_build, qms

TODAY = "2026-12-02"
CATALOGUE = "data/standards/iso13485.yml"
# numbers and short titles only: never the text of a standard
ISO13485 = """\
id: iso13485
name: ISO 13485
edition: "2016"
title: Medical devices, quality management systems
clauses:
  - number: "4"
    title: Quality management system
  - number: "4.2"
    title: Documentation requirements
  - number: "4.2.4"
    title: Control of documents
  - number: "4.2.5"
    title: Control of records
  - number: "7"
    title: Product realization
  - number: "7.3"
    title: Design and development
  - number: "7.4"
    title: Purchasing
  - number: "7.4.1"
    title: Purchasing process
  - number: "7.4.2"
    title: Purchasing information
"""
UNSAFE = """\
  - number: "7.4.3"
    title: "Checks <b>on</b> goods & *{{ bought }}*"
"""
QP001 = "data/procedures/QP-001.yml"
QP001_CLAUSES = 'clauses: ["7.5.1", "7.5.2", "7.5.3"]'
AUDIT = "data/audits/IA-2026-02.yml"
ORGANISATION = "data/organisation.yml"


def with_catalogue(target: Path, catalogue: str = ISO13485) -> Path:
    org = copy_org(target)
    (org / "data" / "standards").mkdir(exist_ok=True)  # the tests' organisation has one already
    (org / CATALOGUE).write_text(catalogue, encoding="utf-8")
    return org


def claim(org: Path, clauses: str) -> None:
    edit(org, QP001, QP001_CLAUSES, f"clauses: {clauses}")


def exclude(org: Path, clause: str, reason: str) -> None:
    with (org / ORGANISATION).open("a", encoding="utf-8") as file:
        file.write(f'exclusions:\n  - clauses: ["{clause}"]\n    reason: {reason}\n')


def state_of(org: Path):
    return prepare(org, qms_config(org), environ=environment(TODAY), use_baseline=False, render=False)


def only_error(org: Path, needle: str) -> str:
    found = [error for error in errors_of(org) if needle in error]
    assert len(found) == 1, errors_of(org)
    return found[0]


# --- the reference --------------------------------------------------------------------------------

def test_a_bare_number_is_iso_9001_and_a_named_standard_is_its_own():
    assert split_ref("7.5.3") == ("iso9001", "7.5.3")
    assert split_ref("iso9001:8.7") == ("iso9001", "8.7")
    assert split_ref("iso13485:7.4") == ("iso13485", "7.4")


def test_the_json_schema_takes_both_forms():
    items = schema_of(procedure)["properties"]["clauses"]["items"]
    pattern = re.compile(items["pattern"])
    for good in ("7.5.3", "10.2.1", "iso9001:8.7", "iso13485:7.4", "iec-62304:5.1.1", "iso13485:A.2"):
        assert pattern.fullmatch(good), good
    for bad in ("3.1", "ISO13485:7.4", "iso 13485:7.4", "iso13485:", "iso13485 7.4", "13485:7.4"):
        assert not pattern.fullmatch(bad), bad
    assert "number" in items["type"]  # an unquoted 7.5 stays valid for editors, as before


def test_iso9001_prefixed_means_the_same_as_bare(tmp_path):
    org = copy_org(tmp_path / "org")
    (org / CATALOGUE).unlink()
    claim(org, '["iso9001:7.5.1", "7.5.2", "iso9001:8.7"]')
    state = state_of(org)
    rows = {row.clause.number: row for row in clause_coverage(state.repository, state.analysis).rows}
    assert [doc.id for doc in rows["7.5.1"].direct] == ["QP-001"]
    assert [doc.id for doc in rows["8.7"].direct] == ["QP-001"]
    assert list(standards(state.repository)) == ["iso9001"]  # no catalogue, no other standard


def test_the_same_clause_in_both_forms_is_named_twice(tmp_path):
    org = copy_org(tmp_path / "org")
    claim(org, '["7.5.3", "iso9001:7.5.3"]')
    error = only_error(org, "names the same clause")
    assert error.startswith(f"{QP001}:{line_of(org, QP001, 'clauses:')}:")
    assert "clauses[2]: 'iso9001:7.5.3' names the same clause as clauses[1]" in error


# --- mistakes -------------------------------------------------------------------------------------

def test_a_clause_in_neither_form_says_how_to_write_both(tmp_path):
    org = with_catalogue(tmp_path / "org")
    claim(org, '["7.5.3", "ISO 13485 7.4"]')
    error = only_error(org, "is not valid")
    assert error.startswith(f"{QP001}:{line_of(org, QP001, 'clauses:')}:") and "clauses[2]: " in error
    assert 'e.g. "7.5.3", or the standard\'s id, a colon and the clause, e.g. "iso13485:7.4"' in error


def test_an_unknown_standard_says_which_it_may_be(tmp_path):
    org = with_catalogue(tmp_path / "org")
    claim(org, '["7.5.3", "iso1348:7.4"]')
    error = only_error(org, "unknown standard")
    line = line_of(org, QP001, "clauses:")
    assert re.match(rf"{re.escape(QP001)}:{line}:\d+: clauses\[2\]: unknown standard 'iso1348' in 'iso1348:7.4'", error)
    assert "did you mean 'iso13485', as in \"iso13485:7.4\"?" in error
    assert "iso9001 (ISO 9001:2015), iso13485 (ISO 13485:2016)" in error
    result = qms(org, "check", today=TODAY)
    assert result.returncode == 2 and "did you mean 'iso13485'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_clause_is_suggested_within_its_own_standard(tmp_path):
    org = with_catalogue(tmp_path / "org")
    claim(org, '["7.5.3", "iso13485:4.2.6"]')  # "Control of documented information" is QP-001's title
    error = only_error(org, "unknown ISO 13485:2016 clause")
    assert "clauses[2]: unknown ISO 13485:2016 clause '4.2.6'" in error
    # the nearest clause of ISO 13485 whose title fits the document, never one of ISO 9001
    assert 'did you mean 4.2.4 "Control of documents"?' in error
    assert "7.5" not in error.split("unknown")[1]


def test_an_audit_gets_the_same_check_and_hint(tmp_path):
    org = with_catalogue(tmp_path / "org")
    # the audit is of "Purchasing and suppliers": ISO 13485's purchasing, not ISO 9001's 8.4
    edit(org, AUDIT, '["8.4.1", "8.4.2", "8.4.3"]', '["8.4.1", "iso13485:7.4.9"]')
    error = only_error(org, "unknown ISO 13485:2016 clause")
    assert error.startswith(f"{AUDIT}:5:") and 'did you mean 7.4.1 "Purchasing process"?' in error


def test_a_bare_number_of_the_other_standard_is_iso_9001_and_says_how_to_name_it(tmp_path):
    org = with_catalogue(tmp_path / "org")
    claim(org, '["7.5.3", "4.2.4"]')
    error = only_error(org, "unknown ISO 9001:2015 clause '4.2.4'")
    assert 'for ISO 13485:2016 4.2.4 "Control of documents", write "iso13485:4.2.4"' in error


@pytest.mark.parametrize("change, field, message, hint", [
    (("    title: Purchasing information\n", "    title: Purchasing information\n  - number: \"7.4.1\"\n"
      "    title: Purchasing process\n"), "clauses[10].number", "clause 7.4.1 is listed twice, first at clauses[8]",
     "list each clause once"),
    (('  - number: "7.3"\n', '  - number: "7.3.2"\n'), "clauses[6].number",
     "clause 7.3.2 comes before the clause it belongs to, 7.3", "list clause 7.3 (with its title) before 7.3.2"),
    (("    title: Design and development\n", ""), "clauses[6]", "clause 7.3 has no title",
     "never the text of the standard"),
    (('  - number: "7.4"\n', '  - number: "seven"\n'), "clauses[7].number", "'seven' is not valid",
     'e.g. "7.4"'),
    (('edition: "2016"\n', ""), "edition", "is missing", "2016"),
    (("clauses:\n", "clauses: 4.2.4\nold:\n"), "clauses", "expected a list", ""),
])
def test_a_catalogue_of_a_bad_shape_is_a_clear_error(tmp_path, change, field, message, hint):
    org = with_catalogue(tmp_path / "org", ISO13485.replace(*change, 1))
    errors = [error for error in errors_of(org) if error.startswith(f"{CATALOGUE}:")]
    matching = [error for error in errors if f" {field}: " in error and message in error]
    assert matching and hint in matching[0], errors
    assert re.match(rf"{re.escape(CATALOGUE)}:\d+:\d+: ", matching[0])


@pytest.mark.parametrize("broken", [
    ISO13485.replace('edition: "2016"\n', ""),  # loads, with a field missing
    ISO13485.replace("clauses:\n", "clauses:\n  - number: [\n"),  # does not load at all
])
def test_a_broken_catalogue_is_one_error_not_one_per_clause_named(tmp_path, broken):
    org = with_catalogue(tmp_path / "org", broken)
    claim(org, '["7.5.3", "iso13485:4.2.4"]')
    edit(org, AUDIT, '["8.4.1", "8.4.2", "8.4.3"]', '["8.4.1", "iso13485:7.4"]')
    errors = errors_of(org)
    assert errors and all(error.startswith(CATALOGUE) for error in errors), errors


def test_a_catalogue_cannot_replace_iso_9001(tmp_path):
    org = with_catalogue(tmp_path / "org")
    (org / CATALOGUE).unlink()
    (org / "data/standards/iso9001.yml").write_text(ISO13485.replace("id: iso13485", "id: iso9001"), encoding="utf-8")
    error = only_error(org, "ships with the portal")
    assert error.startswith("data/standards/iso9001.yml:1:") and "delete this file" in error


def test_another_standards_clause_can_be_excluded_and_is_checked(tmp_path):
    org = with_catalogue(tmp_path / "org")
    claim(org, '["7.5.3", "iso13485:7.3"]')
    exclude(org, "iso13485:7.3", "We design nothing.")
    error = only_error(org, "is excluded, but")
    assert "clause 7.3 is excluded, but QP-001 (7.3) claims to cover it" in error


# --- the built site -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    # a title is data: markup in it shows as typed, on every page that names the clause
    org = with_catalogue(tmp_path_factory.mktemp("standards") / "org", ISO13485 + UNSAFE)
    claim(org, '["7.5.1", "iso9001:7.5.2", "7.5.3", "iso13485:4.2.4", "iso13485:7.4"]')
    edit(org, AUDIT, '["8.4.1", "8.4.2", "8.4.3"]', '["8.4.1", "iso13485:7", "iso13485:7.4.2", "iso13485:7.4.3"]')
    exclude(org, "iso13485:7.3", "We make products to our customers' designs.")
    with (org / "docs/index.md").open("a", encoding="utf-8") as page:
        page.write('\nWe meet {{ clause("7.5.3") }} and {{ clause("iso13485:7.4.1") }}.\n')
    result = mkdocs_build(org, "--strict", today=TODAY)
    assert result.returncode == 0, result.stderr
    return org / "site"


def html(site: Path, uri: str) -> str:
    return (site / uri).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_procedure_page_names_each_clause_with_its_standard(site):
    page = html(site, "procedures/QP-001/index.html")
    assert ('<a href="../../iso-9001/coverage/#clause-7.5.2">ISO 9001:2015 7.5.2 Creating and updating</a>'
            in page)
    assert ('<a href="../../standards/iso13485/coverage/#clause-4.2.4">ISO 13485:2016 4.2.4 Control of documents'
            '</a>' in page)
    assert '<a href="../../standards/iso13485/coverage/#clause-7.4">ISO 13485:2016 7.4 Purchasing</a>' in page
    assert "<strong>Clauses:</strong>" in page


@pytest.mark.slow
def test_the_audit_page_names_its_clauses_the_same_way(site):
    page = html(site, "improvement/audits/IA-2026-02/index.html")
    assert ">ISO 9001:2015 8.4.1 General</a>" in page
    assert ('<a href="../../../standards/iso13485/coverage/#clause-7">ISO 13485:2016 7 Product realization</a>'
            in page)
    assert ('<a href="../../../standards/iso13485/coverage/#clause-7.4.2">ISO 13485:2016 7.4.2 Purchasing information'
            '</a>' in page)


def row_of(page: str, number: str) -> str:
    start = page.index(f'id="clause-{number}"')
    return page[page.rindex("<tr>", 0, start):page.index("</tr>", start)]


@pytest.mark.slow
def test_each_standard_in_use_has_its_own_coverage_page(site):
    page = html(site, "standards/iso13485/coverage/index.html")
    assert '<h1 id="iso-13485-clause-coverage">ISO 13485 clause coverage<' in page
    assert "each clause of ISO 13485:2016 from 4 to 7" in page
    assert "data/standards/iso13485.yml" in page
    # which procedures address each clause: directly, or through the clause above it
    assert 'href="../../../procedures/QP-001/"' in row_of(page, "4.2.4")
    assert "Covered" in row_of(page, "4.2.4")
    assert "QP-001" in row_of(page, "7.4.1") and "(via 7.4)" in row_of(page, "7.4.1")
    assert "QP-001" not in row_of(page, "4.2.5") and "Gap" in row_of(page, "4.2.5")
    assert "We make products to our customers" in page and "ISO 9001 clause 4.3" not in page
    # ISO 9001 evidence (the policy, the roles…) never counts for another standard
    content = page[page.index("<article"):page.index("</article>")]
    assert "Quality policy" not in content and "Document register" not in content
    iso9001 = html(site, "iso-9001/coverage/index.html")
    assert 'id="clause-7.5.2"' in iso9001 and "QP-001" in row_of(iso9001, "7.5.2")
    assert "4.2.4" not in iso9001


@pytest.mark.slow
def test_the_navigation_lists_a_coverage_page_per_standard(site):
    page = html(site, "iso-9001/coverage/index.html")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):]
    assert "ISO 9001 clause coverage" in nav and "ISO 13485 clause coverage" in nav
    assert nav.index("ISO 9001 clause coverage") < nav.index("ISO 13485 clause coverage")


@pytest.mark.slow
def test_every_clause_link_lands_on_an_anchor(site):
    for uri in ("procedures/QP-001/index.html", "improvement/audits/IA-2026-02/index.html"):
        page = html(site, uri)
        for target, anchor in re.findall(r'href="([^"#]*coverage/)#(clause-[^"]+)"', page):
            landing = (site / uri).parent / target / "index.html"
            assert f'id="{anchor}"' in landing.resolve().read_text(encoding="utf-8"), (uri, anchor)


@pytest.mark.slow
def test_titles_from_a_catalogue_show_as_typed(site):
    for uri in ("improvement/audits/IA-2026-02/index.html", "standards/iso13485/coverage/index.html"):
        page = html(site, uri)
        assert "Checks &lt;b&gt;on&lt;/b&gt; goods &amp; *{{ bought }}*" in page, uri
        assert "<b>on</b>" not in page and "<em>" not in page.split("Checks", 1)[1][:80]


@pytest.mark.slow
def test_the_clause_macro_takes_both_forms(site, tmp_path):
    page = html(site, "index.html")
    assert '<a href="iso-9001/coverage/#clause-7.5.3">7.5.3 Control of documented information</a>' in page
    assert ('<a href="standards/iso13485/coverage/#clause-7.4.1">ISO 13485:2016 7.4.1 Purchasing process</a>'
            in page)
    org = with_catalogue(tmp_path / "org")
    with (org / "docs/index.md").open("a", encoding="utf-8") as written:
        written.write('\n{{ clause("iso1348:7.4") }}\n')
    result = mkdocs_build(org, today=TODAY)
    assert result.returncode != 0 and "unknown standard 'iso1348'" in result.stderr
    assert "did you mean 'iso13485'" in result.stderr


@pytest.mark.slow
def test_the_report_and_the_schema_know_the_catalogue_kind(site):
    report = json.loads(html(site, "qms-report.json"))
    assert report  # the build wrote its report with a catalogue in data/
    result = qms(site.parent, "schema", "--dir", "schemas-of-test", today=TODAY)
    assert result.returncode == 0, result.stderr
    schema = json.loads((site.parent / "schemas-of-test/standard.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) >= {"name", "edition", "clauses"}


def test_a_hint_for_another_standard_fits_the_title_and_stays_in_that_standard(tmp_path):
    """The words of the document against that standard's titles: never a clause of ISO 9001."""
    from qms.features.metrics.clause_suggest import same_word, suggest_clause, words_of
    catalogue = standards(state_of(with_catalogue(tmp_path / "org")).repository)["iso13485"].clauses
    expected = {"Purchasing": "7.4", "Document control": "4.2.4", "Keeping records": "4.2.5",
                "Design changes": "7.3"}
    for number in ("4.2.9", "7.4.4", "8.1", "9.9"):
        for title, part in expected.items():
            hint = suggest_clause(number, catalogue, title)
            suggested_number, suggested = hint.split()[3], hint.split('"')[1]
            assert suggested_number in catalogue, (number, title, hint)
            assert any(same_word(mine, theirs) for mine in words_of(title) for theirs in words_of(suggested)), \
                (number, title, hint)
            assert suggested_number == part or suggested_number.startswith(part + "."), (number, title, hint)
