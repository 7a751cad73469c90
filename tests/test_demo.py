"""The demo portal keeps working as a whole: it builds, passes its own gates, and has every page type.

Exact facts (names, counts, days) are tested on the tests' own organisation
(tests/fixtures/org), so the demo can be edited freely; these tests only say
that the demo still shows everything the portal can do.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ORG, ROOT, qms


def folders_of_pages(site: Path, authored: Path) -> set[str]:
    """The folders generated pages live in (``procedures``, ``improvement/nonconformities``, …)."""
    written_by_hand = {path.relative_to(authored).with_suffix("").parts[0] for path in authored.rglob("*.md")}
    folders = set()
    for page in site.rglob("index.html"):
        parts = page.relative_to(site).parent.parts
        if parts and parts[0] not in written_by_hand and parts[0] != "search":
            # a folder named after a document (check/QP-001/3/) is one page type whatever the id
            folders.add("/".join(re.sub(r"^[A-Z]{2,5}-[0-9]{3,4}$", "<id>", part) for part in parts[:-1]))
    return folders


def test_the_demo_passes_its_own_gates_strictly(project):
    result = qms(project, "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_has_every_page_type_of_the_test_organisation(demo_site, org_site):
    demo = folders_of_pages(demo_site, ROOT / "docs")
    assert {"procedures", "roles", "improvement/nonconformities"} <= demo
    # the test organisation also works to a second standard, which gets its own coverage page
    # (standards/<id>/coverage/); the demo works to ISO 9001 only
    assert demo == {folder for folder in folders_of_pages(org_site, ORG / "docs") if not folder.startswith("standards/")}


def test_the_test_organisation_is_small_and_its_own(org_repository):
    assert org_repository.singleton("organisation").short_name == "Kestrel"
    procedures = org_repository.of_kind("procedure").values()
    assert len(procedures) <= 10
    assert {doc.status for doc in procedures} == {"approved", "draft", "obsolete"}


class _VisibleText(HTMLParser):
    """The text a reader sees on a page: no scripts or styles (attributes are not text)."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def test_no_page_writes_a_plural_as_word_s(demo_site):
    """Staff read "3 drafts" or "1 draft", never "draft(s)"."""
    found = []
    for path in sorted(demo_site.rglob("*.html")):
        uri = path.relative_to(demo_site).as_posix()
        text = visible_text(path.read_text(encoding="utf-8"))
        found += [f"{uri}: ...{text[max(0, m.start() - 40):m.end()]}"
                  for m in re.finditer(r"\w\(s\)", text)]
    assert not found, "\n".join(found)
