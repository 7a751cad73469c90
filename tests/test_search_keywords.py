"""A procedure without keywords gets an info flag that suggests keywords from its own text.

Search weighs keywords far above titles and text, so a procedure imported without them is hard to
find; the flag says so where authors look (``qms check -v``, the dashboard's list of document
problems) and offers words and two-word phrases from the procedure's purpose, scope and steps.
"""

from __future__ import annotations

import re

from lunr.stop_word_filter import WORDS as STOP_WORDS

from qms.build import load, prepare
from qms.cli import qms_config
from qms.features.onboarding.keywords import suggest_keywords
from qms.features.onboarding.search_words import stemmed

from conftest import ROOT, copy_project, qms

TODAY = "2026-12-02"


def drop_keywords(project, *ids: str) -> None:
    for doc_id in ids:
        path = project / f"data/procedures/{doc_id}.yml"
        path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                                if not line.startswith("keywords:")))


def test_suggestions_come_from_the_procedure_s_own_distinctive_words():
    repository = load(ROOT)
    purchasing = repository.get("procedure", "QP-016")
    ideas = suggest_keywords(purchasing, repository)
    assert 3 <= len(ideas) <= 6
    assert "purchase order" in ideas and "purchase request" in ideas  # two-word phrases it repeats
    title = set(stemmed(purchasing.title))
    text = " ".join([purchasing.purpose, purchasing.scope or ""] + [s.action for s in purchasing.steps]).lower()
    for idea in ideas:
        assert not set(stemmed(idea)) <= title, idea  # the title is found anyway
        assert not any(word in STOP_WORDS for word in idea.lower().split()), idea
        assert idea.lower() in text, idea  # from its own text
    assert len({stemmed(idea) for idea in ideas}) == len(ideas)  # no word twice ("instrument", "instruments")
    service = suggest_keywords(repository.get("procedure", "QP-020"), repository)
    assert "job sheet" in service and "customer's" not in service


def test_demo_procedures_all_have_keywords_so_the_flag_stays_quiet():
    result = qms(ROOT, "check", "--verbose")
    assert "[keywords-missing]" not in result.stdout + result.stderr


def test_a_procedure_without_keywords_is_flagged_with_suggestions(tmp_path):
    project = copy_project(tmp_path / "portal")
    drop_keywords(project, "QP-016", "QP-020")
    result = qms(project, "check", "--verbose")
    assert result.returncode == 0, result.stdout + result.stderr  # info: never blocks
    lines = [line for line in result.stdout.splitlines() if "[keywords-missing]" in line]
    assert len(lines) == 2, result.stdout
    title_line = next(n for n, text in enumerate((project / "data/procedures/QP-016.yml").read_text().splitlines(), 1)
                      if text.startswith("title:"))
    purchasing = next(line for line in lines if "QP-016 has no keywords" in line)
    assert purchasing.startswith(f"data/procedures/QP-016.yml:{title_line}: [keywords-missing]")
    assert re.search(r"keywords: \[purchase order, purchase request, [^\]]+\]", purchasing), purchasing
    assert purchasing.endswith("(info)")
    state = prepare(project, qms_config(project), environ={"QMS_TODAY": TODAY}, render=True)
    dashboard = next(page.content for page in state.pages if page.src_uri == "dashboard.md")
    problems = dashboard.split("\n## Document problems\n", 1)[1].split("\n## Operational facts\n", 1)[0]
    assert "QP-016 has no keywords" in problems and "purchase order, purchase request" in problems
    assert "keywords-missing (info): 2" in dashboard


def test_an_empty_keyword_list_counts_as_none_and_obsolete_procedures_are_left_alone(tmp_path):
    project = copy_project(tmp_path / "portal")
    path = project / "data/procedures/QP-016.yml"
    path.write_text(re.sub(r"(?m)^keywords:.*$", "keywords: []", path.read_text()))
    drop_keywords(project, "QP-024")
    result = qms(project, "check", "--verbose")
    keyword_line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("keywords:"))
    flagged = [line for line in result.stdout.splitlines() if "[keywords-missing]" in line]
    assert [line.split(": [")[0] for line in flagged] == [f"data/procedures/QP-016.yml:{keyword_line}"]
