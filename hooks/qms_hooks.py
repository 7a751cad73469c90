"""MkDocs adapter for the qms core: each event hands over to the core and returns.

Data problems raise PluginError (the build fails before anything is written);
advisory flags at warning or error level go to the ``mkdocs.plugins.*`` logger so that --strict
counts them. Notes and operational facts (a KPI value not yet entered, an audit late) are logged at
debug level (``-v`` shows them) with one summary line at info: they never fail a build, and a
first ``make serve`` should say where the portal is, not print a hundred notes.
Under ``mkdocs serve`` a failed build shows its problems in the browser (qms_serve.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from qms.build import BuildState, prepare
from qms.errors import DataErrors
from qms.glossary import abbreviation_lines
from qms.list_start import ListStart
from qms.page_macros import MacroProblems
from qms.sanitize import sanitize
from qms.settings import SettingsError
from qms.today import TodayError
from qms_page_checks import check_pages, pages_summary  # sibling modules: importable only here, at the top
from qms_serve import ServeErrors

log = get_plugin_logger(__name__)
STATE_KEY = "qms_state"  # per-build state lives on the config object, made anew in on_config
MACRO_PROBLEMS_KEY = "qms_macro_problems"  # filled by the macros of hooks/macros.py while pages render
AUTHORED_KEY = "qms_authored_pages"  # for the has_page() macro
LOG_LEVELS = {"error": log.error, "warning": log.warning, "info": log.debug}
# Set once per mkdocs process in on_startup: the hook module is the plugin instance, and what a
# serve session remembers between rebuilds (the last build's problems) has nowhere else to live.
_serve: ServeErrors | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    global _serve
    _serve = ServeErrors() if command == "serve" else None
    # mkdocs-macros says at info which module and names it found, on every build: debug is enough
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


def on_serve(server: Any, /, *, config: MkDocsConfig, builder: Callable) -> Any:
    return _serve.attach(server) if _serve is not None else server


def on_build_error(*, error: Exception) -> None:
    if _serve is not None:
        _serve.other_error(error)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    if config.site_url and not config.site_url.endswith("/"):
        # mike appends the release without a slash (…/2026.11): on the 404 page, whose base is
        # site_url's path, Material would look for the search index and sitemap outside the release
        config["site_url"] = config.site_url + "/"
    first_served = _serve is not None and _serve.build_started()
    config.markdown_extensions.append(ListStart())  # a section's steps start at their own number
    if _serve is not None:
        # no release exists while serving: no version menu, so no request for a missing versions.json
        config.extra["version"] = None
    try:
        # site_url from MkDocs' config, not the raw file: mike rewrites it for each release
        state = prepare(root, config.extra.get("qms"), environ=os.environ, site_url=config.site_url or "")
    except DataErrors as exc:
        if _serve is not None:
            _serve.data_errors(exc.errors)
        return stop(config, f"The QMS data has problems:\n{exc.summary()}", first_served)
    except (SettingsError, TodayError) as exc:
        return stop(config, f"Settings problem:\n{exc}", first_served)
    for flag in state.analysis.flags:
        # operational facts are never at warning level whatever their severity: --strict must not
        # count them, so a late KPI value never holds back a corrected procedure (the dashboard
        # shows their severity)
        LOG_LEVELS["info" if flag.operational else flag.severity](str(flag))
    log.info(flag_summary(state))
    errors = [flag for flag in state.analysis.document_problems if flag.severity == "error"]
    if errors:
        if _serve is not None:
            _serve.flags_at_error_level(errors)
        return stop(config, f"{len(errors)} {'flag' if len(errors) == 1 else 'flags'} at error level: fix them, or "
                            "change their severity under extra.qms.severity in mkdocs.yml", first_served)
    page_problems = check_pages(config, state)
    if page_problems:
        if _serve is not None:
            _serve.data_errors(page_problems)
        return stop(config, pages_summary(page_problems), first_served)
    config[STATE_KEY] = state
    config[MACRO_PROBLEMS_KEY] = MacroProblems()
    # the theme links the news feed from every page only when a feature writes one
    config.extra["qms_feed"] = next((page.src_uri for page in state.pages if page.src_uri.endswith(".xml")), None)
    return config


def stop(config: MkDocsConfig, message: str, first_served: bool) -> MkDocsConfig:
    """Fail the build. Not the first build of ``mkdocs serve``, which mkdocs would not survive: that
    one builds no pages, and the server answers every page with the problems until a rebuild succeeds."""
    if not first_served:
        raise PluginError(message) from None
    log.error(message)
    _serve.other_error(message)  # kept only when no data errors or flags said more
    _serve.failed()
    config[STATE_KEY] = None
    config.extra["qms_feed"] = None
    return config


def flag_summary(state: BuildState) -> str:
    """One line for the terminal: the counts, and the command that lists every flag."""
    problems = state.analysis.document_problems
    errors = sum(flag.severity == "error" for flag in problems)
    warnings = sum(flag.severity == "warning" for flag in problems)
    notes = len(problems) - errors - warnings
    facts = len(state.analysis.operational_facts)
    shown = " (above)" if errors + warnings else ""
    return (f"QMS checks: {counted(len(state.analysis.reports), 'document')}, {counted(errors, 'error')}, "
            f"{counted(warnings, 'warning')}{shown}, {counted(facts, 'operational fact')}, "
            f"{counted(notes, 'note')}: 'qms check --operational -v' lists them all")


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    state: BuildState | None = config[STATE_KEY]
    if state is None:  # stop() in the first build of mkdocs serve: the server shows the problems instead of pages
        for file in files.documentation_pages():
            files.remove(file)
        return files
    authored = [file.src_uri for file in files.documentation_pages()]
    config[AUTHORED_KEY] = frozenset(authored)
    for file in files.documentation_pages():
        file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
    if not config.nav:
        config.nav = state.navigation(authored)
    in_nav = nav_pages(config.nav)
    for page in state.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            log.info(f"docs/{page.src_uri} is written by hand, so it replaces the generated page")
            continue
        # a record page the portal's navigation leaves out on purpose (NCRs, audits: reached from
        # their register) is NOT_IN_NAV, so mkdocs does not list it as forgotten
        inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
        file.edit_uri = page.source
        files.append(file)
    for name, content in state.artifacts().items():
        files.append(File.generated(config, name, content=content))
    for name, source in state.site_files().items():
        files.append(File.generated(config, name, abs_src_path=str(source)))
    return files


def nav_pages(nav: Any) -> set[str]:
    """Every page path named in a navigation (MkDocs' nested lists, dicts and strings)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        nav = list(nav.values())
    return set().union(*(nav_pages(item) for item in nav)) if isinstance(nav, list) else set()


def on_env(env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
    """Every page is rendered now and none written: macros whose arguments were computed report here."""
    problems = sorted(config[MACRO_PROBLEMS_KEY].errors) if config[STATE_KEY] is not None else []
    if problems:
        if _serve is not None:
            _serve.data_errors(problems)
        if _serve is not None and _serve.builds == 1:  # as stop(): mkdocs serve would not survive it
            log.error(pages_summary(problems))
            _serve.failed()
            return env
        raise PluginError(pages_summary(problems))
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Abbreviations from the glossary get a tooltip on every page (the abbr extension)."""
    return markdown + abbreviation_lines(config[STATE_KEY].repository)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page passes the HTML allowlist: generated pages and macros print data, and so may any page."""
    return sanitize(html)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Procedure pages in the search index get the entries `qms search` ranks, so both answer alike."""
    state: BuildState | None = config[STATE_KEY]
    rewrite = state.registry.service("rewrite_search_index") if state is not None else None
    index = Path(config.site_dir) / "search" / "search_index.json"
    if rewrite is not None and index.is_file():
        rewrite(index, state.repository)

