"""Feedback link templates: only the documented {name} placeholders; rendering never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from qms.feedback import PLACEHOLDERS, fill
from qms.build import load

from conftest import edit, errors_of, line_of, qms

ORG = "data/organisation.yml"
ALLOWED = ", ".join("{" + name + "}" for name in PLACEHOLDERS)


@pytest.mark.parametrize("placeholder, message", [
    ("{title:d}", "{title:d} is not allowed: write the placeholder alone, with no format or conversion"),
    ("{id:>3000000}", "{id:>3000000} is not allowed"),
    ("{id!r}", "{id!r} is not allowed"),
    ("{id.__class__}", "unknown placeholder {id.__class__}"),
    ("{id[0]}", "unknown placeholder {id[0]}"),
    ("{0}", "unknown placeholder {0}"),
    ("{}", "unknown placeholder {}"),
])
def test_only_plain_documented_placeholders(org, placeholder, message):
    edit(org, ORG, "subject=Problem with {id}", f"subject=Problem with {placeholder}")
    line = line_of(org, ORG, "  problem:")
    errors = errors_of(org)
    expected = f"{ORG}:{line}:3: feedback.problem: {message}"
    matching = [e for e in errors if e.startswith(expected)]
    assert matching, errors
    assert matching[0].endswith(f"(use only {ALLOWED}; write {{{{ or }}}} for a literal brace)")


def test_every_bad_placeholder_is_reported(org):
    edit(org, ORG, "subject=Problem with {id} {title}", "subject=Problem with {id:x} {title!s} {nope}")
    errors = [e for e in errors_of(org) if "feedback.problem" in e]
    assert len(errors) == 3, errors


def test_literal_braces_are_allowed(org):
    edit(org, ORG, "subject=Problem with {id}", "subject={{QMS}} Problem with {id}")
    assert load(org)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from("{}:!.[]0>dridtitle_x "), max_size=30))
def test_filling_never_raises_and_never_grows_past_its_values(template):
    values = {name: "v" for name in PLACEHOLDERS}
    result = fill(template, values)
    assert result is None or len(result) <= len(template) + len(PLACEHOLDERS) * len(template)


@pytest.mark.slow
def test_bad_template_stops_the_build_with_exit_2(org):
    edit(org, ORG, "subject=Problem with {id}", "subject=Problem with {id:>3000000}")
    result = qms(org, "build")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "feedback.problem: {id:>3000000} is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
