"""The search box and `qms search` give the same answers: checked without a browser.

``SiteSearch`` scores the way Material's search worker does, after the portal's search.js has
taken the stop words out of the query; test_browser_search.py checks that it lists exactly what
the real search box lists. Here it runs over the built demo's ``search/search_index.json`` (the
search box) and is compared with ``qms search`` over the data, for every question of
tests/search_questions.yml: once as the command runs in a project that has been built (the other
pages of the site count in the word statistics), once with no build at all.

Procedures, forms, work instructions and external documents are all listed by both.
"Agree" is counted two ways. Strictly: the same three documents in the same order. And on the
results that carry weight: those found by a search word or the title (a score of 100 or more).
A procedure found only by a word somewhere in its text scores a few points, and among those the
order depends on how often the word occurs in every page of the site, which the command knows
only from a build.
"""

from __future__ import annotations

import json
import re

import pytest

from qms.build import load
from qms.features.onboarding import SearchIndex
from qms.features.onboarding.search import built_site_index, document_entries, procedure_entries
from qms.features.onboarding.site_search import PageHit, SiteSearch, meaningful

from conftest import ROOT
from test_search import questions

TARGET = 0.95
WEIGHTY = 100  # a search word or the title matched; text alone scores far less


@pytest.fixture(scope="module")
def repository():
    return load(ROOT)


@pytest.fixture(scope="module")
def search_box(demo_site) -> SiteSearch:
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    return SiteSearch(index["docs"], index["config"])


def document_hits(hits: list[PageHit], command: SearchIndex) -> list[tuple[str, float]]:
    """The controlled documents among the search box's results (by the pages qms search lists)."""
    return [(command.docs[hit.location].id, hit.score) for hit in hits if hit.location in command.docs]


def compare(search_box: SiteSearch, command: SearchIndex) -> dict:
    """For each question: the search box's first three results, its documents and the command's."""
    rows = []
    for question in questions():
        box = search_box.search(question["query"])
        answer = [(hit.id, hit.score) for hit in command.search(question["query"], limit=3)]
        rows.append({"query": question["query"], "expect": question["expect"],
                     "box_top": [doc_id for doc_id, _ in document_hits(box[:3], command)],
                     "box": document_hits(box, command)[:3], "command": answer})
    return rows


def agreement(rows: list[dict]) -> dict[str, float]:
    def ids(hits, weighty=False):
        return [doc_id for doc_id, score in hits if not weighty or score >= WEIGHTY]
    count = len(rows)
    return {
        "strict": sum(ids(r["box"]) == ids(r["command"]) for r in rows) / count,
        "weighty": sum(ids(r["box"], True) == ids(r["command"], True) for r in rows) / count,
        "first": sum(ids(r["box"])[:1] == ids(r["command"])[:1] for r in rows) / count,
        "box_hits": sum(r["expect"] in r["box_top"] for r in rows) / count,
        "command_hits": sum(r["expect"] in ids(r["command"]) for r in rows) / count,
    }


def report(label: str, rows: list[dict], rates: dict[str, float]) -> list[str]:
    differ = [f"{r['query']!r}: box {r['box']} · qms search {r['command']}" for r in rows
              if [d for d, _ in r["box"]] != [d for d, _ in r["command"]]]
    print(f"\n{label}, {len(rows)} questions: top 3 the same {rates['strict']:.0%} (strictly), "
          f"{rates['weighty']:.0%} (results found by a search word or title), first result "
          f"{rates['first']:.0%}; right document in the top 3: search box {rates['box_hits']:.0%}, "
          f"qms search {rates['command_hits']:.0%}" + "".join(f"\n  differ {line}" for line in differ))
    return differ


def test_search_box_and_qms_search_agree_and_find_the_right_document(search_box, repository, demo_site):
    rows = compare(search_box, SearchIndex(repository, built_site_index(demo_site.parent)))
    rates = agreement(rows)
    differ = report("qms search in a built project", rows, rates)
    assert len(rows) >= 40
    assert rates["strict"] >= TARGET and rates["first"] >= TARGET, "\n".join(differ)
    misses = [f"{r['query']!r}: expected {r['expect']}, box {r['box_top']}, qms search {r['command']}"
              for r in rows if r["expect"] not in r["box_top"] or r["expect"] not in [d for d, _ in r["command"]]]
    assert rates["box_hits"] >= TARGET and rates["command_hits"] >= TARGET, "\n".join(misses)


def test_without_a_build_the_results_that_carry_weight_still_agree(search_box, repository):
    rows = compare(search_box, SearchIndex(repository))
    rates = agreement(rows)
    differ = report("qms search with no build", rows, rates)
    assert rates["weighty"] >= TARGET and rates["first"] >= TARGET, "\n".join(differ)
    assert rates["command_hits"] >= TARGET


def test_a_broken_or_missing_site_index_is_ignored(tmp_path):
    assert built_site_index(tmp_path) is None
    (tmp_path / "site/search").mkdir(parents=True)
    (tmp_path / "site/search/search_index.json").write_text("{not json", encoding="utf-8")
    assert built_site_index(tmp_path) is None
    (tmp_path / "site/search/search_index.json").write_text('{"config": 3, "docs": []}', encoding="utf-8")
    assert built_site_index(tmp_path) == {"docs": [], "config": None}


def test_the_site_index_holds_the_document_entries_qms_search_ranks(demo_site, repository):
    """After the build, the page of every controlled document has the entries made from the data, nothing else."""
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    command = SearchIndex(repository)
    kinds = {doc.kind for doc in command.docs.values()}
    assert {"procedure", "form", "work-instruction", "external-document"} <= kinds
    for location, doc in command.docs.items():
        entries = document_entries(doc, repository)
        assert by_page[location] == entries, doc.id
        # each section's anchor is a heading of the page, so a result opens where its words are
        page = (demo_site / location / "index.html").read_text(encoding="utf-8")
        for entry in entries[1:]:
            assert f'id="{entry["location"].split("#")[1]}"' in page, entry["location"]
    # the first entry of a page is the page itself: its text, the search result's teaser, is the purpose
    purchasing = by_page["procedures/QP-016/"][0]
    assert purchasing["text"] == f"<p>{repository.get('procedure', 'QP-016').purpose}</p>"
    assert "Owner" not in purchasing["text"] and "Revision" not in purchasing["text"]
    assert by_page["forms/FRM-002/"][0]["text"] == f"<p>{repository.get('form', 'FRM-002').purpose}</p>"
    # each kind's own parts, from its data
    sections = {entry["location"]: entry for entry in index["docs"]}
    assert "Print one checklist for each delivery." in sections["forms/FRM-002/#how-to-fill-it-in"]["text"]
    assert "4. Test the wrench once on the torque tester." in sections["work-instructions/WI-001/#steps"]["text"]
    assert "Safety first: Never use a wrench" in sections["work-instructions/WI-001/"]["text"]
    about = sections["external-documents/EXT-001/#about-this-document"]["text"]
    assert "Edition in use: 2015" in about and "Where it is kept: Quality manager&#x27;s office" not in about
    assert "Where it is kept: Quality manager's office" in about
    # the tags are the search words, synonyms included, as on a procedure page
    assert "non-conformance report" in sections["forms/FRM-001/"]["tags"]


def test_procedure_entries_escape_data(repository):
    doc = repository.get("procedure", "QP-016")
    entries = procedure_entries(doc, repository)
    assert all("<script" not in json.dumps(entry) for entry in entries)
    import dataclasses
    data = type(doc.data)(doc.data._shape, {**doc.data, "purpose": "Use <b>bold</b> & \"quotes\""})
    tampered = dataclasses.replace(doc, data=data)
    text = procedure_entries(tampered, repository)[0]["text"]
    assert text == "<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; \"quotes\"</p>"


def test_site_search_follows_materials_rules():
    entries = [
        {"location": "a/", "title": "Purchasing", "text": "<p>We buy parts.</p>", "tags": ["procure"]},
        {"location": "a/#steps", "title": "Steps", "text": "<p>Raise a purchase order.</p>", "tags": ["procure"]},
        {"location": "b/", "title": "Gauges", "text": "<p>Check gauges and purchase nothing.</p>"},
        {"location": "c/", "title": "Old purchasing", "text": "<p>Gone.</p>", "boost": 0.1},
    ]
    search = SiteSearch(entries)
    assert [hit.location for hit in search.search("procurement")] == []  # no stemming: a prefix only
    assert [hit.location for hit in search.search("proc")] == ["a/"]  # the start of a tag
    assert [hit.location for hit in search.search("gauge")] == ["b/"]  # "gauge" starts "gauges"
    ranked = [hit.location for hit in search.search("purchas")]
    assert ranked == ["a/", "c/", "b/"]  # sections grouped under their page; a title, even boosted
    # down to 0.1, weighs more than text
    assert meaningful("raise a PO") == "raise PO" and meaningful("the a") == "the a"


def test_search_js_drops_the_stop_words_qms_search_drops():
    from lunr.stop_word_filter import WORDS
    script = (ROOT / "docs/javascripts/search.js").read_text(encoding="utf-8")
    listed = re.search(r"STOP_WORDS = \((.*?)\)\.split", script, re.S).group(1)
    words = set(" ".join(re.findall(r'"([^"]*)"', listed)).split())
    assert words == set(WORDS)
