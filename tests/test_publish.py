"""Releases with mike: two demo releases published into a git repository made in tmp_path.

The first release is published locally (no remote needed), the second with --push
to a bare remote. Between them one procedure gets a new revision, one is added
and one is made obsolete. The tests then read the pages branch with git: the
version list, the `latest` copy, the banner of the older release, the release
notes, and that failures (a gate, the build) and races deploy nothing.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_project, environment, qms
from browser import browser, page, page_log, serve  # noqa: F401 - fixtures for the browser test

pytestmark = pytest.mark.slow

BRANCH = "gh-pages"
FIRST, SECOND = "2026.1", "2026.11"

NEW_PROCEDURE = """\
id: QP-025
title: Storage and delivery
area: operations
status: approved
purpose: This procedure keeps our products safe from the store to the customer's door.
scope: It covers storage, packing and delivery of parts and finished products.
owner: production-manager
audience: [production-manager, production-operator]
steps:
  - role: production-operator
    action: Store each part in its labelled place.
  - role: production-operator
    action: Pack each product in its approved box.
  - role: production-operator
    action: Book the courier and record the tracking number.
    record: Dispatch record
  - role: production-manager
    action: Check the stores each month for damage and old stock.
    record: Stores check sheet
related: [QP-012]
clauses: ["8.5.4"]
keywords: [storage, packing, delivery, courier, dispatch]
review:
  last_reviewed: 2026-11-20
  interval_months: 12
revisions:
  - rev: "1"
    date: 2026-11-20
    summary: First issue. It replaces QP-021.
    approved_by: production-manager
"""


def git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@contextlib.contextmanager
def committed_home_page_addition(project: Path, text: str, message: str):
    """The home page with ``text`` added, committed, for the block; then put back and committed again."""
    page = project / "docs/index.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + text, encoding="utf-8")
        commit_all(project, message)
        yield
    finally:
        page.write_text(original, encoding="utf-8")
        commit_all(project, "Take the change back")


def make_repository(target: Path, remote: Path | None = None) -> Path:
    """A copy of the demo in a fresh git repository, with today's flags accepted (qms baseline)."""
    project = copy_project(target)
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "quality@brightwater.example")
    git(project, "config", "user.name", "Quality Team")
    result = qms(project, "baseline")
    assert result.returncode == 0, result.stderr
    commit_all(project, "The portal as adopted")
    if remote is not None:
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
        git(project, "remote", "add", "origin", str(remote))
    return project


def change_between_releases(project: Path) -> None:
    """QP-004 gets revision 4 (one step changed, one removed, one added); QP-025 replaces QP-021."""
    qp004 = project / "data/procedures/QP-004.yml"
    text = qp004.read_text(encoding="utf-8")
    text = text.replace("action: Book a planning day with the management team each January.",
                        "action: Book a planning day with the management team each December.")
    text = text.replace("  - role: quality-manager\n"
                        "    action: Publish the objectives on the portal and the noticeboards.\n", "")
    text = text.replace("    record: Monthly KPI report\n",
                        "    record: Monthly KPI report\n"
                        "  - role: managing-director\n"
                        "    action: Check the risk register again after any big change.\n", 1)
    text = text.replace("  last_reviewed: 2026-01-22", "  last_reviewed: 2026-11-02")
    text += ('  - rev: "4"\n'
             "    date: 2026-11-02\n"
             "    summary: Moved the planning day to December and added a check after big changes.\n"
             "    approved_by: managing-director\n"
             "    changes:\n"
             "      - Plan in December, so the objectives are ready in January.\n"
             "      - Check the risk register again after any big change.\n")
    qp004.write_text(text, encoding="utf-8")
    (project / "data/procedures/QP-025.yml").write_text(NEW_PROCEDURE, encoding="utf-8")
    matrix = project / "data/training/matrix.yml"  # nobody can be trained on an obsolete procedure
    matrix.write_text(re.sub(r"QP-021, |, QP-021", "", matrix.read_text(encoding="utf-8")), encoding="utf-8")
    qp021 = project / "data/procedures/QP-021.yml"
    qp021.write_text(qp021.read_text(encoding="utf-8").replace(
        "status: approved\n", "status: obsolete\nsuperseded_by: QP-025\n", 1), encoding="utf-8")


@dataclass
class Releases:
    project: Path
    remote: Path
    first_tree: str  # the tree of 2026.1/ right after the first release
    head: str  # the pages branch right after the second release (later tests may publish more)
    commit: str  # the commit of main the second release was made from
    logs: list[str]


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    base = tmp_path_factory.mktemp("releases")
    project = make_repository(base / "portal", remote=base / "remote.git")
    first = qms(project, "publish", FIRST)
    assert first.returncode == 0, first.stdout + first.stderr
    first_tree = git(project, "rev-parse", f"{BRANCH}:{FIRST}").strip()
    change_between_releases(project)
    commit_all(project, "QP-004 revision 4; QP-025 replaces QP-021")
    second = qms(project, "publish", SECOND, "--push")
    assert second.returncode == 0, second.stdout + second.stderr
    return Releases(project, base / "remote.git", first_tree, git(project, "rev-parse", BRANCH).strip(),
                    git(project, "rev-parse", "HEAD").strip(), [first.stdout + first.stderr,
                                                               second.stdout + second.stderr])


def show(releases: Releases, path: str) -> str:
    """A file of the pages branch as the two releases left it."""
    return git(releases.project, "show", f"{releases.head}:{path}")


def section(page: str, heading: str) -> str:
    """The HTML between an <h2> with this text and the next <h2>."""
    match = re.search(r"<h2[^>]*>" + re.escape(heading) + r".*?</h2>(.*?)(?=<h2|\Z)", page, re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def document_ids(fragment: str) -> set[str]:
    return set(re.findall(r"\bQP-\d{3}\b", html.unescape(fragment).replace("\\-", "-")))


# --- the pages branch ---------------------------------------------------------------------------

def test_the_feed_of_a_release_links_inside_that_release(releases):
    """mike gives MkDocs each release's own site_url; the feed's links and ids must use it.

    Read from the raw mkdocs.yml instead, they would point at /news/ and /feed.xml
    at the root of the pages branch, which hold no such files.
    """
    site_url = "http://127.0.0.1:8000/"  # site_url in the demo's mkdocs.yml
    branch_files = set(git(releases.project, "ls-tree", "-r", "--name-only", releases.head).split())
    for version in (FIRST, SECOND):
        feed = show(releases, f"{version}/feed.xml")
        urls = re.findall(r'(?:href|xml:base)="([^"]+)"|<id>([^<]+)</id>', feed)
        urls = [html.unescape(href or ident) for href, ident in urls]
        assert f'rel="self" type="application/atom+xml" href="{site_url}{version}/feed.xml"' in feed
        assert len(urls) > 3, feed[:500]
        for url in urls:
            assert url.startswith(f"{site_url}{version}/"), f"{version}/feed.xml: {url}"
            path = url[len(site_url):]
            target = path if path.endswith(".xml") else path + "index.html"
            assert target in branch_files, f"{version}/feed.xml names {url}, which the release does not hold"


def test_versions_json_lists_both_releases_with_latest_on_the_newest(releases):
    versions = json.loads(show(releases, "versions.json"))
    assert [entry["version"] for entry in versions] == [SECOND, FIRST]
    aliases = {entry["version"]: entry["aliases"] for entry in versions}
    assert aliases == {SECOND: ["latest"], FIRST: []}
    assert versions[0]["properties"]["commit"] == releases.commit


def test_latest_is_a_real_copy_of_the_newest_release(releases):
    listing = git(releases.project, "ls-tree", releases.head).splitlines()
    modes = {line.split("\t")[1]: line.split()[0] for line in listing}
    assert modes["latest"] == "040000", "latest must be a folder, not a symlink (alias_type: copy)"
    assert git(releases.project, "rev-parse", f"{releases.head}:latest").strip() == \
        git(releases.project, "rev-parse", f"{releases.head}:{SECOND}").strip()
    assert 'href="latest/"' in show(releases, "index.html"), "the site root must open latest/"


def test_the_first_release_is_byte_for_byte_unchanged_by_the_second(releases):
    assert git(releases.project, "rev-parse", f"{releases.head}:{FIRST}").strip() == releases.first_tree


def test_the_push_sent_both_releases_to_the_remote(releases):
    assert git(releases.remote, "rev-parse", BRANCH).strip() == releases.head
    versions = json.loads(git(releases.remote, "show", f"{BRANCH}:versions.json"))
    assert {entry["version"] for entry in versions} == {FIRST, SECOND}


def test_pages_carry_the_version_selector_and_the_older_release_banner(releases):
    page = show(releases, f"{FIRST}/procedures/QP-004/index.html")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert config["version"] == {"provider": "mike", "default": "latest", "alias": True}
    banner = re.search(r'data-md-component="outdated" hidden>(.*?)</div>\s*</aside>', page, re.S)
    assert banner, "Material's outdated block is missing"
    assert "data-qms-outdated-text" in banner.group(1) and "data-qms-outdated-link" in banner.group(1)
    assert 'href="../../../"' in banner.group(1), "without the script the link opens the site root"
    assert "<script" not in banner.group(1), "no inline script: the CSP allows only known hashes"
    assert re.search(r'<script src="../../javascripts/releases\.js"', page)
    script = show(releases, f"{FIRST}/javascripts/releases.js")
    assert "You are reading release " in script and "the current release is " in script
    assert 'method: "HEAD"' in script and "sameOrigin" in script
    assert not re.search(r"https?://", script.split("*/", 1)[1]), "the script must request nothing outside"


def test_release_notes_list_exactly_what_changed(releases):
    page = show(releases, f"{SECOND}/releases/{SECOND}/index.html")
    assert f"Release {SECOND}" in page
    assert f"since release {FIRST}" in page
    assert document_ids(section(page, "Added")) == {"QP-025"}
    revised = section(page, "Revised")
    assert document_ids(revised) == {"QP-004"}
    assert "revision 3 is now revision 4" in revised
    assert "Moved the planning day to December and added a check after big changes." in revised
    assert "Plan in December, so the objectives are ready in January." in revised
    obsolete = section(page, "Made obsolete")
    assert document_ids(obsolete) == {"QP-021", "QP-025"}
    assert re.search(r"QP-021.*?</td>\s*<td>.*?QP-025", html.unescape(obsolete), re.S), "replaced by QP-025"
    assert "Removed from the portal" not in page
    assert "1 added, 1 revised, 1 made obsolete" in page


def test_the_first_release_notes_list_every_document(releases):
    page = show(releases, f"{FIRST}/releases/{FIRST}/index.html")
    assert "This is the first published release of the portal." in page
    listed = document_ids(section(page, "Documents in this release"))
    assert {"QP-001", "QP-004", "QP-021"} <= listed
    assert "QP-025" not in listed and "QP-023" not in listed  # not yet written; a draft


def test_release_notes_index_links_to_older_notes_in_their_own_release(releases):
    page = show(releases, f"{SECOND}/releases/index.html")
    assert f'href="../../{FIRST}/releases/{FIRST}/"' in page
    assert show(releases, f"{FIRST}/releases/{FIRST}/index.html")
    nav = show(releases, f"{SECOND}/index.html")
    assert "Release notes" in nav


def test_the_report_of_each_release_names_each_documents_revision(releases):
    report = json.loads(show(releases, f"{SECOND}/qms-report.json"))
    revisions = {doc["id"]: doc["revision"] for doc in report["documents"] if doc["kind"] == "procedure"}
    assert revisions["QP-004"] == "4" and revisions["QP-025"] == "1"
    older = json.loads(show(releases, f"{FIRST}/qms-report.json"))
    assert {doc["id"]: doc["revision"] for doc in older["documents"]}["QP-004"] == "3"


def test_a_procedure_page_shows_what_changed_in_its_steps(releases):
    page = html.unescape(show(releases, f"latest/procedures/QP-004/index.html"))
    changes = page.split('id="what-changed"', 1)[1].split('id="steps"', 1)[0]  # near the top, before the steps
    text = re.sub(r"<[^>]+>", "", changes)
    assert "What changed in revision 4:" in text
    assert "Plan in December, so the objectives are ready in January." in text
    assert "Changes to the steps since revision 3, which took effect on 2026-01-22" in text
    assert "Changed step 1" in text
    assert "Changed from “Book a planning day with the management team each January.” to " \
           "“Book a planning day with the management team each December.”" in text
    assert "Removed step 8 of revision 3: Quality Manager — Publish the objectives" in text
    assert "Added step 9: Managing Director — Check the risk register again after any big change." in text


# --- nothing is deployed when something fails ---------------------------------------------------

def branch_head(project: Path) -> str:
    return git(project, "rev-parse", BRANCH).strip()


def test_a_failing_gate_deploys_nothing(releases):
    project = releases.project
    before = branch_head(project)
    path = project / "data/procedures/QP-025.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("owner: production-manager", "owner: nobody-at-all"), encoding="utf-8")
        result = qms(project, "publish", "2026.12", "--allow-dirty")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "data/procedures/QP-025.yml:7:" in result.stderr and "nobody-at-all" in result.stderr
    assert "Nothing was published." in result.stderr
    assert branch_head(project) == before
    assert not list(project.glob(".qms-publish-*.yml"))


def test_a_failing_strict_build_deploys_nothing(releases):
    project = releases.project
    before = branch_head(project)
    with committed_home_page_addition(project, "\nSee [the missing page](no-such-page.md).\n", "A broken link"):
        result = qms(project, "publish", "2026.12")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-such-page.md" in result.stderr
    assert "the 'gh-pages' branch was left as it was" in result.stderr
    assert branch_head(project) == before
    assert not list(project.glob(".qms-publish-*.yml"))


def test_uncommitted_data_and_older_names_are_refused(releases):
    project = releases.project
    before = branch_head(project)
    older = qms(project, "publish", "2026.2")
    assert older.returncode == 2 and re.search(r"older than 2026\.1[12], the newest release", older.stderr)
    bad = qms(project, "publish", "latest")
    assert bad.returncode == 2 and "reserved" in bad.stderr
    path = project / "data/procedures/QP-025.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("Storage and delivery", "Storage and deliveries"), encoding="utf-8")
        dirty = qms(project, "publish", "2026.12")
    finally:
        path.write_text(original, encoding="utf-8")
    assert dirty.returncode == 2 and "data/procedures/QP-025.yml" in dirty.stderr
    assert branch_head(project) == before


def test_two_publishes_at_once_take_turns(releases):
    """The second waits for the first (a lock in the git folder), so the branch stays whole."""
    project = releases.project
    before = branch_head(project)
    command = [sys.executable, "-m", "qms.cli", "publish", "2026.12"]
    runs = [subprocess.Popen(command, cwd=project, env=environment(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("Another publish is running" in err for _, err in outputs)
    assert subprocess.run(["git", "merge-base", "--is-ancestor", before, BRANCH], cwd=project).returncode == 0
    versions = json.loads(git(project, "show", f"{BRANCH}:versions.json"))
    assert [entry["version"] for entry in versions] == ["2026.12", SECOND, FIRST]
    assert versions[0]["aliases"] == ["latest"]
    assert git(project, "rev-parse", f"{BRANCH}:{FIRST}").strip() == releases.first_tree
    git(project, "fsck", "--no-progress")



def test_a_refresh_builds_the_newest_release_again_from_the_same_sources(releases):
    """The nightly job's republish: same name, same sources, no new release in the menu."""
    project = releases.project
    before = json.loads(git(project, "show", f"{BRANCH}:versions.json"))
    newest = before[0]["version"]
    # a day later, as the nightly job would: the pages that show today's picture change
    refreshed = qms(project, "publish", "--refresh", today="2026-11-26")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert f"Published release {newest} as latest" in refreshed.stdout
    refreshed_head = branch_head(project)

    # the same day again: the build is the same, so there is nothing to commit, and no git jargon
    again = qms(project, "publish", "--refresh", today="2026-11-26")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"Nothing to refresh: release {newest} on the 'gh-pages' branch is already up to date." in again.stdout
    assert "allow-empty" not in again.stdout + again.stderr and "error:" not in again.stderr
    assert branch_head(project) == refreshed_head
    after = json.loads(git(project, "show", f"{BRANCH}:versions.json"))
    assert [(entry["version"], entry["aliases"]) for entry in after] == \
        [(entry["version"], entry["aliases"]) for entry in before]
    assert git(project, "log", "-1", "--format=%s", BRANCH).startswith(f"Refresh release {newest} ")
    assert git(project, "rev-parse", f"{BRANCH}:{FIRST}").strip() == releases.first_tree

    # new content must go out as a new release, not under the old name
    head = branch_head(project)
    with committed_home_page_addition(project, "\nA sentence added after the release.\n",
                                      "A change after the release"):
        changed = qms(project, "publish", "--refresh")
    assert changed.returncode == 2, changed.stdout + changed.stderr
    assert "publish a new release instead" in changed.stderr
    assert branch_head(project) == head
    both = qms(project, "publish", "2026.12", "--refresh")
    assert both.returncode == 2 and "not both" in both.stderr


def test_a_published_release_is_never_published_again_from_other_content(releases):
    """A release folder stays exactly as it was published: its name again is refused, or does nothing."""
    project = releases.project
    before = branch_head(project)
    newest = json.loads(git(project, "show", f"{BRANCH}:versions.json"))[0]["version"]
    # content that passes every gate: only the name stops it
    with committed_home_page_addition(project, "\nA sentence added after the releases.\n",
                                      "A change after the releases"):
        for name in dict.fromkeys((newest, SECOND, FIRST)):
            again = qms(project, "publish", name)
            assert again.returncode == 2, again.stdout + again.stderr
            error = again.stderr.splitlines()[0]
            assert error.startswith(f"error: release {name} is already published from commit "), error
            assert "a published release never changes" in error and "under a later name" in error
            assert "--refresh" not in error, "the sources changed: a refresh cannot help"
        # one release, two spellings: 2026.01 is release 2026.1
        zero = FIRST.replace(".", ".0")
        spelled = qms(project, "publish", zero)
        assert spelled.returncode == 2, spelled.stdout + spelled.stderr
        assert f"release {zero} (as {FIRST}) is already published" in spelled.stderr
    assert branch_head(project) == before

    # the commit a release was made from, again: nothing to do (a job run twice succeeds); with
    # --push the branch still goes out, in case the first run's push failed
    git(project, "checkout", "-q", "--detach", releases.commit)
    try:
        same = qms(project, "publish", SECOND, "--push")
    finally:
        git(project, "checkout", "-q", "main")
    assert same.returncode == 0, same.stdout + same.stderr
    assert f"Release {SECOND} is already published from this commit ({releases.commit[:12]})" in same.stdout
    assert "nothing to do" in same.stdout and "Building" not in same.stdout
    assert "The 'gh-pages' branch is pushed to origin." in same.stdout
    assert branch_head(project) == before == git(releases.remote, "rev-parse", BRANCH).strip()

    # the newest release from another commit with the same sources: a refresh is what was meant
    (project / "NOTES.txt").write_text("Not part of a release.\n", encoding="utf-8")
    commit_all(project, "A file outside the release")
    newest_again = qms(project, "publish", newest)
    assert newest_again.returncode == 2, newest_again.stdout + newest_again.stderr
    assert f"release {newest} is already published" in newest_again.stderr
    assert "qms publish --refresh" in newest_again.stderr
    assert branch_head(project) == before


@pytest.mark.parametrize("name, problem", [
    ("2026.13", "'2026.13' is not a release name: 13 is not a month (use 1 to 12)"),
    ("2026.14", "'2026.14' is not a release name: 14 is not a month (use 1 to 12)"),
    ("2027.00", "'2027.00' is not a release name: 00 is not a month (use 1 to 12)"),
    ("next", "'next' is not a release name: name a release after the year and month, such as 2026.11"),
    ("v2", "'v2' is not a release name: name a release after the year and month"),
    ("2026.011", "'2026.011' is not a release name"),
    ("2026.12.0", "'2026.12.0' is not a release name"),
])
def test_a_name_that_is_not_a_release_name_says_so(releases, name, problem):
    before = branch_head(releases.project)
    result = qms(releases.project, "publish", name)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"error: {problem}"), result.stderr
    assert "older than" not in result.stderr and "Checking" not in result.stdout
    assert branch_head(releases.project) == before


def test_publish_without_a_name_asks_for_one(releases):
    result = qms(releases.project, "publish")
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: give the release a name, such as 2026.11 (or use --refresh to "
                                     "build the newest release again)")

# --- the banner in a browser --------------------------------------------------------------------

@pytest.fixture(scope="module")
def pages_site(releases: Releases, tmp_path_factory: pytest.TempPathFactory):
    """The pages branch as the two releases left it, served on 127.0.0.1 like a plain web server."""
    folder = tmp_path_factory.mktemp("pages")
    archive = subprocess.run(["git", "archive", "--format=tar", releases.head], cwd=releases.project,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    server = serve(folder)
    yield server.url
    server.close()


@pytest.mark.browser
def test_an_older_release_names_the_current_one_and_links_to_the_same_page(pages_site, page, page_log):
    page.goto(pages_site)
    page.wait_for_url("**/latest/")
    assert page.locator("[data-md-component=outdated]").is_hidden(), "the newest release has no banner"

    page.goto(pages_site + f"{FIRST}/procedures/QP-004/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    link = page.locator("[data-qms-outdated-link]")
    page.wait_for_function("document.querySelector('[data-qms-outdated-link]').textContent.startsWith('Read')")
    assert page.locator("[data-qms-outdated-text]").text_content() == \
        f"You are reading release {FIRST}; the current release is {SECOND}."
    assert link.text_content() == f"Read this page in release {SECOND}."
    assert link.get_attribute("href") == pages_site + f"{SECOND}/procedures/QP-004/"
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").text_content().strip() == FIRST

    # instant navigation swaps the page in place: the link follows the new page
    page.locator("article a[href$='QP-003/']").first.click()
    page.wait_for_url(f"**/{FIRST}/procedures/QP-003/")
    page.wait_for_function(f"document.querySelector('[data-qms-outdated-link]').href.endsWith('{SECOND}/procedures/QP-003/')")

    # a page the current release no longer has: the link opens that release's home instead
    page.goto(pages_site + f"{FIRST}/releases/{FIRST}/")
    banner.wait_for(state="visible")
    page.wait_for_function("document.querySelector('[data-qms-outdated-link]').textContent.startsWith('Go to')")
    page.wait_for_load_state("networkidle")
    assert link.text_content() == f"Go to the home page of release {SECOND}."
    assert link.get_attribute("href") == pages_site + f"{SECOND}/"
    assert pages_site + f"{SECOND}/releases/{FIRST}/" in page_log.requests, "it asked whether the page exists"
    # the HEAD request for the missing page is expected to fail with 404: Chromium logs it
    page_log.console_errors[:] = [error for error in page_log.console_errors if "404" not in error]
