"""Plain-text fields show exactly as typed: every ASCII punctuation character, no stray backslashes."""

from __future__ import annotations

import json
import string
from html.parser import HTMLParser

import markdown
import pytest

from qms.markdown_check import EXTENSION_CONFIGS, EXTENSIONS
from qms.text import code, counted, plain

from conftest import edit, mkdocs_build

TORQUE = "Torque = 5 Nm ~ approx ^ squared"
TRICKY = [
    TORQUE,
    string.punctuation,
    "Every character: " + " ".join(string.punctuation),
    "1. not a list\n- not a bullet\n+ nor this\n= not a heading\n: not a definition\n# not a heading",
    "Title\n===\nand\n---",
    "    not code\n\n        still not code",
    "{{ config }} {% raw %} *stars* _under_ `tick` [link](http://x) ![img](x.png) <b>tag</b> &amp;",
    "| a | b |\n|---|---|",
    "*[ABBR]: meaning\n[ref]: javascript:alert(1)",
    "~~~\nfence\n~~~\n```",
    "a\\b \\* \\\\ trailing \\",
]


class _Text(HTMLParser):
    def __init__(self, inside: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.inside, self.depth, self.parts, self.tags = inside, 0 if inside else 1, [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if self.inside and tag == self.inside:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.inside and tag == self.inside:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.parts.append(data)


def text_and_tags(html: str, inside: str = "") -> tuple[str, list[str]]:
    parser = _Text(inside)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.tags


def render(source: str) -> str:
    return markdown.markdown(source, extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("typed", TRICKY)
def test_plain_text_renders_as_typed_in_a_paragraph(typed):
    text, tags = text_and_tags(render(plain(typed)))
    assert words(text) == words(typed)
    assert set(tags) == {"p"}  # blank lines start paragraphs, nothing else is structure


@pytest.mark.parametrize("typed", TRICKY)
def test_plain_text_renders_as_typed_in_headings_tables_links_and_html_blocks(typed):
    one_line = words(typed)
    heading, _ = text_and_tags(render(f"## {plain(one_line)}"), inside="h2")
    assert heading == one_line + "¶"  # the permalink sign toc adds
    cell, _ = text_and_tags(render(f"| A | B |\n|---|---|\n| {plain(one_line)} | x |"), inside="td")
    assert words(cell) == one_line + "x"
    link, _ = text_and_tags(render(f"[{plain(one_line)}](page.md)"), inside="a")
    assert link == one_line
    span, _ = text_and_tags(render(f'<p class="x" markdown="span">{plain(one_line)}</p>'), inside="p")
    assert span == one_line


def test_plain_adds_no_backslash():
    assert "\\" not in plain(TORQUE + string.punctuation.replace("\\", ""))


@pytest.mark.parametrize("typed", ["data/ncrs/NCR-2026-001.yml:12", "a `tick` b", "``", "x_y*z"])
def test_code_spans_hold_text_as_typed(typed):
    text, tags = text_and_tags(render(f"| {code(typed)} |\n|---|\n| x |"), inside="code")
    assert text == typed and "code" in tags


@pytest.mark.slow
def test_every_punctuation_character_shows_as_typed_on_the_built_page(org):
    title = f"{TORQUE} {string.punctuation}"
    purpose = "1. Not a list.\n- Not a bullet.\n= Not a heading.\n" + " ".join(string.punctuation)
    edit(org, "data/procedures/QP-001.yml", "title: Control of documented information",
         f"title: {json.dumps(title)}")
    edit(org, "data/roles/quality-manager.yml", "title: Quality Manager", f"title: {json.dumps(TORQUE)}")
    relative = "data/procedures/QP-001.yml"
    text = (org / relative).read_text()
    start = text.index("purpose:")
    end = text.index("\n", start)
    (org / relative).write_text(text[:start] + f"purpose: {json.dumps(purpose)}" + text[end:])
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr
    page = (org / "site/procedures/QP-001/index.html").read_text(encoding="utf-8")
    article, _ = text_and_tags(page, inside="article")
    assert title in article
    assert words(purpose) in words(article)
    assert f"{TORQUE}:" in article  # the role of a step
    assert article.count("\\") == title.count("\\") + purpose.count("\\")
    register, _ = text_and_tags((org / "site/register/index.html").read_text(encoding="utf-8"), "article")
    assert title in register


def test_counted_writes_the_plural_out():
    assert [counted(n, "draft") for n in (0, 1, 2)] == ["0 drafts", "1 draft", "2 drafts"]
    assert counted(3, "person", "people") == "3 people"
