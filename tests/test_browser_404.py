"""The "Page not found" page through the project's nginx configuration, in chromium.

Two layouts: releases as `qms publish` leaves them (a release built by mike's own build
environment, so its site_url ends in the release; a latest/ copy; versions.json; mike's
redirecting index.html) and a plain `make build` at the root. From a missing address under
latest/, under the release folder, outside any release and at the root of a plain build: the
answer is 404 with the portal's page, its links lead to pages that exist in the release the
reader is in, search works (the CSP lets Material's scripts run), the older-release banner's
link is a real address, and axe finds nothing serious at desktop and phone widths.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import copy_project, run
from test_nginx import PASSWORD, USER, mike_redirect_page, require_tool, serve as serve_nginx

pytest_plugins = ["browser"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

RELEASE = "2026.11"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    return require_tool("nginx", "nginx")


@pytest.fixture(scope="module")
def releases(tmp_path_factory, nginx_binary):
    """The demo published as one release: built the way mike builds it (MIKE_DOCS_VERSION)."""
    work = tmp_path_factory.mktemp("releases")
    project = copy_project(work / "portal")
    root = work / "pages"
    result = run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(root / RELEASE)], project,
                 "2026-12-02", MIKE_DOCS_VERSION=RELEASE, NO_MKDOCS_2_WARNING="1")
    assert result.returncode == 0, result.stderr
    shutil.copytree(root / RELEASE, root / "latest")
    (root / "versions.json").write_text(json.dumps([{"version": RELEASE, "title": RELEASE, "aliases": ["latest"]}]))
    (root / "index.html").write_text(mike_redirect_page("latest/"), encoding="utf-8")
    yield from serve_nginx(nginx_binary, work, root)


@pytest.fixture(scope="module")
def plain(tmp_path_factory, nginx_binary, demo_site: Path):
    yield from serve_nginx(nginx_binary, tmp_path_factory.mktemp("plain"), demo_site)


@pytest.fixture
def tab(browser):
    from browser import PageLog, watch   # registered as a plugin first (pytest_plugins)
    context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD},
                                  service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log = PageLog()
    watch(page, log)
    yield page, log
    context.close()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in SERIOUS]


def check_not_found(tab, base: str, missing: str, release_root: str) -> None:
    page, log = tab
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        answer = page.goto(base + missing, wait_until="networkidle")
        assert answer.status == 404, (width, missing)
        assert page.locator("article h1").inner_text() == "Page not found"
        register = page.locator("article a", has_text="document register")
        home = page.locator("article a", has_text="home page")
        # releases.js moves the links to the reader's release once versions.json is read
        page.wait_for_function("([link, want]) => link.href === want",
                               arg=[register.element_handle(), base + release_root + "register/"])
        assert home.evaluate("a => a.href") == base + release_root
        banner = page.locator("[data-qms-outdated-link]")
        if banner.count():
            target = banner.evaluate("a => a.href")
            assert target.startswith(base + "/"), target   # never "//../", a host named ".."
        for link in (register, home):
            target = link.evaluate("a => a.href")
            assert page.request.get(target).status == 200, target
        assert serious_violations(page) == [], (width, missing)
        # the 404 answer itself is logged as a console error: that is the point of this page
        log.console_errors[:] = [text for text in log.console_errors if "404" not in text]
        assert log.problems() == [], (width, missing, log.problems())

    page.locator("[data-qms-open-search]").click()
    search = page.locator("input.md-search__input")
    search.press_sequentially("calibration")
    page.locator("li.md-search-result__item").first.wait_for()
    search.press("Escape")
    page.goto(base + missing, wait_until="networkidle")
    page.locator("article a", has_text="document register").click()
    page.locator("article h1", has_text="Document register").wait_for()
    assert page.url == base + release_root + "register/"
    log.console_errors[:] = [text for text in log.console_errors if "404" not in text]
    assert log.problems() == [], log.problems()


@pytest.mark.parametrize("missing, release_root", [
    ("/latest/procedures/QP-999/", "/latest/"),
    (f"/{RELEASE}/procedures/QP-999/", f"/{RELEASE}/"),
    ("/QP-999", f"/{RELEASE}/"),                       # outside any release: latest's page, its release
])
def test_not_found_under_releases(releases, tab, missing, release_root):
    check_not_found(tab, releases.base, missing, release_root)


def test_not_found_in_a_plain_build(plain, tab):
    check_not_found(tab, plain.base, "/procedures/QP-999/", "/")
