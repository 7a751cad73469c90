"""mkdocs-macros module: exposes the qms model to hand-written pages in docs/.

The model is built by qms_hooks.on_config; macros read it when a page renders,
so they always see the current build's data.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils import meta

from qms.features import default_registry
from qms.macros import MacroError, Macros, macro_names
from qms.page_macros import page_source, rendering_line

PROBLEMS_KEY = "qms_macro_problems"  # made anew in qms_hooks.on_config, reported in its on_env
AUTHORED_KEY = "qms_authored_pages"  # listed by qms_hooks.on_files
PLACEHOLDER = "**(a macro failed here: the build says why)**"


def define_env(env) -> None:
    def bind(name: str):
        def macro(*args, **kwargs):
            try:
                macros = Macros(env.conf["qms_state"], env.page.file.src_uri, env.conf.get(AUTHORED_KEY, ()))
                return macros.call(name, *args, **kwargs)
            except MacroError as error:
                # raised, mkdocs-macros would stop the build with a traceback and no line: the build
                # reports every such problem with its line once all pages are rendered (qms_hooks.on_env)
                env.conf[PROBLEMS_KEY].add(source_of(env), rendering_line(), name, error)
                return PLACEHOLDER
        macro.__name__ = name
        return macro

    # names must be known before on_config builds the state: every built-in feature's, so a page calling
    # one of a feature the portal left out gets a message that says so
    for name in macro_names(default_registry()):
        env.macro(bind(name), name)


def source_of(env):
    file = env.page.file
    label = f"{Path(env.conf.docs_dir).name}/{file.src_uri}"
    text = Path(file.abs_src_path).read_text(encoding="utf-8") if file.abs_src_path else ""
    return page_source(label, text, meta.get_data)
