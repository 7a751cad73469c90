"""What ``qms check`` and its neighbours print: summaries that count what they show, the baseline,
wrong settings, JSON on errors, unreadable files, closed pipes and a folder that is no portal."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, environment, qms

SHOWN = re.compile(r"^\S+:\d+: \[(?P<kind>[^\]]+)\] .*  \((?P<severity>error|warning|info)\)(  operational)?$")
SUMMARY = re.compile(r"^QMS checks: \d+ documents, (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?"
                     r"(?: \((?P<kinds>[^)]*)\))?, (?P<info>\d+) info")


def shown_and_summary(stdout: str):
    shown = [SHOWN.match(line) for line in stdout.splitlines() if SHOWN.match(line)]
    summary = next(SUMMARY.match(line) for line in stdout.splitlines() if SUMMARY.match(line))
    return shown, summary


@pytest.mark.parametrize("options", [(), ("--operational",), ("-v",), ("--operational", "-v")])
def test_check_summary_counts_the_lines_it_shows(org, options):
    result = qms(org, "check", *options)
    shown, summary = shown_and_summary(result.stdout)
    for severity, counted in (("error", "errors"), ("warning", "warnings")):
        assert int(summary[counted]) == sum(line["severity"] == severity for line in shown), result.stdout
    kinds: dict[str, int] = {}
    for line in shown:
        if line["severity"] != "info":
            kinds[line["kind"]] = kinds.get(line["kind"], 0) + 1
    listed = dict(reversed(item.split(" ", 1)) for item in summary["kinds"].split(", ")) if summary["kinds"] else {}
    assert {kind: int(count) for kind, count in listed.items()} == kinds
    info = sum(line["severity"] == "info" for line in shown)
    if "-v" in options:
        assert int(summary["info"]) == info
    else:
        assert info == 0 and "-v" in result.stdout.splitlines()[-1]


def test_strict_check_fails_exactly_when_the_summary_counts_warnings(org):
    plain = qms(org, "check", "--strict")
    assert plain.returncode == 0 and " 0 errors, 0 warnings" in plain.stdout
    assert "23 operational facts not counted" in plain.stdout
    nightly = qms(org, "check", "--operational", "--strict")
    assert nightly.returncode == 1 and " 0 errors, 15 warnings (" in nightly.stdout


def test_publish_gates_print_the_summary_of_the_check(org):
    from qms.publish import run_gates
    out, err = io.StringIO(), io.StringIO()
    run_gates(org, environment("2026-11-25"), out, err)
    check = qms(org, "check").stdout.splitlines()
    assert out.getvalue().splitlines()[-1] == check[-1]
    assert " 0 warnings" in check[-1]


def operational_flag_keys(org) -> list[dict]:
    report = json.loads(qms(org, "check", "--format", "json").stdout)
    return [flag for flag in report["flags"] if flag["operational"] and flag["severity"] == "warning"]


def test_baseline_holds_document_findings_only(org):
    assert qms(org, "check", "--operational", "--strict").returncode == 1
    written = qms(org, "baseline")
    assert written.returncode == 0, written.stderr
    assert "operational facts" in written.stdout and "not accepted" in written.stdout
    entries = json.loads((org / "qms-baseline.json").read_text())["flags"]
    operational = {flag["kind"] for flag in operational_flag_keys(org)}
    assert operational and not [entry for entry in entries if entry["kind"] in operational]
    assert qms(org, "check", "--operational", "--strict").returncode == 1


def test_operational_entries_in_an_old_baseline_are_ignored(org):
    facts = operational_flag_keys(org)
    entries = [{"document": flag["document"], "kind": flag["kind"], "key": flag["key"]} for flag in facts]
    (org / "qms-baseline.json").write_text(json.dumps({"version": 2, "flags": entries}))
    result = qms(org, "check", "--operational", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "(in the baseline)" not in result.stdout


def wrong_settings(org) -> None:
    path = org / "mkdocs.yml"
    text = path.read_text()
    assert "      max_grade: 10\n" in text
    text = text.replace("      max_grade: 10\n", "      max_grade: ten\n")
    text = text.replace("  qms:\n", "  qms:\n    due_son_days: 30\n    training_names: maybe\n", 1)
    path.write_text(text)


def setting_line(org, key: str) -> int:
    lines = (org / "mkdocs.yml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


@pytest.mark.parametrize("command", [("check",), ("readability", "data/procedures/QP-001.yml"), ("baseline",)])
def test_wrong_settings_are_one_line_each_with_their_line_in_mkdocs_yml(org, command):
    wrong_settings(org)
    result = qms(org, *command)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "\\n" not in result.stderr
    lines = result.stderr.splitlines()
    for key, setting in (("max_grade", "readability.max_grade"), ("due_son_days", "due_son_days"),
                         ("training_names", "training_names")):
        expected = f"mkdocs.yml:{setting_line(org, key)}: extra.qms.{setting}: "
        assert sum(line.startswith(expected) for line in lines) == 1, result.stderr


def test_check_json_lists_data_errors_on_stdout(org):
    path = org / "data/procedures/QP-001.yml"
    path.write_text(path.read_text().replace("owner: document-controller", "owner: ghost"))
    result = qms(org, "check", "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False
    error = next(error for error in report["errors"] if "unknown role 'ghost'" in error["message"])
    assert error["path"] == "data/procedures/QP-001.yml" and error["line"] > 0 and error["field"] == "owner"
    assert set(error) >= {"path", "line", "column", "field", "message", "hint"}
    assert "unknown role 'ghost'" in result.stderr  # people watching a CI log still read it


def test_check_json_lists_wrong_settings_on_stdout(org):
    wrong_settings(org)
    result = qms(org, "check", "--format", "json")
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    grade = next(error for error in errors if error["field"] == "extra.qms.readability.max_grade")
    assert grade["path"] == "mkdocs.yml" and grade["line"] == setting_line(org, "max_grade")


def test_readability_of_a_file_that_is_not_utf8_is_one_message(org):
    (org / "x.md").write_bytes(b"\xff\xfe bad")
    result = qms(org, "readability", "x.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: x.md: ") and "UTF-8" in result.stderr


def test_readability_of_a_data_file_that_is_not_utf8_is_one_message(org):
    path = org / "data/procedures/QP-001.yml"
    path.write_bytes(path.read_bytes().replace(b"Control", b"Contr\xf4l", 1))
    result = qms(org, "readability", "data/procedures/QP-001.yml")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "UTF-8" in result.stderr


@pytest.mark.parametrize("command", [("search", "complaint"), ("readability", "data/procedures/QP-010.yml"),
                                     ("check", "--operational", "-v")])
def test_a_closed_pipe_ends_the_command_quietly(org, command):
    process = subprocess.Popen([sys.executable, "-m", "qms.cli", *command], cwd=org, env=environment("2026-11-25"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head -0`: the reader is gone before the first line
    stderr = process.stderr.read().decode()
    process.wait()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert stderr == ""


@pytest.mark.parametrize("command", [("check",), ("build",), ("baseline",), ("readability", "-")])
def test_outside_a_portal_folder_says_so(tmp_path, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([sys.executable, "-m", "qms.cli", *command], cwd=empty, env=environment("2026-11-25"),
                            capture_output=True, text=True, input="")
    assert result.returncode == 2
    assert result.stderr.startswith("error: no mkdocs.yml here or in any folder above"), result.stderr
    assert "--root" in result.stderr and "Traceback" not in result.stderr
    assert list(empty.iterdir()) == []  # no lock, no site


def test_a_root_without_mkdocs_yml_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "qms.cli", "--root", str(tmp_path), "check"], cwd=ROOT,
                            env=environment("2026-11-25"), capture_output=True, text=True)
    assert result.returncode == 2 and "no mkdocs.yml in" in result.stderr


def test_the_build_log_counts_what_the_check_counts(org):
    """The build log's line (hooks/qms_hooks.py) and `qms check`'s agree on errors, warnings and facts."""
    import importlib.util
    from qms.build import prepare
    from qms.project import qms_config
    spec = importlib.util.spec_from_file_location("qms_hooks_for_test", ROOT / "hooks" / "qms_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec.loader.exec_module(hooks)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    state = prepare(org, qms_config(org), environ=environment("2026-11-25"), render=False)
    logged = hooks.flag_summary(state)
    checked = state.analysis.summary()
    numbers = re.compile(r"(\d+) (errors?|warnings?|operational facts?)")
    assert dict((noun.rstrip("s"), n) for n, noun in numbers.findall(logged)) == \
        dict((noun.rstrip("s"), n) for n, noun in numbers.findall(checked))


@pytest.mark.parametrize("content, says", [(b"site_name: x\nextra:\n  qms: {}\n\xff\n", "not UTF-8"),
                                           (b"site_name: x\nextra: [\n", "mkdocs.yml:3: not valid YAML"),
                                           (b"- a list\n", "expected settings")])
@pytest.mark.parametrize("command", [("check",), ("build",), ("check", "--format", "json")])
def test_a_mkdocs_yml_that_cannot_be_read_is_one_message(tmp_path, content, says, command):
    (tmp_path / "mkdocs.yml").write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "qms.cli", *command], cwd=tmp_path,
                            env=environment("2026-11-25"), capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: mkdocs.yml") and says in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mkdocs.yml"]
    if "json" in command:
        [error] = json.loads(result.stdout)["errors"]
        assert error["path"] == "mkdocs.yml" and says in error["message"]


def test_wrong_settings_and_data_errors_are_said_together(org):
    wrong_settings(org)
    path = org / "data/procedures/QP-001.yml"
    path.write_text(path.read_text().replace("owner: document-controller", "owner: ghost"))
    result = qms(org, "check")
    assert result.returncode == 2
    assert "extra.qms.due_son_days" in result.stderr and "unknown role 'ghost'" in result.stderr
    assert result.stderr.splitlines()[-1] == "3 settings in mkdocs.yml and 1 data error to fix."


def test_a_wrong_qms_today_is_json_too(org):
    result = qms(org, "check", "--format", "json", today="2026-13-01")
    assert result.returncode == 2 and result.stderr.startswith("error: QMS_TODAY='2026-13-01' is not a date")
    [error] = json.loads(result.stdout)["errors"]
    assert error["path"] == "QMS_TODAY" and "YYYY-MM-DD" in error["message"]


@pytest.mark.parametrize("make, says", [(lambda path: path.write_bytes(b'{"flags": ["\xff"]}'), "not UTF-8 text"),
                                        (lambda path: path.mkdir(), "cannot be read")])
def test_a_baseline_file_that_cannot_be_read_is_one_message(org, make, says):
    make(org / "qms-baseline.json")
    result = qms(org, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"qms-baseline.json: {says}") and "run 'qms baseline'" in result.stderr
    assert len(result.stderr.splitlines()) == 2, result.stderr  # the problem, then what to fix
