"""Every page type of the built demo in a real browser: axe finds no serious or critical
problem, nothing is requested from outside the site, no JavaScript error; a procedure
prints cleanly; abbreviations carry their meaning as a tooltip.

Page types are found from the built site, not listed by hand: the first path segment of
every page (so a section another feature adds is checked too), plus the kinds of page that
share a segment (procedure, obsolete procedure and area index; role and roles index).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qms.build import load


pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def repository(demo_site: Path):
    return load(demo_site.parent)


def page_types(site: Path, repository) -> dict[str, str]:
    """One page of every type: name → address relative to the site root."""
    procedures = sorted(repository.published("procedure"), key=lambda doc: doc.id)
    current = next(doc for doc in procedures if doc.status == "approved")
    obsolete = next(doc for doc in procedures if doc.status == "obsolete")
    role = sorted(repository.of_kind("role"))[0]
    types = {
        "home": "",
        "procedure": f"procedures/{current.id}/",
        "obsolete procedure": f"procedures/{obsolete.id}/",
        "area index": f"procedures/{current.area}/",
        "roles index": "roles/",
        "role": f"roles/{role}/",
        "page not found": "404.html",
    }
    pages = sorted(path.parent.relative_to(site).as_posix() + "/"
                   for path in site.rglob("index.html") if path.parent != site)
    covered = {uri.split("/")[0] for uri in types.values() if "/" in uri}
    for segment in sorted({uri.split("/")[0] for uri in pages} - covered):
        inside = [uri for uri in pages if uri.startswith(segment + "/")]
        if f"{segment}/" in inside:
            types[f"{segment} (index)"] = f"{segment}/"
        deeper = [uri for uri in inside if uri != f"{segment}/"]
        if deeper:
            types[f"{segment} (page)"] = deeper[0]
    for uri in types.values():
        assert (site / uri / "index.html").exists() or (site / uri).is_file(), uri
    return types


def serious_violations(page) -> tuple[list[dict], int]:
    from axe_playwright_python.sync_playwright import Axe
    violations = Axe().run(page).response["violations"]
    serious = [violation for violation in violations if violation["impact"] in SERIOUS]
    return serious, len(violations) - len(serious)


def describe(violation: dict) -> str:
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


# the widths the portal is read at: a laptop and a phone
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_type_is_accessible_offline_and_error_free(page, page_log, site_url, demo_site, repository,
                                                              viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    types = page_types(demo_site, repository)
    expected = {"home", "procedure", "obsolete procedure", "area index", "roles index", "role",
                "register (index)", "dashboard (index)", "help (index)", "glossary (index)",
                "onboarding (index)", "onboarding (page)", "forms (page)", "work-instructions (page)",
                "external-documents (page)"}
    assert expected <= set(types), sorted(expected - set(types))
    failures, lines = [], []
    for name, uri in types.items():
        page_log.clear()
        page.goto(site_url + uri, wait_until="networkidle")
        if name == "onboarding (page)":  # the checklist as a reader uses it: one step ticked
            page.locator(".qms-step__tick").first.check()
        serious, minor = serious_violations(page)
        problems = page_log.problems()
        lines.append(f"  {name:28} /{uri:40} axe: {len(serious)} serious or critical, {minor} minor; "
                     f"requests: {len(page_log.requests)}, outside: {len(page_log.outside)}; "
                     f"JS errors: {len(page_log.console_errors) + len(page_log.page_errors)}")
        failures += [f"{name} /{uri}: {describe(violation)}" for violation in serious]
        failures += [f"{name} /{uri}: {problem}" for problem in problems]
    # the search dialog with results open is a state of every page
    page_log.clear()
    page.goto(site_url, wait_until="networkidle")
    if viewport == "phone":  # the search field hides behind the header's search button
        page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("calibration")
    page.locator("li.md-search-result__item").first.wait_for()
    serious, minor = serious_violations(page)
    lines.append(f"  {'search results open':28} /{'':40} axe: {len(serious)} serious or critical, {minor} minor")
    failures += [f"search results: {describe(violation)}" for violation in serious]
    failures += [f"search results: {problem}" for problem in page_log.problems()]
    print(f"\naxe, requests and JavaScript errors on {len(types) + 1} page types ({viewport}):\n" + "\n".join(lines))
    page_log.clear()  # reported above, with the page they came from
    assert not failures, "\n".join(failures)


def test_procedure_prints_cleanly(page, site_url, demo_site, repository):
    doc = repository.get("procedure", "QP-014")
    revision = doc.revisions[-1]
    report = json.loads((demo_site / "qms-report.json").read_text(encoding="utf-8"))
    entry = next(item for item in report["documents"] if item["id"] == doc.id and item["kind"] == "procedure")
    next_review = entry["review"]["next_review"]
    page.goto(site_url + f"procedures/{doc.id}/", wait_until="networkidle")
    header = page.locator(".qms-print-header")
    assert not header.is_visible()  # on screen, the page says it elsewhere

    page.emulate_media(media="print")
    assert header.is_visible()
    header_text = " ".join(header.inner_text().split())
    assert header_text == (f"{doc.id} · Revision {revision['rev']} · Effective {revision['date'].isoformat()} "
                           f"· Next review {next_review}")
    assert page.locator(".qms-print-footer").count() == 0  # every sheet's footer says it (print.css)
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", ".md-content__button", ".qms-keywords"):
        locator = page.locator(hidden)
        assert all(not locator.nth(index).is_visible() for index in range(locator.count())), hidden
    assert page.locator("article.md-content__inner h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

    page.emulate_media(media="screen")
    assert not header.is_visible()


def test_onboarding_checklist_prints_as_a_plain_list(page, site_url):
    page.goto(site_url + "onboarding/production-operator/", wait_until="networkidle")
    page.locator(".qms-step__tick").first.check()
    page.emulate_media(media="print")
    assert not page.locator("[data-qms-progress]").is_visible()
    assert not page.locator(".qms-step__tick").first.is_visible()
    assert page.locator("ol.qms-onboarding__steps > li").first.is_visible()


def test_abbreviations_show_their_meaning_as_a_tooltip(page, site_url, repository):
    page.goto(site_url + "procedures/QP-007/", wait_until="networkidle")
    titles = page.eval_on_selector_all("article abbr", "els => els.map(e => [e.textContent, e.title])")
    glossary = {term.abbreviation: term.term for term in repository.singleton("glossary").terms
                if term.abbreviation}
    assert ["NCR", glossary["NCR"]] in titles
    assert all(glossary.get(text) == title for text, title in titles), titles


def test_glossary_letters_and_see_also_links_jump_to_their_terms(page, site_url):
    page.goto(site_url + "glossary/", wait_until="networkidle")
    # Followed from the keyboard: Material wraps each table once its script runs, which moves the
    # text below by a few pixels, and on a loaded machine a mouse click aimed before that lands
    # elsewhere.
    page.locator("article a[href$='#traceability']").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#traceability")
    assert page.locator("#traceability").is_visible()
    broken = page.evaluate("""() => [...document.querySelectorAll('article a[href*="#"]')]
        .map(a => new URL(a.href)).filter(url => url.pathname === location.pathname)
        .map(url => decodeURIComponent(url.hash.slice(1))).filter(id => id && !document.getElementById(id))""")
    assert broken == []


def test_role_pages_with_holders_contacts_and_training_counts_are_accessible(page, site_url):
    # the role page type above may be a small role: these carry the holders' mail links and the counts table
    failures = []
    for uri in ("roles/production-operator/", "roles/quality-manager/"):
        page.goto(site_url + uri, wait_until="networkidle")
        serious, _ = serious_violations(page)
        failures += [f"/{uri}: {describe(violation)}" for violation in serious]
    assert not failures, "\n".join(failures)


WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_kpi_pages_are_accessible_on_desktop_and_phone(page, page_log, site_url, repository):
    """Every KPI page and the KPI index, at both widths: a values table wider than a phone
    scrolls sideways with nothing focusable in it, which axe reports as serious."""
    uris = ["kpis/"] + [f"kpis/{kpi_id}/" for kpi_id in sorted(repository.of_kind("kpi"))]
    failures = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for uri in uris:
            page.goto(site_url + uri, wait_until="networkidle")
            serious, _ = serious_violations(page)
            failures += [f"{width} /{uri}: {describe(violation)}" for violation in serious]
    assert not failures, "\n".join(failures)


def test_a_missing_page_offers_search_the_register_and_the_home_page(page, page_log, site_url):
    """A withdrawn or mistyped id, at any depth: the 404 page's links and search work from there."""
    missing = site_url + "procedures/QP-999/"
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        answer = page.goto(missing, wait_until="networkidle")
        assert answer.status == 404
        # chromium logs the 404 answer itself as a console error: that is the point of this page
        page_log.console_errors[:] = [text for text in page_log.console_errors if "404" not in text]
        assert page.locator("article h1").inner_text() == "Page not found", width
        home = page.locator("article a", has_text="home page")
        assert page.evaluate("a => a.href", home.element_handle()) == site_url

        page.locator("[data-qms-open-search]").click()
        search = page.locator("input.md-search__input")
        assert search.is_visible() and search.evaluate("input => input === document.activeElement"), width
        search.press_sequentially("calibration")
        page.locator("li.md-search-result__item").first.wait_for()
        search.press("Escape")

        page.goto(missing, wait_until="networkidle")
        page_log.console_errors[:] = [text for text in page_log.console_errors if "404" not in text]
        page.locator("article a", has_text="document register").click()
        page.wait_for_url(site_url + "register/")
        # instant navigation changes the address before it swaps the content: wait for the content
        page.locator("article h1", has_text="Document register").wait_for()


def test_the_roadmap_reads_on_a_phone_as_a_list(page, site_url, repository):
    """At 390 px every milestone's title, dates and state are on screen as text, with no sideways
    scrolling; on a desktop the timeline picture shows instead."""
    roadmap = repository.singleton("roadmap")
    titles = [item.title for phase in roadmap.phases for item in phase.milestones]
    assert titles
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(site_url + "leadership/roadmap/", wait_until="networkidle")
    assert not page.locator(".qms-roadmap-chart").is_visible()
    items = page.locator(".qms-roadmap-list li li")
    assert items.count() == len(titles)
    for title in titles:
        item = items.filter(has_text=title).first
        item.scroll_into_view_if_needed()
        box = item.bounding_box()
        assert item.is_visible(), title
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"]["width"], (title, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]["width"]

    page.set_viewport_size(WIDTHS["desktop"])
    assert page.locator(".qms-roadmap-chart").is_visible()
    assert not page.locator(".qms-roadmap-list").is_visible()
