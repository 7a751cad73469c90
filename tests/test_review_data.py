"""The review data the built pages carry for docs/javascripts/review-dates.js.

Every page whose document falls due (procedures, forms, work instructions, external documents)
carries its next date, the due-soon window, what it is and who acts; the register carries the
same for the note after each next review date. An external document falls due for a check for a
new edition, never for a review, and every place that names its status says so.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import built_site, copy_project, edit
from qms.features.doctypes.analysis import EDITION_CHECK
from qms.review_dates import CURRENT, DUE_SOON, OVERDUE, ReviewStatus


class _Elements(HTMLParser):
    """The attributes of every element that has ``marker``, in page order."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker, self.found = marker, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.marker in attributes:
            self.found.append(attributes)


def elements(site: Path, uri: str, marker: str) -> list[dict[str, str]]:
    parser = _Elements(marker)
    parser.feed((site / uri).read_text(encoding="utf-8"))
    return parser.found


def test_a_status_names_what_falls_due():
    assert ReviewStatus(OVERDUE).label == "Review overdue"
    assert ReviewStatus(DUE_SOON).label == "Review due soon"
    assert ReviewStatus(OVERDUE, falls_due=EDITION_CHECK).label == "Check for a new edition overdue"
    assert ReviewStatus(DUE_SOON, falls_due=EDITION_CHECK).label == "Check for a new edition due soon"
    assert ReviewStatus(CURRENT, falls_due=EDITION_CHECK).label == "Current"


def test_pages_carry_what_the_document_is(demo_site):
    for uri, what in (("procedures/QP-016/index.html", "procedure"), ("forms/FRM-001/index.html", "form"),
                      ("work-instructions/WI-001/index.html", "work instruction")):
        [data] = elements(demo_site, uri, "data-qms-review")
        assert data["data-what"] == what, uri
        assert "data-check" not in data, uri
    [form] = elements(demo_site, "forms/FRM-001/index.html", "data-qms-review")
    assert (form["data-next-review"], form["data-due-soon-days"], form["data-build-status"]) == (
        "2028-05-12", "30", "current")


def test_an_external_document_carries_its_edition_check(demo_site):
    [data] = elements(demo_site, "external-documents/EXT-002/index.html", "data-qms-review")
    assert data == {"class": "qms-review-dates", "data-qms-review": "", "data-check": "edition",
                    "data-next-review": "2026-10-20", "data-due-soon-days": "30", "data-build-status": "overdue",
                    "data-what": "external document", "data-owner": "Sales Coordinator"}
    # the build's banner directly follows the data, marked so the script can replace it
    page = (demo_site / "external-documents/EXT-002/index.html").read_text(encoding="utf-8")
    after = page[page.index('data-owner="Sales Coordinator"></div>'):]
    assert after.split("<div", 2)[1].startswith(' class="admonition warning qms-review-banner"')
    [current] = elements(demo_site, "external-documents/EXT-001/index.html", "data-qms-review")
    assert (current["data-check"], current["data-build-status"]) == ("edition", "current")


def test_the_register_notes_carry_their_dates(demo_site):
    notes = elements(demo_site, "register/index.html", "data-qms-review-note")
    by_date = {note["data-next-review"]: note for note in notes}
    assert by_date["2026-10-20"]["data-falls-due"] == "check for a new edition"  # EXT-002
    assert by_date["2026-12-08"]["data-falls-due"] == "review"  # QP-016
    assert {note["data-due-soon-days"] for note in notes} == {"30"}
    page = (demo_site / "register/index.html").read_text(encoding="utf-8")
    # the build's words stay for readers without JavaScript
    assert 'data-falls-due="check for a new edition"> (check for a new edition overdue)</span>' in page
    assert 'data-next-review="2026-12-08" data-due-soon-days="30" data-falls-due="review"> (review due soon)</span>' \
        in page
    assert 'data-falls-due="review"></span>' in page  # a current one: an empty note, ready for the script
    assert "(review overdue)</span>" in page  # QP-022
    assert page.count("data-qms-review-note") == len([n for n in notes if n["data-next-review"]])


@pytest.mark.slow  # builds a changed copy of the demo
def test_the_checkers_role_title_is_escaped(tmp_path):
    project = copy_project(tmp_path / "portal")
    edit(project, "data/roles/sales-coordinator.yml", "title: Sales Coordinator",
         "title: 'Sales \"Coordinator\" <b>& co</b>'")
    site = built_site(project)
    [data] = elements(site, "external-documents/EXT-002/index.html", "data-qms-review")
    assert data["data-owner"] == 'Sales "Coordinator" <b>& co</b>'
    page = (site / "external-documents/EXT-002/index.html").read_text(encoding="utf-8")
    assert 'data-owner="Sales &quot;Coordinator&quot; &lt;b&gt;&amp; co&lt;/b&gt;"' in page
    assert dt.date.fromisoformat(data["data-next-review"]) == dt.date(2026, 10, 20)
