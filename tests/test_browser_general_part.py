"""A procedure with definitions and a general part, in chromium: accessible at both widths, and the
table of contents reaches the author's headings."""

from __future__ import annotations

import pytest

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
PAGE = "procedures/QP-013/"  # the demo's procedure with a general part and definitions


def test_definitions_and_the_general_part_are_accessible_at_both_widths(page, page_log, site_url):
    from axe_playwright_python.sync_playwright import Axe
    failures = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(site_url + PAGE, wait_until="networkidle")
        assert page.locator("article dl.qms-definitions dt").count() >= 1
        # folded at first, so the first step stays in view; one click on its summary opens it
        assert not page.locator("article h3#general_the-skills-scale").is_visible()
        page.locator("article details.qms-before > summary").click()
        assert page.locator("article h3#general_the-skills-scale").is_visible()
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        failures += [f"{name}: {item['id']} ({item['impact']})" for item in violations if item["impact"] in SERIOUS]
    assert not failures, failures
    assert not page_log.problems()


def test_the_table_of_contents_leads_to_a_heading_of_the_general_part(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + PAGE, wait_until="networkidle")
    link = page.locator(".md-sidebar--secondary a.md-nav__link[href$='#general_the-skills-scale']")
    assert link.inner_text().strip() == "The skills scale"
    link.click()
    page.wait_for_url("**#general_the-skills-scale")
    top = page.locator("#general_the-skills-scale").evaluate("heading => heading.getBoundingClientRect().top")
    assert 0 <= top < DESKTOP["height"] / 2, top
