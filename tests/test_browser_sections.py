"""A procedure in sections in chromium: no serious accessibility problem at either width, a decision's
link and a table-of-contents entry each bring their target into view.

The procedures of tests/test_sections.py go into a copy of the demo (with its styles and scripts), built
and served.
"""

from __future__ import annotations

import pytest

from conftest import built_site, copy_project
from test_sections import with_sections

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser
pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def sections_url(tmp_path_factory):
    from browser import serve  # loaded by pytest_plugins above; imported here so pytest rewrites it first
    org = with_sections(copy_project(tmp_path_factory.mktemp("sections-browser") / "portal"))
    server = serve(built_site(org))
    yield server.url
    server.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_procedure_in_sections_is_accessible(page, sections_url, screen):
    from axe_playwright_python.sync_playwright import Axe
    page.set_viewport_size(DESKTOP if screen == "desktop" else PHONE)
    page.goto(f"{sections_url}procedures/QP-030/")
    violations = Axe().run(page).response["violations"]
    serious = [f"{item['id']}: {item['help']} ({len(item['nodes'])})" for item in violations
               if item["impact"] in SERIOUS]
    assert not serious, serious


# the target's top in the upper half of the window, once the scrolling has settled
IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.top < window.innerHeight / 2; }"""


def test_a_decision_link_and_a_contents_entry_bring_their_target_into_view(page, sections_url):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{sections_url}procedures/QP-030/", wait_until="networkidle")
    assert not page.evaluate(IN_VIEW, "step-implement")
    page.locator("article a[href$='#step-implement']").click()
    page.wait_for_url("**/procedures/QP-030/#step-implement")
    page.wait_for_function(IN_VIEW, arg="step-implement", timeout=5000)
    page.goto(f"{sections_url}procedures/QP-030/", wait_until="networkidle")
    assert not page.evaluate(IN_VIEW, "budget")
    page.get_by_role("navigation", name="Table of contents").get_by_role("link", name="Budget approval").click()
    page.wait_for_url("**/procedures/QP-030/#budget")
    page.wait_for_function(IN_VIEW, arg="budget", timeout=5000)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_first_step_of_a_procedure_in_sections_shows_without_scrolling(page, sections_url, screen):
    from test_browser_procedure import FIRST_STEP
    size = DESKTOP if screen == "desktop" else PHONE
    page.set_viewport_size(size)
    page.goto(f"{sections_url}procedures/QP-030/")
    place = page.evaluate(FIRST_STEP)
    assert place is not None and place["changedAbove"]
    assert place["top"] + place["line"] <= size["height"], place
