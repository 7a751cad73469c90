"""``mkdocs serve``: a build that fails shows its problems in the browser, not only in the terminal.

Left alone, mkdocs 1.6 keeps every page request waiting after a failed rebuild (it serves no
half-built site) and the author sees nothing in the browser. Here the server answers every page
with an error page instead: each problem with its ``path:line``, the field and what to do. The
page waits on the server's own live-reload address and reloads as soon as the next build ends,
so saving a fixed file brings the portal back by itself. Assets, search and the live-reload
address pass through untouched.

Only ``mkdocs serve`` gets this: ``mkdocs build`` and ``qms build`` fail as they always did.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from mkdocs.plugins import get_plugin_logger

from qms.errors import DataError
from qms.terminal import terminal_text

log = get_plugin_logger(__name__)
TEMPLATE = Path(__file__).with_name("qms_serve_error.html")
# a page is a folder address or an .html file; anything else (CSS, JS, images, JSON) passes
PAGE_SUFFIXES = ("/", ".html", ".htm")
BUILD_WAIT_SECONDS = 120


@dataclass(frozen=True)
class Problem:
    """One thing that stopped the build, as the error page shows it."""

    where: str          # "data/procedures/QP-004.yml:12" or "" when no file is known
    field: str
    message: str
    hint: str = ""


def problems_of(errors: list[DataError]) -> list[Problem]:
    return [Problem(where=terminal_text(error.path if error.file_level else f"{error.path}:{error.line}"),
                    field=terminal_text(error.field), message=terminal_text(error.message),
                    hint=terminal_text(error.hint)) for error in errors]


@dataclass
class ServeErrors:
    """The state of one ``mkdocs serve`` process: what the last build got wrong, if anything."""

    builds: int = 0                                # builds started, so the first one is known
    problems: list[Problem] | None = None          # the failed build's problems; None: the site is good
    pending: list[Problem] = field(default_factory=list)
    server: Any = None
    building: bool = False
    done: threading.Condition = field(default_factory=threading.Condition)

    # --- what the build tells us ---------------------------------------------------------------

    def build_started(self) -> bool:
        """Count a build; True for the first one (mkdocs stops serving when that one fails)."""
        self.builds += 1
        return self.builds == 1

    def data_errors(self, errors: list[DataError]) -> None:
        self.pending = problems_of(errors)

    def flags_at_error_level(self, flags: list[Any]) -> None:
        self.pending = [Problem(f"{flag.file}:{flag.line}" if flag.line else flag.file, "",
                                terminal_text(f"[{flag.kind}] {flag.message}"),
                                "fix it, or change the severity of this kind under extra.qms.severity in mkdocs.yml")
                        for flag in flags]

    def other_error(self, error: BaseException | str) -> None:
        if not self.pending:  # data errors say more than the PluginError that carries them
            self.pending = [Problem("", "", terminal_text(line)) for line in str(error).splitlines() if line.strip()]

    def failed(self) -> None:
        self.problems = self.pending or [Problem("", "", "The build failed: the terminal says why.")]

    def succeeded(self) -> None:
        self.problems = None

    # --- the server ----------------------------------------------------------------------------

    def attach(self, server: Any) -> Any:
        """Wrap the server's rebuild and its web application (both public attributes of wsgiref/mkdocs)."""
        self.server = server
        rebuild = server.builder

        def builder(*args: Any, **kwargs: Any) -> None:
            with self.done:
                self.building = True
            self.pending = []
            try:
                rebuild(*args, **kwargs)
            except Exception:  # noqa: BLE001 - any failure of a build is shown, never raised:
                # raised, mkdocs would keep every page request waiting until a build succeeds
                self.failed()
                log.warning(f"Every page of the portal shows the {self.count()} until the next build "
                            "succeeds: fix the file and save it.")
            else:
                self.succeeded()
            finally:
                with self.done:
                    self.building = False
                    self.done.notify_all()

        server.builder = builder
        server.set_app(self.application(server.get_app()))
        return server

    def count(self) -> str:
        number = len(self.problems or [])
        return f"{number} problem" + ("" if number == 1 else "s")

    def application(self, app: Callable) -> Callable:
        def serve(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            if path == self.server.mount_path + "versions.json" and not self.has("versions.json"):
                # no release while serving: an empty list of releases, not a 404 warning per page
                start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
                return [b"[]"]
            if path.startswith("/livereload/") or not is_page(path):
                return app(environ, start_response)
            with self.done:  # as mkdocs does: no answer from a build that is still running
                self.done.wait_for(lambda: not self.building, timeout=BUILD_WAIT_SECONDS)
            if self.problems is None:
                return app(environ, start_response)
            body = self.page().encode("utf-8")
            start_response("500 Internal Server Error", [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store")])
            return [body]
        return serve

    def has(self, name: str) -> bool:
        return (Path(self.server.root) / name).is_file()

    def page(self) -> str:
        environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
        return template.render(problems=self.problems or [], count=self.count(), epoch=self.epoch(),
                               request_id=round(time.monotonic() * 1000))

    def epoch(self) -> int:
        """The build the page was made from: the live-reload address answers once a newer one is done.

        mkdocs' own live-reload script is given the same number (``_visible_epoch``, milliseconds of
        the monotonic clock). Should it move, now is a safe stand-in: every later build is newer."""
        visible = getattr(self.server, "_visible_epoch", None)
        return int(visible) if isinstance(visible, int) else round(time.monotonic() * 1000)


def is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith(PAGE_SUFFIXES) or "." not in last
