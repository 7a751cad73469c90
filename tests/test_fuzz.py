"""Fuzzing the data: every class of bad input is a message, never a traceback, and never a broken site.

For each class in ``fuzz_cases.CASES`` (the table; ``-s`` prints it) and for
random wrong values in random fields of every kind, loading must raise
DataErrors with a message that names the right file — ``path:line:col:`` at
the right line, or ``path:`` for a whole-file problem — and nothing else may
escape. A subset goes end to end through ``qms build`` (marked slow): exit 2,
the message on the terminal, no traceback, and the site built before
byte-for-byte the same with the same modification times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from qms import datafiles
from qms.errors import DataError, DataErrors
from qms.build import load
from qms.cache import cache_root
from qms.features import default_registry
from qms.schema import Boolean, Choice, Date, FieldType, Integer, ListOf, Number, Record, Ref, Text, is_null

from conftest import DEMO_TODAY, ORG, copy_org, qms
from fuzz_cases import CASES, SECRET, Case, Expect, compose, locate

TODAY = dt.date.fromisoformat(DEMO_TODAY)
LINE_MESSAGE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (\S+: )?\S.*$")
FILE_MESSAGE = re.compile(r"^[^\s:][^:]*/?: \S.*$")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("QMS_NO_CACHE", "1")  # every project here is new: the cache would only fill the disk


def data_copy(parent: Path) -> Path:
    root = parent / "portal"
    shutil.copytree(ORG / "data", root / "data")
    return root


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """One copy of the test organisation's data for every example of a Hypothesis test; each example puts back what it
    changed (``restored``), and the parse cache keeps the files it did not change from being parsed again."""
    monkeypatch.delenv("QMS_NO_CACHE", raising=False)
    monkeypatch.setenv("QMS_CACHE_DIR", str(tmp_path / "cache"))
    return data_copy(tmp_path)


@contextmanager
def restored(root: Path, relative: str):
    try:
        yield root / relative
    finally:
        if (ORG / relative).exists():
            shutil.copy2(ORG / relative, root / relative)
        else:
            (root / relative).unlink()


def refuse_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Opening ``path`` fails as for a file or folder without read permission (root ignores them)."""
    real_open, real_scandir = os.open, os.scandir

    def guarded_open(target, *args, **kwargs):
        if Path(target) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, *args, **kwargs)

    def guarded_scandir(target="."):
        if Path(target) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return real_scandir(target)

    monkeypatch.setattr(datafiles.os, "open", guarded_open)
    monkeypatch.setattr(datafiles.os, "scandir", guarded_scandir)


def where(expect: Expect) -> str:
    return f"{expect.path}: " if expect.line is None else f"{expect.path}:{expect.line}:"


def assert_reported(errors: list[DataError], expect: Expect) -> None:
    messages = [str(error) for error in errors]
    for message in messages:
        assert LINE_MESSAGE.match(message) or FILE_MESSAGE.match(message), message
        assert SECRET not in message
    mine = [message for message in messages if message.startswith(where(expect)) and expect.text in message]
    assert mine, f"expected {where(expect)}…{expect.text}… in:\n" + "\n".join(messages)


def load_errors(root: Path) -> list[DataError]:
    with pytest.raises(DataErrors) as caught:
        load(root, today=TODAY, cache_dir=cache_root(os.environ))
    return caught.value.errors


# ---------------------------------------------------------------------------
# the table of classes, in process

def test_the_table_has_at_least_60_classes_over_8_kinds():
    names = [case.name for case in CASES]
    kinds = {case.kind for case in CASES}
    print(f"\n{len(names)} classes of bad input over {len(kinds)} kinds:")
    for case in CASES:
        print(f"  {case.kind:18} {case.name}{'  [end to end]' if case.end_to_end else ''}")
    assert len(set(names)) == len(names), "each case is its own class"
    assert len(names) >= 60 and len(kinds) >= 8
    assert len([case for case in CASES if case.end_to_end]) >= 10


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_class_is_a_message_at_the_right_place(case: Case, tmp_path, monkeypatch):
    root = data_copy(tmp_path)
    expect = case.make(root)
    if case.refuse:
        refuse_reading(monkeypatch, root / case.refuse)
    assert_reported(load_errors(root), expect)


# ---------------------------------------------------------------------------
# random wrong values in random fields of every kind

def sample_file(kind) -> Path:
    if kind.file:
        return ORG / "data" / kind.file
    return sorted((ORG / "data" / kind.folder).glob("*.yml"))[0]


KINDS = list(default_registry().kinds)


def test_the_test_organisation_has_a_file_of_every_kind():
    assert [kind for kind in KINDS if not sample_file(kind).exists()] == []


def slots(node: yaml.Node, field_type: FieldType, keys: tuple = ()) -> list[tuple[tuple, FieldType]]:
    """Every field present in a sample file, with its declared type (first item of each list)."""
    found = [(keys, field_type)] if keys else []
    if isinstance(field_type, Record) and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            spec = field_type.fields.get(key.value)
            if spec is not None and not is_null(value):
                found += slots(value, spec.type, keys + (key.value,))
    elif isinstance(field_type, ListOf) and isinstance(node, yaml.SequenceNode) and node.value:
        found += slots(node.value[0], field_type.item, keys + (0,))
    return found


def wrong_values(field_type: FieldType) -> list[str]:
    """Flow-YAML values that the type must refuse (each makes a message at the value's line)."""
    shapes = ["[a, b]", "{a: 1}"]
    if isinstance(field_type, Ref):
        return shapes + ["''", "'Not An Id!'"]
    if isinstance(field_type, Text):
        return shapes + ["''"] + (["'" + "x" * (field_type.max_length + 1) + "'"] if field_type.max_length else [])
    if isinstance(field_type, Integer):
        values = ["twelve", '"12"', "012", "1.5", "1e3", "1" + "0" * 30]
        values += [str(field_type.minimum - 1)] if field_type.minimum is not None else []
        return shapes + values + ([str(field_type.maximum + 1)] if field_type.maximum is not None else [])
    if isinstance(field_type, Number):
        values = ["abc", ".inf", "-.inf", ".nan", "1e309", "-1e309", "1.1234567", "'12'", "0012"]
        values += [str(field_type.minimum - 1)] if field_type.minimum is not None else []
        return shapes + values + ([str(field_type.maximum * 2 + 1)] if field_type.maximum is not None else [])
    if isinstance(field_type, Date):
        values = ["2026-02-30", "2026-13-01", "2026-00-10", "'soon'", "20260101", "2026-1-5"]
        return shapes + values + (["2030-01-05", "9999-12-31"] if field_type.past else [])
    if isinstance(field_type, Boolean):
        return shapes + ["yes", "no", "maybe", "1", "'true'"]
    if isinstance(field_type, Choice):
        return shapes + ["zzz-unknown", "''"]
    if isinstance(field_type, ListOf):
        return ["just-a-word", "{a: 1}"] + (["[]"] if field_type.min_items else [])
    if isinstance(field_type, Record):
        return ["a-word", "[a]"]
    raise AssertionError(f"no wrong values for {field_type!r}")


@st.composite
def field_and_wrong_value(draw, kind):
    text = sample_file(kind).read_text(encoding="utf-8")
    keys, field_type = draw(st.sampled_from(slots(compose(text), kind.schema)))
    return keys, draw(st.sampled_from(wrong_values(field_type)))


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_random_field_with_a_wrong_value(kind, scratch):
    relative = str(sample_file(kind).relative_to(ORG))

    @settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(field_and_wrong_value(kind))
    def check(change):
        keys, new = change
        with restored(scratch, relative) as path:
            source = path.read_text(encoding="utf-8")
            _, node, _ = locate(compose(source), keys)
            tail = "\n" if source[node.start_mark.index:node.end_mark.index].endswith("\n") else ""
            path.write_text(source[:node.start_mark.index] + new + tail + source[node.end_mark.index:],
                            encoding="utf-8")
            assert_reported(load_errors(scratch), Expect(relative, node.start_mark.line + 1, ""))

    check()


@settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=400))
def test_random_bytes_in_a_file_are_a_message_about_that_file(scratch, raw):
    with restored(scratch, "data/procedures/QP-777.yml") as path:
        path.write_bytes(raw)
        errors = load_errors(scratch)  # random bytes never make a valid procedure
        assert any(error.path == "data/procedures/QP-777.yml" for error in errors), errors


@settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(garbage=st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Ll", "So"]),
               max_size=40))
def test_random_control_and_garbage_text_in_a_field_never_escapes(scratch, garbage):
    with restored(scratch, "data/roles/quality-manager.yml") as path:
        # JSON strings are YAML double-quoted scalars, so any character can be written.
        path.write_text(path.read_text().replace("title: Quality Manager",
                                                 f"title: {json.dumps(garbage, ensure_ascii=True)}"))
        try:
            load(scratch, today=TODAY, cache_dir=cache_root(os.environ))
        except DataErrors as caught:
            messages = [str(error) for error in caught.errors]
            assert all(LINE_MESSAGE.match(m) or FILE_MESSAGE.match(m) for m in messages), messages


# ---------------------------------------------------------------------------
# end to end: qms build stops in on_config, exits 2 and leaves the earlier site alone

def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    return {str(path.relative_to(site)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_org(tmp_path_factory.mktemp("fuzz") / "org")
    result = qms(project, "build")
    assert result.returncode == 0, result.stderr
    pristine = tmp_path_factory.mktemp("pristine")
    shutil.copytree(project / "data", pristine / "data", symlinks=True)
    return project, pristine, snapshot(project / "site")


END_TO_END = [case for case in CASES if case.end_to_end]


@pytest.mark.slow
@pytest.mark.parametrize("case", END_TO_END, ids=[case.id for case in END_TO_END])
def test_bad_input_fails_the_build_with_exit_2_and_keeps_the_site(case: Case, built):
    project, pristine, before = built
    try:
        expect = case.make(project)
        result = qms(project, "build")
        output = result.stdout + result.stderr
        assert result.returncode == 2, output
        assert "Traceback" not in output and SECRET not in output
        assert [line for line in output.splitlines()
                if line.startswith(where(expect)) and expect.text in line], output
        assert snapshot(project / "site") == before
        assert not list(project.glob(".site-*")), "the staging folder is removed"
    finally:
        shutil.rmtree(project / "data")
        shutil.copytree(pristine / "data", project / "data", symlinks=True)
