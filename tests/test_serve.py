"""``mkdocs serve`` as an author runs it (``make serve``): a real server on a free port.

A data error shows in the browser, on every page, with ``path:line``, the field and what to do,
within seconds and without a request that hangs; fixing the file brings the portal back. The
first lines the server prints say where the portal is and sum the flags up in one line.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project, environment, qms

pytest_plugins = ["browser"]  # the shared browser fixtures: page, page_log
PROCEDURE = "data/procedures/QP-004.yml"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``mkdocs serve --livereload --watch data``, as the Makefile starts it, with its output kept."""

    def __init__(self, project: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--livereload",
             "--watch", "data"], cwd=project, env=environment("2026-12-02", NO_MKDOCS_2_WARNING="1"),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for number, line in enumerate(self.lines):
                if text in line:
                    return number
            assert self.process.poll() is None, "mkdocs serve stopped:\n" + "\n".join(self.lines)
            time.sleep(0.1)
        pytest.fail(f"no {text!r} from mkdocs serve after {timeout} s:\n" + "\n".join(self.lines))

    def get(self, path: str, timeout: float = 20) -> tuple[int, str]:
        try:
            with OPENER.open(self.base + path.lstrip("/"), timeout=timeout) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode("utf-8")

    def wait_for_page(self, path: str, wanted, timeout: float = 90, answer_within: float = 30) -> tuple[int, str, float]:
        """Fetch ``path`` until ``wanted(status, body)``. An answer may wait for the build that is
        running (mkdocs serves no half-built site), never longer: a failed build must not leave it hanging."""
        start = time.monotonic()
        while True:
            asked = time.monotonic()
            status, body = self.get(path, timeout=answer_within + 30)
            assert time.monotonic() - asked < answer_within, "a page request was kept waiting"
            if wanted(status, body):
                return status, body, time.monotonic() - start
            assert time.monotonic() - start < timeout, (status, body[:2000], "\n".join(self.lines[-30:]))
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)   # its own session: only this server
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.reader.join(timeout=5)


@pytest.fixture
def serve(tmp_path: Path):
    servers: list[Server] = []

    def start(project: Path) -> Server:
        servers.append(Server(project))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


def break_procedure(project: Path) -> str:
    """A missing required field and an unknown field whose name is markup: both errors name the file."""
    path = project / PROCEDURE
    good = path.read_text(encoding="utf-8")
    broken = re.sub(r"^owner: .*$", '"<img src=x onerror=alert(1)>": 1', good, count=1, flags=re.M)
    assert broken != good
    path.write_text(broken, encoding="utf-8")
    return good


def is_real_page(status: int, body: str) -> bool:
    return status == 200 and "QP-004" in body and "The portal cannot be built" not in body


def is_error_page(status: int, body: str) -> bool:
    return status == 500 and "The portal cannot be built" in body


def assert_shows_the_problems(body: str) -> None:
    assert re.search(r"data/procedures/QP-004\.yml:1</code>\s*field <code>owner</code>:\s*is missing", body), body
    assert "data/procedures/QP-004.yml:7</code>" in body
    assert "What to do: add &#39;owner:&#39;" in body
    # a field name from data is shown as text, never as markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img" not in body
    assert "/livereload/" in body   # the page reloads itself when a build is done


@pytest.mark.slow
def test_a_data_error_shows_in_the_browser_and_goes_away_when_fixed(tmp_path, serve):
    project = copy_project(tmp_path / "portal")
    server = serve(project)
    server.wait_for_line("Serving on")
    assert is_real_page(*server.get("procedures/QP-004/"))

    good = break_procedure(project)
    status, body, seconds = server.wait_for_page("procedures/QP-004/", is_error_page)
    assert seconds < 30   # a failed build stops early: it does not build the pages
    assert_shows_the_problems(body)
    # every page, at any depth, and the home page
    for path in ("", "register/", "no/such/page/"):
        assert is_error_page(*server.get(path)), path
    # assets still come from the last good build
    assert server.get("stylesheets/qms.css")[0] == 200
    assert any("The QMS data has problems" in line for line in server.lines)
    assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)

    (project / PROCEDURE).write_text(good, encoding="utf-8")
    server.wait_for_page("procedures/QP-004/", is_real_page, answer_within=90)   # a whole build


@pytest.mark.slow
def test_serving_starts_with_broken_data_and_shows_it(tmp_path, serve):
    project = copy_project(tmp_path / "portal")
    good = break_procedure(project)
    server = serve(project)
    server.wait_for_line("Serving on")
    status, body = server.get("procedures/QP-004/")
    assert is_error_page(status, body)
    assert_shows_the_problems(body)

    (project / PROCEDURE).write_text(good, encoding="utf-8")
    server.wait_for_page("procedures/QP-004/", is_real_page, answer_within=90)   # a whole build
    assert is_real_page(*server.get("procedures/QP-004/"))


@pytest.mark.slow
def test_first_output_says_where_the_portal_is_and_sums_up_the_flags(tmp_path, serve):
    server = serve(copy_project(tmp_path / "portal"))
    serving = server.wait_for_line("Serving on")
    assert server.get("")[0] == 200
    status, body = server.get("versions.json")   # no release while serving: an empty list
    assert (status, body) == (200, "[]")
    time.sleep(0.5)
    output = server.lines[:]
    text = "\n".join(output)
    assert f"Serving on {server.base}" in output[serving]
    assert serving < 12, text
    summary = [line for line in output if "QMS checks:" in line]
    assert len(summary) == 1 and "qms check" in summary[0], text
    assert not re.search(r"\[(hard-sentence|kpi-at-risk|audit-overdue|plain-words)\]", text), text
    assert "not included in the \"nav\"" not in text
    assert "versions.json" not in text
    assert "[macros]" not in text
    assert not any(line.startswith("WARNING") for line in output), text


@pytest.mark.slow
def test_a_build_says_what_matters_in_a_few_lines(tmp_path):
    """`make build`: the flags in one line with the command that lists them; record pages kept out
    of the navigation on purpose are built without mkdocs listing them as forgotten."""
    project = copy_project(tmp_path / "portal")
    result = qms(project, "build", today="2026-12-02")
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    text = "\n".join(lines)
    assert len(lines) <= 8, text
    assert "end of life" not in text
    summary = [line for line in lines if "QMS checks:" in line]
    assert len(summary) == 1 and "'qms check --operational -v' lists them all" in summary[0], text
    assert re.search(r"\d+ operational facts, \d+ notes", summary[0]), summary
    assert "not included in the \"nav\"" not in text
    assert not re.search(r"\[[a-z]+(-[a-z]+)+\]", text), text   # no flag line of its own
    site = project / "site"
    record = site / "improvement" / "nonconformities" / "NCR-2026-001" / "index.html"
    assert record.exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "NCR-2026-001/" not in home.split('class="md-content"')[0]   # not in the navigation


@pytest.mark.slow
@pytest.mark.browser
def test_the_browser_follows_a_break_and_a_fix_by_itself(tmp_path, serve, page, page_log):
    """No click, no reload by hand: the open page turns into the error page and back."""
    from axe_playwright_python.sync_playwright import Axe
    project = copy_project(tmp_path / "portal")
    server = serve(project)
    server.wait_for_line("Serving on")
    page.goto(server.base + "procedures/QP-004/", wait_until="load")   # the live-reload poll never idles
    page.locator("article h1", has_text="QP-004").wait_for()
    # no release while serving: the version menu is off, so nothing asks for versions.json
    assert not [url for url in page_log.requests if "versions.json" in url], page_log.requests

    good = break_procedure(project)
    page.locator("h1", has_text="The portal cannot be built").wait_for(timeout=60_000)
    assert "data/procedures/QP-004.yml:1" in page.locator("main").inner_text()
    for viewport in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == [], viewport
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    (project / PROCEDURE).write_text(good, encoding="utf-8")
    page.locator("article h1", has_text="QP-004").wait_for(timeout=60_000)
    # the error page's own answer (status 500) is logged by chromium as a failed load
    page_log.console_errors[:] = [text for text in page_log.console_errors if "500" not in text]


# --- the error page and the server wrapper, without a server ---------------------------------------

class FakeServer:
    """What ServeErrors uses of mkdocs' LiveReloadServer: the rebuild, the WSGI app, the site folder."""

    def __init__(self, root: Path, rebuild):
        self.builder, self.root, self.mount_path, self._visible_epoch = rebuild, str(root), "/", 4242
        self.app = lambda environ, start_response: (start_response("200 OK", []), [b"SITE"])[1]

    def get_app(self):
        return self.app

    def set_app(self, app):
        self.app = app

    def get(self, path: str) -> tuple[str, str]:
        answer: list[str] = []
        body = self.app({"PATH_INFO": path}, lambda status, headers: answer.append(status))
        return answer[0], b"".join(body).decode("utf-8")


def serve_errors():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    try:
        import qms_serve
    finally:
        sys.path.pop(0)
    return qms_serve


def test_the_error_page_shows_data_as_text_and_waits_for_the_next_build(tmp_path):
    from qms.errors import DataError
    qms_serve = serve_errors()
    session = qms_serve.ServeErrors()
    outcome = {"fail": True}

    def rebuild():
        session.data_errors([DataError("data/procedures/QP-<i>1</i>.yml", 3, 5, "steps[0].<b>who</b>",
                                       "unknown role '<script>alert(1)</script>' \u202e", "did you mean 'x\"y'?")])
        if outcome["fail"]:
            raise RuntimeError("Aborted with a BuildError!")

    server = FakeServer(tmp_path, rebuild)
    session.attach(server)
    assert server.get("/register/") == ("200 OK", "SITE")
    server.builder()    # a failed rebuild is shown, never raised (mkdocs would hold every request)
    status, body = server.get("/procedures/QP-001/")
    assert status.startswith("500")
    assert "data/procedures/QP-&lt;i&gt;1&lt;/i&gt;.yml:3</code> field <code>steps[0].&lt;b&gt;who&lt;/b&gt;</code>" in body
    assert "unknown role &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; \\u202e" in body
    assert "What to do: did you mean &#39;x&#34;y&#39;?" in body
    assert "<script>alert" not in body and "<b>who" not in body and "\u202e" not in body
    assert 'var epoch = 4242, id = ' in body and '"/livereload/" + epoch' in body
    for path in ("/", "/index.html", "/a/b/c"):
        assert server.get(path)[0].startswith("500"), path
    for path in ("/assets/stylesheets/main.css", "/search/search_index.json", "/livereload/1/2"):
        assert server.get(path) == ("200 OK", "SITE"), path
    assert server.get("/versions.json") == ("200 OK", "[]")   # no release while serving
    (tmp_path / "versions.json").write_text("[1]")
    assert server.get("/versions.json") == ("200 OK", "SITE")  # one in the site wins

    outcome["fail"] = False
    server.builder()
    assert server.get("/procedures/QP-001/") == ("200 OK", "SITE")


def test_a_failure_that_is_not_about_data_shows_its_message(tmp_path):
    qms_serve = serve_errors()
    session = qms_serve.ServeErrors()

    def rebuild():
        session.other_error(ValueError("Settings problem:\nextra.qms.due_soon_days: not a number <3"))
        raise RuntimeError("Aborted")

    server = FakeServer(tmp_path, rebuild)
    session.attach(server)
    server.builder()
    status, body = server.get("/")
    assert status.startswith("500") and "The data has 2 problems" in body
    assert "extra.qms.due_soon_days: not a number &lt;3" in body
