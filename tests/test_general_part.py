"""What a procedure says before its steps: definitions and a general part with headings, lists and tables.

Real procedures carry rules that are no step (classifications, a scoring method, the words they
use). The built page is read with an HTML parser: the author's headings sit one level under the
page's own heading, with anchors of their own in the table of contents; the table, the list and
the paragraphs are there, all before the steps, whose numbering nothing disturbs. Raw HTML is
refused with its line, and the text is read for readability with its field path and line.
"""

from __future__ import annotations

import re

import pytest

from qms.general_part import general_markdown, markdown_units
from qms.kinds import procedure
from qms.markdown_check import problems

from conftest import copy_org, edit, errors_of, line_of, mkdocs_build, qms
from test_block_markdown import by_id, following_sibling, page

QP = "data/procedures/QP-002.yml"
STEPS_IN_QP_002 = 8
LONG_SENTENCE = ("Every record that we keep on paper or in one of our systems must be stored in the place that its "
                 "own procedure names so that anyone who needs it later can find it again without having to ask.")
GENERAL = f"""\
definitions:
  - term: Retention time
    meaning: How long we must keep a record before we may destroy it.
  - term: Record
  - term: Disposal
    meaning: |
      Destroying a record for good. {LONG_SENTENCE}
general: |
  Records prove what we did. Keep them safe and easy to find.

  Ask the document controller when you are not sure where a record goes.

  ## Kinds of record

  We keep two kinds of record:

  - paper forms, filed in the office
  - electronic files, on the quality drive

  ### How long we keep them

  | Record | Kept for |
  |---|---|
  | Calibration certificate | 10 years |
  | Training record | {LONG_SENTENCE} |

  ## Steps

  This heading has the same title as the page's own list of steps.
steps:"""


@pytest.fixture(scope="module")
def general_org(tmp_path_factory: pytest.TempPathFactory):
    org = copy_org(tmp_path_factory.mktemp("general-part") / "org")
    edit(org, QP, "steps:", GENERAL)
    return org


@pytest.fixture(scope="module")
def site(general_org):
    result = mkdocs_build(general_org)
    assert result.returncode == 0, result.stderr
    return general_org / "site"


def procedure_page(site):
    return page(site, procedure.uri("QP-002"))


def article(site):
    """The page's content, in document order: the elements the general part and the steps are made of."""
    root = procedure_page(site)
    return by_id(root, "steps").parent


def in_order(content) -> list:
    """The article's elements in reading order, with the folded "Read before you start" part opened up."""
    found = []
    for element in content.children:
        if element.tag == "details" and "qms-before" in element.attrs.get("class", ""):
            found.extend(child for child in element.children if child.tag != "summary")
        else:
            found.append(element)
    return found


def toc_anchors(site) -> list[str]:
    html = (site / "procedures" / "QP-002" / "index.html").read_text(encoding="utf-8")
    toc = html[html.index('data-md-component="toc"'):html.index('<div class="md-content"')]
    return list(dict.fromkeys(re.findall(r'href="#([^"]+)"', toc)))


@pytest.mark.slow
def test_the_authors_headings_sit_under_the_pages_heading_with_their_own_anchors(site):
    content = article(site)
    headings = [(element.tag, element.attrs.get("id"), element.all_text().rstrip("¶ "))
                for element in in_order(content) if re.fullmatch(r"h[1-6]", element.tag)]
    start = headings.index(("h2", "definitions", "Definitions"))
    assert headings[start:start + 6] == [
        ("h2", "definitions", "Definitions"),
        ("h2", "before-you-start", "Before you start"),
        ("h3", "general_kinds-of-record", "Kinds of record"),
        ("h4", "general_how-long-we-keep-them", "How long we keep them"),
        ("h3", "general_steps", "Steps"),  # the author's own "Steps" takes nothing from the page's
        ("h2", "steps", "Steps"),
    ]
    anchors = toc_anchors(site)
    assert anchors[anchors.index("definitions"):anchors.index("steps") + 1] == [
        "definitions", "before-you-start", "general_kinds-of-record", "general_how-long-we-keep-them",
        "general_steps", "steps"]
    ids = re.findall(r'\sid="([^"]+)"', (site / "procedures/QP-002/index.html").read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)), "every anchor on the page is unique"


@pytest.mark.slow
def test_paragraphs_a_list_and_a_table_come_before_the_steps_and_leave_them_alone(site):
    content = article(site)
    elements = in_order(content)
    general = elements.index(by_id(content, "before-you-start"))
    steps = elements.index(by_id(content, "steps"))
    part = elements[general + 1:steps]
    assert [element.all_text() for element in part if element.tag == "p"][:3] == [
        "Records prove what we did. Keep them safe and easy to find.",
        "Ask the document controller when you are not sure where a record goes.",
        "We keep two kinds of record:"]
    (bullets,) = [element for element in part if element.tag == "ul"]
    assert [item.all_text() for item in bullets.elements("li")] == [
        "paper forms, filed in the office", "electronic files, on the quality drive"]
    (table,) = [table for element in part for table in ([element] if element.tag == "table"
                                                        else element.descendants("table"))]
    assert [cell.all_text() for cell in table.descendants("th")] == ["Record", "Kept for"]
    assert [cell.all_text() for cell in table.descendants("td")][:2] == ["Calibration certificate", "10 years"]
    assert "|" not in " ".join(element.all_text() for element in part)
    ordered = following_sibling(by_id(content, "steps"), "ol")
    assert len(ordered.elements("li")) == STEPS_IN_QP_002 and "start" not in ordered.attrs
    assert not [element for element in part if element.tag == "ol"]


@pytest.mark.slow
def test_definitions_show_their_meanings_and_a_glossary_term_needs_none(site, general_org):
    content = article(site)
    (terms,) = [element for element in in_order(content) if element.tag == "dl"]
    assert terms.attrs["class"] == "qms-definitions"
    assert in_order(content).index(terms) < in_order(content).index(by_id(content, "before-you-start"))
    assert [term.all_text() for term in terms.elements("dt")] == ["Retention time", "Record", "Disposal"]
    meanings = [meaning.all_text() for meaning in terms.elements("dd")]
    assert meanings[0] == "How long we must keep a record before we may destroy it."
    glossary = (general_org / "data/glossary.yml").read_text(encoding="utf-8")
    record = re.search(r"- term: Record\n    definition: (.+)", glossary).group(1)
    assert meanings[1] == record, "the glossary's meaning, typed once"


@pytest.mark.slow
def test_the_general_part_is_searchable_and_in_the_printed_manual(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Ask the document controller when you are not sure where a record goes." in index
    manual = (site / "manual" / "index.html").read_text(encoding="utf-8")
    section = manual[manual.index('id="qp-002"'):]
    section = section[:section.index('class="qms-manual-doc"')] if 'class="qms-manual-doc"' in section else section
    assert re.search(r'<h3 id="[^"]*">Definitions', section) and re.search(r'<h3 id="[^"]*">Before you start', section)
    assert '<h4 id="qp-002_general_kinds-of-record">' in section
    assert '<h5 id="qp-002_general_how-long-we-keep-them">' in section
    assert section.index("Before you start") < section.index(">Steps<")


@pytest.mark.slow
def test_readability_reads_the_general_part_and_definitions_with_their_field_paths_and_lines(general_org):
    result = qms(general_org, "check")
    meaning_line = line_of(general_org, QP, "Destroying a record for good.")
    cell_line = line_of(general_org, QP, "| Training record |")
    output = result.stdout + result.stderr
    assert f"{QP}:{meaning_line}: [long-sentence] QP-002 definitions[3].meaning: 39 words" in output, output
    assert f"{QP}:{cell_line}: [long-sentence] QP-002 general: 39 words" in output, output


def test_raw_html_in_the_general_part_is_refused_at_its_line(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "steps:", "general: |\n  Keep records safe.\n\n  <script>alert(1)</script>\nsteps:")
    line = line_of(org, QP, "<script>")
    assert errors_of(org) == [
        f"{QP}:{line}:3: general: raw HTML is not allowed (write Markdown instead (**bold**, [text](https://…)); "
        "to show a tag as text, put it in `backticks`)"]


def test_headings_the_page_cannot_move_are_refused_at_their_line(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "steps:", "general: |\n  # Records\n\n  Keep them.\n\n  Kinds\n  -----\n\n  Two.\nsteps:")
    top, underline = line_of(org, QP, "# Records"), line_of(org, QP, "  -----")
    found = errors_of(org)
    assert [error.split(": ", 2)[:2] for error in found] == [[f"{QP}:{top}:3", "general"],
                                                             [f"{QP}:{underline}:3", "general"]], found
    assert "# is for headings of the page itself" in found[0] and "write ## for a part" in found[0]
    assert "cannot be placed in the page's outline" in found[1]


def test_a_term_without_a_meaning_must_be_in_the_glossary(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "steps:", "definitions:\n  - term: Calibratoin\n  - term: coc\n  - term: Record\n"
                            "    meaning: What we keep.\n  - term: record\n    meaning: Twice.\nsteps:")
    typo, twice = line_of(org, QP, "Calibratoin"), line_of(org, QP, "- term: record")
    assert errors_of(org) == [
        f"{QP}:{typo}:5: definitions[1].term: 'Calibratoin' has no meaning, and the glossary does not explain it "
        "(did you mean 'Calibration'? If not, add 'meaning: …' under the term, or add the term to data/glossary.yml)",
        f"{QP}:{twice}:5: definitions[4].term: 'record' is defined twice (keep one of them; the other is "
        "definitions[3])"]


@pytest.mark.parametrize("text", [
    "## A\n\nText.\n\n### B\n\n#### C",
    "Intro.\n\n## A ##\n\n```\n# not a heading\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y",
])
def test_headings_from_two_to_four_hashes_and_block_markdown_are_accepted(text):
    assert problems(text, headings=True, heading_levels=(2, 4)) == []


@pytest.mark.parametrize("text, message", [
    ("# Title", "# is for headings of the page itself"),
    ("##### Deep", "at most 3 levels deep"),
    ("Title\n=====", "cannot be placed in the page's outline"),
    ("- item\n\n    ## In a list", "cannot be placed in the page's outline"),
    ("> ## In a quote", "cannot be placed in the page's outline"),
])
def test_headings_the_page_cannot_move_are_refused(text, message):
    found = problems(text, headings=True, heading_levels=(2, 4))
    assert [problem for problem in found if message in problem.message], found


def test_headings_move_down_and_get_unique_anchors():
    moved = general_markdown("## Scope ##\n\nText.\n\n### Scope\n\n```\n## code\n```\n\n## Ünïcode *mark*", shift=1)
    assert moved.split("\n") == [
        "### Scope {#general_scope}", "", "Text.", "", "#### Scope {#general_scope-2}", "",
        "```", "## code", "```", "", "### Ünïcode *mark* {#general_unicode-mark}"]
    assert general_markdown("## A", shift=2, prefix="qp-1_general_") == "#### A {#qp-1_general_a}"


def test_each_paragraph_list_item_and_table_cell_is_read_on_its_own_line():
    text = ("First paragraph.\n\n- item one\n- item two\n\n| Head | Other |\n|---|---|\n| Cell one. | Cell two. |\n"
            "| 10 years | Box 3 |\n\nLast.")
    units = markdown_units(text, 10, "general")
    assert [(unit.line, unit.text) for unit in units] == [  # "10 years" and "Box 3" are values, not sentences
        (10, "First paragraph."), (12, "item one"), (13, "item two"), (17, "Cell one."), (17, "Cell two."),
        (20, "Last.")]
    assert {unit.label for unit in units} == {"general"}


# --- history: what changed before the steps -------------------------------------------------------

def test_changes_to_definitions_and_the_general_part_are_listed(org):
    from test_history import QP004, commit_all, git, revision, what_changed
    from test_history import edit as append_to
    from test_history import page as page_markdown
    git(org, "init", "-q", "-b", "main")
    git(org, "config", "user.email", "quality@brightwater.example")
    git(org, "config", "user.name", "Quality Team")
    append_to(org, QP004, ("steps:", "definitions:\n  - term: Risk\n    meaning: Something that may go wrong.\n"
                                     "  - term: Planning day\n    meaning: A day for planning.\nsteps:"))
    commit_all(org, "The portal")
    append_to(org, QP004, ("    meaning: A day for planning.\n", "    meaning: A day away from work for planning.\n"
                                                                 "  - term: Opportunity\n    meaning: A chance.\n"
                                                                 "general: Plan in a quiet room.\n"),
              ("  - term: Risk\n    meaning: Something that may go wrong.\n", ""),
              append=revision("5", "2026-11-02", "Clearer words."))
    commit_all(org, "QP-004 revision 5")
    section = what_changed(page_markdown(org))
    assert "The steps are the same as in revision 4." in section
    listed = section[section.index("Changes before the steps since revision 4:"):]
    assert [line for line in listed.splitlines() if line.startswith("- ")] == [
        "- **Removed** the definition of “Risk”",
        "- **Changed** the definition of “Planning day”",
        "- **Added** the definition of “Opportunity”",
        "- **Added** the part “Before you start”"]


def test_qms_search_finds_words_of_the_general_part(general_org):
    result = qms(general_org, "search", "heading")  # in no other procedure of the organisation
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1. Procedure QP-002 Control of records"


def test_a_new_procedure_shows_both_fields_commented_and_they_work_uncommented(org):
    import datetime as dt

    from qms.build import load
    result = qms(org, "new", "procedure", "Handling returns", today="2026-12-01")
    assert result.returncode == 0, result.stderr
    path = org / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert "# definitions:" in text and "# general: |" in text
    start, end = text.index("# definitions:"), text.index("steps:")
    path.write_text(text[:start] + re.sub(r"^# ", "", text[start:end], flags=re.MULTILINE) + text[end:],
                    encoding="utf-8")
    doc = load(org, today=dt.date(2026, 12, 1)).get("procedure", path.stem)
    assert doc.definitions[0].term == "Change request" and doc.general.startswith("Rules that are not steps")


def test_a_refused_meaning_is_one_message_not_two(tmp_path):
    org = copy_org(tmp_path / "org")
    edit(org, QP, "steps:", "definitions:\n  - term: Shredding\n    meaning: Cutting <b>paper</b> into strips.\nsteps:")
    line = line_of(org, QP, "meaning: Cutting")
    assert errors_of(org) == [
        f"{QP}:{line}:22: definitions[1].meaning: raw HTML is not allowed (write Markdown instead (**bold**, "
        "[text](https://…)); to show a tag as text, put it in `backticks`)"]
