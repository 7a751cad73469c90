"""Shared browser fixtures: the built demo served on 127.0.0.1, Debian's chromium driven by Playwright.

Load them in a test module with ``pytest_plugins = ["browser"]`` (importing the fixture functions
into several modules would start one Playwright per module).
Every ``page`` records all requests and fails the test on any request to outside the
site, on any console error and on any uncaught JavaScript error, so each browser test
also proves the portal is offline-safe.

Without chromium the tests skip with a clear message; with ``CI=true`` they fail instead,
because CI must run them (``.ci/run`` installs chromium with apt-get).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"  # Debian's package; QMS_CHROMIUM points elsewhere
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1"}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def find_chromium() -> str | None:
    configured = os.environ.get("QMS_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    return CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")


def require_chromium() -> str:
    """The chromium binary, or skip (fail in CI) with a message saying how to get it."""
    found = find_chromium()
    if found:
        return found
    where = os.environ.get("QMS_CHROMIUM") or CHROMIUM
    message = (f"chromium not found at {where}: install it with 'apt-get install chromium' "
               "(or set QMS_CHROMIUM) to run the browser tests")
    if in_ci():
        pytest.fail(message + " — CI=true, so the browser tests must run", pytrace=False)
    pytest.skip(message)
    raise AssertionError("unreachable")


# `qms publish` deploys each release with mike, which writes versions.json next to the release
# folders; Material's version menu fetches it. A plain build has none, so the test server stands in.
STAND_IN_VERSIONS = b'[{"version": "demo", "title": "demo", "aliases": ["latest"]}]'


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the base class names it so
        path = self.path.split("?")[0]
        if path == "/versions.json" and not (Path(self.directory) / "versions.json").exists():
            self._send(STAND_IN_VERSIONS, "application/json")
        elif path == "/sitemap.xml" and (Path(self.directory) / "sitemap.xml").exists():
            self._send(self._local_sitemap(), "application/xml")
        else:
            super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's own 404.html, as from GitHub Pages or a configured web server."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _local_sitemap(self) -> bytes:
        """The sitemap as if site_url were this server (like a real deployment).

        Material navigates instantly only to pages listed in sitemap.xml, and matches
        them on protocol, host name *and port*; the demo's site_url has another port.
        """
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", text)
        if not locations:
            return text.encode("utf-8")
        root = min(locations, key=len)  # the home page: site_url itself
        host, port = self.server.server_address[:2]
        return text.replace(f"<loc>{root}", f"<loc>http://{host}:{port}/").encode("utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
        pass


@dataclass
class SiteServer:
    """A built site folder served over HTTP on 127.0.0.1 and a free port."""

    folder: Path
    server: http.server.ThreadingHTTPServer = field(init=False)
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        handler = functools.partial(_QuietHandler, directory=str(self.folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(folder: Path) -> SiteServer:
    """Serve a built site folder; call ``close()`` when done."""
    return SiteServer(Path(folder))


@dataclass
class PageLog:
    """Everything a page did that a test may assert on."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"request to outside the site: {url}" for url in self.outside]
                + [f"console error: {text}" for text in self.console_errors]
                + [f"JavaScript error: {text}" for text in self.page_errors])

    def clear(self) -> None:
        self.requests.clear()
        self.outside.clear()
        self.console_errors.clear()
        self.page_errors.clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname in LOCAL_HOSTS


def watch(page, log: PageLog) -> None:
    """Record every request, console error and page error; block (and record) outside requests."""

    def on_request(request) -> None:
        log.requests.append(request.url)
        if not is_local(request.url):
            log.outside.append(request.url)

    def route(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    page.on("request", on_request)
    page.on("console", lambda message: log.console_errors.append(f"{message.text} ({message.location})")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.context.route("**/*", route)


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    """The session's built demo, served on 127.0.0.1 (from conftest's ``demo_site``)."""
    server = serve(demo_site)
    yield server.url
    server.close()


# Module scope, not session: a live sync Playwright keeps its event loop running, and a later test
# in the same worker that starts its own (test_nginx, test_publish) would fail to start.
@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        if in_ci():
            pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog):
    """A fresh page (own context, so own localStorage) that fails the test on outside requests or errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    watch(new_page, page_log)
    yield new_page
    context.close()
    problems = page_log.problems()
    assert not problems, "the page misbehaved:\n" + "\n".join(problems)
