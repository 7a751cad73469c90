"""Macro calls in hand-written pages: every bad one is told with its ``path:line``, in one run, with
no traceback, and a failed build leaves the last good site whole (``mkdocs build`` as much as ``qms build``)."""

from __future__ import annotations

import jinja2
import pytest
from mkdocs.utils import meta

from qms.build import prepare
from qms.macros import Macros, macro_names
from qms.features import default_registry
from qms.page_macros import check_page, page_source

from conftest import copy_org, environment, mkdocs_build, qms

PAGE = '---\ntitle: My page\n---\n\n# My page\n\nSee {{ procedure("QP-999") }}.\n'


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return prepare(copy_org(tmp_path_factory.mktemp("page-macros") / "org"), {}, environ=environment())


def problems(state, text: str, path: str = "docs/mine.md", known: set[str] = frozenset({"config"})) -> list[str]:
    source = page_source(path, text, meta.get_data)
    found = check_page(source, jinja2.Environment(), set(macro_names(default_registry())),
                       run=lambda name, args, kwargs: Macros(state, "mine.md").call(name, *args, **kwargs),
                       has_feature=state.registry.has, known_names=known)
    return [str(problem) for problem in found]


def test_an_unknown_id_is_told_with_the_line_of_the_file(state):
    assert problems(state, PAGE) == [
        "docs/mine.md:7:8: procedure('QP-999'): no procedure has this id "
        "(known: QP-001, QP-002, QP-004, QP-010, QP-024)"]


def test_every_problem_of_a_page_is_told_at_once(state):
    text = ("# Page\n\n{{ role('quality-manger') }} and {{ area(\"nowhere\") }}\n"
            "{{ register(owner='nobody') }}\n{{ procedure('QP-001', titel=False) }}\n")
    assert problems(state, text) == [
        "docs/mine.md:3:4: role('quality-manger'): no role has this id (did you mean quality-manager?)",
        "docs/mine.md:3:37: area('nowhere'): no area has this id (known: leadership, documents, improvement, "
        "people, customers, purchasing, operations, measurement)",
        "docs/mine.md:4:4: register(owner='nobody'): no role has this id (known: document-controller, "
        "managing-director, production-manager, production-operator, quality-manager, sales-coordinator, staff)",
        "docs/mine.md:5:4: procedure('QP-001', titel=False): these arguments do not fit the macro "
        "(Macros.procedure() got an unexpected keyword argument 'titel') "
        "(the help page lists each macro with its arguments)",
    ]


def test_a_draft_procedure_is_not_linked(state):
    draft = next(doc.id for doc in state.repository.of_kind("procedure").values() if not doc.published)
    [problem] = problems(state, f"{{{{ procedure('{draft}') }}}}\n")
    assert f"procedure('{draft}'): this procedure is not published yet" in problem


def test_calls_under_a_feature_left_out_are_not_run(state):
    text = ('{% if has_feature("no-such-feature") %}{{ procedure("QP-999") }}{% else %}ok{% endif %}\n'
            '{% if not has_feature("no-such-feature") %}{{ role("quality-manager") }}{% endif %}\n')
    assert problems(state, text) == []


def test_computed_arguments_wait_for_the_render(state):
    assert problems(state, '{% for id in ["QP-999"] %}{{ procedure(id) }}{% endfor %}\n') == []


def test_unreadable_macro_text_and_unknown_names_are_told(state):
    [syntax] = problems(state, "---\ntitle: x\n---\n\nText\n\n{{ procedure('QP-001') \n")
    assert syntax.startswith("docs/mine.md:7:1: the page's macro text cannot be read:")
    assert "{% raw %}" in syntax
    assert problems(state, "# P\n\n{{ procdure('QP-001') }} {{ config.site_name }}\n"
                           "{% if later is defined %}{{ later }}{% endif %}\n") == [
        "docs/mine.md:3:4: procdure: no macro or variable has this name (did you mean procedure?)"]


@pytest.fixture
def built(tmp_path):
    """The tests' organisation with a site already built, and a file in it to see whether it survives."""
    org = copy_org(tmp_path / "org")
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr[-2000:]
    (org / "site" / "MARKER").write_text("the last good site", encoding="utf-8")
    return org


@pytest.mark.slow
def test_mkdocs_build_fails_cleanly_and_keeps_the_site(built):
    (built / "docs" / "mine.md").write_text(PAGE, encoding="utf-8")
    (built / "docs" / "other.md").write_text("# Other\n\n{{ role('nobody') }}\n", encoding="utf-8")
    result = mkdocs_build(built)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "docs/mine.md:7:8: procedure('QP-999'): no procedure has this id" in output
    assert "docs/other.md:3:4: role('nobody'): no role has this id" in output
    assert "2 problems in the macros of hand-written pages" in output
    assert "Traceback" not in output and "Macro Rendering Error" not in output
    assert (built / "site" / "MARKER").is_file()


@pytest.mark.slow
def test_qms_build_exits_2_and_a_computed_id_is_told_with_its_line(built):
    (built / "docs" / "mine.md").write_text(
        '# Mine\n\n{% for id in ["QP-001", "QP-777"] %}\n- {{ procedure(id) }}\n{% endfor %}\n', encoding="utf-8")
    result = qms(built, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert "docs/mine.md:4:6: procedure('QP-777'): no procedure has this id" in output
    assert "Traceback" not in output
    assert (built / "site" / "MARKER").is_file()


@pytest.mark.slow
def test_mkdocs_serve_shows_the_problem_in_the_browser(tmp_path):
    from test_serve import Server
    org = copy_org(tmp_path / "org")
    page = org / "docs" / "mine.md"
    page.write_text(PAGE, encoding="utf-8")
    server = Server(org)   # its first build fails: the server answers with the problems
    try:
        server.wait_for_line("Serving on")
        status, body = server.get("mine/")
        assert status == 500 and "The portal cannot be built" in body, body[:2000]
        assert "docs/mine.md:7</code>" in body and "procedure(&#39;QP-999&#39;): no procedure has this id" in body

        page.write_text("# Mine\n\nSee {{ procedure('QP-001') }}.\n", encoding="utf-8")
        server.wait_for_page("mine/", lambda status, body: status == 200 and "QP-001" in body, answer_within=90)

        # a computed id fails while the pages render: shown the same way
        page.write_text('# Mine\n\n{% for id in ["QP-777"] %}{{ procedure(id) }}{% endfor %}\n', encoding="utf-8")
        status, body, _ = server.wait_for_page("mine/", lambda status, body: status == 500, answer_within=90)
        assert "docs/mine.md:3</code>" in body and "procedure(&#39;QP-777&#39;)" in body, body[:2000]
        assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)
    finally:
        server.stop()


def test_has_page_knows_generated_and_hand_written_pages(state):
    assert Macros(state, "index.md").has_page("register.md")
    assert not Macros(state, "index.md").has_page("mine.md")
    assert Macros(state, "index.md", authored={"mine.md"}).has_page("mine.md")
    assert Macros(state, "index.md").call("has_page", "no/such/page.md") is False
