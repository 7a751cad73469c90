"""The pipeline takes everything a build depends on as arguments: registry, environment, site URL."""

from __future__ import annotations

import shutil

import pytest

from qms.features import default_registry
from qms.pipeline import prepare
from qms.registry import Feature, Registry
from qms.settings import Settings
from qms.today import today

from conftest import DEMO_TODAY

OTHER_FEATURES_DATA = ("audits", "improvements", "kpis", "ncrs", "onboarding", "people", "training",
                       "management-reviews", "newsletters", "objectives", "records-settings.yml",
                       "search-synonyms.yml", "policy.yml", "roadmap.yml")


def build(org, registry: Registry, environ: dict[str, str], site_url: str = "", render: bool = True):
    settings = Settings.from_config({}, registry, org)
    return prepare(org, settings, environ, site_url, registry, render=render)


def test_the_environment_given_to_the_build_reaches_every_feature(org, monkeypatch):
    """Features see the build's environment, never the process's own."""
    monkeypatch.setenv("QMS_RELEASE", "from-the-process")
    monkeypatch.setenv("QMS_TODAY", "1999-01-01")
    seen: list[dict[str, str]] = []

    def probe_pages(renderer):
        seen.append(dict(renderer.context["environ"]))
        return []

    registry = Registry((*default_registry(), Feature("probe", pages=(probe_pages,))))
    environ = {"QMS_TODAY": DEMO_TODAY, "QMS_RELEASE": "2026.11", "PROBE": "given"}
    state = build(org, registry, environ)
    assert seen == [environ]
    assert state.today.isoformat() == DEMO_TODAY
    uris = {page.src_uri for page in state.pages}
    assert {"releases/2026.11.md", "releases/index.md"} <= uris
    assert "releases/from-the-process.md" not in uris


def test_without_a_release_in_the_given_environment_there_are_no_release_pages(org, monkeypatch):
    monkeypatch.setenv("QMS_RELEASE", "2026.11")
    state = build(org, default_registry(), {"QMS_TODAY": DEMO_TODAY})
    assert not [page for page in state.pages if page.src_uri.startswith("releases/")]


def test_site_url_is_the_one_given(org):
    state = build(org, default_registry(), {"QMS_TODAY": DEMO_TODAY}, site_url="https://qms.example/2026.11/")
    feed = next(page.content for page in state.pages if page.src_uri == "feed.xml")
    assert 'rel="self" type="application/atom+xml" href="https://qms.example/2026.11/feed.xml"' in feed


def test_today_reads_only_the_mapping_it_is_given(monkeypatch):
    monkeypatch.setenv("QMS_TODAY", "1999-01-01")
    assert today({"QMS_TODAY": DEMO_TODAY}).isoformat() == DEMO_TODAY


def test_a_repository_can_be_loaded_and_analysed_with_only_some_features(org):
    """Pages are left out: the procedure template still calls other features' functions."""
    for name in OTHER_FEATURES_DATA:
        path = org / "data" / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    registry = default_registry().only("documents")
    state = build(org, registry, {"QMS_TODAY": DEMO_TODAY}, render=False)
    assert state.repository.registry is registry
    assert set(state.repository.documents) <= {kind.name for kind in registry.kinds}
    assert state.repository.get("procedure", "QP-001") is not None
    assert {flag.kind for flag in state.analysis.flags} <= set(registry.flag_kinds)


def test_a_registry_refuses_unknown_or_repeated_features():
    with pytest.raises(ValueError):
        default_registry().only("no-such-feature")
    with pytest.raises(ValueError):
        Registry((*default_registry(), *default_registry()))


def test_each_build_has_its_own_caches_and_workers_come_from_its_environment(org, monkeypatch):
    monkeypatch.setenv("QMS_WORKERS", "7")
    first = build(org, default_registry(), {"QMS_TODAY": DEMO_TODAY, "QMS_WORKERS": "1"}, render=False)
    second = build(org, default_registry(), {"QMS_TODAY": DEMO_TODAY}, render=False)
    assert first.repository.caches is not second.repository.caches
    assert first.repository.caches.workers == 1
    assert second.repository.caches.workers is None  # decided from the machine, not the process's QMS_WORKERS
    assert "plain-words" in first.repository.caches.values
