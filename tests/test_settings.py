"""Settings under extra.qms: declared with the schema engine, and their precedence over the organisation file."""

from __future__ import annotations

import pytest

from qms.build import prepare
from qms.features import default_registry
from qms.review_dates import DUE_SOON
from qms.settings import DEFAULT_DUE_SOON_DAYS, Settings, SettingsError

from conftest import DEMO_TODAY, edit

ORGANISATION_LINE = "  due_soon_days: 30\n"


def due_soon_count(org, qms_config: dict) -> int:
    state = prepare(org, qms_config, environ={"QMS_TODAY": DEMO_TODAY}, render=False)
    return sum(1 for report in state.analysis.reports.values()
               if report.review is not None and report.review.status == DUE_SOON)


def test_due_soon_days_in_mkdocs_yml_wins_over_the_organisation_file(org):
    assert ORGANISATION_LINE in (org / "data/organisation.yml").read_text(encoding="utf-8")
    from_the_file = due_soon_count(org, {})
    widened = due_soon_count(org, {"due_soon_days": 365})
    assert widened > from_the_file
    assert due_soon_count(org, {"due_soon_days": 1}) <= from_the_file


def test_without_mkdocs_yml_the_organisation_files_value_counts(org):
    everything_within_a_year = due_soon_count(org, {"due_soon_days": 365})
    edit(org, "data/organisation.yml", ORGANISATION_LINE, "  due_soon_days: 365\n")
    assert due_soon_count(org, {}) == everything_within_a_year
    assert due_soon_count(org, {"due_soon_days": 30}) < everything_within_a_year


def test_with_neither_the_default_counts(org):
    explicit_default = due_soon_count(org, {"due_soon_days": DEFAULT_DUE_SOON_DAYS})
    edit(org, "data/organisation.yml", ORGANISATION_LINE, "")
    assert due_soon_count(org, {}) == explicit_default


@pytest.mark.parametrize("config, expected", [
    ({"due_soon_days": 14}, 14),
    ({}, 45),
])
def test_due_soon_precedence_in_one_place(config, expected):
    settings = Settings.from_config(config, default_registry())
    assert settings.due_soon({"due_soon_days": 45}, written_there=True) == expected
    assert Settings.from_config({}, default_registry()).due_soon({"due_soon_days": 45}, written_there=False) \
        == DEFAULT_DUE_SOON_DAYS


@pytest.mark.parametrize("config, message", [
    ({"readabilty": {}}, "extra.qms.readabilty: unknown setting (did you mean 'readability'?)"),
    ({"severity": {"review-overdu": "warning"}},
     "extra.qms.severity.review-overdu: unknown flag kind (did you mean 'review-overdue'?)"),
    ({"severity": {"review-overdue": "warn"}},
     "extra.qms.severity.review-overdue: 'warn' is not allowed (did you mean 'warning'?)"),
    ({"readability": {"max_grade": "ten"}}, "extra.qms.readability.max_grade: expected a number"),
    ({"readability": {"max_grde": 9}}, "extra.qms.readability.max_grde: unknown threshold (did you mean 'max_grade'?)"),
    ({"due_soon_days": 0}, "extra.qms.due_soon_days: 0 is too small (use a whole number, 1 or more)"),
    ({"nav_chunk_size": True}, "extra.qms.nav_chunk_size: expected a whole number"),
    ({"training_name": True}, "extra.qms.training_name: unknown setting (did you mean 'training_names'?)"),
    ({"training_names": "yes"}, "extra.qms.training_names: expected true or false, found 'yes'"),
])
def test_wrong_settings_name_their_path(config, message):
    with pytest.raises(SettingsError) as raised:
        Settings.from_config(config, default_registry())
    assert message in str(raised.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(SettingsError) as raised:
        Settings.from_config({"due_soon_days": "x", "nav_chunk_size": 0, "colour": "red"}, default_registry())
    assert len(str(raised.value).splitlines()) == 3


def test_settings_keep_what_mkdocs_yml_says():
    settings = Settings.from_config({"readability": {"max_grade": 12, "max_sentence_words": 20},
                                     "severity": {"review-overdue": "error"}, "nav_chunk_size": 50},
                                    default_registry())
    assert settings.thresholds.max_grade == 12 and settings.thresholds.max_sentence_words == 20
    assert settings.severity["review-overdue"] == "error" and settings.nav_chunk_size == 50
    assert settings.severity["review-due-soon"] == default_registry().flag_kinds["review-due-soon"].severity


def test_named_training_detail_is_off_unless_asked_for():
    assert Settings.from_config({}, default_registry()).training_names is False
    assert Settings.from_config({"training_names": True}, default_registry()).training_names is True
