"""Block Markdown (paragraphs, lists, tables, code) renders inside the place it belongs to.

A step note with a second paragraph, a list or a table used to end the steps list: the
numbering restarted, tables fell apart and a "Record:" line after a table became code. The
built pages are read with an HTML parser: the steps list keeps one direct item per step, and
each note's lists, tables and code stay inside the item of their step. What cannot stay inside
(a heading, a code block never closed, two lists that would merge) is a data error.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qms.features.leadership.kinds import newsletter
from qms.features.records.kinds import ncr
from qms.kinds import procedure
from qms.markdown_check import problems, render
from qms.text import block_markdown

from conftest import copy_org, edit, errors_of, line_of, mkdocs_build

QP = "data/procedures/QP-001.yml"
NEWS = "data/newsletters/news-2026-09.yml"
NCR = "data/ncrs/NCR-2026-001.yml"
STEPS_IN_QP_001 = 11

TWO_PARAGRAPHS_AND_A_LIST = """\
    note: |
      Use the templates in the **Templates** folder on the quality drive.

      Ask for a number for each of these:

      - a procedure
      - a form
      - a work instruction"""
TABLE_BEFORE_RECORD = """\
    note: |
      | Document | Number starts with |
      |---|---|
      | Procedure | QP- |
      | Form | F- |
    record: Document register entry"""
NUMBERED_LIST_FIRST = """\
    note: |
      1. Write one action per step.
      2. Start each step with a verb.
      3. Read it aloud."""
CHECKLIST = """\
    note: |
      Check these:

      - the title
      - the owner"""
CODE_BLOCK = """\
    note: |
      Name the archived file like this:

      ```
      QP-001 rev 3 (archived).pdf

      keep the old number
      ```

      Then move it."""
BULLETS_FIRST = """\
    note: |
      - Tell the owner.
      - Tell the people in the audience list."""


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Element | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []
        self.content: list["Element | str"] = []  # text and elements in document order

    def elements(self, tag: str | None = None) -> list["Element"]:
        return [child for child in self.children if tag is None or child.tag == tag]

    def descendants(self, tag: str) -> list["Element"]:
        found = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.descendants(tag))
        return found

    def all_text(self) -> str:
        return " ".join(" ".join(part if isinstance(part, str) else part.all_text() for part in self.content).split())


class TreeBuilder(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)


def tree(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, uri: str) -> Element:
    return tree((site / uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8"))


def by_id(root: Element, element_id: str) -> Element:
    stack = [root]
    while stack:
        element = stack.pop()
        if element.attrs.get("id") == element_id:
            return element
        stack.extend(element.children)
    raise AssertionError(f"no element with id {element_id!r}")


def following_sibling(element: Element, tag: str) -> Element:
    siblings = element.parent.children
    return next(sibling for sibling in siblings[siblings.index(element) + 1:] if sibling.tag == tag)


def paragraphs(item: Element) -> list[str]:
    return [child.all_text() for child in item.elements("p")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' organisation with block Markdown in step notes, a newsletter and an NCR, built once."""
    org = copy_org(tmp_path_factory.mktemp("block-markdown") / "org")
    edit(org, QP, "    note: Use the templates in the **Templates** folder on the quality drive.",
         TWO_PARAGRAPHS_AND_A_LIST)
    edit(org, QP, "    record: Document register entry", TABLE_BEFORE_RECORD)
    edit(org, QP, '    note: Use short sentences and everyday words. Write steps as commands, such as "Check the gauge".',
         NUMBERED_LIST_FIRST)
    edit(org, QP, "action: Send the draft to the document owner.",
         "action: Send the draft to the document owner.\n" + CHECKLIST)
    edit(org, QP, "    note: Do not print controlled documents. A printed copy is only good for the day you print it.",
         CODE_BLOCK)
    edit(org, QP, "action: Tell the people in the audience list what has changed.",
         "action: Tell the people in the audience list what has changed.\n" + BULLETS_FIRST)
    # Saved on Windows: every line ends in CR LF
    path = org / QP
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    edit(org, NEWS, "      Night shift sessions run on your own shift. We pay the overtime.",
         "      | Shift | Sessions |\n      |---|---|\n      | Day | Tuesdays |\n      | Night | Thursdays |\n\n"
         "      Night shift sessions run on your own shift. We pay the overtime.")
    edit(org, NCR, "description: >\n  Severn Water received a PG-200 gauge with a 0 to 10 bar label.",
         "description: |\n  What the customer found:\n\n  - the label said 0 to 10 bar\n  - the gauge was 0 to 16 bar\n\n"
         "  | Order | Serial number |\n  |---|---|\n  | 4471 | PG2-10385 |\n\n"
         "  Severn Water received a PG-200 gauge with a 0 to 10 bar label.")
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr
    return org / "site"


def steps_of(site: Path) -> list[Element]:
    heading = by_id(page(site, procedure.uri("QP-001")), "steps")
    steps = following_sibling(heading, "ol")
    return steps.elements("li")


@pytest.mark.slow
def test_the_steps_list_keeps_one_item_per_step(site):
    steps = steps_of(site)
    assert len(steps) == STEPS_IN_QP_001
    # Each item starts with its role: no note's paragraph or list item became a step of its own
    assert all(re.match(r"(All staff|Document Controller|Quality Manager): ", step.all_text()) for step in steps), [
        step.all_text()[:40] for step in steps]
    assert steps[-1].all_text().endswith("Remove any paper copies you find and tell the document controller.")
    # One list, numbered by the browser: nothing restarts the count
    heading = by_id(page(site, procedure.uri("QP-001")), "steps")
    assert "start" not in following_sibling(heading, "ol").attrs


@pytest.mark.slow
def test_paragraphs_and_a_bulleted_list_stay_inside_their_step(site):
    first = steps_of(site)[0]
    assert paragraphs(first)[1:] == ["Note: Use the templates in the Templates folder on the quality drive.",
                                     "Ask for a number for each of these:"]
    (bullets,) = first.elements("ul")
    assert [item.all_text() for item in bullets.elements("li")] == ["a procedure", "a form", "a work instruction"]


@pytest.mark.slow
def test_a_table_is_a_table_inside_its_step_and_the_record_line_stays_a_paragraph(site):
    second = steps_of(site)[1]
    (table,) = second.descendants("table")
    assert [cell.all_text() for cell in table.descendants("th")] == ["Document", "Number starts with"]
    assert [cell.all_text() for cell in table.descendants("td")] == ["Procedure", "QP-", "Form", "F-"]
    assert paragraphs(second)[-1] == "Record: Document register entry"
    assert not second.descendants("pre")
    assert "|" not in second.all_text()


@pytest.mark.slow
def test_a_note_that_starts_with_a_numbered_list_is_a_list_inside_the_step(site):
    third = steps_of(site)[2]
    assert paragraphs(third)[1] == "Note:"
    (numbered,) = third.elements("ol")
    assert [item.all_text() for item in numbered.elements("li")] == [
        "Write one action per step.", "Start each step with a verb.", "Read it aloud."]


@pytest.mark.slow
def test_windows_line_endings_and_a_leading_bullet_keep_the_list_inside(site):
    steps = steps_of(site)
    fourth, ninth = steps[3], steps[8]
    assert [item.all_text() for item in fourth.elements("ul")[0].elements("li")] == ["the title", "the owner"]
    assert paragraphs(ninth)[1] == "Note:"
    assert [item.all_text() for item in ninth.elements("ul")[0].elements("li")] == [
        "Tell the owner.", "Tell the people in the audience list."]


@pytest.mark.slow
def test_a_code_block_with_a_blank_line_stays_inside_its_step(site):
    eighth = steps_of(site)[7]
    (code,) = eighth.descendants("pre")
    assert code.all_text() == "QP-001 rev 3 (archived).pdf keep the old number"
    assert paragraphs(eighth)[-1] == "Then move it."


@pytest.mark.slow
def test_a_newsletter_section_keeps_its_table(site):
    root = page(site, newsletter.uri("news-2026-09"))
    heading = by_id(root, "training-on-the-new-procedures")
    table = following_sibling(heading, "table")
    assert following_sibling(table, "h2").attrs["id"] == "our-change-champions"
    assert [cell.all_text() for cell in table.descendants("td")] == ["Day", "Tuesdays", "Night", "Thursdays"]
    bullets = following_sibling(by_id(root, "you-said-we-did"), "ul")
    assert len(bullets.elements("li")) == 3


@pytest.mark.slow
def test_an_ncr_description_renders_its_list_and_table(site):
    root = page(site, ncr.uri("NCR-2026-001"))
    heading = by_id(root, "what-happened")
    bullets = following_sibling(heading, "ul")
    assert [item.all_text() for item in bullets.elements("li")] == [
        "the label said 0 to 10 bar", "the gauge was 0 to 16 bar"]
    tables = [element for element in heading.parent.descendants("table")
              if [cell.all_text() for cell in element.descendants("th")] == ["Order", "Serial number"]]
    assert len(tables) == 1
    assert [cell.all_text() for cell in tables[0].descendants("td")] == ["4471", "PG2-10385"]


@pytest.mark.parametrize("note, lead_inline", [
    ("One paragraph.", True),
    ("First.\n\nSecond.", True),
    ("- a\n- b", False),
    ("1. a\n2. b", False),
    ("| a | b |\n|---|---|\n| 1 | 2 |", False),
    ("```\ncode\n```", False),
    ("> quoted", False),
])
def test_the_note_label_goes_before_a_paragraph_or_on_its_own(note, lead_inline):
    placed = block_markdown(note, indent=4, lead="*Note:* ")
    first, *rest = placed.split("\n")
    assert first.startswith("*Note:*")
    assert (first != "*Note:*") == lead_inline
    assert all(line.startswith("    ") or not line for line in rest)
    # Rendered inside a list item, the note is exactly the note on its own after its label
    html = render(f"1. Step\n\n    {placed}\n\n2. Next\n")
    assert html.count("<li>") == 2 + render(note).count("<li>")


def test_line_endings_are_normalised_and_blank_lines_carry_no_spaces():
    assert block_markdown("a\r\n\r\nb\rc", indent=4) == "a\n\n    b\n    c"


@pytest.mark.parametrize("text, message", [
    ("Intro\n\n## Inputs\n\n- a", "a heading cannot go here"),
    ("Inputs\n======\n\n- a", "a heading cannot go here"),
    ("Run:\n\n```\ncode", "a code block is opened with ``` and never closed"),
    ("Run:\n\n~~~~\ncode\n~~~\n", "a code block is opened with ``` and never closed"),
    ("- a\n- b\n\n1. one\n2. two", "a bulleted list and a numbered list follow each other"),
    ("Inputs:\n| Input | From |\n|---|---|\n| Audits | QMO |", "a table does not show as a table"),
])
def test_blocks_that_cannot_stay_inside_are_refused(text, message):
    found = problems(text, headings=False)
    assert [problem.message for problem in found if message in problem.message], found
    assert all(problem.hint for problem in found)


@pytest.mark.parametrize("text", [
    "- a\n- b\n\nThen:\n\n1. one",
    "Use ```inline``` code.",
    "```\n# not a heading\n```",
    "| a |\n|---|\n| 1 |",
    "***\n\nText",
    "Inputs:\n\n| Input | From |\n|---|---|\n| Audits | QMO |",
    "Input | From\n--- | ---\nAudits | QMO",
    "```\n|---|---|\n```",
])
def test_block_markdown_that_stays_inside_is_accepted(text):
    assert problems(text, headings=False) == []


def test_a_heading_in_a_step_note_is_a_data_error_at_its_line(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "    note: Use the templates in the **Templates** folder on the quality drive.",
         "    note: |\n      Use the templates.\n\n      ## Inputs\n\n      - the draft")
    line = line_of(org, QP, "## Inputs")
    assert errors_of(org) == [
        f"{QP}:{line}:7: steps[1].note: a heading cannot go here: it would break the page's outline "
        "(write the title as **bold text** on a line of its own)"]


def test_an_unclosed_code_block_in_an_ncr_description_is_a_data_error(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, NCR, "description: >", "description: |")
    edit(org, NCR, "  Order 4471, serial number PG2-10385.", "\n  ```\n  Order 4471")
    line = line_of(org, NCR, "```")
    errors = errors_of(org)
    assert len(errors) == 1 and errors[0].startswith(f"{NCR}:{line}:3: description: a code block"), errors


def test_a_table_without_a_blank_line_before_it_is_a_data_error_at_its_first_row(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "    note: Use the templates in the **Templates** folder on the quality drive.",
         "    note: |\n      Inputs:\n      | Input | From |\n      |---|---|\n      | Audits | QMO |")
    line = line_of(org, QP, "| Input | From |")
    errors = errors_of(org)
    assert len(errors) == 1 and errors[0].startswith(
        f"{QP}:{line}:7: steps[1].note: a table does not show as a table"), errors
    assert "leave a blank line before the table" in errors[0]
