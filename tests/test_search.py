"""Search that knows staff words: the lunr index behind `qms search`, synonyms, and the site's search index.

The questions live in tests/search_questions.yml: what staff type, and the controlled document (a
procedure, form, work instruction or external document) that should answer.
At least 90% must have their procedure in the top 3 (here, and in the browser: test_browser_search.py).
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path

import pytest
import yaml

from qms.errors import DataErrors
from qms.features.onboarding import SearchIndex, search_words
from qms.build import load

from conftest import ROOT, copy_project, edit, qms

QUESTIONS = Path(__file__).parent / "search_questions.yml"
TARGET_HIT_RATE = 0.9


def questions() -> list[dict]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]


@pytest.fixture(scope="module")
def repository():
    return load(ROOT)


@pytest.fixture(scope="module")
def index(repository):
    return SearchIndex(repository)


def test_question_set_is_big_enough_and_points_at_current_documents(repository):
    asked = questions()
    assert len(asked) >= 25
    for question in asked:
        doc = repository.document(question["expect"])
        assert doc is not None and doc.status == "approved", question
    # everyday questions about every controlled kind, not procedures only
    kinds = [repository.document(question["expect"]).kind for question in asked]
    assert sum(kind != "procedure" for kind in kinds) >= 6
    assert {"form", "work-instruction", "external-document"} <= set(kinds)


def test_lunr_index_puts_the_right_procedure_in_the_top_three(index):
    misses = []
    asked = questions()
    for question in asked:
        top = [hit.id for hit in index.search(question["query"], limit=3)]
        if question["expect"] not in top:
            misses.append(f"{question['query']!r}: expected {question['expect']}, got {top}")
    rate = 1 - len(misses) / len(asked)
    print(f"\nlunr search (qms search): {len(asked) - len(misses)} of {len(asked)} questions "
          f"in the top 3 = {rate:.0%}" + "".join(f"\n  miss {miss}" for miss in misses))
    assert rate >= TARGET_HIT_RATE, "\n".join(misses)


def test_index_is_fast(repository):
    started = time.perf_counter()
    index = SearchIndex(repository)
    for question in questions():
        index.search(question["query"])
    assert time.perf_counter() - started < 5


def test_obsolete_procedures_never_outrank_current_ones(index, repository):
    obsolete = {doc.id for doc in repository.published("procedure") if doc.status == "obsolete"}
    assert obsolete
    for query in [q["query"] for q in questions()] + ["old returns process", "returns form", "returns"]:
        hits = index.search(query, limit=100)
        flags = [hit.id in obsolete for hit in hits]
        assert flags == sorted(flags), (query, [hit.id for hit in hits])
    hits = index.search("returns form", limit=100)
    old = [hit for hit in hits if hit.id in obsolete]
    assert old and old[0].superseded_by == "QP-010"
    assert hits[0].id == "QP-010"


def test_an_obsolete_form_comes_after_its_replacement_and_names_it(tmp_path):
    """Obsolete documents of every kind are handled as obsolete procedures are."""
    from qms.features.onboarding.search import document_entries
    project = copy_project(tmp_path / "portal")
    edit(project, "data/forms/FRM-002.yml", "status: approved", "status: obsolete\nsuperseded_by: FRM-001")
    repository = load(project)
    hits = SearchIndex(repository).search("goods in checklist", limit=100)
    ids = [hit.id for hit in hits]
    # "Replaces FRM-002 Goods-in inspection checklist." on its replacement's page finds it too
    assert "FRM-001" in ids and ids.index("FRM-001") < ids.index("FRM-002"), ids
    old = [hit for hit in hits if hit.id == "FRM-002"]
    assert old and old[0].superseded_by == "FRM-001" and hits[-1].id == "FRM-002"
    entries = document_entries(repository.get("form", "FRM-002"), repository)
    assert entries[0]["title"] == "Obsolete: FRM-002 Goods-in inspection checklist"
    assert entries[0]["text"].startswith("<p>Obsolete — replaced by FRM-001. This form is no longer in force.")
    assert all("tags" not in entry and entry["boost"] < 1 for entry in entries)
    assert "Replaces FRM-002 Goods-in inspection checklist." in \
        document_entries(repository.get("form", "FRM-001"), repository)[0]["text"]


def test_search_needs_no_feature_but_its_own():
    """Without the feature of forms and the rest, search lists procedures and nothing breaks."""
    from qms.features import default_registry
    registry = default_registry()
    names = [feature.name for feature in registry if feature.name != "doctypes"]
    repository = load(ROOT, registry=registry.only(*names))
    kinds = {hit.kind for hit in SearchIndex(repository).search("check torque wrench", limit=100)}
    assert kinds == {"procedure"}


def test_drafts_are_not_searchable(index, repository):
    drafts = [doc for doc in repository.of_kind("procedure").values() if doc.status == "draft"]
    assert drafts
    for doc in drafts:
        assert doc.id not in [hit.id for hit in index.search(doc.title, limit=100)]


def test_synonyms_and_glossary_add_search_words(repository):
    complaints = search_words(repository.get("procedure", "QP-010"), repository)
    assert complaints[:len(repository.get("procedure", "QP-010").keywords)] == \
        repository.get("procedure", "QP-010").keywords  # keywords first, as written
    assert {"moan", "whinge", "Return material authorisation"} <= set(complaints)
    faults = search_words(repository.get("procedure", "QP-007"), repository)
    assert {"Nonconformity report", "fault report", "Corrective action and preventive action"} <= set(faults)
    purchasing = search_words(repository.get("procedure", "QP-016"), repository)
    assert {"procure", "procurement"} <= set(purchasing)  # both spellings: the site's search does not stem
    assert len(purchasing) == len({word.lower() for word in purchasing})


def test_a_word_in_two_synonym_groups_is_an_error(tmp_path):
    project = copy_project(tmp_path / "portal")
    path = project / "data/search-synonyms.yml"
    text = path.read_text()
    path.write_text(text.replace("[buy, procure, procurement]", "[buy, procure, procurement, gripe]"))
    line = next(n for n, l in enumerate(path.read_text().splitlines(), 1) if "procurement, gripe" in l)
    with pytest.raises(DataErrors) as caught:
        load(project)
    errors = [str(error) for error in caught.value.errors]
    assert [e for e in errors if e.startswith(f"data/search-synonyms.yml:{line}:")
            and "groups[7].words[4]: 'gripe' is already in group 1 (merge the two groups" in e], errors


def test_a_synonym_group_needs_two_words(tmp_path):
    project = copy_project(tmp_path / "portal")
    path = project / "data/search-synonyms.yml"
    path.write_text(path.read_text().replace("[risk, hazard, threat]", "[risk]"))
    with pytest.raises(DataErrors) as caught:
        load(project)
    assert any("words: needs at least 2 items" in str(error) for error in caught.value.errors)


# --------------------------------------------------------------------------- qms search


def test_qms_search_prints_the_best_matches():
    result = qms(ROOT, "search", "broken", "gauge")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1. Procedure QP-014 Calibration of test and measuring equipment"
    assert lines[1].strip() == "procedures/QP-014/"


def test_qms_search_finds_forms_work_instructions_and_external_documents():
    """Each hit says its kind and links its own page."""
    lines = qms(ROOT, "search", "check", "torque", "wrench").stdout.splitlines()
    assert lines[:2] == ["1. Work instruction WI-001 Check a torque wrench before use",
                         "   work-instructions/WI-001/"], lines
    lines = qms(ROOT, "search", "goods-in checklist form").stdout.splitlines()
    assert lines[:2] == ["1. Form FRM-002 Goods-in inspection checklist", "   forms/FRM-002/"], lines
    result = qms(ROOT, "search", "where is the ISO standard kept", "--format", "json")
    first = json.loads(result.stdout)["results"][0]
    assert (first["id"], first["kind"], first["url"]) == ("EXT-001", "external-document", "external-documents/EXT-001/")


def test_qms_search_json_and_obsolete_replacement():
    result = qms(ROOT, "search", "returns form", "--limit", "30", "--format", "json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    ids = [hit["id"] for hit in answer["results"]]
    assert ids[0] == "QP-010"
    last = answer["results"][-1]
    assert last["obsolete"] and last["superseded_by"] == "QP-010"
    text = qms(ROOT, "search", "returns form", "--limit", "30").stdout
    assert "(obsolete: use QP-010)" in text


@pytest.mark.parametrize("args, message", [
    (["search", " "], "give some words to search for"),
    (["search", "gauge", "--limit", "0"], "--limit must be 1 or more"),
])
def test_qms_search_bad_input_exits_2(args, message):
    result = qms(ROOT, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_qms_search_reports_data_errors(tmp_path):
    project = copy_project(tmp_path / "portal")
    path = project / "data/procedures/QP-001.yml"
    path.write_text(path.read_text().replace("owner: document-controller", "owner: nobody"))
    result = qms(project, "search", "gauge")
    assert result.returncode == 2
    assert "data/procedures/QP-001.yml:" in result.stderr and "unknown role 'nobody'" in result.stderr


def test_qms_search_with_no_match():
    result = qms(ROOT, "search", "xylophone")
    assert result.returncode == 0
    assert "No document matches 'xylophone'" in result.stdout


# --------------------------------------------------------------------------- the site's search index


def test_site_search_index_carries_search_words_and_marks_obsolete(demo_site, repository):
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    pages = SearchIndex(repository).docs
    for location, doc in pages.items():
        entries = by_page.get(location, [])
        if doc.status == "obsolete":
            # found by its id, marked in its title, ranked low and without the search words that
            # weigh more than any title, so it never outranks the procedure that replaced it
            assert entries[0]["title"] == f"Obsolete: {doc.id} {doc.title}", doc.id
            assert all("tags" not in entry and entry["boost"] < 1 for entry in entries), doc.id
            continue
        assert entries, doc.id
        words = search_words(doc, repository)
        for entry in entries:  # every section carries the words, weighed above titles
            assert entry["tags"] == [html.escape(word) for word in words], doc.id
    page = (demo_site / "procedures/QP-010/index.html").read_text(encoding="utf-8")
    visible = page.split('class="qms-keywords"', 1)[1].split("</p>", 1)[0]
    assert "moan" in visible and "Return material authorisation" in visible
    page = (demo_site / "forms/FRM-001/index.html").read_text(encoding="utf-8")
    visible = page.split('class="qms-keywords"', 1)[1].split("</p>", 1)[0]
    assert "non-conformance report" in visible  # a synonym of a keyword, as on a procedure page


def test_a_document_s_search_result_starts_with_its_purpose(demo_site, repository):
    """Search shows the start of a page's text: that is the purpose, not the list of facts."""
    import re
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    pages = {entry["location"]: entry for entry in index["docs"]}
    for location, doc in SearchIndex(repository).docs.items():
        if doc.status == "obsolete":
            continue
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pages[location]["text"])).split())
        purpose = " ".join(doc.purpose.split())
        assert text.startswith(purpose), (doc.id, text[:120])
