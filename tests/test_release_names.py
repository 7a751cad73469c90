"""Release names: what `qms publish` accepts, and that its order is the release menu's (mike's)."""

from __future__ import annotations

import itertools

import pytest
from verspec.loose import LooseVersion

from qms.features.releases import release_key, release_name_problem
from qms.publish_versions import newest_version, older, previous_version, same_release


@pytest.mark.parametrize("name", ["2026.11", "2026.1", "2026.01", "2026.11.25", "2026.11.2",
                                  "2026.11.25-3", "2026.12.02-17", "2027.9"])
def test_the_names_the_guide_and_the_ci_templates_use_are_accepted(name):
    assert release_name_problem(name) is None


@pytest.mark.parametrize("name, problem", [
    ("2026.13", "13 is not a month (use 1 to 12)"),
    ("2026.0", "0 is not a month (use 1 to 12)"),
    ("next", "name a release after the year and month, such as 2026.11"),
    ("v2", "name a release after the year and month"),
    ("26.11", "name a release after the year and month"),
    ("2026.11.0", "name a release after"),
    ("2026.11-0", "name a release after"),
    ("2026.11.25.1", "name a release after"),
    ("2026.11-rc1", "name a release after"),
    ("latest", "reserved for the newest release"),
    ("", "a release needs a name"),
])
def test_other_names_are_refused_with_the_reason(name, problem):
    found = release_name_problem(name)
    assert found is not None and problem in found, found


def test_two_spellings_of_a_month_are_one_release():
    assert same_release("2027.01", "2027.1") and release_key("2027.01") == release_key("2027.1")
    assert same_release("2026.11.05", "2026.11.5")
    assert not same_release("2026.11", "2026.11.1") and not same_release("2026.11", "2026.11-1")


def test_the_order_of_names_is_the_order_of_the_release_menu():
    """mike sorts its menu (versions.json) with LooseVersion: ours must agree, or `latest` would not be
    the top of the menu. Equal in mike's order means one release."""
    names = [f"{year}.{month}{number}{run}" for year in (2026, 2027) for month in ("1", "01", "9", "10", "12")
             for number in ("", ".1", ".2", ".05", ".25") for run in ("", "-1", "-3", "-12")]
    for first, second in itertools.combinations(names, 2):
        mike_first, mike_second = LooseVersion(first), LooseVersion(second)
        assert (release_key(first) < release_key(second)) == (mike_first < mike_second), (first, second)
        assert (release_key(first) == release_key(second)) == (mike_first == mike_second), (first, second)
        assert same_release(first, second) == (release_key(first) == release_key(second)), (first, second)


def test_newest_older_and_previous():
    versions = [{"version": "2026.11.25-3"}, {"version": "2026.11"}, {"version": "2026.2"}]
    assert newest_version(versions) == "2026.11.25-3"
    assert older("2026.11", "2026.2") and not older("2026.2", "2026.11")
    assert not older("2027.1", "2027.01") and not older("2027.01", "2027.1")
    assert previous_version(versions, "2026.12") == "2026.11.25-3"
    assert previous_version(versions, "2026.11.25-3") == "2026.11"
