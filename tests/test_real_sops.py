"""Real public SOPs through 'qms import' and a build: five from fley-qms, two from the 18F handbook.

tests/fixtures/real-sops/source/ holds each SOP's Markdown as published (with its attribution);
tests/fixtures/real-sops/org/ is a small organisation whose procedures are those SOPs, imported with
the commands below and finished by hand (README.md there says what import got right and what was
fixed). The first tests import every source again and check what the import found; the build tests
check each finished page: numbering, tables and lists inside their steps, each section in the table
of contents.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build, qms
from test_block_markdown import Element, page, tree

REAL = Path(__file__).resolve().parent / "fixtures" / "real-sops"
SOURCES = REAL / "source"
ORG = REAL / "org"
FLEY_MAP = ["--map", "Process Owners=process-owner", "--map", "All Personnel=staff", "--map", "All Employees=staff"]


@dataclass(frozen=True)
class Sop:
    source: str
    doc_id: str  # the finished procedure in the organisation
    options: tuple[str, ...]  # what the author gave 'qms import'
    steps: int  # as imported
    sections: int
    definitions: int
    numbering: str | None
    clauses: tuple[str, ...]
    records: int
    general: tuple[str, ...]  # the headings of the general part


SOPS = [
    Sop("Change-Control-SOP.md", "QP-001",
        ("--owner", "quality-manager", *FLEY_MAP, "--map", "Change Requestor=staff", "--map", "Reviewers=process-owner",
         "--map", "Approvers=quality-manager"),
        22, 6, 6, "restart", ("6.3", "8.5.6"), 4, ()),
    Sop("Document-Control-SOP.md", "QP-002", ("--owner", "quality-manager", *FLEY_MAP, "--map", "Management=top-management"),
        26, 7, 6, "restart", ("7.5.2", "7.5.3"), 3, ("## Retention",)),
    Sop("Identification-and-Traceability-SOP.md", "QP-003", tuple(FLEY_MAP),
        17, 5, 7, "restart", ("8.5.2",), 3, ("## Traceability Relationships", "## Regulatory Traceability")),
    Sop("Management-Review-SOP.md", "QP-004", tuple(FLEY_MAP),
        21, 4, 4, "restart", ("9.3",), 3, ("## Annual Requirement", "## Outputs of the Management Review")),
    Sop("Risk-and-Opportunity-Management-SOP.md", "QP-005", tuple(FLEY_MAP),
        12, 4, 4, None, ("6.1",), 4,
        ("### Identification of Risks and Opportunities", "## Integration with Other QMS Processes")),
    Sop("18F-security-incidents.md", "QP-006", ("--owner", "incident-response"),
        9, 2, 3, "restart", (), 0,
        ("## You must report IT security incidents or suspicious activity", "## What is an incident?",
         "## For responders", "### TTS tailored examples of incidents", "### Preventing future incidents",
         "### Setting up My Drive for sensitive information sharing", "## Contacts")),
    Sop("18F-purchase-requests.md", "QP-007", ("--owner", "operations-team"),
        8, 2, 0, "restart", (), 0, ("## Making a micropurchase", "### Office supplies")),
]


def _copy_org(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in ("mkdocs.yml", "data", "docs"):
        source = ORG / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    for part in ("hooks", "overrides"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_every_source_keeps_its_attribution() -> None:
    for sop in SOPS:
        head = (SOURCES / sop.source).read_text(encoding="utf-8").split("---")[1]
        assert "attribution: \"Source: " in head, sop.source
        finished = (ORG / "data" / "procedures" / f"{sop.doc_id}.yml").read_text(encoding="utf-8")
        assert re.search(r"^# Source: (Floating Eye Software, fley-qms|18F/TTS Handbook)", finished, re.M), sop.doc_id
        if "fley" in head:
            assert "Open Government Licence – Ontario" in head and "Open Government Licence – Ontario" in finished


@pytest.mark.parametrize("sop", SOPS, ids=[sop.source.removesuffix(".md") for sop in SOPS])
def test_import_finds_the_sections_steps_and_parts_of_a_real_sop(sop: Sop, tmp_path: Path) -> None:
    org = _copy_org(tmp_path / "org")
    target = tmp_path / "draft.yml"
    result = qms(org, "import", str(SOURCES / sop.source), "--id", "QP-100", "--output", str(target), *sop.options)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {target}: {sop.steps} steps in {sop.sections} sections."), result.stdout
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [len(section["steps"]) for section in data["sections"]] and len(data["sections"]) == sop.sections
    assert sum(len(section["steps"]) for section in data["sections"]) == sop.steps
    assert all(section["title"] and not re.match(r"\d", section["title"]) for section in data["sections"])
    assert len(data.get("definitions", [])) == sop.definitions
    assert all(entry["term"] and entry["meaning"] and "**" not in entry["term"] for entry in data.get("definitions", []))
    assert data.get("numbering") == sop.numbering
    assert tuple(data["clauses"]) == sop.clauses
    assert len(data["records"]) == sop.records
    assert tuple(line for line in (data.get("general") or "").splitlines() if line.startswith("#")) == sop.general
    assert data["purpose"] and "---" not in data["purpose"] and "---" not in data.get("scope", "")
    if sop.definitions:
        assert f"Definitions: {sop.definitions} terms." in result.stdout
    if sop.doc_id == "QP-006":  # what the author must still remove from the 18F page is listed
        assert "General part: raw HTML is not allowed" in result.stdout
        assert "General part: template tags of the source's own site" in result.stdout


# --------------------------------------------------------------------------- the finished pages, built

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    org = _copy_org(tmp_path_factory.mktemp("real-sops") / "org")
    check = qms(org, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr
    return org / "site"


def _finished(sop: Sop) -> dict:
    return yaml.safe_load((ORG / "data" / "procedures" / f"{sop.doc_id}.yml").read_text(encoding="utf-8"))


def _article(root: Element) -> Element:
    return next(element for element in root.descendants("article"))


def _section_lists(article: Element, titles: list[str]) -> list[tuple[Element, Element]]:
    """(h2, the ol of its steps) for each section title, in order."""
    found = []
    for title in titles:
        heading = next((h2 for h2 in article.descendants("h2") if h2.all_text().startswith(title)), None)
        assert heading is not None, f"no h2 for section {title!r}"
        siblings = heading.parent.children
        after = siblings[siblings.index(heading) + 1:]
        until = next((index for index, sibling in enumerate(after) if sibling.tag == "h2"), len(after))
        # the steps are the section's last list: an intro may hold a list of its own before them
        lists = [sibling for sibling in after[:until] if sibling.tag == "ol"]
        assert lists, f"section {title!r} has no list of steps"
        found.append((heading, lists[-1]))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("sop", SOPS, ids=[sop.doc_id for sop in SOPS])
def test_the_finished_page_numbers_its_steps_keeps_notes_inside_and_lists_each_section(site: Path, sop: Sop) -> None:
    from qms.kinds import procedure
    data = _finished(sop)
    root = page(site, procedure.uri(sop.doc_id))
    article = _article(root)
    titles = [section["title"] for section in data["sections"]]
    lists = _section_lists(article, titles)
    # numbering: one item per step, and the start the numbering asks for
    number = 1
    for (heading, steps), section in zip(lists, data["sections"]):
        items = steps.elements("li")
        assert len(items) == len(section["steps"]), heading.all_text()
        expected = None if data.get("numbering") == "restart" or number == 1 else str(number)
        assert steps.attrs.get("start") == expected, (heading.all_text(), steps.attrs)
        number += len(items)
        for item, step in zip(items, section["steps"]):
            note = step.get("note") or ""
            if re.search(r"^\s*\|[- |:]+\|\s*$", note, re.M):
                assert item.descendants("table"), f"{sop.doc_id}: the table of {step['action'][:40]!r} left its step"
            if re.search(r"^\s*([*-]|\d+\.) ", note, re.M):
                assert item.descendants("ul") or item.descendants("ol"), \
                    f"{sop.doc_id}: the list of {step['action'][:40]!r} left its step"
    # the table of contents reaches every section
    toc = [element for element in root.descendants("nav") if "md-nav--secondary" in element.attrs.get("class", "")]
    assert toc, "no table of contents"
    hrefs = {link.attrs.get("href") for link in toc[0].descendants("a")}
    for heading, _ in lists:
        assert heading.attrs.get("id") and f"#{heading.attrs['id']}" in hrefs, heading.all_text()


@pytest.mark.slow
def test_the_finished_pages_show_what_import_kept_from_the_sources(site: Path) -> None:
    from qms.kinds import procedure
    # a table nested in a bullet of a step stays a table inside that step (Document control, external documents)
    article = _article(page(site, procedure.uri("QP-002")))
    # the retention table, a heading with no steps in the source, is in the general part before the steps
    retention = next(h3 for h3 in article.descendants("h3") if h3.all_text().startswith("Retention"))
    html = (site / procedure.uri("QP-002").removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    content = html[html.index("<article"):]
    general, first_section = content.index(f'id="{retention.attrs["id"]}"'), content.index('id="creation"')
    assert general < content.index("<table", general) < first_section
    (_, steps), = _section_lists(article, ["External Controlled Documents"])
    assert steps.elements("li")[0].descendants("table")
    # nine review inputs, once nine "steps", are one numbered list inside one step
    article = _article(page(site, procedure.uri("QP-004")))
    (_, steps), = _section_lists(article, ["Review Inputs"])
    [item] = steps.elements("li")
    assert len(item.descendants("ol")[0].elements("li")) == 9
    # a decision links to the section it sends the reader to (18F security incidents)
    article = _article(page(site, procedure.uri("QP-006")))
    links = [link.attrs.get("href") for link in article.descendants("a")]
    assert "#clicked-a-link" in links
    # nothing from the sources' raw HTML or template tags reached a page
    for sop in SOPS:
        html = (site / procedure.uri(sop.doc_id).removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert "{%" not in html and "slack_channel" not in html
        assert tree(html)  # parses


def test_the_readme_has_a_row_for_every_sop() -> None:
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    for sop in SOPS:
        assert f"| {sop.doc_id} " in readme, sop.doc_id
