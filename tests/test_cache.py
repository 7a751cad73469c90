"""The disk cache: where it lives, that it stays small, and that it can never break a run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from qms.cache import DiskCache, cache_root, evict, project_folder
from qms.build import load

from conftest import ORG, environment, qms


def ids(repository) -> dict[str, list[str]]:
    return {kind: sorted(docs) for kind, docs in repository.documents.items()}


def data_project(parent: Path) -> Path:
    """The data of the tests' organisation alone: enough for ``load``."""
    shutil.copytree(ORG / "data", parent / "data")
    return parent


def test_the_location_comes_from_the_environment_it_is_handed(tmp_path):
    assert cache_root({"QMS_CACHE_DIR": str(tmp_path / "mine")}) == tmp_path / "mine"
    assert cache_root({"QMS_CACHE_DIR": str(tmp_path), "QMS_NO_CACHE": "1"}) is None
    default = cache_root({})
    assert default is not None and default.name == "qms" and default.is_absolute()


def test_two_checkouts_of_the_same_name_keep_their_own_entries(tmp_path):
    first, second = tmp_path / "a" / "portal", tmp_path / "b" / "portal"
    assert project_folder(tmp_path, first) != project_folder(tmp_path, second)
    for org, value in ((first, "one"), (second, "two")):
        cache = DiskCache("parsed", org, tmp_path / "cache")
        cache.put("same key", value)
        cache.save()
    assert DiskCache("parsed", first, tmp_path / "cache").get("same key") == "one"
    assert DiskCache("parsed", second, tmp_path / "cache").get("same key") == "two"


def test_the_folder_is_kept_under_its_size_limit_dropping_the_least_recently_used(tmp_path):
    root = tmp_path / "cache"
    limit = 50_000
    projects = [tmp_path / f"project-{number}" for number in range(8)]
    for age, org in enumerate(projects):
        cache = DiskCache("parsed", org, root, limit=limit)
        cache.put("payload", os.urandom(12_000))  # random bytes: pickled at full size
        cache.save()
        stamp = 1_000_000 + age  # oldest first, whatever the file system's clock resolution
        os.utime(cache.path, (stamp, stamp))
    files = [path for path in root.rglob("*") if path.is_file()]
    assert sum(path.stat().st_size for path in files) <= limit
    survivors = {path.parent for path in files}
    assert project_folder(root, projects[-1]) in survivors  # the newest stays
    assert project_folder(root, projects[0]) not in survivors  # the oldest went first
    assert not any(folder.is_dir() and not any(folder.iterdir()) for folder in root.iterdir())


def test_reading_an_entry_counts_as_a_use(tmp_path):
    root = tmp_path / "cache"
    old, new = tmp_path / "old", tmp_path / "new"
    for org in (old, new):
        cache = DiskCache("parsed", org, root)
        cache.put("payload", os.urandom(10_000))
        cache.save()
    os.utime(DiskCache("parsed", old, root).path, (1_000_000, 1_000_000))
    os.utime(DiskCache("parsed", new, root).path, (2_000_000, 2_000_000))
    assert DiskCache("parsed", old, root).get("payload") is not None  # read now: the newest use
    removed = evict(root, limit=15_000)
    assert [path.parent for path in removed] == [project_folder(root, new)]


def test_a_run_reuses_what_the_previous_run_parsed(tmp_path):
    org = data_project(tmp_path / "portal")
    root = tmp_path / "cache"
    first = load(org, cache_dir=root)
    entries = DiskCache("parsed", org, root).entries
    assert len(entries) == sum(len(docs) for docs in first.documents.values()) + len(first.singletons)
    assert ids(load(org, cache_dir=root)) == ids(first)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not a dict"])
def test_a_damaged_cache_file_is_computed_again(tmp_path, damage):
    org = data_project(tmp_path / "portal")
    root = tmp_path / "cache"
    expected = ids(load(org, cache_dir=root))
    path = DiskCache("parsed", org, root).path
    content = {"truncated": path.read_bytes()[: path.stat().st_size // 2],
               "garbage": b"\x80\x05not a pickle at all",
               "not a dict": b"\x80\x05K\x07."}[damage]  # the pickle of the integer 7
    path.write_bytes(content)
    assert DiskCache("parsed", org, root).entries == {}
    assert ids(load(org, cache_dir=root)) == expected
    assert len(DiskCache("parsed", org, root).entries) > 0  # and written anew


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    org = data_project(tmp_path / "portal")
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache folder should be")
    assert ids(load(org, cache_dir=blocker / "qms")) == ids(load(org))
    assert blocker.read_text() == "a file where the cache folder should be"


def test_the_command_line_uses_the_folder_it_is_told_and_nothing_else(org, tmp_path):
    told, default = tmp_path / "told", tmp_path / "xdg"
    result = qms(org, "check", QMS_CACHE_DIR=str(told), XDG_CACHE_HOME=str(default))
    assert result.returncode == 0, result.stderr
    kept = {path.name for path in project_folder(told, org).iterdir()}
    assert {"parsed.pickle", "readability.pickle"} <= kept
    assert list(told.glob("cmudict-syllables-*.bin")), "the syllable table goes where the build was told"
    assert not default.exists()


def test_the_test_session_keeps_its_cache_away_from_the_users(cache_folder):
    assert cache_root(os.environ) == cache_folder
    assert cache_root(environment()) == cache_folder  # the environment of the builds run in subprocesses


def test_readability_kept_on_disk_is_not_served_after_the_rules_change(tmp_path, monkeypatch):
    # A run after an upgrade must apply the new rules, not read the old rules' findings back from disk.
    import qms.cache
    from qms import document_readability as readability
    from qms.build_caches import BuildCaches
    from qms.readability import PlainWords, Thresholds, Unit

    units = [Unit("Check the order and sign it.", 3, "step 1", step=True)]
    plain = (PlainWords.from_mapping({}), "no words")

    def run(version: str, stored=None):
        monkeypatch.setattr(qms.cache, "code_version", lambda: version)
        readability._CACHE.clear()  # a new process: nothing in memory
        disk = DiskCache("readability", tmp_path, tmp_path / "cache")
        if stored is not None:
            disk.put(readability._cache_key(units, Thresholds(), "no words", []), stored)
            disk.save()
            disk = DiskCache("readability", tmp_path, tmp_path / "cache")
        report = readability.cached_analyse(units, Thresholds(), plain, [], BuildCaches(disk, tmp_path / "cache"))
        disk.save()
        return report

    old_answer = readability.ReadabilityReport(words=999)
    assert run("old rules", stored=old_answer).words == 999  # the disk cache is used within one version
    assert run("new rules").words == 6
