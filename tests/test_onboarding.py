"""Onboarding paths, start here and the glossary: data errors with file and line, and the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qms.features.onboarding import duration, path_steps, term_anchor
from qms.build import load

from conftest import ROOT, qms, edit, errors_of, line_of

PATH = "data/onboarding/production-operator.yml"
GLOSSARY = "data/glossary.yml"


def html(site: Path, uri: str) -> str:
    return (site / uri).read_text(encoding="utf-8")


def article(page: str) -> str:
    return page.split("<article", 1)[1].split("</article>", 1)[0]


@pytest.fixture(scope="module")
def repository():
    return load(ROOT)


# --------------------------------------------------------------------------- demo data


def test_demo_has_paths_with_every_kind_of_step(repository):
    paths = repository.of_kind("onboarding")
    kinds = set()
    for path in paths.values():
        assert repository.get("role", path.id) is not None, path.id
        steps = path_steps(path)
        kinds.update(step.action for step in steps)
        assert all(step.data["minutes"] > 0 for step in steps)
    assert kinds == {"read", "meet", "train", "task"}
    assert any(step.after for path in paths.values() for step in path_steps(path))


def test_demo_onboarding_text_passes_the_readability_gates():
    result = qms(ROOT, "check", "--verbose")
    assert result.returncode in (0, 1), result.stderr
    onboarding_flags = [line for line in result.stdout.splitlines()
                        if line.startswith(("data/onboarding/", "data/search-synonyms", "data/glossary"))]
    assert onboarding_flags == []


def test_duration_reads_naturally():
    assert [duration(m) for m in (5, 60, 90, 650)] == ["5 min", "1 h", "1 h 30 min", "10 h 50 min"]


# --------------------------------------------------------------------------- one failing fixture per error class

STEP_BLOCK = """  - id: induction
    read: QP-015
    minutes: 20
"""


@pytest.mark.parametrize("old, new, needle, field, message", [
    ("read: QP-015", "read: QP-999", "read: QP-999", "steps[1].read", "unknown procedure 'QP-999'"),
    ("read: QP-015", "read: QP-024", "read: QP-024", "steps[1].read",
     "QP-024 is obsolete (use QP-010, which replaces it)"),
    ("read: QP-015", "read: QP-023", "read: QP-023", "steps[1].read", "QP-023 is a draft and is not published"),
    ("read: QP-015\n", "read: QP-015\n    meet: quality-manager\n", "meet: quality-manager", "steps[1].meet",
     "a step does one thing, but this one has both 'read' and 'meet'"),
    ("    read: QP-015\n", "", "- id: induction", "steps[1]", "the step says nothing to do"),
    ("    supervisor: production-manager\n    procedure: QP-018\n    minutes: 240",
     "    procedure: QP-018\n    minutes: 240", "task: Build one unit", "steps[8].task",
     "a task needs a supervisor"),
    ("read: QP-015\n", "read: QP-015\n    supervisor: quality-manager\n", "supervisor: quality-manager",
     "steps[1].supervisor", "only a task has a supervisor"),
    ("    after: [induction]\n    why: Agree", "    after: [inductoin]\n    why: Agree", "after: [inductoin]",
     "steps[2].after[1]", "no step has the id 'inductoin' (did you mean 'induction'?)"),
    ("    after: [induction]\n    why: Agree", "    after: [meet-manager]\n    why: Agree", "after: [meet-manager]",
     "steps[2].after[1]", "a step cannot wait for itself"),
    ("    after: [induction]\n    why: Agree", "    after: [safety-tour]\n    why: Agree", "after: [safety-tour]",
     "steps[2].after[1]", "step 'safety-tour' comes later in the path"),
    ("- id: meet-manager", "- id: induction", "- id: induction\n", "steps[2].id",
     "step id 'induction' is used twice (first by step 1)"),
    ("minutes: 20", "minutes: 0", "minutes: 0", "steps[1].minutes", "0 is too small"),
    ("minutes: 20", "minutes: twenty", "minutes: twenty", "steps[1].minutes", "expected a whole number"),
    ("read: QP-015", "reed: QP-015", "reed: QP-015", "steps[1].reed", "unknown field (did you mean 'read'?)"),
])
def test_path_error_classes(project, old, new, needle, field, message):
    edit(project, PATH, old, new)
    text = (project / PATH).read_text()
    if needle.endswith("\n"):  # the second occurrence (the duplicated id)
        first = text.index(needle)
        line = text[:text.index(needle, first + 1)].count("\n") + 1
    else:
        line = line_of(project, PATH, needle.splitlines()[0])
    errors = errors_of(project)
    matching = [error for error in errors if error.startswith(f"{PATH}:{line}:") and f" {field}: {message}" in error]
    assert matching, f"expected {PATH}:{line}: {field}: {message} in\n" + "\n".join(errors)


def test_prerequisites_that_go_round_in_a_circle(project):
    edit(project, PATH, "    minutes: 20\n    why: It explains", "    minutes: 20\n    after: [meet-manager]\n"
         "    why: It explains")
    # reported once, on the earliest step of the circle: its 'after' names a later step, the one to change
    line = line_of(project, PATH, "after: [meet-manager]")
    errors = errors_of(project)
    expected = ("steps[1].after[1]: prerequisites go round in a circle: induction → meet-manager → "
                "induction (each step must wait only for steps that can be done before it)")
    assert [e for e in errors if e.startswith(f"{PATH}:{line}:") and e.endswith(expected)], "\n".join(errors)
    assert not [error for error in errors if "comes later" in error]  # the loop is reported once, as a loop


def test_a_path_belongs_to_a_role(project):
    source = project / PATH
    source.rename(project / "data/onboarding/production-operater.yml")
    edit(project, "data/onboarding/production-operater.yml", "id: production-operator", "id: production-operater")
    errors = errors_of(project)
    expected = "id: no role has the id 'production-operater' (did you mean 'production-operator'?)"
    assert [e for e in errors if e.startswith("data/onboarding/production-operater.yml:2:")
            and e.endswith(expected)], "\n".join(errors)


def test_every_path_error_shows_in_one_run(project):
    edit(project, PATH, "read: QP-015", "read: QP-999")
    edit(project, PATH, "minutes: 25", "minutes: -5")
    edit(project, "data/onboarding/staff.yml", "after: [read-faults]", "after: [read-fault]")
    errors = errors_of(project)
    assert len([e for e in errors if e.startswith("data/onboarding/")]) == 3, "\n".join(errors)


@pytest.mark.parametrize("old, new, needle, field, message", [
    ("see_also: [Traceability, Measurement uncertainty]", "see_also: [Tracability, Measurement uncertainty]",
     "see_also: [Tracability", "terms[1].see_also[1]",
     "the glossary has no term 'Tracability' (did you mean 'Traceability'?)"),
    ("see_also: [Traceability, Measurement uncertainty]", "see_also: [Calibration]",
     "see_also: [Calibration]", "terms[1].see_also[1]", "a term cannot point to itself"),
    ("abbreviation: RMA", "abbreviation: NCR", ("term: Return material", "abbreviation: NCR"), "",
     "the abbreviation 'NCR' is already used by term"),
    ("  - term: Competence\n", "  - term: calibration\n", "term: calibration", "terms[3].term",
     "'calibration' is already defined (term 1)"),
])
def test_glossary_error_classes(org, old, new, needle, field, message):
    edit(org, GLOSSARY, old, new)
    after, needle = needle if isinstance(needle, tuple) else (None, needle)
    line = line_of(org, GLOSSARY, needle, after=after)
    errors = errors_of(org)
    assert [e for e in errors if e.startswith(f"{GLOSSARY}:{line}:") and f"{field}: {message}" in e], \
        "\n".join(errors)


# --------------------------------------------------------------------------- built pages


def test_path_page_is_a_readable_ordered_list_without_javascript(demo_site, repository):
    doc = repository.get("onboarding", "production-operator")
    page = article(html(demo_site, "onboarding/production-operator/index.html"))
    steps = path_steps(doc)
    items = re.findall(r'<li class="qms-step" data-qms-step="([a-z0-9-]+)" id="step-\1">', page)
    assert items == [step.id for step in steps]
    assert re.search(r'<ol class="qms-onboarding__steps">', page)
    # the ticks, progress bar and reset button only appear with JavaScript
    assert re.search(r'<div class="qms-onboarding__progress"[^>]*hidden', page)
    assert 'type="checkbox"' not in page
    assert '<progress' in page and 'max="10"' in page
    total = duration(sum(step.data["minutes"] for step in steps))
    assert f"about {total} in all" in page
    assert '<a href="../../procedures/QP-015/">QP-015 Induction of new starters</a>' in page
    assert '<a href="../../roles/production-manager/">Production Manager</a>' in page
    assert "Task under supervision:" in page and "Supervised by the" in page
    assert '<em>Do first:</em> <a href="#step-safety-tour">step 3</a>' in page
    assert "Static\\-safe" not in page and "Static-safe handling (ESD) course" in page


def test_path_pages_index_and_navigation(demo_site, repository):
    index = article(html(demo_site, "onboarding/index.html"))
    home = html(demo_site, "index.html")
    register = html(demo_site, "register/index.html")  # its article links to neither: these come from the nav
    for doc in repository.of_kind("onboarding").values():
        assert f'href="{doc.id}/"' in index, doc.id
        assert f'href="onboarding/{doc.id}/"' in home, doc.id
    assert 'href="../onboarding/"' in register and 'href="../glossary/"' in register


def test_home_page_start_here_picks_a_role(demo_site, repository):
    home = article(html(demo_site, "index.html"))
    picker = home.split('class="qms-role-picker"', 1)[1].split("</ul>", 1)[0]
    for role in repository.of_kind("role").values():
        assert f'data-qms-role="{role.id}"' in picker, role.id
        assert f'href="roles/{role.id}/"' in picker, role.id
    assert 'href="#latest-changes"' in home and 'id="latest-changes"' in home


def test_glossary_page_lists_every_term_with_working_see_also_anchors(demo_site, repository):
    page = article(html(demo_site, "glossary/index.html"))
    terms = repository.singleton("glossary").terms
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for term in terms:
        assert term_anchor(term.term) in ids, term.term
        for other in term.see_also:
            assert f'href="#{term_anchor(other)}"' in page
    for anchor in re.findall(r'href="#([^"]+)"', page):
        assert anchor in ids, anchor
    headings = re.findall(r'<h3 id="([^"]+)"', page)
    assert headings == sorted(headings, key=lambda anchor: anchor.replace("-", " "))  # A to Z
    abbreviations = page.split('id="abbreviations"', 1)[1].split("</table>", 1)[0]
    for term in terms:
        if term.abbreviation:
            assert f'<abbr title="{term.term}">{term.abbreviation}</abbr>' in abbreviations


@pytest.mark.slow
def test_data_text_is_shown_literally_on_path_pages(project):
    from conftest import mkdocs_build
    edit(project, PATH, "Your manager plans the dates with you.",
         "Your manager plans the dates with you. <script>alert(1)</script> {{ config.site_name }} *not bold*")
    edit(project, PATH, "train: Site safety tour and fire drill with your buddy",
         "train: \"Site tour <b>now</b> [link](http://evil.example)\"")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    # every anchor these pages link to exists while MkDocs checks them, not only in the final HTML
    unresolved = [line for line in result.stderr.splitlines() if "no such anchor" in line
                  and ("'glossary.md'" in line or "'onboarding/" in line or "'index.md'" in line)]
    assert unresolved == []
    page = article(html(project / "site", "onboarding/production-operator/index.html"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ config.site_name }}" in page
    assert "*not bold*" in page
    assert "<b>now</b>" not in page and 'href="http://evil.example"' not in page
