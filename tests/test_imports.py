"""The shape of the qms package, read from its source with ``ast``: no import cycles, a core
that never imports a feature or MkDocs, and the environment read only by the command line.

``ast`` rather than import-linter: these four rules fit in one page and need no
extra pinned dependency, and they also see imports inside functions, which
were how cycles used to hide. Imports under ``if TYPE_CHECKING:`` never run, so the layer rules leave them out;
the cycle rule counts them too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qms"

# Where a build is wired from outside: they may import the built-in features.
EDGE = {"qms.cli", "qms.build", "qms.publish", "qms.sitebuild", "qms.project"}
# The one module of the package that reads the process's environment. It hands what it read down as
# arguments (to prepare, build_site, publish), so a build is reproducible from its arguments; the
# MkDocs hook, outside the package, does the same for the builds MkDocs runs.
ENVIRONMENT_READERS = {"qms.cli"}
ENVIRONMENT_NAMES = ("environ", "environb", "getenv", "getenvb")


def module_files() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def imported(name: str, path: Path, modules: dict[str, Path], with_types: bool = False) -> set[str]:
    """Every module ``name`` imports at run time, at any depth of its code (and for type checkers too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    skipped = set() if with_types else type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in modules)
    return found


def graph(with_types: bool = False) -> dict[str, set[str]]:
    modules = module_files()
    return {name: imported(name, path, modules, with_types) for name, path in modules.items()}


def is_core(name: str) -> bool:
    return name not in EDGE and name != "qms.features" and not name.startswith("qms.features.")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in edges or target == module:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_package_has_no_import_cycles():
    assert cycles(graph()) == []


def test_not_even_imports_for_type_checkers_form_a_cycle():
    """A cycle hidden under TYPE_CHECKING still ties two modules together for whoever changes them."""
    assert cycles(graph(with_types=True)) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_core_never_imports_a_feature():
    offenders = {name: sorted(target for target in targets if target.startswith("qms.features"))
                 for name, targets in graph().items() if is_core(name)}
    assert {name: targets for name, targets in offenders.items() if targets} == {}


def test_nothing_in_the_package_imports_mkdocs():
    offenders = {name: sorted(t for t in targets if t == "mkdocs" or t.startswith(("mkdocs.", "material")))
                 for name, targets in graph().items()}
    assert {name: targets for name, targets in offenders.items() if targets} == {}


def reads_environment(source: str) -> bool:
    """Whether code reads ``os.environ`` or ``os.getenv``, under any name it gives ``os``."""
    tree = ast.parse(source)
    os_names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names if alias.name == "os"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_NAMES \
                and isinstance(node.value, ast.Name) and node.value.id in os_names:
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "os" \
                and any(alias.name in ENVIRONMENT_NAMES for alias in node.names):
            return True
    return False


def test_the_environment_scan_sees_every_way_of_reading_it():
    assert reads_environment("import os\nos.environ.get('QMS_TODAY')")
    assert reads_environment("import os\ndef f():\n    return os.getenv('HOME')")
    assert reads_environment("import os as system\nsystem.environ['X']")
    assert reads_environment("from os import environ")
    assert not reads_environment("import os\nos.path.join('a', 'b')")
    assert not reads_environment("def f(environ):\n    return environ.get('QMS_TODAY')")


def test_only_the_command_line_reads_the_environment():
    readers = {name for name, path in module_files().items()
               if reads_environment(path.read_text(encoding="utf-8"))}
    assert readers <= ENVIRONMENT_READERS, sorted(readers - ENVIRONMENT_READERS)


def test_nothing_imports_the_mkdocs_adapter():
    """The adapter (hooks/) sits on top: it imports the core and the features, never the reverse."""
    adapters = {path.stem for path in (PACKAGE.parent / "hooks").glob("*.py")}
    offenders = {name: sorted(t for t in targets if t.split(".")[0] in adapters | {"hooks"})
                 for name, targets in graph().items()}
    assert {name: targets for name, targets in offenders.items() if targets} == {}
    assert "qms_hooks" in adapters
