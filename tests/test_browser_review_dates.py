"""Review banners and the register's review notes follow the reader's clock, not the day of the build.

The demo is built on its own date; the page's clock is then moved with Playwright's clock API
(before the page loads) so the script in docs/javascripts/review-dates.js sees a later or an
earlier day. The pages are the ones built for the whole session, never rebuilt here. Procedures,
forms and work instructions fall due for review; an external document falls due for a check for a
new edition, and its banner and register note say so.
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


DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# axe-core ships WCAG 2.2's target-size rule switched off; WCAG 2.2 AA is the standard here.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
REGISTER = "article .qms-table--register"


def procedures_by_build_status(site: Path, folder: str = "procedures") -> dict[str, list[tuple[str, dt.date, int]]]:
    """status at build → [(document id, next review, due-soon days)], read from the built pages of ``folder``."""
    found: dict[str, list[tuple[str, dt.date, int]]] = {}
    for path in sorted((site / folder).glob("*/index.html")):
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


@pytest.mark.parametrize(("folder", "what"), [("forms", "form"), ("work-instructions", "work instruction")])
def test_a_form_or_work_instruction_past_its_date_names_what_it_is(page, site_url, demo_site, folder, what):
    doc_id, next_review, _ = procedures_by_build_status(demo_site, folder)["current"][0]
    page.clock.set_fixed_time(at_noon(next_review + dt.timedelta(days=40)))
    page.goto(f"{site_url}{folder}/{doc_id}/")
    banner = page.locator(".qms-review-banner")
    banner.wait_for()
    assert banner_titles(page) == [f"Review overdue since {next_review.isoformat()}"]
    text = " ".join(banner.inner_text().split())
    assert f"This {what} was due for review on {next_review.isoformat()}." in text
    assert "procedure" not in text
    owner = page.locator("[data-qms-review]").get_attribute("data-owner")
    assert f"Its owner, {owner}, must review it." in text


def test_an_external_document_falls_due_for_a_check_for_a_new_edition(page, site_url, demo_site):
    doc_id, next_check, _ = procedures_by_build_status(demo_site, "external-documents")["current"][0]
    page.clock.set_fixed_time(at_noon(next_check + dt.timedelta(days=40)))
    page.goto(f"{site_url}external-documents/{doc_id}/")
    banner = page.locator(".qms-review-banner")
    banner.wait_for()
    assert banner_titles(page) == ["Check for a new edition overdue"]
    assert "admonition warning" in banner.get_attribute("class")
    text = " ".join(banner.inner_text().split())
    assert text.startswith(f"Check for a new edition overdue The check for a new edition was due on "
                           f"{next_check.isoformat()}.")
    assert text.endswith("must check that this edition is still the latest.")
    assert "review" not in text.lower()
    checker = page.locator("[data-qms-review]").get_attribute("data-owner")
    assert f"{next_check.isoformat()}. {checker} must check" in text


def test_an_external_document_overdue_at_build_keeps_the_checkers_link(page, site_url, demo_site):
    doc_id, next_check, _ = procedures_by_build_status(demo_site, "external-documents")["overdue"][0]
    page.clock.set_fixed_time(at_noon(next_check + dt.timedelta(days=3)))
    page.goto(f"{site_url}external-documents/{doc_id}/")
    banner = page.locator(".qms-review-banner[data-qms-review-banner='reader-clock']")
    banner.wait_for()
    assert banner_titles(page) == ["Check for a new edition overdue"]
    assert banner.locator("a[href*='roles/']").count() == 1


def test_an_external_document_due_soon_from_the_readers_clock(page, site_url, demo_site):
    doc_id, next_check, window = procedures_by_build_status(demo_site, "external-documents")["current"][0]
    page.clock.set_fixed_time(at_noon(next_check - dt.timedelta(days=window - 1)))
    page.goto(f"{site_url}external-documents/{doc_id}/")
    banner = page.locator(".qms-review-banner")
    banner.wait_for()
    assert banner_titles(page) == ["Check for a new edition due soon"]
    assert " ".join(banner.inner_text().split()).endswith(" checks it.")


def test_no_edition_check_banner_well_before_the_window(page, site_url, demo_site):
    statuses = procedures_by_build_status(demo_site, "external-documents")
    # one current at build, and one the build found overdue: its banner goes too on an earlier day
    cases = statuses["current"][:1] + (statuses.get("overdue") or [])[:1]
    assert len(cases) == 2
    for doc_id, next_check, window in cases:
        page.clock.set_fixed_time(at_noon(next_check - dt.timedelta(days=window + 5)))
        page.goto(f"{site_url}external-documents/{doc_id}/")
        page.locator("[data-qms-review]").wait_for(state="attached")
        page.wait_for_function("document.querySelectorAll('.qms-review-banner').length === 0")
        assert banner_titles(page) == [], doc_id


def register_notes(page) -> dict[str, str]:
    """document id → the note after its next review date, as the reader sees it."""
    return page.evaluate("""selector => Object.fromEntries([...document.querySelectorAll(selector + ' tbody tr')]
        .filter(row => row.querySelector('[data-qms-review-note]'))
        .map(row => [row.cells[0].querySelector('a').textContent.trim(),
                     row.querySelector('[data-qms-review-note]').textContent.trim()]))""", REGISTER)


def open_register_on(page, site_url, day: dt.date, viewport=DESKTOP):
    page.set_viewport_size(viewport)
    page.clock.set_fixed_time(at_noon(day))
    page.goto(f"{site_url}register/")
    page.locator(f"{REGISTER}[data-qms-ready]").wait_for(state="attached")
    page.wait_for_function("""() => { const note = [...document.querySelectorAll('[data-qms-review-note]')]
        .find(note => note.closest('tr').cells[0].textContent.includes('QP-016'));
        return note && note.textContent.includes('overdue'); }""")


def next_review_of(site: Path, doc_id: str) -> dt.date:
    page = (site / "procedures" / doc_id / "index.html").read_text(encoding="utf-8")
    return dt.date.fromisoformat(DATA.search(page)["next"])


def test_the_register_notes_follow_the_readers_clock(page, site_url, demo_site):
    day = next_review_of(demo_site, "QP-016") + dt.timedelta(days=1)
    open_register_on(page, site_url, day)
    notes = register_notes(page)
    assert notes["QP-016"] == "(review overdue)"
    assert notes["EXT-002"] == "(check for a new edition overdue)"
    # a document far from its date has no note, whatever the build said
    far = [doc_id for doc_id, next_review, window in procedures_by_build_status(demo_site, "forms")["current"]
           if (next_review - day).days > window]
    assert far and all(notes[doc_id] == "" for doc_id in far)
    # the filter reads the updated notes
    page.get_by_label("Filter documents").fill("review overdue")
    shown = [row.locator("td").first.inner_text() for row in page.locator(f"{REGISTER} tbody tr").all()
             if row.is_visible()]
    assert any("QP-016" in cell for cell in shown) and not any("EXT-002" in cell for cell in shown)
    # an earlier day than the build's takes the build's notes away
    page.clock.set_fixed_time(at_noon(dt.date(2026, 1, 1)))
    page.reload()
    page.wait_for_function("""() => [...document.querySelectorAll('[data-qms-review-note]')]
        .every(note => note.textContent === '')""")


def test_the_updated_note_shows_in_the_phone_cards(page, site_url, demo_site):
    day = next_review_of(demo_site, "QP-016") + dt.timedelta(days=1)
    open_register_on(page, site_url, day, PHONE)
    row = page.locator(f"{REGISTER} tbody tr", has=page.locator("a", has_text="QP-016"))
    cell = row.locator("td[data-label='Next review']")
    cell.scroll_into_view_if_needed()
    assert cell.is_visible()
    assert " ".join(cell.inner_text().split()) == f"{(day - dt.timedelta(days=1)).isoformat()} (review overdue)"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x900", "390x844"])
def test_the_register_with_updated_notes_is_accessible(page, site_url, demo_site, viewport):
    from axe_playwright_python.sync_playwright import Axe
    day = next_review_of(demo_site, "QP-016") + dt.timedelta(days=1)
    open_register_on(page, site_url, day, viewport)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    serious = [f"{item['id']}: {item['help']}" for item in violations if item["impact"] in SERIOUS]
    assert not serious, serious
