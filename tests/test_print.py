"""Printed copies without a browser: CSS strings that no text can break out of, QR codes that
decode to the check page, check pages that tell a current revision from a replaced one, and
the whole manual with every procedure in force and nothing else.

The QR codes are decoded by deqr (the quirc and qrdec decoders), from a raster drawn from the
SVG path the page holds, so the test reads the code as a scanner would, not as segno wrote it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from qms.build import prepare
from qms.features.controlled_copies.copies import (check_path, check_url, copy_check, css_string,
                                                   newest_site_url, qr_svg, revision_slug)
from qms.project import qms_config

from conftest import ORG, ROOT, edit, environment

SITE = "https://qms.example.org/portal/"
# print.js uses only header texts of this form; the test reads it from the script so the two agree
CSS_STRING = re.compile(re.search(r'var CSS_STRING = /(.+)/;',
                                  (ROOT / "docs/javascripts/print.js").read_text(encoding="utf-8")).group(1))
NASTY = ['He said "stop"', "back\\slash", "two\nlines", "</style><script>alert(1)</script>",
         "} body { background: url(https://evil.example/) } @page {", "it's", "nul\x00char",
         "Smörgåsbord · 50 % — ✓ 😀", "\\22 already escaped", "tab\tand\rreturn", "a\\"]


# --- a CSS string, read back as a browser's tokenizer reads it (CSS Syntax 3, 4.3.5 and 4.3.7) -----

def read_css_string(text: str) -> tuple[str, int]:
    """The value of the string token at the start of ``text`` and where the token ends."""
    quote, value, i = text[0], [], 1
    assert quote in "\"'"
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(value), i + 1
        if char == "\n":
            raise ValueError("bad string: a raw newline ends it")
        if char == "\\":
            i += 1
            hex_digits = re.match(r"[0-9a-fA-F]{1,6}", text[i:])
            if hex_digits:
                code = int(hex_digits.group(), 16)
                i += len(hex_digits.group())
                if i < len(text) and text[i] in " \t\n":
                    i += 1
                value.append("\ufffd" if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code))
                continue
            value.append(text[i])
            i += 1
            continue
        value.append(char)
        i += 1
    raise ValueError("the string never ends")


@pytest.mark.parametrize("text", NASTY)
def test_a_css_string_shows_the_text_exactly_and_nothing_escapes_it(text):
    escaped = css_string(text)
    assert CSS_STRING.fullmatch(escaped), escaped
    value, end = read_css_string(escaped)
    assert end == len(escaped)  # the string ends where the value ends: nothing after it is CSS
    assert value == text.replace("\x00", "\ufffd")
    for dangerous in ("<", ">", "\n", "\r", "'", "{", "}", ";", "/"):
        assert dangerous not in escaped
    assert escaped.count('"') == 2 and escaped.startswith('"') and escaped.endswith('"')


@given(st.text())
def test_any_text_round_trips_through_a_css_string(text):
    escaped = css_string(text)
    assert CSS_STRING.fullmatch(escaped)
    assert read_css_string(escaped) == (text.replace("\x00", "\ufffd"), len(escaped))


def test_the_script_refuses_header_texts_that_could_add_css():
    for value in ('"a" } body { color: red } @page { x: "', '"a\\"', "'single'", '"a"b"', '"\\3c"',
                  '"</style>"', '"a;b"', "url(x)"):
        assert not CSS_STRING.fullmatch(value), value


# --- addresses --------------------------------------------------------------------------------------

def test_revision_labels_become_safe_address_segments():
    assert revision_slug("3") == "3" and revision_slug("2.1") == "2.1" and revision_slug("B-2") == "B-2"
    odd = revision_slug("A/1 ?#")
    assert re.fullmatch(r"_[0-9a-f]+", odd) and bytes.fromhex(odd[1:]).decode() == "A/1 ?#"
    assert revision_slug("..") != ".." and revision_slug(".hidden").startswith("_")
    assert check_path("QP-001", "A/1 ?#") == f"check/QP-001/{odd}/"


def test_a_release_checks_against_the_newest_one():
    # mike appends the release to site_url; a printed copy must lead to whatever is newest when scanned
    assert newest_site_url("https://h.example/qms/2026.11", {"MIKE_DOCS_VERSION": "2026.11"}) \
        == "https://h.example/qms/latest/"
    assert newest_site_url("https://h.example/qms/", {}) == "https://h.example/qms/"
    assert newest_site_url("https://h.example/qms", {"MIKE_DOCS_VERSION": "2026.11"}) == "https://h.example/qms/"
    assert newest_site_url("", {"MIKE_DOCS_VERSION": "2026.11"}) == ""
    assert check_url(SITE, {}, "QP-001", "3") == SITE + "check/QP-001/3/"
    assert check_url("", {}, "QP-001", "3") == ""


# --- QR codes -----------------------------------------------------------------------------------------

def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The size and the dark modules of the QR code drawn by an SVG path of horizontal strokes."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = html.unescape(re.search(r'\sd="([^"]+)"', svg).group(1))
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        numbers = [float(n) for n in args.replace(",", " ").split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command in "Hh":
            end = numbers[0] if command == "H" else x + numbers[0]
            dark.update((column, int(y)) for column in range(round(min(x, end)), round(max(x, end))))
            x = end
        else:
            raise AssertionError(f"unexpected path command {command}")
    return size, dark


def decode_qr(svg: str) -> list[str]:
    """What a scanner reads from the QR code in ``svg`` (both of deqr's decoders must agree)."""
    import deqr
    size, dark = svg_modules(svg)
    scale = 4
    width = size * scale
    pixels = bytearray(b"\xff" * (width * width))
    for column, row in dark:
        for line in range(scale):
            start = (row * scale + line) * width + column * scale
            pixels[start:start + scale] = b"\x00" * scale
    found = []
    for decoder in (deqr.QuircDecoder(), deqr.QRdecDecoder()):
        codes = decoder.decode((bytes(pixels), (width, width)))
        found.append([str(entry.data) for code in codes for entry in code.data_entries])
    assert found[0] == found[1], found
    return found[0]


@pytest.mark.parametrize("url", [SITE + "check/QP-001/3/", SITE + "check/QP-004/" + revision_slug("A/1") + "/"])
def test_the_qr_code_decodes_to_its_address(url):
    svg = str(qr_svg(url, "a label with \"quotes\" & <angle brackets>"))
    assert decode_qr(svg) == [url]
    assert 'aria-label="a label with &quot;quotes&quot; &amp; &lt;angle brackets&gt;"' in svg


# --- pages of the tests' organisation -------------------------------------------------------------------

@pytest.fixture(scope="module")
def pages():
    state = prepare(ORG, qms_config(ORG), environ=environment(), site_url=SITE)
    return {page.src_uri: page.content for page in state.pages}, state.repository


def test_a_procedure_page_carries_its_sheet_header_and_a_qr_code_to_its_check_page(pages):
    content, repository = pages
    doc = repository.get("procedure", "QP-004")
    rev = doc.revisions[-1].rev
    page = content["procedures/QP-004.md"]
    box = re.search(r'<div class="qms-copy-check" data-qms-print-left="([^"]*)" data-qms-print-right="([^"]*)">'
                    r'(<svg .*?</svg>)', page)
    assert box, "no printed-copy box on the procedure page"
    left, right, svg = html.unescape(box.group(1)), html.unescape(box.group(2)), box.group(3)
    assert read_css_string(left)[0] == f"QP-004 {doc.title}"
    assert read_css_string(right)[0] == f"Revision {rev} \u00b7 Approved"
    assert decode_qr(svg) == [f"{SITE}check/QP-004/{rev}/"]
    assert f"check/QP-004/{rev}.md" in content


def test_every_revision_has_a_check_page_that_says_whether_it_is_current(pages):
    content, repository = pages
    for doc in repository.published("procedure"):
        for revision in doc.revisions:
            assert f"check/{doc.id}/{revision.rev}.md" in content, (doc.id, revision.rev)
    assert not [uri for uri in content if uri.startswith("check/QP-023/")]  # a draft is never printed

    doc = repository.get("procedure", "QP-004")
    revisions = doc.revisions
    current = content[f"check/QP-004/{revisions[-1].rev}.md"]
    assert f'"Yes. Revision {revisions[-1].rev} is current"' in current
    assert "What changed since" not in current
    assert "search:\n  exclude: true" in current

    first = content[f"check/QP-004/{revisions[0].rev}.md"]
    assert f'"No. Revision {revisions[0].rev} was replaced"' in first
    assert f"The current revision of QP-004 {doc.title} is {revisions[-1].rev}." in first
    assert f"It took effect on {revisions[-1].date.isoformat()}." in first
    changed = first[first.index("## What changed since revision"):]
    assert [line.split(" | ")[0].strip("| ") for line in changed.splitlines() if line.startswith("| ")
            and not line.startswith("| Revision")] == [str(r.rev) for r in revisions[1:]]
    assert revisions[1].summary in changed and revisions[-1].summary in changed
    assert revisions[0].summary not in changed
    assert "[QP-004 " in first and "(../../procedures/QP-004.md)" in first


def test_an_obsolete_procedure_is_no_longer_in_force_in_any_revision(pages):
    content, repository = pages
    doc = repository.get("procedure", "QP-024")
    for revision in doc.revisions:
        page = content[f"check/QP-024/{revision.rev}.md"]
        assert '"No. QP-024 is no longer in force"' in page
        assert "(../../procedures/QP-010.md)" in page  # the procedure that replaces it


def test_the_whole_manual_holds_every_procedure_in_force_and_nothing_else(pages):
    content, repository = pages
    manual = content["manual.md"]
    assert "search:\n  exclude: true" in manual  # it would match every search
    current = sorted(doc.id for doc in repository.published("procedure") if doc.status == "approved")
    other = [doc.id for doc in repository.of_kind("procedure").values() if doc.status != "approved"]
    assert current and other
    sections = re.findall(r'<div class="qms-manual-doc" id="([a-z0-9-]+)"', manual)
    assert sections == [doc_id.lower() for doc_id in current]
    contents = manual[manual.index("## Contents"):manual.index('<div class="qms-manual-doc"')]
    assert re.findall(r"\]\(#([a-z0-9-]+)\)", contents) == sections
    for doc_id in current:
        doc = repository.get("procedure", doc_id)
        assert f"## {doc.id} " in manual
        section = manual.split(f'id="{doc_id.lower()}"', 1)[1].split('<div class="qms-manual-doc"', 1)[0]
        assert len(re.findall(r"^\d+\. \*\*", section, re.MULTILINE)) == len(doc.steps)
    for doc_id in other:
        assert doc_id not in manual


def test_a_title_with_quotes_and_markup_stays_text_in_the_header(tmp_path):
    from conftest import copy_org
    org = copy_org(tmp_path / "org")
    title = 'Gauges "A\\B" </style><script>x</script> {y}'
    edit(org, "data/procedures/QP-001.yml", "title: Control of documented information", f"title: '{title}'")
    state = prepare(org, qms_config(org), environ=environment(), site_url=SITE)
    page = next(p.content for p in state.pages if p.src_uri == "procedures/QP-001.md")
    left = re.search(r'data-qms-print-left="([^"]*)"', page).group(1)
    assert "<" not in left and ">" not in left  # no markup in the attribute as written
    value = html.unescape(left)
    assert CSS_STRING.fullmatch(value) and read_css_string(value)[0] == f"QP-001 {title}"


def test_without_a_site_address_the_copy_names_the_page_instead_of_a_qr_code():
    state = prepare(ORG, qms_config(ORG), environ=environment(), site_url="")
    page = next(p.content for p in state.pages if p.src_uri == "procedures/QP-001.md")
    box = page[page.index('<div class="qms-copy-check"'):]
    assert "<svg" not in box.split("</div>")[0]
    assert "open the page check/QP-001/3/" in box


def test_a_copy_check_in_words():
    revisions = ["1", "2", "3"]
    assert copy_check("approved", revisions, 2).state == "current"
    replaced = copy_check("approved", revisions, 0)
    assert (replaced.state, replaced.current, replaced.since) == ("replaced", "3", ("2", "3"))
    assert copy_check("obsolete", revisions, 2).state == "withdrawn"


def test_a_copy_printed_from_a_release_checks_against_the_newest_release():
    # as `mike deploy 2026.11 latest` builds it: mike appends the release to site_url
    state = prepare(ORG, qms_config(ORG), environ=environment(MIKE_DOCS_VERSION="2026.11"),
                    site_url=SITE + "2026.11")
    page = next(p.content for p in state.pages if p.src_uri == "procedures/QP-001.md")
    svg = re.search(r'<div class="qms-copy-check".*?(<svg .*?</svg>)', page).group(1)
    assert decode_qr(svg) == [SITE + "latest/check/QP-001/3/"]
