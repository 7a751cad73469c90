"""mkdocs-macros module: exposes the qms model to hand-written pages in docs/.

The model is built by qms_hooks.on_config; macros read it when a page renders,
so they always see the current build's data.
"""

from __future__ import annotations

from qms.features import default_registry
from qms.macros import Macros, macro_names


def define_env(env) -> None:
    def bind(name: str):
        def macro(*args, **kwargs):
            return Macros(env.conf["qms_state"], env.page.file.src_uri).call(name, *args, **kwargs)
        macro.__name__ = name
        return macro

    # names must be known before on_config builds the state: every built-in feature's, so a page calling
    # one of a feature the portal left out gets a message that says so
    for name in macro_names(default_registry()):
        env.macro(bind(name), name)
