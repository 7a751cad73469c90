"""Printing in chromium: every sheet of a printed procedure names it and says when it was printed.

The page's clock is set with Playwright's clock API, so "printed on" must be that day (the
reader's, not the build's). PDFs come from chromium's own print path (``page.pdf``) and are read
back with pypdf, sheet by sheet. The QR code of the page as served decodes to the address of a
check page that exists and says the revision is current.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import pytest

from qms.build import load
from qms.features.controlled_copies.copies import css_string

from test_print import decode_qr

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log, browser, site_url
pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
PRINTED = dt.datetime(2031, 5, 17, 9, 30)  # years after the demo's build date
SCREEN_ONLY = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-path", ".md-search",
               ".qms-badge", ".qms-feedback", ".qms-keywords", ".md-content__button")


@pytest.fixture(scope="module")
def repository(demo_site: Path):
    return load(demo_site.parent)


def normal(text: str) -> str:
    """PDF text as words: ligatures (ﬀ) undone, every run of white space one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def sheets(pdf: bytes) -> list[str]:
    from pypdf import PdfReader
    return [normal(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def printed(page, site_url: str, path: str) -> list[str]:
    page.clock.install(time=PRINTED)
    page.goto(site_url + path, wait_until="networkidle")
    return sheets(page.pdf(format="A4"))


def screen_only_texts(page) -> list[str]:
    """Lines of text that only the screen shows: the frame, pills, feedback links, search words."""
    return page.evaluate("""selectors => {
        const article = document.querySelector("article").cloneNode(true);
        article.querySelectorAll(selectors.join(",")).forEach(e => e.remove());
        const kept = article.textContent.replace(/\\s+/g, " ");
        const lines = [];
        document.querySelectorAll(selectors.join(",")).forEach(e =>
            e.textContent.split(/\\n|·/).map(t => t.replace(/\\s+/g, " ").trim())
              .filter(t => t.length > 3 && !kept.includes(t)).forEach(t => lines.push(t)));
        return [...new Set(lines)];
    }""", list(SCREEN_ONLY))


def expect_every_sheet(texts: list[str], doc, status: str) -> None:
    rev = doc.revisions[-1].rev
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        where = f"{doc.id} sheet {number} of {total}: {text[:300]}"
        assert text.startswith(normal(f"{doc.id} {doc.title} Revision {rev} · {status}")), where
        assert (f"Uncontrolled when printed · printed on {PRINTED.date().isoformat()} · page {number} of {total}"
                in text), where


def test_every_sheet_of_a_printed_procedure_has_its_header_and_footer(page, site_url, repository):
    # the longest current procedure, so the test sees several sheets
    doc = max((d for d in repository.published("procedure") if d.status == "approved"),
              key=lambda d: len(d.steps) + len(d.revisions or []))
    texts = printed(page, site_url, f"procedures/{doc.id}/")
    assert len(texts) >= 2, texts
    expect_every_sheet(texts, doc, "Approved")
    everything = " ".join(texts)
    assert normal(doc.steps[-1].action) in everything  # the content itself is there
    hidden = screen_only_texts(page)
    assert "Report a problem" in hidden and any("min read" in text for text in hidden)
    leaked = [text for text in hidden if normal(text) in everything]
    assert not leaked, leaked


def test_an_obsolete_procedure_says_so_on_every_sheet(page, site_url, repository):
    doc = next(d for d in repository.published("procedure") if d.status == "obsolete")
    expect_every_sheet(printed(page, site_url, f"procedures/{doc.id}/"), doc, "Obsolete")


def test_the_qr_code_leads_to_the_check_page_of_the_printed_revision(page, site_url, demo_site, repository):
    doc = repository.get("procedure", "QP-001")
    rev = doc.revisions[-1].rev
    page.goto(site_url + f"procedures/{doc.id}/", wait_until="networkidle")
    code = page.locator(".qms-copy-check svg.qms-qr")
    assert not code.is_visible()  # only on paper
    page.emulate_media(media="print")
    assert code.is_visible()
    box = code.bounding_box()
    assert box["width"] >= 100 and abs(box["width"] - box["height"]) < 1  # about 3 cm, square
    [url] = decode_qr(code.evaluate("svg => svg.outerHTML"))
    configured = re.search(r"^site_url:\s*(\S+)", (demo_site.parent / "mkdocs.yml").read_text(), re.M).group(1)
    assert url == f"{configured.rstrip('/')}/check/{doc.id}/{rev}/"
    assert url in " ".join(page.locator(".qms-copy-check").inner_text().split())

    page.emulate_media(media="screen")
    page.goto(site_url + url.removeprefix(configured.rstrip("/") + "/"), wait_until="networkidle")
    assert page.locator("article h1").inner_text().startswith(f"Is revision {rev} of {doc.id} current?")
    assert f"Yes. Revision {rev} is current" in page.locator("article").inner_text()

    page.goto(site_url + f"check/{doc.id}/{doc.revisions[0].rev}/", wait_until="networkidle")
    text = page.locator("article").inner_text()
    assert f"No. Revision {doc.revisions[0].rev} was replaced" in text
    assert doc.revisions[-1].summary in text


def test_header_texts_print_exactly_and_cannot_add_css(page, site_url, repository):
    nasty = 'Gauges "A\\B" </style><script>window.hacked=1</script> } body { background: red } @page {'
    page.clock.install(time=PRINTED)
    page.goto(site_url + "procedures/QP-001/", wait_until="networkidle")
    page.evaluate("""([good, bad]) => {
        const box = document.querySelector(".qms-copy-check");
        box.setAttribute("data-qms-print-left", good);
        const other = document.createElement("div");
        other.setAttribute("data-qms-print-left", bad);   // not a CSS string of the allowed form
        other.setAttribute("data-qms-print-right", '"x"');
        document.body.appendChild(other);
        window.dispatchEvent(new Event("beforeprint"));
    }""", [css_string(nasty), '"x" } } body { background: red } @page { @top-left { content: "y"'])
    rules = page.evaluate("document.getElementById('qms-print-rules').sheet.cssRules.length")
    assert rules == 2  # the footer and this page's header; nothing from the refused value
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert page.evaluate("window.hacked") is None
    texts = sheets(page.pdf(format="A4"))
    assert all(text.startswith(normal(f"{nasty} Revision")) for text in texts), texts[0][:200]


def test_the_header_follows_instant_navigation(page, site_url, repository):
    doc = repository.get("procedure", "QP-001")
    target = repository.get("procedure", doc.related[0])
    page.clock.install(time=PRINTED)
    page.goto(site_url + f"procedures/{doc.id}/", wait_until="networkidle")
    page.locator(f"article a[href$='{target.id}/']").first.click()
    # Material's anchor tracking may add the heading in view to the address: it is still that page
    page.wait_for_url(re.compile(rf"/procedures/{target.id}/(#[\w-]*)?$"))
    page.locator("article h1", has_text=target.title).wait_for()
    expect_every_sheet(sheets(page.pdf(format="A4")), target, "Approved")


def test_the_whole_manual_prints_each_procedure_on_its_own_sheets(page, site_url, repository):
    current = sorted((d for d in repository.published("procedure") if d.status == "approved"), key=lambda d: d.id)
    texts = printed(page, site_url, "manual/")
    total = len(texts)
    assert total > len(current)
    starts = {}
    for number, text in enumerate(texts, start=1):
        assert (f"Uncontrolled when printed · printed on {PRINTED.date().isoformat()} · page {number} of {total}"
                in text), number
        for doc in current:
            header = normal(f"{doc.id} {doc.title} Revision {doc.revisions[-1].rev} · Approved")
            if text.startswith(header):
                starts.setdefault(doc.id, number)
                # a procedure's first sheet begins with its own heading
                if starts[doc.id] == number:
                    body = text.removeprefix(header)
                    assert normal(f"{doc.id} {doc.title}") in body[:len(doc.title) + 120], number
    assert list(starts) == [doc.id for doc in current]  # every one, in order, each on sheets of its own
    assert texts[0].startswith(normal(f"{repository.organisation.name} · Quality manual"))
    obsolete = [d.id for d in repository.published("procedure") if d.status != "approved"]
    assert obsolete and not any(doc_id in " ".join(texts) for doc_id in obsolete)


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_check_page_and_manual_are_accessible(page, site_url, repository, viewport):
    from axe_playwright_python.sync_playwright import Axe
    doc = repository.get("procedure", "QP-001")
    page.set_viewport_size(viewport)
    failures = []
    for path in (f"check/{doc.id}/{doc.revisions[0].rev}/", f"check/{doc.id}/{doc.revisions[-1].rev}/",
                 "manual/"):
        page.goto(site_url + path, wait_until="networkidle")
        violations = Axe().run(page).response["violations"]
        failures += [f"{path}: {v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in SERIOUS]
    assert not failures, failures
