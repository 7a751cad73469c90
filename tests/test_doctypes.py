"""Forms, work instructions and external documents: their pages, files, checks and flags.

Each test writes the documents it needs into a copy of the tests' organisation,
so the facts asserted (ids, lines, dates) are the test's own.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import struct
import threading
import urllib.request
import zlib
from pathlib import Path

import pytest

from qms.features import default_registry
from qms.pipeline import prepare
from qms.settings import Settings

from conftest import built_site, edit, environment, errors_of, line_of

FORM = """\
id: FRM-001
title: Goods-in checklist
status: approved
owner: quality-manager
purpose: Use this checklist to check each delivery.
file: {file}
instructions: Fill it in at the goods-in bench.
review:
  last_reviewed: 2026-05-12
revisions:
  - rev: "1"
    date: 2025-01-06
    summary: First issue.
    approved_by: quality-manager
  - rev: "2"
    date: 2026-05-12
    summary: Added the batch number.
    approved_by: quality-manager
"""

WORK_INSTRUCTION = """\
id: WI-001
title: Check a torque wrench
status: approved
owner: production-manager
purpose: This check makes sure a wrench is in date before use.
steps:
  - action: Look at the calibration label.
    images:
      - file: {image}
        alt: {alt}
        caption: The green label shows the due date.
  - action: Set the wrench to the value on the job card.
review:
  last_reviewed: 2026-06-15
revisions:
  - rev: "1"
    date: 2026-06-15
    summary: First issue.
    approved_by: production-manager
"""

EXTERNAL = """\
id: EXT-001
title: Customer drawing standard
status: approved
owner: sales-coordinator
purpose: Use it to read the customer's drawings.
origin: Northfield Pumps Ltd
reference: NPS-DS-100
edition: Rev D
location: Sales shared folder.
edition_check:
  by: sales-coordinator
  last_checked: {checked}
  interval_months: 12
revisions:
  - rev: "1"
    date: 2025-10-20
    summary: Rev D put in use.
    approved_by: quality-manager
"""


def png_bytes(width: int = 8, height: int = 4) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x20\x90\x40" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


FORM_BYTES = b"%PDF-1.4\n% a tiny form for the test\n%%EOF\n"


def add_doctypes(org: Path, file: str = "files/FRM-001.pdf", image: str = "images/WI-001-label.png",
                 alt: str = "A wrench with a green calibration label.", checked: str = "2026-01-10") -> None:
    (org / "data" / "forms" / "files").mkdir(parents=True, exist_ok=True)
    (org / "data" / "forms" / "files" / "FRM-001.pdf").write_bytes(FORM_BYTES)
    (org / "data" / "forms" / "FRM-001.yml").write_text(FORM.format(file=file), encoding="utf-8")
    (org / "data" / "work-instructions" / "images").mkdir(parents=True, exist_ok=True)
    (org / "data" / "work-instructions" / "images" / "WI-001-label.png").write_bytes(png_bytes())
    (org / "data" / "work-instructions" / "WI-001.yml").write_text(
        WORK_INSTRUCTION.format(image=image, alt=alt), encoding="utf-8")
    (org / "data" / "external-documents").mkdir(exist_ok=True)
    (org / "data" / "external-documents" / "EXT-001.yml").write_text(EXTERNAL.format(checked=checked),
                                                                    encoding="utf-8")
    edit(org, "data/procedures/QP-002.yml", "related: [", "related: [FRM-001, WI-001, EXT-001, ")


def build_state(org: Path, today: str = "2026-11-25"):
    registry = default_registry()
    return prepare(org, Settings.from_config({}, registry), environment(today), "", registry)


@pytest.fixture
def doctypes_org(org: Path) -> Path:
    if "related: [" not in (org / "data" / "procedures" / "QP-002.yml").read_text(encoding="utf-8"):
        pytest.fail("QP-002 of the tests' organisation lists no related documents")
    add_doctypes(org)
    return org


def test_each_kind_has_a_page_with_its_own_fields(doctypes_org):
    pages = {page.src_uri: page.content for page in build_state(doctypes_org).pages}
    form = pages["forms/FRM-001.md"]
    assert "[Download FRM-001-rev-2.pdf](FRM-001/FRM-001-rev-2.pdf) (PDF, 1 KB)" in form
    assert "This is revision 2, effective 2026-05-12." in form
    assert "**Revision 2**, effective 2026-05-12" in form
    instruction = pages["work-instructions/WI-001.md"]
    assert ("    ![A wrench with a green calibration label&#46;](WI-001/WI-001-label.png)" in instruction
            or "    ![A wrench with a green calibration label.](WI-001/WI-001-label.png)" in instruction)
    external = pages["external-documents/EXT-001.md"]
    for line in ("- **Issued by:** Northfield Pumps Ltd", "- **Reference:** NPS-DS-100",
                 "- **Edition in use:** Rev D", "- **Where it is kept:** Sales shared folder.",
                 "- **Last checked:** 2026-01-10", "- **Next check:** 2027-01-10"):
        assert line in external
    register = pages["register.md"]
    # the kind of document sits under its id
    kind = r'<span class="qms-doc-kind">{}</span> \| {} \|'
    assert re.search(r"\[FRM-001\]\(forms/FRM-001\.md\)" + kind.format("Form", "Goods-in checklist"), register)
    assert re.search(r"\[WI-001\]\(work-instructions/WI-001\.md\)"
                     + kind.format("Work instruction", "Check a torque wrench"), register)
    assert re.search(r"\[EXT-001\]\(external-documents/EXT-001\.md\)"
                     + kind.format("External document", "Customer drawing standard"), register)


def test_a_procedure_links_to_related_documents_of_every_kind(doctypes_org):
    pages = {page.src_uri: page.content for page in build_state(doctypes_org).pages}
    procedure = pages["procedures/QP-002.md"]
    assert "- [FRM-001 Goods-in checklist](../forms/FRM-001.md)" in procedure
    assert "- [WI-001 Check a torque wrench](../work-instructions/WI-001.md)" in procedure
    assert "- [EXT-001 Customer drawing standard](../external-documents/EXT-001.md)" in procedure


def test_the_site_serves_the_files_under_their_published_names(doctypes_org):
    files = build_state(doctypes_org).site_files()
    assert files.items() >= {
        "forms/FRM-001/FRM-001-rev-2.pdf": doctypes_org / "data" / "forms" / "files" / "FRM-001.pdf",
        "work-instructions/WI-001/WI-001-label.png":
            doctypes_org / "data" / "work-instructions" / "images" / "WI-001-label.png"}.items()


@pytest.mark.parametrize(("today", "kind", "message"), [
    ("2026-11-25", None, None),
    ("2026-12-20", "edition-check-due-soon", "EXT-001 check for a new edition is due on 2027-01-10 (in 21 days); "
                                             "owner: sales-coordinator"),
    ("2027-01-11", "edition-check-overdue", "EXT-001 check for a new edition was due on 2027-01-10 (1 days ago); "
                                            "owner: sales-coordinator"),
])
def test_the_edition_check_is_flagged_when_due(doctypes_org, today, kind, message):
    state = build_state(doctypes_org, today)
    flags = [flag for flag in state.analysis.flags if flag.kind.startswith("edition-check")]
    line = line_of(doctypes_org, "data/external-documents/EXT-001.yml", "last_checked:")
    assert [(flag.kind, flag.message, flag.file, flag.line) for flag in flags] == (
        [] if kind is None else [(kind, message, "data/external-documents/EXT-001.yml", line)])
    page = {page.src_uri: page.content for page in state.pages}["external-documents/EXT-001.md"]
    assert ("Check for a new edition overdue" in page) == (kind == "edition-check-overdue")
    assert ("Check for a new edition due soon" in page) == (kind == "edition-check-due-soon")


def test_forms_and_work_instructions_are_reviewed_like_procedures(doctypes_org):
    flags = {(flag.kind, flag.document) for flag in build_state(doctypes_org, "2027-06-01").analysis.flags}
    assert ("review-overdue", "FRM-001") in flags  # reviewed 2026-05-12, every 12 months by default
    assert ("review-due-soon", "WI-001") in flags  # due 2027-06-15


def where(org: Path, relative: str, needle: str) -> str:
    """path:line:column of a field's key, where checks that look at more than its text point."""
    line = line_of(org, relative, needle)
    text = (org / relative).read_text(encoding="utf-8").splitlines()[line - 1]
    return f"{relative}:{line}:{text.index(needle.lstrip('- ')) + 1}"


@pytest.mark.parametrize(("file", "message"), [
    ("files/FRM-009.pdf", "file: 'files/FRM-009.pdf' does not exist (add the file to data/forms/files/, or "
                          "correct the name (names are case-sensitive))"),
    ("files/FRM-001.exe", "file: 'files/FRM-001.exe' is not a type the portal serves (exe) (use one of: docx, "
                          "xlsx, pptx, pdf, odt, ods, odp, csv, txt, doc, xls)"),
    ("files/../../procedures/QP-001.yml", "file: 'files/../../procedures/QP-001.yml' is not in data/forms/files/ "
                                          "(put the file in data/forms/files/ and write its path as files/<name>)"),
])
def test_a_form_file_that_cannot_be_served_is_an_error_at_its_line(org, file, message):
    add_doctypes(org, file=file)
    assert errors_of(org) == [where(org, "data/forms/FRM-001.yml", "file:") + ": " + message]


@pytest.mark.parametrize("file", ["../procedures/QP-001.yml", "files/my form.pdf", "/etc/passwd"])
def test_a_form_file_name_is_checked_as_it_is_read(org, file):
    add_doctypes(org, file=file)
    assert errors_of(org) == [where(org, "data/forms/FRM-001.yml", "file:").rsplit(":", 1)[0] + f":7: file: "
                              f"{file!r} is not valid (write files/ and the file's name, using letters, digits, "
                              "hyphens, underscores and dots, e.g. files/FRM-003.docx)"]


def test_an_empty_form_file_is_an_error(org):
    add_doctypes(org)
    (org / "data" / "forms" / "files" / "FRM-001.pdf").write_bytes(b"")
    assert errors_of(org) == [where(org, "data/forms/FRM-001.yml", "file:") + ": file: 'files/FRM-001.pdf' is "
                              "empty (a file here must hold something and be at most 20 MB)"]


def test_a_picture_needs_alt_text(org):
    add_doctypes(org, alt="")
    line = line_of(org, "data/work-instructions/WI-001.yml", "alt:")
    assert errors_of(org) == [f"data/work-instructions/WI-001.yml:{line}:13: steps[1].images[1].alt: is required "
                              "but empty (write a value after 'alt:' — what the picture shows, for people who cannot "
                              "see it: screen readers read it aloud)"]
    edit(org, "data/work-instructions/WI-001.yml", "        alt: \n", "")
    assert errors_of(org) == [f"data/work-instructions/WI-001.yml:{line - 1}:9: steps[1].images[1].alt: is missing (add "
                              "'alt:' — what the picture shows, for people who cannot see it: screen readers read it "
                              "aloud)"]


def test_an_svg_picture_is_refused(org):
    add_doctypes(org, image="images/WI-001-label.svg")
    (org / "data" / "work-instructions" / "images" / "WI-001-label.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", encoding="utf-8")
    assert errors_of(org) == [where(org, "data/work-instructions/WI-001.yml", "- file:")
                              + ": steps[1].images[1].file: 'images/WI-001-label.svg' is an SVG picture, which can "
                              "carry script, so it is not shown (save it as PNG or JPEG)"]


def test_a_picture_must_be_what_its_name_says(org):
    add_doctypes(org)
    (org / "data" / "work-instructions" / "images" / "WI-001-label.png").write_text("<html>not a picture</html>")
    assert errors_of(org) == [where(org, "data/work-instructions/WI-001.yml", "- file:")
                              + ": steps[1].images[1].file: 'images/WI-001-label.png' is not a PNG picture (save "
                              "the picture again from an image editor)"]


def test_an_unknown_document_is_named_by_its_kind_with_a_close_id(org):
    add_doctypes(org)
    edit(org, "data/procedures/QP-002.yml", "related: [FRM-001, WI-001, EXT-001, ",
         "related: [FMR-001, WI-0001, EXT-001, ")
    line = line_of(org, "data/procedures/QP-002.yml", "related: [FMR-001")
    assert errors_of(org) == [
        f"data/procedures/QP-002.yml:{line}:11: related[1]: unknown procedure 'FMR-001' (did you mean 'FRM-001'?)",
        f"data/procedures/QP-002.yml:{line}:20: related[2]: unknown work instruction 'WI-0001' (did you "
        "mean 'WI-001'?)"]
    edit(org, "data/procedures/QP-002.yml", "WI-0001", "WI-999")
    assert errors_of(org)[1] == (f"data/procedures/QP-002.yml:{line}:20: related[2]: unknown work instruction "
                                 "'WI-999' (use the id of a work instruction from data/work-instructions)")


def test_two_controlled_documents_cannot_share_an_id(org):
    add_doctypes(org)
    shutil.copy(org / "data" / "procedures" / "QP-023.yml", org / "data" / "procedures" / "FRM-001.yml")
    edit(org, "data/procedures/FRM-001.yml", "id: QP-023", "id: FRM-001")
    assert "data/forms/FRM-001.yml:1:1: id: FRM-001 is already the id of a procedure (data/procedures/FRM-001.yml) " \
           "(give this document an id of its own)" in errors_of(org)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
def test_the_built_site_serves_the_download_and_the_picture(doctypes_org):
    site = built_site(doctypes_org)
    form_page = (site / "forms" / "FRM-001" / "index.html").read_text(encoding="utf-8")
    [href] = re.findall(r'<a href="([^"]+)">Download FRM-001-rev-2\.pdf</a>', form_page)
    assert href == "FRM-001-rev-2.pdf"
    assert (site / "forms" / "FRM-001" / href).read_bytes() == FORM_BYTES
    instruction = (site / "work-instructions" / "WI-001" / "index.html").read_text(encoding="utf-8")
    [src] = re.findall(r'<img alt="A wrench with a green calibration label\." class="qms-picture" '
                       r'loading="lazy" src="([^"]+)"', instruction)
    assert (site / "work-instructions" / "WI-001" / src).read_bytes() == png_bytes()
    # the picture stays inside its step, and the step after it keeps its number
    steps = instruction.split('<h2 id="steps"', 1)[1].split("</ol>", 1)[0]
    assert steps.count("<li>") == 2 and "<img" in steps.split("</li>", 1)[0]
    procedure = (site / "procedures" / "QP-002" / "index.html").read_text(encoding="utf-8")
    for target, text in (("../../forms/FRM-001/", "FRM-001 Goods-in checklist"),
                         ("../../work-instructions/WI-001/", "WI-001 Check a torque wrench"),
                         ("../../external-documents/EXT-001/", "EXT-001 Customer drawing standard")):
        assert f'<a href="{target}">{text}</a>' in procedure
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with urllib.request.urlopen(base + "forms/FRM-001/" + href) as response:
            assert response.status == 200 and response.read() == FORM_BYTES
        with urllib.request.urlopen(base + "work-instructions/WI-001/" + src) as response:
            assert response.headers["Content-Type"] == "image/png" and response.read() == png_bytes()
    finally:
        server.shutdown()
        server.server_close()


def test_the_navigation_splits_a_long_kind_into_id_ranges(doctypes_org):
    import dataclasses
    registry = default_registry()
    settings = dataclasses.replace(Settings.from_config({}, registry), nav_chunk_size=1)
    state = prepare(doctypes_org, settings, environment(), "", registry)
    [others] = [entry["Other documents"] for entry in state.navigation(["index.md"]) if "Other documents" in entry]
    [forms] = [entry["Forms and templates"] for entry in others if "Forms and templates" in entry]
    assert forms == [{"FRM-001 to FRM-001": [{"FRM-001 Goods-in checklist": "forms/FRM-001.md"}]},
                     {"FRM-002 to FRM-002": [{"FRM-002 Delivery note": "forms/FRM-002.md"}]}]
