"""The clause coverage page in chromium: no serious or critical axe problem on a laptop or a
phone, with the excluded clauses and their reason on the page and the evidence links working.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_the_coverage_page_is_accessible_and_its_evidence_links_work(page, site_url):
    from axe_playwright_python.sync_playwright import Axe
    failures = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(site_url + "iso-9001/coverage/", wait_until="networkidle")
        violations = Axe().run(page).response["violations"]
        failures += [f"{width}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
                     for v in violations if v["impact"] in SERIOUS]
    assert not failures, "\n".join(failures)
    excluded = page.locator("#excluded-clauses").locator("xpath=following::table[1]")
    assert "8.3.1 General" in excluded.inner_text()
    assert page.locator(".qms-status--excluded").count() == 5
    page.get_by_role("link", name="Roles and their responsibilities").first.click()
    page.wait_for_load_state("networkidle")
    # the address may carry the heading Material's navigation tracking marks as read: the page is what counts
    assert urlsplit(page.url).path.endswith("/roles/")
