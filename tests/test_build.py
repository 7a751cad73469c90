"""Build the demo in tmp_path and assert on the HTML, the search index and the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qms.build import load

from conftest import ROOT, mkdocs_build, qms

pytestmark = pytest.mark.slow


def html(site: Path, uri: str) -> str:
    return (site / uri).read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """Visible text of the article, roughly: tags removed, entities kept as typed."""
    article = page.split('<article', 1)[1].split("</article>", 1)[0]
    return re.sub(r"<[^>]+>", " ", article)


@pytest.fixture(scope="module")
def repository():
    return load(ROOT)


def test_every_procedure_and_role_has_a_page(demo_site, repository):
    for doc in repository.of_kind("procedure").values():
        page = demo_site / "procedures" / doc.id / "index.html"
        assert page.exists() == doc.published, doc.id
    for role in repository.of_kind("role").values():
        assert (demo_site / "roles" / role.id / "index.html").exists(), role.id


def test_register_lists_every_published_document(demo_site, repository):
    register = html(demo_site, "register/index.html")
    for doc in repository.of_kind("procedure").values():
        assert (f'href="../procedures/{doc.id}/"' in register) == doc.published, doc.id


def test_drafts_are_nowhere(demo_site, repository):
    drafts = [d.id for d in repository.of_kind("procedure").values() if d.status == "draft"]
    assert drafts
    sitemap = html(demo_site, "sitemap.xml")
    search = html(demo_site, "search/search_index.json")
    home = html(demo_site, "index.html")
    for doc_id in drafts:
        assert not (demo_site / "procedures" / doc_id).exists()
        assert doc_id not in sitemap
        assert doc_id not in search
        assert doc_id not in home  # the navigation is embedded in every page


def test_obsolete_is_readable_with_banner_and_marked_in_search(demo_site, repository):
    """Someone who searches an old id finds the page, learns it is obsolete and what replaced it."""
    obsolete = [d for d in repository.of_kind("procedure").values() if d.status == "obsolete"]
    assert obsolete
    search = json.loads(html(demo_site, "search/search_index.json"))
    for doc in obsolete:
        page = html(demo_site, f"procedures/{doc.id}/index.html")
        assert "Obsolete — replaced by " + doc.superseded_by in page
        assert f'href="../{doc.superseded_by}/"' in page
        entries = [entry for entry in search["docs"] if entry["location"].startswith(f"procedures/{doc.id}/")]
        assert entries[0]["title"] == f"Obsolete: {doc.id} {doc.title}"
        assert all(0 < entry["boost"] < 1 for entry in entries), "ranked below current pages"


def test_procedure_page_content(demo_site, repository):
    doc = repository.get("procedure", "QP-001")
    page = html(demo_site, "procedures/QP-001/index.html")
    text = text_of(page)
    assert doc.title in text
    for step in doc.steps:
        assert " ".join(step.action.split()[:4]) in text
    assert 'href="../../roles/document-controller/"' in page
    assert "Revision history" in page
    assert 'href="../QP-002/"' in page  # related documents are linked
    # the edit link opens the YAML source
    assert re.search(r'href="[^"]+/-/edit/main/data/procedures/QP-001\.yml"', page)


def test_role_page_lists_what_i_do(demo_site, repository):
    page = html(demo_site, "roles/document-controller/index.html")
    assert "What I do" in page
    owned = [d for d in repository.published("procedure") if d.owner == "document-controller"]
    for doc in owned:
        assert f'href="../../procedures/{doc.id}/"' in page


def test_report_json(demo_site, repository):
    report = json.loads(html(demo_site, "qms-report.json"))
    ids = {doc["id"] for doc in report["documents"] if doc["kind"] == "procedure"}
    assert ids == {doc.id for doc in repository.published("procedure")}
    for doc in report["documents"]:
        assert {"id", "kind", "title", "status", "review", "readability"} <= set(doc)
    for flag in report["flags"]:
        assert {"kind", "severity", "file", "line", "message"} <= set(flag)
        assert flag["severity"] in ("error", "warning", "info")


def test_no_page_requests_anything_outside(demo_site):
    """Static check; the browser tests also watch the network while pages load."""
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", re.I)
    remote = re.compile(r'\b(?:src|href|data)="(?:https?:)?//', re.I)
    not_fetched = re.compile(r'rel="(?:canonical|alternate)"', re.I)
    css_pattern = re.compile(r"url\((['\"]?)(https?:)?//", re.I)
    for page in demo_site.rglob("*.html"):
        for match in tag.finditer(page.read_text(encoding="utf-8")):
            element = match.group(0)
            if remote.search(element) and not not_fetched.search(element):
                raise AssertionError(f"{page}: {element}")
    for sheet in demo_site.rglob("*.css"):
        assert not css_pattern.search(sheet.read_text(encoding="utf-8")), sheet


def test_data_text_is_shown_literally(project):
    path = project / "data/procedures/QP-001.yml"
    text = path.read_text()
    text = text.replace("title: Control of documented information",
                        'title: "Control {{ config.site_name }} <script>alert(1)</script>"')
    text = text.replace("action: Add the new number", "action: \"Type {% raw %}{{ config }} <b>bold</b> *stars* and [link](http://x)\"\n    note: Add the new number")
    path.write_text(text)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = html(project / "site", "procedures/QP-001/index.html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ config.site_name }}" in page
    assert "{% raw %}{{ config }} &lt;b&gt;bold&lt;/b&gt; *stars* and [link](http://x)" in page
    assert 'href="http://x"' not in page
    register = html(project / "site", "register/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in register and "<script>alert(1)" not in register


@pytest.mark.parametrize("relative, old, new", [
    ("data/procedures/QP-001.yml", "title: Control of documented information", "title: [oops"),
    ("data/procedures/QP-001.yml", "scope:", "title: Twice\nscope:"),
    ("data/procedures/QP-001.yml", "owner: document-controller", "owner: ghost"),
    ("data/procedures/QP-001.yml", "last_reviewed: 2026-04-14", "last_reviewed: 2026-02-30"),
    ("data/procedures/QP-001.yml", "scope:", "scoop:"),
])
def test_failed_build_leaves_the_previous_site(project, relative, old, new):
    first = qms(project, "build")
    assert first.returncode == 0, first.stderr
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    marker = (project / "site" / "index.html").read_text()
    path = project / relative
    path.write_text(path.read_text().replace(old, new, 1))
    second = qms(project, "build")
    assert second.returncode != 0
    assert re.search(rf"{re.escape(relative)}:\d+:\d+:", second.stderr + second.stdout), second.stderr
    assert f"{relative}:" in second.stderr + second.stdout
    after = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    assert after == before
    assert (project / "site" / "index.html").read_text() == marker
    assert not list(project.glob(".site-*"))


def test_everything_overdue_in_2030(project):
    result = mkdocs_build(project, "--verbose", today="2030-01-01")  # -v: each flag in the log (debug)
    assert result.returncode == 0, result.stderr
    report = json.loads(html(project / "site", "qms-report.json"))
    approved = [d for d in report["documents"] if d["status"] == "approved"]
    assert approved and all(d["review"]["status"] == "overdue" for d in approved)
    # an external document is not reviewed: what falls due is its check for a new edition
    overdue_flags = {f["document"] for f in report["flags"] if f["kind"] in ("review-overdue", "edition-check-overdue")}
    assert overdue_flags == {d["id"] for d in approved}
    dashboard = html(project / "site", "dashboard/index.html")
    folders = {"procedure": "procedures", "form": "forms", "work-instruction": "work-instructions",
               "external-document": "external-documents"}
    for doc in approved:
        page = html(project / "site", f"{folders[doc['kind']]}/{doc['id']}/index.html")
        assert ("Check for a new edition overdue" if doc["kind"] == "external-document" else "Review overdue") \
            in page, doc["id"]
        assert f'../{folders[doc["kind"]]}/{doc["id"]}/' in dashboard
    assert "review-overdue" in result.stderr


def test_review_schedule_as_csv_and_icalendar(demo_site, repository):
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(html(demo_site, "reviews.csv"))))
    approved = {d.id for kind in repository.controlled_kinds() for d in repository.of_kind(kind).values()
                if d.status == "approved"}
    assert {row["id"] for row in rows} == approved
    assert [row["next_review"] for row in rows] == sorted(row["next_review"] for row in rows)
    statuses = {row["id"]: row["status"] for row in rows}
    assert statuses["QP-022"] == "overdue" and list(statuses.values()).count("due-soon") == 2
    ics = (demo_site / "reviews.ics").read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.rstrip().endswith("END:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == len(approved)
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert "DTSTART;VALUE=DATE:20260814" in ics  # QP-022 was due on 2026-08-14


def test_banners_and_badge(demo_site):
    overdue = html(demo_site, "procedures/QP-022/index.html")
    assert "Review overdue" in overdue and "2026-08-14" in overdue
    due_soon = html(demo_site, "procedures/QP-016/index.html")
    assert "Review due soon" in due_soon
    current = html(demo_site, "procedures/QP-010/index.html")
    assert "Review overdue" not in current and "Review due soon" not in current
    assert re.search(r'class="qms-badge"[^>]*>\s*(Very easy|Easy|Fairly hard|Hard|Very hard) to read · \d+ min read', current)


def test_dashboard(demo_site):
    page = html(demo_site, "dashboard/index.html")
    text = text_of(page)
    assert "Document problems" in text and "Operational facts" in text
    assert "QP-022" in text and "QP-016" in text and "QP-021" in text
    # worst readability first: the legalistic QP-017 heads the table
    table = page.split('id="reading-scores"', 1)[1]
    first_doc = re.search(r'href="\.\./procedures/(QP-\d+)/"', table).group(1)
    assert first_doc == "QP-017"
    # the flags the demo keeps are shown as accepted, in plain words
    assert "accepted by the quality team" in text and "on purpose" not in text
    assert re.search(r"“shall” → “must” ×\d+", text) or re.search(r"&ldquo;shall&rdquo; → &ldquo;must&rdquo; ×\d+", page)


def test_feedback_links_on_procedure_pages(demo_site):
    import html as html_lib
    from urllib.parse import parse_qs, urlsplit
    page = html(demo_site, "procedures/QP-010/index.html")
    links = dict((label, html_lib.unescape(href)) for href, label in
                 re.findall(r'<a class="qms-feedback__link" href="([^"]+)">([^<]+)</a>', page))
    assert set(links) == {"Report a problem", "Suggest an improvement"}
    problem = urlsplit(links["Report a problem"])
    assert problem.scheme == "mailto" and problem.path == "quality@brightwater.example"
    query = parse_qs(problem.query)
    assert query["subject"] == ["Problem with QP-010 Customer complaints and feedback (revision 2)"]
    assert query["body"] == ["Page: http://127.0.0.1:8000/procedures/QP-010/"]


def test_feedback_target_is_validated(project):
    from qms.errors import DataErrors
    path = project / "data/organisation.yml"
    path.write_text(path.read_text().replace("subject=Problem with {id}", "subject=Problem with {doc}")
                    .replace('improvement: "mailto:', 'improvement: "javascript:'))
    with pytest.raises(DataErrors) as caught:
        load(project)
    messages = [str(e) for e in caught.value.errors]
    assert any("feedback.problem: unknown placeholder {doc}" in m for m in messages), messages
    assert any("feedback.improvement: must start with mailto:" in m for m in messages), messages


def test_role_page_links_its_onboarding_path(demo_site):
    with_path = html(demo_site, "roles/production-operator/index.html")
    assert 'href="../../onboarding/production-operator/"' in with_path
    assert "New in this role?" not in html(demo_site, "roles/quality-manager/index.html")
