"""Material's real search box, offline: staff questions find their procedure in the top 3.

Each question from tests/search_questions.yml is typed into the search input; the test
reads the first three results. The ``page`` fixture fails on any request outside the site,
so this also proves search works with no network.
"""

from __future__ import annotations

import re

import pytest

from test_search import TARGET_HIT_RATE, questions

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link:first-child"
PROCEDURE = re.compile(r"/procedures/([A-Z]{2,5}-[0-9]{3,4})/")


def open_search(page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                           "?.textContent.includes('Initializing')")


def top_results(page, query: str, count: int = 3) -> list[str]:
    """Put the query in the search box and read the first result links.

    The box is emptied first (Material then clears the results), and the query goes in
    with one key-up, so Material runs exactly one search: the first results on screen
    are the answer to the whole query, however slow the machine.
    """
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # Material reads the box on key-up
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Type to start')")
    box.fill(query)
    box.press("End")
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('Type to start')")
    return page.eval_on_selector_all(RESULT_LINKS, f"els => els.slice(0, {count}).map(e => e.href)")


def procedure_ids(links: list[str]) -> list[str]:
    return [match.group(1) if (match := PROCEDURE.search(link)) else link for link in links]


def test_search_box_puts_the_right_procedure_in_the_top_three(page, page_log, site_url):
    open_search(page, site_url)
    asked = questions()
    misses = []
    for question in asked:
        top = procedure_ids(top_results(page, question["query"]))
        if question["expect"] not in top:
            misses.append(f"{question['query']!r}: expected {question['expect']}, got {top}")
    rate = 1 - len(misses) / len(asked)
    print(f"\nbrowser search (Material): {len(asked) - len(misses)} of {len(asked)} questions "
          f"in the top 3 = {rate:.0%}" + "".join(f"\n  miss {miss}" for miss in misses))
    assert any(url.endswith("/search/search_index.json") for url in page_log.requests)
    assert rate >= TARGET_HIT_RATE, "\n".join(misses)


def test_obsolete_procedures_show_marked_and_below_their_replacement(page, site_url):
    """QP-024 is replaced by QP-010: searching the old id or its words finds both, the new one first."""
    open_search(page, site_url)
    for query in ("QP-024", "old returns process", "returns binder", "returns"):
        ids = procedure_ids(top_results(page, query, count=100))
        assert "QP-024" in ids and "QP-010" in ids, (query, ids)
        assert ids.index("QP-010") < ids.index("QP-024"), (query, ids)
    assert procedure_ids(top_results(page, "returns form"))[0] == "QP-010"
    top_results(page, "QP-024")
    titles = page.locator("li.md-search-result__item > a.md-search-result__link:first-child h1").all_inner_texts()
    assert "Obsolete: QP-024 Customer returns (old process)" in titles, titles
    assert "Obsolete: QP-" not in " ".join(title for title in titles if "QP-024" not in title)


def test_typing_a_query_and_opening_the_first_result(page, site_url):
    open_search(page, site_url)
    page.locator("input.md-search__input").press_sequentially("broken gauge", delay=30)  # key by key
    first = page.locator(RESULT_LINKS).first
    page.wait_for_function(f"document.querySelector({RESULT_LINKS!r})?.href.includes('/procedures/QP-014/')")
    first.click()
    page.wait_for_url("**/procedures/QP-014/**")
    page.locator("article.md-content__inner h1", has_text="QP-014").wait_for()  # swapped in place
    assert "/procedures/QP-014/" in page.url
