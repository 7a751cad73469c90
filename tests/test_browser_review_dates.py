"""Review banners follow the reader's clock, not the day of the build.

The demo is built on its own date; the page's clock is then moved with Playwright's clock API
(before the page loads) so the script in docs/javascripts/review-dates.js sees a later or an
earlier day. The pages are the ones built for the whole session, never rebuilt here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
DATA = re.compile(r'<div class="qms-review-dates"[^>]*data-next-review="(?P<next>[\d-]+)"'
                  r'[^>]*data-due-soon-days="(?P<window>\d+)"[^>]*data-build-status="(?P<status>[a-z-]+)"')


def procedures_by_build_status(site: Path) -> dict[str, list[tuple[str, dt.date, int]]]:
    """status at build → [(procedure id, next review, due-soon days)], read from the built pages."""
    found: dict[str, list[tuple[str, dt.date, int]]] = {}
    for path in sorted((site / "procedures").glob("QP-*/index.html")):
        match = DATA.search(path.read_text(encoding="utf-8"))
        if match:
            found.setdefault(match["status"], []).append(
                (path.parent.name, dt.date.fromisoformat(match["next"]), int(match["window"])))
    return found


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0)


def banner_titles(page) -> list[str]:
    return [text.strip() for text in page.locator(".qms-review-banner .admonition-title").all_inner_texts()]


def test_a_page_current_at_build_shows_overdue_once_its_date_has_passed(page, site_url, demo_site):
    doc_id, next_review, _ = procedures_by_build_status(demo_site)["current"][0]
    page.clock.set_fixed_time(at_noon(next_review + dt.timedelta(days=40)))
    page.goto(f"{site_url}procedures/{doc_id}/")
    banner = page.locator(".qms-review-banner")
    banner.wait_for()
    assert banner_titles(page) == [f"Review overdue since {next_review.isoformat()}"]
    assert "admonition warning" in banner.get_attribute("class")
    assert "may be out of date" in banner.inner_text()


def test_no_banner_before_the_due_soon_window(page, site_url, demo_site):
    statuses = procedures_by_build_status(demo_site)
    # a page the build marked due soon loses its banner too, when the reader's day is earlier
    cases = statuses["current"][:1] + (statuses.get("due-soon") or [])[:1]
    assert cases
    for doc_id, next_review, window in cases:
        page.clock.set_fixed_time(at_noon(next_review - dt.timedelta(days=window + 5)))
        page.goto(f"{site_url}procedures/{doc_id}/")
        page.locator("[data-qms-review]").wait_for(state="attached")
        page.wait_for_function("document.querySelectorAll('.qms-review-banner').length === 0")
        assert banner_titles(page) == [], doc_id


def test_due_soon_from_the_readers_clock(page, site_url, demo_site):
    doc_id, next_review, window = procedures_by_build_status(demo_site)["current"][0]
    page.clock.set_fixed_time(at_noon(next_review - dt.timedelta(days=window - 1)))
    page.goto(f"{site_url}procedures/{doc_id}/")
    page.locator(".qms-review-banner").wait_for()
    assert banner_titles(page) == [f"Review due on {next_review.isoformat()}"]


def test_the_banner_follows_instant_navigation(page, site_url, demo_site):
    doc_id, next_review, _ = procedures_by_build_status(demo_site)["current"][0]
    page.clock.install(time=at_noon(next_review + dt.timedelta(days=1)))
    page.goto(f"{site_url}register/")
    page.locator(f"article a[href$='procedures/{doc_id}/']").first.click()
    page.wait_for_url(re.compile(rf"/procedures/{doc_id}/$"))
    page.locator(".qms-review-banner").wait_for()
    assert banner_titles(page) == [f"Review overdue since {next_review.isoformat()}"]


def test_the_overdue_banner_is_accessible(page, site_url, demo_site):
    from axe_playwright_python.sync_playwright import Axe
    doc_id, next_review, _ = procedures_by_build_status(demo_site)["current"][0]
    page.clock.set_fixed_time(at_noon(next_review + dt.timedelta(days=40)))
    page.goto(f"{site_url}procedures/{doc_id}/")
    page.locator(".qms-review-banner").wait_for()
    violations = Axe().run(page).response["violations"]
    serious = [f"{item['id']}: {item['help']}" for item in violations if item["impact"] in SERIOUS]
    assert not serious, serious
