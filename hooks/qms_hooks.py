"""MkDocs adapter for the qms core: each event hands over to the core and returns.

Data problems raise PluginError (the build fails before anything is written);
advisory flags go to the ``mkdocs.plugins.*`` logger so that --strict counts them; operational
facts (a KPI value not yet entered, an audit late) are logged at info level, so they never fail a build.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from qms.build import BuildState, prepare
from qms.errors import DataErrors
from qms.glossary import abbreviation_lines
from qms.sanitize import sanitize
from qms.settings import SettingsError
from qms.today import TodayError

log = get_plugin_logger(__name__)
STATE_KEY = "qms_state"  # per-build state lives on the config object, made anew in on_config
LOG_LEVELS = {"error": log.error, "warning": log.warning, "info": log.info}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        # site_url from MkDocs' config, not the raw file: mike rewrites it for each release
        state = prepare(root, config.extra.get("qms"), environ=os.environ, site_url=config.site_url or "")
    except DataErrors as exc:
        raise PluginError(f"The QMS data has problems:\n{exc.summary()}") from None
    except (SettingsError, TodayError) as exc:
        raise PluginError(f"Settings problem:\n{exc}") from None
    for flag in state.analysis.flags:
        # operational facts go to info whatever their severity: --strict must not count them, so a
        # late KPI value never holds back a corrected procedure (the dashboard shows their severity)
        LOG_LEVELS["info" if flag.operational else flag.severity](str(flag))
    log.info(state.analysis.summary())
    errors = [flag for flag in state.analysis.document_problems if flag.severity == "error"]
    if errors:
        raise PluginError(f"{len(errors)} {'flag' if len(errors) == 1 else 'flags'} at error level: fix them, or change their "
                          "severity under extra.qms.severity in mkdocs.yml")
    config[STATE_KEY] = state
    # the theme links the news feed from every page only when a feature writes one
    config.extra["qms_feed"] = next((page.src_uri for page in state.pages if page.src_uri.endswith(".xml")), None)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    state: BuildState = config[STATE_KEY]
    authored = [file.src_uri for file in files.documentation_pages()]
    for file in files.documentation_pages():
        file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
    for page in state.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            log.info(f"docs/{page.src_uri} is written by hand, so it replaces the generated page")
            continue
        file = File.generated(config, page.src_uri, content=page.content)
        file.edit_uri = page.source
        files.append(file)
    for name, content in state.artifacts().items():
        files.append(File.generated(config, name, content=content))
    if not config.nav:
        config.nav = state.navigation(authored)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Abbreviations from the glossary get a tooltip on every page (the abbr extension)."""
    return markdown + abbreviation_lines(config[STATE_KEY].repository)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page passes the HTML allowlist: generated pages and macros print data, and so may any page."""
    return sanitize(html)
