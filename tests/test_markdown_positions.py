"""Each construct a Markdown field may not hold gets its own message, at its own place, named for what it is.

Several problems in one field are all reported in one run; a URL written twice is
reported where the offending construct writes it; a URL inside raw HTML is part of
that raw HTML and is not called an image or a link.
"""

from __future__ import annotations

import pytest

from qms.markdown_check import problems

from conftest import edit, errors_of, qms

QP = "data/procedures/QP-001.yml"
NOTE = "note: Use the templates in the **Templates** folder on the quality drive."
RAW_HTML = "raw HTML is not allowed"


def _where(text: str, offset: int) -> tuple[int, int]:
    """(line, column) from 1 of an offset in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _found(text: str) -> list[tuple[int, int, str]]:
    return [(*_where(text, problem.offset), problem.message) for problem in problems(text)]


def test_an_image_is_reported_at_the_image_not_at_a_link_with_the_same_url():
    text = "Use [the register](https://img.example/register).\n\nSee ![b](https://img.example/register) here."
    assert _found(text) == [(3, 10, "the image 'https://img.example/register' is not part of the portal")]


def test_a_link_is_reported_at_the_link_not_at_an_image_with_the_same_url():
    text = "See ![b](javascript:x) here.\n\nThen [go](javascript:x) now."
    assert _found(text) == [(1, 10, "the image 'javascript:x' is not part of the portal"),
                            (3, 11, "the link 'javascript:x' is not allowed")]


def test_a_reference_image_is_reported_at_its_definition_not_at_an_inline_link_before_it():
    text = "[l](https://evil.example/x.png) and ![i][pic].\n\n[pic]: https://evil.example/x.png"
    assert _found(text) == [(3, 8, "the image 'https://evil.example/x.png' is not part of the portal")]


def test_every_raw_html_tag_gets_its_own_message():
    text = "Use <b>this</b> one.\n\nAnd <u>that</u> one, <i>too</i>."
    assert _found(text) == [(1, 5, RAW_HTML), (3, 5, RAW_HTML), (3, 22, RAW_HTML)]


def test_raw_html_after_an_autolink_is_reported_at_the_tag():
    text = "See <https://intranet.example/forms>.\n\nThen <b>bold</b>."
    assert _found(text) == [(3, 6, RAW_HTML)]


def test_tags_shown_as_code_are_not_reported_but_the_raw_tag_after_them_is():
    text = "Type `<b>` to get bold.\n\n```\n<i>x</i>\n```\n\nNot <u>this</u>."
    assert _found(text) == [(7, 5, RAW_HTML)]


def test_a_stray_closing_tag_is_raw_html_too():
    assert _found("One.\n\nTwo</div> three.") == [(3, 4, RAW_HTML)]


def test_a_comment_is_one_construct():
    assert _found("Text <!-- a <b>bold</b> note --> text.") == [(1, 6, RAW_HTML)]


@pytest.mark.parametrize("html", [
    '<iframe src="https://evil.example"></iframe>',
    '<script src="https://evil.example/x.js"></script>',
    '<video src="https://evil.example/v.mp4" poster="https://evil.example/p.png"></video>',
    '<object data="https://evil.example/x.swf"></object>',
    '<a href="javascript:alert(1)">go</a>',
    '<img src="https://evil.example/x.png">',
    '<form action="https://evil.example"><button formaction="javascript:x">go</button></form>',
])
def test_a_url_inside_raw_html_is_part_of_the_raw_html(html):
    text = f"Before.\n\nAnd {html} end."
    found = _found(text)
    assert found and all(message == RAW_HTML for _line, _column, message in found), found
    assert found[0][:2] == (3, 5)


def test_a_raw_html_block_is_reported_at_each_tag_it_opens():
    text = "Before.\n\n<div>\n<p>x</p>\n</div>\n\nAfter."
    assert _found(text) == [(3, 1, RAW_HTML), (4, 1, RAW_HTML)]


def test_every_attribute_list_gets_its_own_message():
    text = "First\n{: .big }\n\nSecond *x*{: #y }\n\nThird."
    assert [(line, column) for line, column, _ in _found(text)] == [(2, 1), (4, 11)]


def test_a_raw_tag_and_an_outside_image_are_two_messages():
    text = "<b>x</b> and ![p](https://evil.example/x.png)"
    assert _found(text) == [(1, 1, RAW_HTML),
                            (1, 19, "the image 'https://evil.example/x.png' is not part of the portal")]


def test_raw_html_past_the_places_tried_is_still_refused():
    text = "Type `<i>` for italics. " * 150 + "Then <b>bold</b>."
    assert [message for _line, _column, message in _found(text)] == [RAW_HTML]


# In the YAML file: a literal block, a folded block, quoted values and a single line.

def _at(project, needle: str, after: str = "") -> str:
    """``line:column`` of ``needle`` in the procedure file (after ``after`` on its line)."""
    for number, line in enumerate((project / QP).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line and after in line:
            return f"{number}:{line.index(needle, line.index(after)) + 1}"
    raise AssertionError(f"{needle!r} not in {QP}")


def _errors(project) -> list[str]:
    return [error.split(" (")[0] for error in errors_of(project)]


IMAGE_X = "the image 'https://a.example/x' is not part of the portal"
IMAGE = "the image 'https://img.example/register' is not part of the portal"
NOTE_LINES = ("Use the templates in [the register](https://img.example/register).",
              "",
              "See ![b](https://img.example/register) here.",
              "Then <b>bold</b> text.",
              "",
              "And <u>under</u> and <iframe src=\"https://evil.example\"></iframe> end.")


@pytest.mark.parametrize("style", ["|", "|-", ">", ">-"])
def test_a_block_note_points_at_each_construct(org, style):
    edit(org, QP, NOTE, f"note: {style}\n" + "\n".join(f"      {line}".rstrip() for line in NOTE_LINES))
    assert _errors(org) == [
        f"{QP}:{_at(org, 'https://img', 'See')}: steps[1].note: {IMAGE}",
        f"{QP}:{_at(org, '<b>')}: steps[1].note: {RAW_HTML}",
        f"{QP}:{_at(org, '<u>')}: steps[1].note: {RAW_HTML}",
        f"{QP}:{_at(org, '<iframe')}: steps[1].note: {RAW_HTML}",
    ]


def test_a_single_line_note_points_at_each_construct(org):
    edit(org, QP, NOTE, "note: Use [it](https://a.example/x) and ![x](https://a.example/x) or <b>b</b> <u>u</u>.")
    assert _errors(org) == [
        f"{QP}:{_at(org, 'https://a', '![x]')}: steps[1].note: {IMAGE_X}",
        f"{QP}:{_at(org, '<b>')}: steps[1].note: {RAW_HTML}",
        f"{QP}:{_at(org, '<u>')}: steps[1].note: {RAW_HTML}",
    ]


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_quoted_note_points_at_each_construct(org, quote):
    edit(org, QP, NOTE, f"note: {quote}Use [it](https://a.example/x) and ![x](https://a.example/x) <b>b</b>.{quote}")
    assert _errors(org) == [
        f"{QP}:{_at(org, 'https://a', '![x]')}: steps[1].note: {IMAGE_X}",
        f"{QP}:{_at(org, '<b>')}: steps[1].note: {RAW_HTML}",
    ]


@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_a_note_over_several_lines_points_at_each_construct(org, quote):
    edit(org, QP, NOTE, f"note: {quote}Use [it](https://a.example/x)\n"
         "      and ![x](https://a.example/x)\n"
         f"      or <b>b</b> here.{quote}")
    assert _errors(org) == [
        f"{QP}:{_at(org, 'https://a', '![x]')}: steps[1].note: {IMAGE_X}",
        f"{QP}:{_at(org, '<b>')}: steps[1].note: {RAW_HTML}",
    ]


def test_a_line_after_an_escape_is_still_found(org):
    edit(org, QP, NOTE, 'note: "Say \\"hi\\" first\n      then ![x](https://a.example/x) here."')
    assert _errors(org) == [
        f"{QP}:{_at(org, 'https://a')}: steps[1].note: the image 'https://a.example/x' is not part of the portal"]


def test_a_construct_on_a_line_with_an_escape_points_at_the_value(org):
    edit(org, QP, NOTE, 'note: "Say \\"hi\\" ![x](https://a.example/x)\n      then more."')
    start = _at(org, '"Say')
    assert _errors(org) == [
        f"{QP}:{start}: steps[1].note: the image 'https://a.example/x' is not part of the portal"]


def test_an_import_lists_raw_html_in_a_note_once(org, tmp_path):
    source = tmp_path / "html.md"
    source.write_text("# Title\n\n1. Quality Manager: Check it.\n\n   <b>Careful</b> with <u>this</u>.\n",
                      encoding="utf-8")
    result = qms(org, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Step 1 note: raw HTML is not allowed") == 1, result.stdout
