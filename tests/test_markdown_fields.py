"""Markdown fields (procedure step notes, newsletter sections) hold Markdown inside an allowlist.

Raw HTML, attribute lists, links to other schemes and images from other hosts are data
errors that point at the line inside the block scalar, whatever spelling hides them.
"""

from __future__ import annotations

import json

import pytest
import yaml

from qms.jsonschema import schema_of
from qms.kinds import procedure
from qms.markdown_check import EXTENSIONS, problems

from conftest import ROOT, edit, errors_of, line_of, qms

REFUSED = {
    "script": "<script>alert(1)</script>",
    "event handler": "<img src=x onerror=alert(1)>",
    "inline tag": "a <b onmouseover=alert(1)>bold</b> word",
    "comment": "text <!-- hidden --> text",
    "processing instruction": "<?php echo 1 ?>",
    "javascript link": "[x](javascript:alert(1))",
    "mixed case scheme": "[x](JaVaScRiPt:alert(1))",
    "entity in scheme": "[x](java&#115;cript:alert(1))",
    "hex entity in scheme": "[x](&#x6A;avascript:alert(1))",
    "newline in scheme": "[x](<java\nscript:alert(1)>)",
    "space before scheme": "[x]( javascript:alert(1))",
    "angle brackets": "[x](<javascript:alert(1)>)",
    "data link": "[x](data:text/html,hi)",
    "vbscript link": "[x](vbscript:msgbox)",
    "autolink with another scheme": "<javascript:alert(1)>",
    "reference definition": "[x][1]\n\n[1]: javascript:alert(1)",
    "unused reference definition": "Text.\n\n[1]: javascript:alert(1)",
    "outside image": "![x](https://evil.example/x.png)",
    "scheme-relative image": "![x](//evil.example/x.png)",
    "backslash image": "![x](/\\evil.example/x.png)",
    "data image": "![x](data:image/png;base64,AAAA)",
    "reference image": "![x][i]\n\n[i]: https://evil.example/x.png",
    "attribute list on a paragraph": "Text\n{: onclick=\"alert(1)\" }",
    "attribute list on a heading": "# Heading {: #custom }",
    "md_in_html block": "<div markdown=\"1\">*x*</div>",
}
ALLOWED = {
    "emphasis": "Use the **Templates** folder, *today*.",
    "https link": "[the standard](https://www.iso.org/standard/62085.html)",
    "mailto": "[write to us](mailto:quality@example.com)",
    "portal page": "[QP-004](../QP-004.md) and [a heading](#purpose)",
    "autolink": "<https://intranet.example/forms>",
    "site image": "![chart](../images/chart.png)",
    "list and table": "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "code keeps tags as text": "Type `<script>` or\n\n```\n<img src=x onerror=alert(1)>\n```",
    "entities": "Fish &amp; chips &lt;3",
    "comparison": "Keep 2 < x > 1 and a = b ~ c ^ d",
    "template braces are text": "{{ config }} and {% raw %}",
    "formula text": "=HYPERLINK(\"http://x\")",
}


def test_the_checker_renders_with_the_extensions_of_mkdocs_yml():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.Loader)  # noqa: S506 - our own file
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert list(EXTENSIONS) == names


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_constructs_outside_the_allowlist_are_refused(text):
    found = problems(text)
    assert found, text
    assert all(problem.hint for problem in found)


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_markdown_inside_the_allowlist_is_accepted(text):
    assert problems(text) == []


def test_a_step_note_with_a_javascript_link_is_a_data_error(org):
    relative = "data/procedures/QP-001.yml"
    edit(org, relative, "note: Use the templates in the **Templates** folder on the quality drive.",
         "note: Use the [templates](javascript:alert(1)) folder.")
    line = line_of(org, relative, "javascript:")
    assert errors_of(org) == [
        f"{relative}:{line}:31: steps[1].note: the link 'javascript:alert(1)' is not allowed "
        "(link to http://, https://, mailto: or a page of the portal, e.g. [QP-004](../QP-004.md))"]


def test_a_newsletter_body_points_at_the_line_inside_the_block(org):
    relative = "data/newsletters/news-2026-09.yml"
    edit(org, relative, "      You sent in 18 ideas", "      See ![logo](https://evil.example/x.png) here.\n"
         "      You sent in 18 ideas")
    edit(org, relative, "      Bring your questions.", "      <b>Bring</b> your questions.")
    image_line = line_of(org, relative, "evil.example")
    html_line = line_of(org, relative, "<b>Bring")
    errors = errors_of(org)
    assert errors == [
        f"{relative}:{image_line}:19: sections[1].body: the image 'https://evil.example/x.png' is not part "
        "of the portal (use an image stored in the portal, with a relative path such as images/chart.png)",
        f"{relative}:{html_line}:7: sections[2].body: raw HTML is not allowed (write Markdown instead "
        "(**bold**, [text](https://…)); to show a tag as text, put it in `backticks`)"]


def test_the_command_refuses_markdown_payloads_with_exit_2(org):
    edit(org, "data/procedures/QP-001.yml", "note: Use the templates",
         "note: <img src=x onerror=alert(1)> Use the templates")
    result = qms(org, "check")
    assert result.returncode == 2, result.stdout + result.stderr
    line = line_of(org, "data/procedures/QP-001.yml", "note: <img")
    assert f"data/procedures/QP-001.yml:{line}:11: steps[1].note: raw HTML is not allowed" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_schema_marks_markdown_fields():
    schema = schema_of(procedure)
    step = schema["properties"]["steps"]["items"]["properties"]
    assert step["note"]["contentMediaType"] == "text/markdown"
    assert "contentMediaType" not in step["action"]
    assert json.dumps(schema)  # still plain JSON
