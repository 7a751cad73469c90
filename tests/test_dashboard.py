"""The quality dashboard is an action list: counts first, document problems apart from operational
facts, each grouped under the role that owns it, readability folded per document with its word
suggestions counted, and no word about "the demo" on any page staff read.

The Markdown is rendered from the demo without a site build (fast); the wording check greps every
page of the built demo.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from qms.build import prepare
from qms.cli import qms_config
from qms.reports import report

from conftest import ROOT

TODAY = "2026-12-02"
# the quality team's own pages: the guide for adopting the portal, the reference for scripts
QUALITY_TEAM_PAGES = ("guide/", "reference/")
DEMO_WORDING = re.compile(r"on purpose|example_flags|example flags|\bdemo\b|\bdemos\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def state():
    return prepare(ROOT, qms_config(ROOT), environ={"QMS_TODAY": TODAY}, render=True)


@pytest.fixture(scope="module")
def dashboard(state) -> str:
    return next(page.content for page in state.pages if page.src_uri == "dashboard.md")


def section(page: str, heading: str) -> str:
    start = page.index(f"\n## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start:end if end != -1 else None]


def owner_sections(text: str) -> dict[str, str]:
    """Role id → what is listed under that role's heading."""
    parts = re.split(r"^### \[[^\]]+\]\(roles/([a-z0-9-]+)\.md\)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_counts_come_first_and_match_the_report(state, dashboard):
    head = dashboard.split("\n## ", 1)[0]
    published = report(state)
    flags = published["flags"]
    total = sum(published["summary"][severity] for severity in ("error", "warning", "info"))
    problems = sum(1 for flag in flags if not flag["operational"])
    overdue = sum(1 for doc in published["documents"] if doc["review"] and doc["review"]["status"] == "overdue")
    due_soon = sum(1 for doc in published["documents"] if doc["review"] and doc["review"]["status"] == "due-soon")
    counts = dict(re.findall(r'data-count="([a-z-]+)">(\d+)<', head))
    assert counts == {"document-problems": str(problems), "operational-facts": str(total - problems),
                      "reviews-overdue": str(overdue), "reviews-due-soon": str(due_soon)}
    assert overdue >= 1 and due_soon >= 1  # the demo has both on this date: the counts are not trivially zero
    for anchor in ("#document-problems", "#operational-facts"):
        assert f'href="{anchor}"' in head
    # operational facts by kind, named in words, add up to the operational count
    by_kind = dict(re.findall(r'data-kind="([a-z-]+)">[^<]+<strong>(\d+)</strong>', head))
    assert sum(int(count) for count in by_kind.values()) == total - problems
    assert 'data-kind="review-overdue">Review overdue: <strong>1</strong>' in head


def test_document_problems_and_operational_facts_are_apart_and_grouped_by_owner(state, dashboard):
    problems = section(dashboard, "Document problems")
    facts = section(dashboard, "Operational facts")
    # an operational fact (a late audit, a KPI value) is never listed as a document problem, and back
    assert "IA-2026-09" in facts and "IA-2026-09" not in problems
    assert "KPI-001" in facts and "KPI-001" not in problems
    assert "NCR-2026-003 was closed without an effectiveness check" in problems
    assert "NCR-2026-003 was closed" not in facts
    # each owner sees their own: reviews under the owning role, audits under the auditor
    by_owner = owner_sections(facts)
    assert "QP-022 review was due" in by_owner["production-manager"]
    assert "QP-016 review is due" in by_owner["purchasing-officer"]
    assert "IA-2026-09 was planned" in by_owner["quality-manager"]
    # an item inside a document (a management review action) goes to the role its message names
    assert "mr-2026-07 action 1" in by_owner["production-manager"]
    assert "QP-017" in owner_sections(problems)["purchasing-officer"]
    # the role a flag names as owner is the one it is listed under, whatever its document's owner
    named = [flag for flag in state.analysis.flags if flag.operational and flag.owner
             and flag.kind not in state.registry.personal_flag_kinds]
    assert len(named) >= 10
    for flag in named:
        assert flag.document in by_owner[flag.owner], (flag.owner, str(flag))
    # each owner heading links to the role's page and appears once per section
    headings = re.findall(r"^### (.+)$", facts, flags=re.M)
    assert len(headings) == len(set(headings)) and all("](roles/" in heading for heading in headings)
    # status in words and an icon as well as colour
    assert re.search(r'<span class="qms-status qms-status--off-target"><span aria-hidden="true">✖</span> '
                     r"Needs action</span> \[IA-2026-09 ", facts)
    assert "Accepted</span>" in facts


def test_readability_is_folded_per_document_with_word_suggestions_counted(state, dashboard):
    problems = section(dashboard, "Document problems")
    details = re.findall(r'<details class="qms-dash-detail" markdown="1">\n<summary>([^<]+)</summary>(.*?)</details>',
                         problems, flags=re.S)
    summaries = {summary.split(" ", 1)[0]: (summary, body) for summary, body in details}
    summary, body = summaries["QP-017"]
    phrases = state.analysis.document(state.repository.get("procedure", "QP-017")).readability.phrases
    shall = sum(1 for phrase in phrases if phrase.phrase.lower() == "shall")
    assert shall > 1
    assert re.fullmatch(r"QP-017 Supplier evaluation and approval: hard to read overall, \d+ long sentences, "
                        r"\d+ hard sentences?, \d+ sentences that do not say who acts, " + str(len(phrases)) + " word suggestions", summary), summary
    # one line per suggestion, counted: never one line per "shall"
    assert f"- “shall” → “must” ×{shall} " in body
    assert body.count("→ “must”") == 1
    # folded by default: no details element is open
    assert " open" not in "".join(re.findall(r"<details[^>]*>", dashboard))
    # nothing of a readability finding is listed line by line outside its details
    outside = re.sub(r"<details.*?</details>", "", problems, flags=re.S)
    assert "instead of" not in outside and "→" not in outside


def test_flags_naming_a_person_are_only_counted(state, dashboard):
    personal = [flag for flag in state.analysis.flags if flag.kind in state.registry.personal_flag_kinds]
    assert personal
    assert f"{len(personal)} flags name a person" in section(dashboard, "Operational facts")
    assert not any(flag.file in dashboard for flag in personal)


def test_no_page_staff_read_talks_about_the_demo(demo_site: Path):
    found = []
    for path in sorted(demo_site.rglob("*.html")):
        address = path.relative_to(demo_site).as_posix()
        if address.startswith(QUALITY_TEAM_PAGES):
            continue
        text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        found += [f"{address}: …{match.string[max(0, match.start() - 40):match.end() + 40]}…"
                  for match in DEMO_WORDING.finditer(text)]
    assert not found, "\n".join(found)
    # the mechanism is kept: the demo's accepted flags still say so, in plain words
    accepted = [flag for flag in json.loads((demo_site / "qms-report.json").read_text())["flags"] if flag["on_purpose"]]
    assert accepted and all(flag["message"].endswith("(accepted by the quality team)") for flag in accepted)
