"""Tables in a real browser: the register fits a 1366 px screen with "Next review" in view, sorts
and filters (docs/javascripts/tables.js), reads as cards on a phone; every page with a large table
has no serious or critical axe problem at either width, and a table wider than the screen scrolls
in a box the keyboard can reach.
"""

from __future__ import annotations

import re

import pytest

from conftest import built_site, copy_project, edit
from qms.build import load

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")
# axe-core ships WCAG 2.2's target-size rule switched off; WCAG 2.2 AA is the standard here.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
REGISTER = "article .qms-table--register"


@pytest.fixture(scope="module")
def repository(demo_site):
    return load(demo_site.parent)


def open_register(page, site_url, viewport):
    page.set_viewport_size(viewport)
    page.goto(site_url + "register/", wait_until="networkidle")
    page.locator(f"{REGISTER}[data-qms-ready]").wait_for(state="attached")
    return page.locator(REGISTER)


def column(page, name: str) -> int:
    names = page.locator(f"{REGISTER} thead th").all_inner_texts()
    cleaned = [re.sub(r"[↕▲▼]", "", text).strip() for text in names]
    return cleaned.index(name)


def next_review_keys(page) -> list[str]:
    """The ISO dates of the shown rows' Next review cells, top to bottom ('' where there is none)."""
    index = column(page, "Next review")
    return page.evaluate("""([selector, index]) => [...document.querySelector(selector).querySelectorAll('tbody tr')]
        .filter(row => !row.hidden)
        .map(row => { const time = row.cells[index].querySelector('time'); return time ? time.dateTime : ''; })""",
                         [REGISTER, index])


def test_the_register_fits_1366_with_next_review_in_view(page, site_url):
    region = open_register(page, site_url, DESKTOP)
    width = DESKTOP["width"]

    def check(where: str) -> None:
        header = region.locator("thead th").nth(column(page, "Next review"))
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (where, box)
        region_box = region.bounding_box()
        assert box["x"] + box["width"] <= region_box["x"] + region_box["width"] + 1, (where, box, region_box)
        overflow = region.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert overflow[0] <= overflow[1], (where, "the register scrolls sideways", overflow)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, where
        cells = region.locator(f"tbody tr td:nth-child({column(page, 'Next review') + 1})")
        assert cells.count() > 20
        for index in range(cells.count()):
            cell = cells.nth(index).bounding_box()
            assert cell["x"] >= 0 and cell["x"] + cell["width"] <= width, (where, index, cell)

    check("empty table of contents")
    # a register with more sections has a table of contents beside it: the columns still fit
    page.add_style_tag(content=".md-sidebar--secondary { display: block !important; }")
    check("table of contents shown")


def test_next_review_sorts_by_date_both_ways(page, site_url):
    open_register(page, site_url, DESKTOP)
    header = page.locator(f"{REGISTER} thead th").nth(column(page, "Next review"))
    button = header.get_by_role("button")
    assert button.inner_text().strip().startswith("Next review")
    assert header.get_attribute("aria-sort") is None

    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    keys = next_review_keys(page)
    dated = [key for key in keys if key]
    assert len(set(dated)) > 5
    assert dated == sorted(dated) and keys[:len(dated)] == dated  # no date sorts last

    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    keys = next_review_keys(page)
    dated = [key for key in keys if key]
    assert dated == sorted(dated, reverse=True) and keys[:len(dated)] == dated

    # another column takes over the sort: only one header says how the rows are sorted
    id_header = page.locator(f"{REGISTER} thead th").nth(column(page, "Id"))
    id_header.get_by_role("button").click()
    assert id_header.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") is None
    ids = page.locator(f"{REGISTER} tbody tr td:first-child").all_inner_texts()
    assert ids == sorted(ids)


def test_filtering_leaves_matching_rows_and_says_how_many(page, site_url):
    region = open_register(page, site_url, DESKTOP)
    rows = region.locator("tbody tr")
    total = rows.count()
    texts = [text.lower() for text in rows.all_text_contents()]
    status = page.get_by_role("status").filter(has_text="shown")
    assert status.inner_text() == f"{total} of {total} shown"

    word = "audit"
    expected = sum(word in text for text in texts)
    assert 0 < expected < total
    box = page.get_by_label("Filter documents")
    box.fill(word.upper())  # case does not matter
    visible = [row for row in rows.all() if row.is_visible()]
    assert len(visible) == expected
    assert all(word in row.text_content().lower() for row in visible)
    assert status.inner_text() == f"{expected} of {total} shown"

    box.fill("no such words anywhere")
    assert status.inner_text() == f"0 of {total} shown"
    box.fill("")
    assert sum(row.is_visible() for row in rows.all()) == total
    assert status.inner_text() == f"{total} of {total} shown"


def test_on_a_phone_each_document_is_a_readable_card(page, site_url):
    region = open_register(page, site_url, PHONE)
    width = PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    next_index = column(page, "Next review")
    rows = region.locator("tbody tr")
    assert rows.count() > 20
    for index in (0, 1, rows.count() - 1):
        row = rows.nth(index)
        row.scroll_into_view_if_needed()
        for cell_index, name in ((0, "Id"), (1, "Title"), (next_index, "Next review")):
            cell = row.locator("td").nth(cell_index)
            assert cell.is_visible(), (index, name)
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (index, name, box)
            assert box["height"] >= 12, (index, name, box)
        # the value keeps its column's name beside it
        assert row.locator("td").nth(next_index).get_attribute("data-label") == "Next review"
        shown = row.locator("td").nth(next_index).inner_text()
        assert re.search(r"\d{4}-\d{2}-\d{2}", shown) or shown == "—", shown  # an obsolete one has none
    # sorting still works from the row of buttons above the cards
    button = region.locator("thead th").nth(next_index).get_by_role("button")
    assert button.is_visible()
    button.click()
    dated = [key for key in next_review_keys(page) if key]
    assert dated == sorted(dated)


def test_tables_are_set_up_after_instant_navigation(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url, wait_until="networkidle")
    page.locator("nav a[href$='register/']").first.click()
    page.locator("article h1", has_text="Document register").wait_for()
    page.locator(f"{REGISTER}[data-qms-ready]").wait_for(state="attached")
    assert page.get_by_label("Filter documents").count() == 1
    assert page.locator(f"{REGISTER} thead .qms-sort").count() == 8
    # and again, coming back: no second filter box, no button inside a button
    page.go_back()
    page.go_forward()
    page.locator(f"{REGISTER}[data-qms-ready]").wait_for(state="attached")
    assert page.get_by_label("Filter documents").count() == 1
    assert page.locator(f"{REGISTER} .qms-sort .qms-sort").count() == 0


def table_pages(repository) -> list[str]:
    return (["register/", "training/matrix/", "iso-9001/coverage/", "improvement/", "improvement/register/",
             "leadership/roadmap/", "kpis/"]
            + [f"kpis/{kpi_id}/" for kpi_id in sorted(repository.of_kind("kpi"))])


def test_table_pages_are_accessible_at_both_widths(page, page_log, site_url, repository):
    """axe at 1366 and 390 px (target-size included), with a table sorted; a table box that
    scrolls is focusable and named (axe's scrollable-region-focusable)."""
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    failures, lines = [], []
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for uri in table_pages(repository):
            page.goto(site_url + uri, wait_until="networkidle")
            page.wait_for_function("[...document.querySelectorAll('[data-qms-table]')]"
                                   ".every(box => box.hasAttribute('data-qms-ready'))")
            first_sort = page.locator("article .qms-sort").first
            if first_sort.count() and first_sort.is_visible():
                first_sort.click()  # a sorted table is a state of the page too
                # the click scrolls, and Material then swaps the header's title with a fade: axe must see
                # the header after the swap, not half way, or it judges the colour of a fading text
                page.wait_for_timeout(300)  # the scroll is handled on a later frame
                page.wait_for_function("!document.getAnimations().some(a => a.playState === 'running')")
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            serious = [item for item in violations if item["impact"] in SERIOUS]
            failures += [f"{width} /{uri}: {item['id']} ({item['impact']}) at "
                         f"{[node['target'] for node in item['nodes'][:3]]}" for item in serious]
            boxes = page.evaluate("""() => [...document.querySelectorAll('[data-qms-table]')].map(box => ({
                label: box.getAttribute('aria-label'), scrolls: box.scrollWidth > box.clientWidth + 1,
                tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role')}))""")
            for box in boxes:
                if box["scrolls"] and not (box["tabindex"] == "0" and box["role"] == "region" and box["label"]):
                    failures.append(f"{width} /{uri}: the table box {box} scrolls but the keyboard cannot reach it")
            lines.append(f"  {width:7} /{uri:28} tables: {len(boxes):2}, scrolling: "
                         f"{sum(box['scrolls'] for box in boxes)}, axe serious: {len(serious)}, "
                         f"minor: {len(violations) - len(serious)}")
    print("\n" + "\n".join(lines))
    assert not failures, "\n".join(failures)
    assert not page_log.problems()


@pytest.fixture(scope="module")
def named_site_url(tmp_path_factory):
    """The demo built with the named training view, where each role has a grid of people and training."""
    from browser import serve  # loaded by pytest_plugins above; imported here so pytest rewrites it first
    project = copy_project(tmp_path_factory.mktemp("named-grid") / "portal")
    edit(project, "mkdocs.yml", "training_names: false", "training_names: true")
    server = serve(built_site(project))
    yield server.url
    server.close()


def test_the_named_training_grid_scrolls_with_its_first_column_and_header_in_view(page, named_site_url):
    page.set_viewport_size(PHONE)
    page.goto(named_site_url + "training/matrix/", wait_until="networkidle")
    page.locator(".qms-table--sticky[data-qms-ready]").first.wait_for(state="attached")
    index = page.evaluate("() => [...document.querySelectorAll('.qms-table--sticky')]"
                          ".findIndex(box => box.scrollWidth > box.clientWidth + 40)")
    assert index >= 0, "no grid wider than a phone in the named view"
    grid = page.locator(".qms-table--sticky").nth(index)
    grid.scroll_into_view_if_needed()
    assert grid.get_attribute("tabindex") == "0" and grid.get_attribute("role") == "region"
    assert grid.get_attribute("aria-label").startswith("Training of ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    first = grid.locator("tbody tr td").first
    header = grid.locator("thead th").first
    before = first.bounding_box()["x"]
    grid.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert grid.evaluate("box => box.scrollLeft") > 30
    assert abs(first.bounding_box()["x"] - before) < 2  # the person's name stays in view
    last_header = grid.locator("thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= PHONE["width"] + 1

    # the keyboard scrolls it too: the box takes the focus and the arrow keys
    grid.evaluate("box => { box.scrollLeft = 0; }")
    grid.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=grid.element_handle())

    top = header.bounding_box()["y"]
    if grid.evaluate("box => box.scrollHeight > box.clientHeight + 20"):
        grid.evaluate("box => { box.scrollTop = 200; }")
        assert abs(header.bounding_box()["y"] - top) < 2  # the header row stays at the top of the box
