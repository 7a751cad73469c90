"""The quality dashboard in chromium, on a phone (390 × 844) and a desktop (1366 × 900), on a day
with overdue and due reviews (2026-12-02): the page stays short, its counts come first and match
the report, readability detail is folded until opened, and axe finds nothing serious.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build

pytest_plugins = ["browser"]  # the shared browser fixtures: browser, page, page_log
pytestmark = pytest.mark.browser

TODAY = "2026-12-02"
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
MAX_PHONE_HEIGHT = 10_000  # px: the page was 35,000 px tall on a phone as one long list
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def dashboard_site(tmp_path_factory: pytest.TempPathFactory):
    from browser import serve  # loaded by pytest_plugins above; imported at the top it would not be
    project = copy_project(tmp_path_factory.mktemp("dashboard") / "portal")
    result = mkdocs_build(project, today=TODAY)
    assert result.returncode == 0, result.stderr
    server = serve(project / "site")
    yield project / "site", server.url
    server.close()


@pytest.fixture
def open_dashboard(browser, dashboard_site):
    """Open the dashboard at a viewport size; the test fails on any outside request or script error."""
    from browser import PageLog, watch
    contexts, log = [], PageLog()

    def opener(viewport: str):
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        watch(page, log)
        page.goto(f"{dashboard_site[1]}dashboard/")
        page.wait_for_load_state("load")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not log.problems(), "the page misbehaved:\n" + "\n".join(log.problems())


def expected_counts(site: Path) -> dict[str, int]:
    """The dashboard's counts, worked out from the site's own qms-report.json."""
    published = json.loads((site / "qms-report.json").read_text(encoding="utf-8"))
    total = sum(published["summary"][severity] for severity in ("error", "warning", "info"))
    problems = sum(1 for flag in published["flags"] if not flag["operational"])
    reviews = [doc["review"]["status"] for doc in published["documents"] if doc["review"]]
    return {"document-problems": problems, "operational-facts": total - problems,
            "reviews-overdue": reviews.count("overdue"), "reviews-due-soon": reviews.count("due-soon")}


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    violations = Axe().run(page).response["violations"]
    return [f"{item['id']} ({item['impact']}): {item['help']} at "
            + ", ".join(str(node["target"]) for node in item["nodes"][:3])
            for item in violations if item["impact"] in SERIOUS]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_dashboard_is_short_counted_first_and_accessible(open_dashboard, dashboard_site, viewport):
    page = open_dashboard(viewport)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"dashboard height at {viewport} {VIEWPORTS[viewport]}: {height} px")
    assert height < MAX_PHONE_HEIGHT, height

    # the counts come before the first section, on the first screen, and agree with the report
    counts = page.locator(".qms-dash-counts")
    top = counts.bounding_box()["y"]
    assert top < VIEWPORTS[viewport][1]
    assert top < page.locator("article h2").first.bounding_box()["y"]
    shown = {element.get_attribute("data-count"): int(element.inner_text())
             for element in page.locator("[data-count]").all()}
    assert shown == expected_counts(dashboard_site[0])
    assert shown["reviews-overdue"] >= 1 and shown["reviews-due-soon"] >= 1

    # a count leads to its section
    # (Material's instant navigation makes every href absolute)
    page.locator('.qms-dash-counts a[href$="#operational-facts"]').first.click()
    page.wait_for_function("location.hash === '#operational-facts'")
    page.wait_for_function("""() => {
        const heading = document.getElementById("operational-facts");
        const top = heading ? heading.getBoundingClientRect().top : -1;
        return top >= 0 && top < innerHeight;
    }""")

    # every status says what it means in words, not by its colour alone
    labels = page.locator("article .qms-status").all_inner_texts()
    assert labels and all(label.strip(" ✖▲✔ℹ\n") for label in labels), labels

    assert not serious_violations(page), viewport


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_readability_detail_is_folded_until_opened(open_dashboard, viewport):
    page = open_dashboard(viewport)
    details = page.locator("article details")
    assert details.count() > 3
    assert page.evaluate("[...document.querySelectorAll('article details')].every(d => !d.open)")
    suggestion = page.locator("article details li", has_text="“shall” → “must” ×").first
    assert not suggestion.is_visible()
    page.locator("article details summary", has_text="QP-017").click()
    assert suggestion.is_visible()
    # opened, every part of the page still passes: the reading scores table scrolls in its own
    # focusable region on a phone instead of making the page scroll sideways
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport][0]
    assert not serious_violations(page), viewport
