"""Every scalar refuses invisible control and bidirectional characters; short fields refuse line breaks;
glossary abbreviations can never carry HTML onto every page."""

from __future__ import annotations

import pytest

from qms.glossary import abbreviation_lines
from qms.jsonschema import schema_of
from qms.kinds import role

from conftest import edit, errors_of, line_of, mkdocs_build

QP = "data/procedures/QP-001.yml"
ROLE = "data/roles/quality-manager.yml"
GLOSSARY = "data/glossary.yml"


@pytest.mark.parametrize("old, new, message", [
    # A text field, written with a YAML escape
    ("title: Control of documented information", r'title: "Control of \e[31mdocumented"',
     "title: contains the invisible character U+001B (ESC)"),
    ("title: Control of documented information", r'title: "Control\0"', "title: contains the invisible character U+0000 (NUL)"),
    # A choice and a date field go through the same scalar reading
    ("status: approved", "status: \"approved\u202e\"", "status: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("last_reviewed: 2026-04-14", 'last_reviewed: "2026-04-14\\u2066"',
     "review.last_reviewed: contains the invisible character U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("interval_months: 12", 'interval_months: "\\x9b12"', "review.interval_months: contains the invisible character U+009B"),
])
def test_control_and_bidi_characters_are_refused_in_every_scalar(org, old, new, message):
    edit(org, QP, old, new)
    line = line_of(org, QP, new.split(":")[0] + ":")
    errors = errors_of(org)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{QP}:{line}:") and message in errors[0], errors
    assert "(delete it" in errors[0]


def test_a_bidi_override_inside_a_block_points_at_its_line(org):
    edit(org, ROLE, "purpose: Runs the quality", "purpose: |\n  Runs the\n  quality \u202e system. Runs the quality")
    line = line_of(org, ROLE, "\u202e")
    assert errors_of(org) == [
        f"{ROLE}:{line}:11: purpose: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) "
        "(delete it: retype the text around it, or copy it from a plain-text source)"]


def test_a_control_character_typed_into_the_file_names_line_and_column(org):
    edit(org, ROLE, "title: Quality Manager", "title: Quality\x1bManager")
    errors = errors_of(org)
    assert any(error.startswith(f"{ROLE}:2:15: contains the invisible character U+001B (ESC)")
               and "delete it" in error for error in errors), errors


@pytest.mark.parametrize("relative, old, new, field", [
    (ROLE, "title: Quality Manager", "title: |\n  Quality\n  Manager", "title"),
    (QP, "title: Control of documented information", 'title: "Control of\\ndocumented information"', "title"),
    (GLOSSARY, "abbreviation: NCR", "abbreviation: |\n      NCR\n      <img src=x onerror=alert(1)>",
     "terms[20].abbreviation"),
    (GLOSSARY, "  - term: Nonconformity report", "  - term: >-\n      Nonconformity\n\n      report", "terms[20].term"),
])
def test_short_fields_refuse_line_breaks(org, relative, old, new, field):
    edit(org, relative, old, new)
    errors = [error for error in errors_of(org) if " has a line break " in error]
    assert len(errors) == 1 and f" {field}: has a line break (write it on one line" in errors[0], errors


def test_a_folded_title_that_ends_in_a_newline_is_one_line(org):
    edit(org, ROLE, "title: Quality Manager", "title: >\n  Quality Manager")
    from qms.build import load
    assert load(org).get("role", "quality-manager").title == "Quality Manager"


def test_json_schema_says_short_fields_are_one_line():
    assert schema_of(role)["properties"]["title"]["pattern"] == "^[^\\n]*$"


class _Glossary:
    def __init__(self, terms):
        self.terms = terms

    def get(self, key, default=None):
        return self.terms


class _Repository:
    """Just enough of a repository to call abbreviation_lines as if validation had been bypassed."""

    def __init__(self, terms):
        self.glossary = _Glossary(terms)

    def singleton(self, kind):
        return self.glossary


def test_abbreviation_lines_skip_anything_but_a_clean_word():
    lines = abbreviation_lines(_Repository([
        {"term": "Nonconformity report", "abbreviation": "NCR\n<img src=x onerror=alert(1)>"},
        {"term": "Script", "abbreviation": "<script>alert(1)</script>"},
        {"term": "Bracket", "abbreviation": "A]: x\n<b>"},
        {"term": "Escape", "abbreviation": "E\x1bSC"},
        {"term": "Quality <img src=x onerror=alert(1)>\n<script>x</script> system", "abbreviation": "QMS"},
        {"term": "Research & development", "abbreviation": "R&D"},
    ]))
    assert lines == ("\n\n*[QMS]: Quality img src=x onerror=alert(1) script x /script system\n"
                     "*[R&D]: Research & development\n")


@pytest.mark.slow
def test_a_glossary_abbreviation_cannot_put_html_on_every_page(org):
    edit(org, GLOSSARY, "abbreviation: NCR", 'abbreviation: "NCR\\n<img src=x onerror=alert(1)>"')
    result = mkdocs_build(org)
    assert result.returncode != 0
    line = line_of(org, GLOSSARY, "abbreviation: \"NCR")
    assert f"{GLOSSARY}:{line}:23: terms[20].abbreviation: has a line break" in result.stderr
    assert not (org / "site").exists()
