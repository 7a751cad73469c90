"""Macro calls in hand-written pages, checked before the build starts.

mkdocs-macros runs a page's macros only while it renders that page: by then MkDocs has
emptied the site folder, and a failing macro ends the build with a traceback and no line.
Every call whose arguments are written out (``procedure("QP-009")``) is run here first,
against the same model, so each bad id comes back as one ``path:line`` message, all of
them in one run, while the last good site is still in place.

Calls whose arguments are computed (a loop variable, another macro's result) can only be
judged while the page renders: ``MacroProblems`` keeps what they got wrong for the build
to report the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import difflib
import sys

import jinja2
from jinja2 import meta, nodes

from .errors import DataError
from .macros import MacroError

SYNTAX_HINT = "every {{ needs its }} and every {% its %}; to show braces as text, put them between " \
              "{% raw %} and {% endraw %}"

RunMacro = Callable[[str, tuple, dict], Any]


@dataclass(frozen=True)
class PageSource:
    """A page as mkdocs-macros sees it: the Markdown after the front matter, and where it starts."""

    path: str                  # as messages show it, e.g. "docs/mine.md"
    markdown: str
    first_line: int = 1        # the file's line of the Markdown's first line
    meta: Mapping[str, Any] = field(default_factory=dict)

    def renders_macros(self, by_default: bool) -> bool:
        wanted = self.meta.get("render_macros")
        return by_default if wanted is None else bool(wanted)

    def column_of(self, line: int, name: str) -> int:
        text = self.markdown.splitlines()[line - 1] if 0 < line <= len(self.markdown.splitlines()) else ""
        found = text.find(name + "(")
        return (found if found >= 0 else max(text.find(name), 0)) + 1


def page_source(path: str, text: str, split: Callable[[str], tuple[str, dict]]) -> PageSource:
    """``split`` is the site generator's own front-matter reader, so lines count as it cuts the page."""
    markdown, page_meta = split(text)
    first_line = text[:len(text) - len(markdown)].count("\n") + 1 if text.endswith(markdown) else 1
    return PageSource(path, markdown, first_line, page_meta if isinstance(page_meta, dict) else {})


def check_page(page: PageSource, environment: jinja2.Environment, names: set[str],
               run: RunMacro, has_feature: Callable[[str], bool],
               known_names: set[str] = frozenset()) -> list[DataError]:
    """The problems of one page: text Jinja cannot read, unknown names, literal macro calls that fail.

    ``known_names`` are the other names a page may use (variables of the macros plugin); empty, unknown
    names are not looked for."""
    try:
        template = environment.parse(page.markdown)
    except jinja2.TemplateSyntaxError as exc:
        line = page.first_line + (exc.lineno or 1) - 1
        return [DataError(page.path, line, 1, "", f"the page's macro text cannot be read: {exc.message}",
                          SYNTAX_HINT)]
    problems = unknown_names(page, template, known_names | names | set(page.meta)) if known_names else []
    for call in macro_calls(template, names, has_feature):
        arguments = literal_arguments(call)
        if arguments is None:
            continue  # computed while the page renders: checked then
        args, kwargs = arguments
        name = call.node.name
        line = page.first_line + call.lineno - 1
        column = page.column_of(call.lineno, name)
        try:
            run(name, args, kwargs)
        except MacroError as exc:
            problems.append(DataError(page.path, line, column, "", str(exc)))
        except TypeError as exc:
            problems.append(DataError(page.path, line, column, call_text(name, args, kwargs),
                                      f"these arguments do not fit the macro ({exc})",
                                      "the help page lists each macro with its arguments"))
    return problems


def unknown_names(page: PageSource, template: nodes.Template, known: set[str]) -> list[DataError]:
    """Names the page reads that nothing defines: the render would stop at them."""
    tested = {test.node.name for test in template.find_all(nodes.Test)
              if test.name in ("defined", "undefined") and isinstance(test.node, nodes.Name)}
    unknown = meta.find_undeclared_variables(template) - known - tested
    problems = []
    for name in sorted(unknown):
        use = next(node for node in template.find_all(nodes.Name) if node.name == name and node.ctx == "load")
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"did you mean {close[0]}?" if close else "the help page lists every macro"
        problems.append(DataError(page.path, page.first_line + use.lineno - 1, page.column_of(use.lineno, name),
                                  "", f"{name}: no macro or variable has this name", hint))
    return problems


def macro_calls(node: nodes.Node, names: set[str], has_feature: Callable[[str], bool]) -> Iterator[nodes.Call]:
    """Calls of our macros, leaving out those under ``{% if has_feature("x") %}`` of a feature left out."""
    if isinstance(node, nodes.If):
        decided = feature_test(node.test, has_feature)
        if decided is not None:
            branches = [node.body] if decided else [node.elif_, node.else_]
            for branch in branches:
                for child in branch:
                    yield from macro_calls(child, names, has_feature)
            return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in names:
        yield node
    for child in node.iter_child_nodes():
        yield from macro_calls(child, names, has_feature)


def feature_test(test: nodes.Expr, has_feature: Callable[[str], bool]) -> bool | None:
    """The value of ``has_feature("x")`` or ``not has_feature("x")``; None for any other test."""
    if isinstance(test, nodes.Not):
        inner = feature_test(test.node, has_feature)
        return None if inner is None else not inner
    if (isinstance(test, nodes.Call) and isinstance(test.node, nodes.Name) and test.node.name == "has_feature"
            and len(test.args) == 1 and not test.kwargs and isinstance(test.args[0], nodes.Const)
            and isinstance(test.args[0].value, str)):
        return has_feature(test.args[0].value)
    return None


def literal_arguments(call: nodes.Call) -> tuple[tuple, dict] | None:
    """The call's arguments when every one is written out; None when any is computed."""
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return None
    values = [*call.args, *(keyword.value for keyword in call.kwargs)]
    if not all(isinstance(value, nodes.Const) for value in values):
        return None
    args = tuple(value.value for value in call.args)
    return args, {keyword.key: keyword.value.value for keyword in call.kwargs}


def call_text(name: str, args: tuple, kwargs: dict) -> str:
    return f"{name}({', '.join([*map(repr, args), *(f'{key}={value!r}' for key, value in kwargs.items())])})"


@dataclass
class MacroProblems:
    """What macros got wrong while pages rendered, for the build to report together at the end."""

    errors: list[DataError] = field(default_factory=list)

    def add(self, page: PageSource, line: int | None, name: str, error: MacroError) -> None:
        if line is None:
            self.errors.append(DataError(page.path, 0, 0, "", str(error)))
        else:
            self.errors.append(DataError(page.path, page.first_line + line - 1, page.column_of(line, name), "",
                                         str(error)))


def rendering_line() -> int | None:
    """The line of the page whose macro is running, from the Jinja template on the call stack."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None

