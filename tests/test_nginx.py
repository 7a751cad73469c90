"""deploy/nginx/qms-portal.conf in a real nginx: authentication, headers, compression, caching.

Each server runs as the current user on a free loopback port, from a temporary prefix, with the
project's server file included (placeholders substituted) in a minimal wrapper nginx.conf.
Requests go to 127.0.0.1 only, with proxies switched off. Debian's nginx and apache2-utils
(htpasswd) are installed by .ci/run; outside CI a missing nginx skips these tests, in CI
(CI set) it fails them.

The CSP allows Material's inline scripts by hash. Two tests keep the hashes honest: one builds
a small Material site with the project's theme settings, one reads the real demo portal.
A browser test (marker "browser") loads the Material site through nginx in chromium and
requires that no CSP violation or script error happens.
"""

from __future__ import annotations

import base64
import grp
import gzip
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx" / "qms-portal.conf"
PLACEHOLDERS = ("__LISTEN__", "__SERVER_NAME__", "__SITE_ROOT__", "__HTPASSWD__")
MIME_TYPES = Path("/etc/nginx/mime.types")
USER, PASSWORD = "auditor", "correct horse battery staple"
FINGERPRINTED_CSS = "assets/stylesheets/main.0123abcd.min.css"
FINGERPRINTED_JS = "assets/javascripts/bundle.89abcdef.min.js"
IMMUTABLE = "max-age=31536000, immutable"
MIKE_VERSION = "2026.11.25-1"
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript"}


# --- finding the tools ------------------------------------------------------------------------

def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require_tool(name: str, package: str) -> str:
    """The tool's path; skip without it, except in CI where its absence is a failure."""
    path = shutil.which(name)
    if path is None:
        for folder in ("/usr/sbin", "/usr/bin", "/sbin"):
            if os.access(f"{folder}/{name}", os.X_OK):
                path = f"{folder}/{name}"
                break
    if path:
        return path
    message = (f"{name} is not installed: the Debian package {package} provides it "
               f"(.ci/run installs it with apt-get)")
    if in_ci():
        pytest.fail(f"CI={os.environ['CI']}: {message}", pytrace=False)
    pytest.skip(message)


# --- the server --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def substitute(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(name, value)
    return text


def make_htpasswd(path: Path) -> None:
    """The password file, made the way deploy/nginx/README.md says (htpasswd -B: bcrypt)."""
    htpasswd = shutil.which("htpasswd")
    if htpasswd:
        subprocess.run([htpasswd, "-b", "-c", "-B", str(path), USER, PASSWORD], check=True,
                       capture_output=True, timeout=60)
        return
    if in_ci():
        pytest.fail("htpasswd is not installed (Debian package apache2-utils; .ci/run installs it)",
                    pytrace=False)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    path.write_text(f"{USER}:{{SHA}}{digest}\n")


class Nginx:
    """One nginx master (and worker) serving site_root with the project's server file."""

    def __init__(self, binary: str, workdir: Path, site_root: Path, htpasswd: Path):
        self.binary, self.workdir, self.site_root, self.htpasswd = binary, workdir, site_root, htpasswd
        self.process: subprocess.Popen | None = None
        self.port = 0

    def write_config(self, port: int) -> Path:
        work = self.workdir
        for folder in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "logs"):
            (work / folder).mkdir(parents=True, exist_ok=True)
        server = substitute(CONF.read_text(encoding="utf-8"), {
            "__LISTEN__": f"127.0.0.1:{port}",
            "__SERVER_NAME__": "localhost",
            "__SITE_ROOT__": str(self.site_root),
            "__HTPASSWD__": str(self.htpasswd),
        })
        (work / "qms-portal.conf").write_text(server, encoding="utf-8")
        # Run as root (as CI does), nginx would hand its workers to "nobody", who cannot read
        # pytest's private temporary folders: keep them as the current user.
        user = ""
        if os.geteuid() == 0:
            user = (f"user {pwd.getpwuid(os.geteuid()).pw_name} "
                    f"{grp.getgrgid(os.getegid()).gr_name};")
        conf = work / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
{user}
events {{ worker_connections 64; }}
http {{
    include             {MIME_TYPES};
    default_type        application/octet-stream;
    types_hash_max_size 2048;
    access_log          {work}/logs/access.log;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path       {work}/tmp/proxy;
    fastcgi_temp_path     {work}/tmp/fastcgi;
    uwsgi_temp_path       {work}/tmp/uwsgi;
    scgi_temp_path        {work}/tmp/scgi;
    include {work}/qms-portal.conf;
}}
""", encoding="utf-8")
        return conf

    def command(self, conf: Path, *extra: str) -> list[str]:
        globals_ = (f"daemon off; pid {self.workdir}/nginx.pid; "
                    f"error_log {self.workdir}/logs/error.log notice;")
        return [self.binary, "-p", f"{self.workdir}/", "-c", str(conf), "-g", globals_, *extra]

    def error_log(self) -> str:
        log = self.workdir / "logs" / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def start(self) -> "Nginx":
        if not MIME_TYPES.exists():
            pytest.fail(f"{MIME_TYPES} is missing: reinstall Debian's nginx-common", pytrace=False)
        for _attempt in range(3):
            port = free_port()
            conf = self.write_config(port)
            test = subprocess.run(self.command(conf, "-t"), capture_output=True, text=True,
                                  timeout=60)
            assert test.returncode == 0, f"nginx -t rejected the configuration:\n{test.stderr}"
            output = open(self.workdir / "logs" / "stderr.log", "ab")
            self.process = subprocess.Popen(self.command(conf), stdout=output, stderr=output,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
            output.close()
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        self.port = port
                        return self
                except OSError:
                    time.sleep(0.05)
            self.stop()
            if "Address already in use" not in self.error_log() + self.stderr():
                break
        pytest.fail(f"nginx did not start:\n{self.stderr()}\n{self.error_log()}", pytrace=False)

    def stderr(self) -> str:
        log = self.workdir / "logs" / "stderr.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)   # its own session: only this nginx
            process.wait(timeout=10)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# --- requests ----------------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


def basic(user: str = USER, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def fetch(server: Nginx, path: str, auth: str | None = None, **headers: str) -> Response:
    request = urllib.request.Request(server.base + path)
    if auth:
        request.add_header("Authorization", auth)
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with OPENER.open(request, timeout=10) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.headers, error.read())


def get(server: Nginx, path: str, **headers: str) -> Response:
    return fetch(server, path, basic(), **headers)


# --- the Content-Security-Policy ---------------------------------------------------------------

def csp_of_config() -> str:
    match = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]+)"', CONF.read_text())
    assert match, f"{CONF} has no Content-Security-Policy header"
    return match.group(1)


def directives(csp: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class PageScripts(HTMLParser):
    """Executable inline scripts, and the addresses of scripts, stylesheets and images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.addresses: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("src"):
                self.addresses.append(attributes["src"])
            elif (attributes.get("type") or "").strip().lower() in JS_TYPES:
                self._text = []
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.addresses.append(attributes.get("href") or "")
        elif tag in ("img", "iframe", "embed") and attributes.get("src"):
            self.addresses.append(attributes["src"])

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._text is not None:
            self.inline.append("".join(self._text))
            self._text = None


def scan_pages(site: Path) -> dict[str, tuple[str, str]]:
    """Hash -> (first page, start of script) of every executable inline script in site."""
    found: dict[str, tuple[str, str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = PageScripts()
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.inline:
            found.setdefault(script_hash(text), (str(page.relative_to(site)), text.strip()[:60]))
    return found


def mike_redirect_page(href: str = "latest/") -> str:
    """The root index.html that `mike set-default latest` writes (its own template)."""
    import jinja2
    template = resources.files("mike").joinpath("templates/redirect.html").read_text(encoding="utf-8")
    return jinja2.Template(template, autoescape=True, keep_trailing_newline=True).render(href=href)


def missing_hashes(found: dict[str, tuple[str, str]]) -> str:
    allowed = set(directives(csp_of_config()).get("script-src", []))
    missing = {h: where for h, where in found.items() if h not in allowed}
    if not missing:
        return ""
    lines = [f"  {h}  {page}: {start!r}" for h, (page, start) in missing.items()]
    sources = " ".join(["'self'", *found])
    return ("inline scripts that the CSP in deploy/nginx/qms-portal.conf does not allow:\n"
            + "\n".join(lines)
            + f"\nscript-src for these pages: {sources}")


# --- sites to serve ----------------------------------------------------------------------------

def page(title: str, body: str) -> str:
    filler = "".join(f"<p>Clause {n}: records are kept for the retention period.</p>\n"
                     for n in range(1, 40))
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<link rel=\"stylesheet\" href=\"/{FINGERPRINTED_CSS}\"></head>\n"
            f"<body><h1>{title}</h1>\n{body}\n{filler}</body></html>\n")


def write_static_site(site: Path) -> None:
    files = {
        "index.html": page("Brightwater Quality Portal", "<p>PORTAL-HOME</p>"),
        "procedures/index.html": page("Procedures", "<p>PROCEDURES</p>"),
        "procedures/QP-004/index.html": page("QP-004 Sales", "<p>QP-004</p>"),
        FINGERPRINTED_CSS: "".join(f".md-c{n}{{color:#3f51b5;margin:0 {n}px}}\n" for n in range(60)),
        FINGERPRINTED_JS: "".join(f"var a{n}=function(){{return {n}}};\n" for n in range(60)),
        f"latest/{FINGERPRINTED_CSS}": "body{margin:0}\n" * 40,
        f"{MIKE_VERSION}/{FINGERPRINTED_CSS}": "body{margin:0}\n" * 40,
        "assets/images/favicon.png": "not really a png",
        "stylesheets/qms.css": ".qms-flag{color:#b00020}\n" * 30,
        "search/search_index.json": json.dumps({"config": {"lang": ["en"]}, "docs": [
            {"location": f"procedures/QP-{n:03}/", "title": f"QP-{n:03}", "text": "records " * 20}
            for n in range(1, 25)]}),
        "versions.json": json.dumps([{"version": MIKE_VERSION, "title": MIKE_VERSION,
                                      "aliases": ["latest"]}]),
        # each release's "Page not found" page, as mike lays releases out, and a plain build's
        "404.html": page("Page not found", "<p>NOT-FOUND-ROOT</p>"),
        "latest/404.html": page("Page not found", "<p>NOT-FOUND-LATEST</p>"),
        f"{MIKE_VERSION}/404.html": page("Page not found", f"<p>NOT-FOUND-{MIKE_VERSION}</p>"),
        "drafts/notes.txt": "unpublished notes\n",
        ".git/config": "[core]\n\tbare = false\n",
        ".nojekyll": "",
    }
    for name, text in files.items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


class TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV or !!python/name: tags; they do not matter here."""


TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_material_site(workdir: Path) -> Path:
    """A small site built by Material with the project's theme settings: pages 0 to 5 folders
    deep, an admonition, an aligned table (style attributes), a search index."""
    project = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=TolerantLoader) or {}
    theme = dict(project.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)   # overrides are checked by the demo portal test
    extra = dict(project.get("extra") or {})
    extra.setdefault("version", {"provider": "mike"})
    docs = workdir / "docs"
    pages = {"index.md": "# Home\n\nThe portal home.\n\n!!! note\n    Lighthouse procedure.\n\n"
                         "| Left | Right |\n|:-----|------:|\n| a | 1 |\n",
             "p1.md": "# Depth one\n\nLighthouse one.\n"}
    for depth in range(2, 6):
        pages["/".join(["d"] * (depth - 1)) + f"/p{depth}.md"] = f"# Depth {depth}\n\nLighthouse {depth}.\n"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "CSP check",
        "site_url": project.get("site_url"),
        "docs_dir": str(docs),
        "site_dir": str(workdir / "site"),
        "theme": theme,
        "extra": extra,
        "plugins": ["search"],
        "markdown_extensions": ["admonition", "attr_list", "tables", {"toc": {"permalink": True}}],
    }
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
                            cwd=workdir, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return workdir / "site"


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx_binary() -> str:
    return require_tool("nginx", "nginx")


def serve(binary: str, workdir: Path, site: Path):
    htpasswd = workdir / "htpasswd"
    make_htpasswd(htpasswd)
    server = Nginx(binary, workdir / "nginx", site, htpasswd)
    (workdir / "nginx").mkdir()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def portal(nginx_binary: str, tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("nginx-static")
    write_static_site(workdir / "site")
    yield from serve(nginx_binary, workdir, workdir / "site")


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_material_site(tmp_path_factory.mktemp("material"))


@pytest.fixture(scope="module")
def material_portal(nginx_binary: str, material_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The Material site laid out as `make publish` leaves it: a version folder, a latest/
    copy, versions.json and mike's redirecting index.html at the root."""
    workdir = tmp_path_factory.mktemp("nginx-material")
    root = workdir / "site"
    shutil.copytree(material_site, root / MIKE_VERSION)
    shutil.copytree(material_site, root / "latest")
    (root / "versions.json").write_text(json.dumps(
        [{"version": MIKE_VERSION, "title": MIKE_VERSION, "aliases": ["latest"]}]))
    (root / "index.html").write_text(mike_redirect_page("latest/"), encoding="utf-8")
    yield from serve(nginx_binary, workdir, root)


# --- the configuration file ----------------------------------------------------------------------

def test_placeholders_are_the_documented_ones():
    text = CONF.read_text(encoding="utf-8")
    used = set(re.findall(r"__[A-Z_]+__", text))
    assert used == set(PLACEHOLDERS)
    header = text.split("\nmap ", 1)[0]
    for name in PLACEHOLDERS:
        assert re.search(rf"^#\s+{name}\s+\S", header, re.M), f"{name} is not explained at the top"


# --- access control ----------------------------------------------------------------------------

def test_no_credentials_gets_401(portal):
    answer = fetch(portal, "/")
    assert answer.status == 401
    assert answer.header("WWW-Authenticate").startswith("Basic realm=")
    assert b"PORTAL-HOME" not in answer.body


@pytest.mark.parametrize("user, password", [(USER, "wrong password"), ("intruder", PASSWORD),
                                            (USER, "")])
def test_wrong_credentials_get_401(portal, user, password):
    for path in ("/", "/procedures/QP-004/", f"/{FINGERPRINTED_CSS}", "/versions.json"):
        answer = fetch(portal, path, basic(user, password))
        assert answer.status == 401, path


def test_right_credentials_get_the_pages(portal):
    home = get(portal, "/")
    assert home.status == 200
    assert b"PORTAL-HOME" in home.body
    assert home.header("Content-Type").startswith("text/html")
    assert b"QP-004" in get(portal, "/procedures/QP-004/").body
    assert json.loads(get(portal, "/versions.json").body)[0]["aliases"] == ["latest"]
    assert get(portal, "/search/search_index.json").header("Content-Type").startswith("application/json")


def test_folder_without_slash_redirects_relatively(portal):
    answer = get(portal, "/procedures")
    assert answer.status == 301
    assert answer.header("Location") == "/procedures/"


# --- headers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("auth", [None, basic()], ids=["401", "200"])
def test_security_headers(portal, auth):
    answer = fetch(portal, "/", auth)
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("X-Frame-Options") == "DENY"
    assert answer.header("Referrer-Policy") == "same-origin"
    assert "camera=()" in answer.header("Permissions-Policy")
    assert answer.header("Content-Security-Policy") == csp_of_config()


def test_csp_allows_only_this_server():
    policy = directives(csp_of_config())
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["font-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    scripts = policy["script-src"]
    assert scripts[0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source) for source in scripts[1:]), scripts
    assert len(set(scripts)) == len(scripts)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    for name in ("script-src", "style-src", "worker-src", "default-src"):
        for source in policy.get(name, []):
            # no hosts, schemes or wildcards: keywords and hashes are quoted
            assert source.startswith("'"), f"{name} allows {source}"
            assert source not in ("'unsafe-eval'", "'strict-dynamic'"), f"{name} allows {source}"


def test_no_version_leak(portal):
    for auth in (None, basic()):
        for path in ("/", "/no-such-page/"):
            answer = fetch(portal, path, auth)
            assert not re.search(r"\d", answer.header("Server")), answer.header("Server")
            assert not re.search(rb"nginx/\d", answer.body)


# --- compression --------------------------------------------------------------------------------

@pytest.mark.parametrize("path, kind", [
    ("/", "text/html"), ("/procedures/QP-004/", "text/html"), (f"/{FINGERPRINTED_CSS}", "text/css"),
    (f"/{FINGERPRINTED_JS}", "application/javascript"), ("/search/search_index.json", "application/json"),
    ("/stylesheets/qms.css", "text/css"),
])
def test_gzip(portal, path, kind):
    plain = get(portal, path)
    assert plain.status == 200
    assert plain.header("Content-Encoding") == ""
    packed = get(portal, path, Accept_Encoding="gzip")
    assert packed.status == 200
    assert packed.header("Content-Type").startswith(kind)
    assert packed.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in packed.header("Vary")
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body)


# --- caching ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/index.html", "/procedures/", "/procedures/QP-004/",
                                  "/versions.json", "/search/search_index.json",
                                  "/stylesheets/qms.css", "/assets/images/favicon.png"])
def test_pages_and_indexes_are_revalidated(portal, path):
    answer = get(portal, path)
    assert answer.status == 200
    assert answer.header("Cache-Control") == "no-cache"
    assert answer.header("ETag") or answer.header("Last-Modified")


@pytest.mark.parametrize("path", [f"/{FINGERPRINTED_CSS}", f"/{FINGERPRINTED_JS}",
                                  f"/latest/{FINGERPRINTED_CSS}", f"/{MIKE_VERSION}/{FINGERPRINTED_CSS}"])
def test_fingerprinted_assets_are_immutable(portal, path):
    answer = get(portal, path)
    assert answer.status == 200
    assert answer.header("Cache-Control") == IMMUTABLE
    assert answer.header("Cache-Control") != get(portal, "/").header("Cache-Control")


def test_missing_fingerprinted_asset_is_not_kept(portal):
    answer = get(portal, "/assets/javascripts/bundle.deadbeef.min.js")
    assert answer.status == 404
    assert answer.header("Cache-Control") == "no-cache"


def test_revalidation_answers_304(portal):
    first = get(portal, "/")
    again = get(portal, "/", If_None_Match=first.header("ETag"))
    assert again.status == 304


# --- a missing page -----------------------------------------------------------------------------

@pytest.mark.parametrize("path, marker", [
    ("/latest/procedures/QP-999/", b"NOT-FOUND-LATEST"),
    (f"/{MIKE_VERSION}/procedures/QP-999/", f"NOT-FOUND-{MIKE_VERSION}".encode()),
    (f"/{MIKE_VERSION}/no-such-page.html", f"NOT-FOUND-{MIKE_VERSION}".encode()),
    ("/procedures/QP-999/", b"NOT-FOUND-LATEST"),     # a folder without a 404.html: latest's
    ("/QP-999", b"NOT-FOUND-LATEST"),                 # no folder at all: latest's
])
def test_missing_page_gets_the_portal_404_of_its_release(portal, path, marker):
    answer = get(portal, path)
    assert answer.status == 404
    assert marker in answer.body
    assert answer.header("Content-Type").startswith("text/html")
    assert answer.header("Content-Security-Policy") == csp_of_config()   # headers as on every answer
    assert answer.header("Cache-Control") == "no-cache"


@pytest.mark.slow
def test_missing_page_gets_the_portals_page_not_found(nginx_binary, demo_site: Path, tmp_path):
    for server in serve(nginx_binary, tmp_path, demo_site):
        answer = get(server, "/procedures/QP-999/")
        assert answer.status == 404
        assert b"<h1>Page not found</h1>" in answer.body
        assert b"document register" in answer.body and b"data-qms-open-search" in answer.body


def test_missing_page_without_credentials_is_still_401(portal):
    answer = fetch(portal, "/latest/procedures/QP-999/")
    assert answer.status == 401
    assert b"NOT-FOUND" not in answer.body


def test_plain_build_uses_its_own_404(nginx_binary, tmp_path):
    """A site from `make build` (no latest/ folder): the 404 page at its root."""
    site = tmp_path / "site"
    (site / "procedures").mkdir(parents=True)
    (site / "index.html").write_text(page("Home", "<p>HOME</p>"), encoding="utf-8")
    (site / "404.html").write_text(page("Page not found", "<p>NOT-FOUND-PLAIN</p>"), encoding="utf-8")
    for server in serve(nginx_binary, tmp_path, site):
        for path in ("/procedures/QP-999/", "/QP-999", "/a/b/c/"):
            answer = get(server, path)
            assert (answer.status, b"NOT-FOUND-PLAIN" in answer.body) == (404, True), path
        (site / "404.html").unlink()   # no 404 page at all: nginx's own, still a 404, no loop
        answer = get(server, "/QP-999")
        assert answer.status == 404 and b"NOT-FOUND" not in answer.body


# --- what must not be served -----------------------------------------------------------------

def test_no_directory_listing(portal):
    answer = get(portal, "/drafts/")
    assert answer.status in (403, 404)
    assert b"notes.txt" not in answer.body
    assert b"Index of" not in answer.body


@pytest.mark.parametrize("path", ["/.git/config", "/.nojekyll", "/.git/"])
def test_dot_files_are_hidden(portal, path):
    answer = get(portal, path)
    assert answer.status == 404
    assert b"bare" not in answer.body


# --- the CSP against what Material really writes --------------------------------------------------

@pytest.mark.slow
def test_csp_allows_material_inline_scripts(material_site):
    found = scan_pages(material_site)
    assert len(found) >= 3, "Material wrote fewer inline scripts than expected: check the scan"
    redirect = PageScripts()
    redirect.feed(mike_redirect_page("latest/"))
    assert redirect.inline, "mike's redirect page has no inline script any more: check the scan"
    for text in redirect.inline:
        found.setdefault(script_hash(text), ("index.html (mike set-default latest)", text.strip()[:60]))
    problems = missing_hashes(found)
    if problems:
        pytest.fail(problems, pytrace=False)


@pytest.mark.slow
def test_demo_portal_needs_nothing_more(demo_site: Path):
    found = scan_pages(demo_site)
    assert found, "no inline script found in the demo portal: check the scan"
    problems = missing_hashes(found)
    if problems:
        pytest.fail(problems, pytrace=False)
    remote = []
    for html in demo_site.rglob("*.html"):
        parser = PageScripts()
        parser.feed(html.read_text(encoding="utf-8"))
        remote += [f"{html.relative_to(demo_site)}: {address}" for address in parser.addresses
                   if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", address, re.I)]
    assert not remote, "the CSP blocks scripts, stylesheets and images from other hosts:\n" + "\n".join(remote)


@pytest.mark.browser
def test_material_runs_under_the_csp_in_chromium(material_portal):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = require_tool("chromium", "chromium")
    problems: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or message.type == "error":
            problems.append(f"console {message.type}: {message.text}")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"] if os.geteuid() == 0 else [])
        try:
            context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD})
            context.set_default_timeout(15_000)
            tab = context.new_page()
            tab.on("console", on_console)
            tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            # mike's root page redirects by script: only its hash lets it run
            tab.goto(material_portal.base + "/")
            tab.wait_for_url("**/latest/")
            assert tab.evaluate("typeof __md_get") == "function"
            # the version selector fetches ../versions.json (connect-src)
            tab.wait_for_selector(".md-version__current")
            # the search worker (worker-src) and the search index (connect-src)
            tab.click("input.md-search__input")
            tab.keyboard.type("lighthouse")
            tab.wait_for_selector(".md-search-result__item")
            tab.keyboard.press("Escape")
            # instant navigation fetches the next page and swaps it in (connect-src, and the
            # page's inline scripts are inserted again: their hashes must match)
            tab.click(".md-sidebar--primary a.md-nav__link[href$='/latest/p1/']")
            tab.wait_for_url("**/latest/p1/")
            tab.wait_for_function("document.querySelector('h1').textContent.includes('Depth one')")
            for depth_page in ("p1/", "d/p2/", "d/d/p3/", "d/d/d/p4/", "d/d/d/d/p5/"):
                tab.goto(f"{material_portal.base}/latest/{depth_page}")
                assert tab.evaluate("typeof __md_get") == "function", depth_page
            # icons are data: images in Material's stylesheet (img-src data:)
            tab.goto(f"{material_portal.base}/latest/")
            mask = tab.eval_on_selector(".admonition-title", "e => getComputedStyle(e, '::before').maskImage"
                                                       " || getComputedStyle(e, '::before').webkitMaskImage")
            assert "data:image/svg+xml" in mask
            align = tab.eval_on_selector("td[style]", "e => getComputedStyle(e).textAlign")
            assert align in ("left", "start"), "style attributes were blocked"
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_published_site_is_closed_to_anonymous_readers(material_portal, material_site: Path):
    """Basic authentication: 401 without credentials for the home page, search index, sitemap and an asset; 200 with them."""
    stylesheet = next((material_site / "assets" / "stylesheets").glob("main.*.css")).name
    paths = ["/", "/latest/", "/latest/search/search_index.json", "/latest/sitemap.xml",
             f"/latest/assets/stylesheets/{stylesheet}", f"/{MIKE_VERSION}/sitemap.xml"]
    for path in paths:
        assert fetch(material_portal, path).status == 401, path
        assert fetch(material_portal, path, basic()).status == 200, path
    latest = get(material_portal, "/latest/")
    assert b"md-content" in latest.body  # /latest/ resolves to the real home page of the release
