"""A portal without one feature: the demo builds, and that feature's pages, navigation and flags are gone."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from qms.build import prepare
from qms.features import default_registry
from qms.settings import SettingsError

from conftest import ROOT, copy_project, environment, mkdocs_build

OPTIONAL = [feature.name for feature in default_registry() if feature.name != "documents"]
# flags of other features that compare with this one's data (through its services): gone with it
NEEDS = {"metrics": {"objective-status-contradicts-kpi", "onboarding-leaves-out-training",
                     "onboarding-training-not-required"}}
# what each feature adds to a page the core owns, to check it is gone with the feature
SECTIONS = {
    "leadership": ("dashboard/index.html", "Leadership and roadmap"),
    "records": ("procedures/QP-019/index.html", "Nonconformities"),
    "metrics": ("roles/production-operator/index.html", "Training gaps"),
    "onboarding": ("index.html", "Pick your role"),
}


def with_features(project: Path, names: list[str]) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  qms:\n" in text
    config.write_text(text.replace("\n  qms:\n", f"\n  qms:\n    features: [{', '.join(names)}]\n", 1),
                      encoding="utf-8")


def html_pages(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.html")}


def page_of(uri: str) -> str:
    """The HTML file MkDocs writes for a page source (directory URLs)."""
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri.removesuffix(".md") + ".html"
    return uri.removesuffix(".md") + "/index.html"


@functools.cache
def demo_pages(*features: str) -> frozenset[str]:
    registry = default_registry().only(*features) if features else None
    state = prepare(ROOT, None, environ=environment(), use_baseline=False, registry=registry)
    return frozenset(page.src_uri for page in state.pages)


def generated_by(feature: str) -> set[str]:
    """Source paths of the pages the demo has only with ``feature``."""
    return set(demo_pages() - demo_pages(*(f.name for f in default_registry() if f.name != feature)))


@pytest.mark.slow
@pytest.mark.parametrize("feature", OPTIONAL)
def test_the_demo_builds_without_a_feature(feature, tmp_path, demo_site):
    project = copy_project(tmp_path / "portal")
    with_features(project, [name for name in ["documents", *OPTIONAL] if name != feature])
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"

    gone = {page_of(uri) for uri in generated_by(feature)}
    assert html_pages(site) == html_pages(demo_site) - gone
    if feature != "releases":  # release notes exist only in a published release
        assert gone

    home = (site / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"#]+)', home))
    assert not {link for link in links if any(link.rstrip("/").endswith(page.removesuffix("/index.html"))
                                              for page in gone if page != "index.html")}

    kinds = {flag.name for f in default_registry() if f.name == feature for flag in f.flag_kinds}
    kinds |= NEEDS.get(feature, set())
    demo_report = json.loads((demo_site / "qms-report.json").read_text(encoding="utf-8"))
    report = json.loads((site / "qms-report.json").read_text(encoding="utf-8"))
    assert not {flag["kind"] for flag in report["flags"]} & kinds
    assert len(report["flags"]) == len(demo_report["flags"]) - sum(f["kind"] in kinds for f in demo_report["flags"])

    if feature in SECTIONS:
        page, text = SECTIONS[feature]
        assert text in (demo_site / page).read_text(encoding="utf-8")
        assert text not in (site / page).read_text(encoding="utf-8")


def test_features_must_be_known_and_include_documents():
    with pytest.raises(SettingsError) as raised:
        prepare(ROOT, {"features": ["recrods", "metrics"]}, environ=environment(), render=False)
    assert str(raised.value).splitlines() == [
        "extra.qms.features: unknown feature 'recrods' (did you mean 'records'?)",
        "extra.qms.features: 'documents' is missing (add it: every other feature builds on its organisation, "
        "roles and procedures)"]


@pytest.mark.slow
def test_a_page_calling_a_macro_of_a_feature_left_out_is_told_which(tmp_path):
    project = copy_project(tmp_path / "portal")
    with_features(project, ["documents", "records", "metrics", "onboarding", "releases"])
    (project / "docs" / "news.md").write_text("# News\n\n{{ latest_newsletter() }}\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "latest_newsletter() belongs to the leadership feature, which this portal does not use" in result.stderr
