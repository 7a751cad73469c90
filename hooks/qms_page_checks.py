"""The macro calls of the hand-written pages in docs/, checked in on_config (see qms/page_macros.py).

on_config is the last event before MkDocs empties the site folder: a bad id found here fails the
build while the last good site is still whole, even for a plain ``mkdocs build``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import get_files
from mkdocs.utils import meta

from qms.build import BuildState
from qms.errors import DataError
from qms.features import default_registry
from qms.macros import Macros, macro_names
from qms.page_macros import check_page, page_source
from qms.text import counted

# names mkdocs-macros gives a page only once the build has its files and navigation
LATE_NAMES = {"page", "navigation", "files"}


def check_pages(config: MkDocsConfig, state: BuildState) -> list[DataError]:
    """The macro calls of the pages in docs/, run before MkDocs empties the site folder (see
    qms/page_macros.py): a bad id fails the build while the last good site is still whole."""
    plugin = config.plugins.get("macros")
    environment = getattr(plugin, "env", None)  # made by the plugin's on_config, which runs before ours
    if plugin is None or environment is None:
        return []
    names = set(macro_names(default_registry()))
    known = set(environment.globals) | set(plugin.variables) | set(config.extra) | LATE_NAMES
    problems: list[DataError] = []
    for file in get_files(config).documentation_pages():
        source = page_source(f"{Path(config.docs_dir).name}/{file.src_uri}",
                             Path(file.abs_src_path).read_text(encoding="utf-8-sig"), meta.get_data)
        if not source.renders_macros(plugin.config["render_by_default"]):
            continue
        problems += check_page(source, environment, names, known_names=known, has_feature=state.registry.has,
                               run=lambda name, args, kwargs, uri=file.src_uri: Macros(state, uri).call(
                                   name, *args, **kwargs))
    return sorted(problems)


def pages_summary(problems: list[DataError]) -> str:
    count = len(problems)
    return "\n".join([*map(str, problems), f"{counted(count, 'problem')} in the macros of hand-written pages: "
                                            f"fix {'it' if count == 1 else 'them'} and build again."])
