"""Macros for hand-written pages: documented, failing loudly on unknown ids, escaping data."""

from __future__ import annotations

import pytest

from qms.build import prepare
from qms.features import default_registry
from qms.macros import MacroError, Macros, macro_names

from conftest import environment, mkdocs_build


@pytest.fixture(scope="module")
def macros(tmp_path_factory):
    from conftest import copy_project
    org = copy_project(tmp_path_factory.mktemp("macros") / "portal")
    return Macros(prepare(org, {}, environ=environment()), "index.md")


def test_every_macro_is_listed_and_documented(macros):
    functions = macros.functions()
    assert set(functions) == set(macro_names(default_registry()))
    table = macros.macro_reference()
    for name in functions:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}("))
        assert not row.rstrip().endswith("|  |"), f"{name} has no docstring"


def test_links_are_relative_to_the_page(macros):
    assert macros.procedure("QP-010") == "[QP-010 Customer complaints and feedback](procedures/QP-010.md)"
    assert macros.role("quality-manager") == "[Quality Manager](roles/quality-manager.md)"
    nested = Macros(macros.state, "guides/new/page.md")
    assert nested.procedure("QP-010", title=False) == "[QP-010](../../procedures/QP-010.md)"


@pytest.mark.parametrize("call", [lambda m: m.procedure("QP-999"), lambda m: m.procedure("QP-023"),
                                  lambda m: m.role("nobody"), lambda m: m.register(area="nowhere"),
                                  lambda m: m.area("nowhere")])
def test_unknown_ids_raise(macros, call):
    with pytest.raises(MacroError):
        call(macros)


def test_register_filters(macros):
    customers = macros.register(area="customers")
    assert "QP-010" in customers and "QP-001" not in customers
    owned = macros.register(owner="document-controller")
    assert "QP-001" in owned and "QP-010" not in owned


@pytest.mark.slow
def test_unknown_macro_id_fails_the_build(org):
    page = org / "docs/extra.md"
    page.write_text("# Extra\n\nSee {{ procedure('QP-999') }}.\n")
    result = mkdocs_build(org)
    assert result.returncode != 0
    assert "QP-999" in result.stderr


@pytest.mark.slow
def test_undefined_name_fails_the_build(org):
    (org / "docs/extra.md").write_text("# Extra\n\n{{ no_such_thing }}\n")
    assert mkdocs_build(org).returncode != 0
