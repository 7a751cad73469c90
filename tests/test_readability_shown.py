"""A flagged sentence is shown as its author wrote it: code spans, addresses and macros stay in.

The rules read the sentence without them (they are not words a grade can score), but an author
who reads "is found to be in conformity" for "is found to be `NOT` in conformity" is told the
opposite of what the document says, and cannot find the sentence in the file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from qms.readability import Unit, analyse, markdown_blocks

from conftest import edit, mkdocs_build, qms

TAIL = " and then sign and date the sheet and put it in the blue tray by the door."


def _flag(text: str):
    [flag] = analyse([Unit(text, 4, "step 2", step=True)]).flagged_sentences
    return flag


@pytest.mark.parametrize("written", [
    "If the part is found to be `NOT` in line with the plan the team made for the shop each day",
    "Use the form (`F-12`) to record the result of every check that the team makes each day",
    "See https://example.org/a-page for the list of every check that the team makes each day",
    "Write to <help@example.org> for the list of every check that the team makes each day",
    "Ask {{ org.contact }} for the list of every check that the team makes in the shop each day",
    "Run ``git log `main` `` to see each change the team made in the shop on each day",
])
def test_the_flag_shows_what_was_taken_out_where_it_stood(written):
    flag = _flag(written + TAIL)
    assert flag.shown == written + TAIL
    assert flag.to_dict()["text"] == written + TAIL  # the JSON gives what the author can find in the file
    assert "\ue000" not in flag.shown and not any(ord(c) >= 0xF0000 for c in flag.shown)


def test_the_rules_still_read_the_sentence_without_them():
    flag = _flag("If the part is found to be `NOT` in line with the plan the team made for the shop each day" + TAIL)
    assert "`" not in flag.text and " NOT " not in flag.text
    plain = _flag("If the part is found to be in line with the plan the team made for the shop each day" + TAIL)
    assert flag.words == plain.words + 1  # the code span still counts as one word read
    assert (plain.grade, plain.reasons) == (flag.grade, flag.reasons)


def test_a_sentence_with_nothing_taken_out_has_nothing_extra_to_show():
    flag = _flag("Check the part against the plan the team made for the shop each day" + TAIL)
    assert flag.shown == "" and flag.to_dict()["text"] == flag.text


def test_blocks_for_other_readers_still_drop_what_was_taken_out():
    [block] = markdown_blocks("Set the flag to `NOT` ready (`F-12`) and send it to <help@example.org> today.")
    assert block.text == "Set the flag to ready and send it to today."
    assert not any(ord(c) >= 0xE000 for c in block.text)


@pytest.mark.slow
def test_the_check_the_readability_command_and_the_dashboard_show_the_code(org):
    sentence = ("Check that the draft is marked `NOT FOR USE` on every page before you send it to the owner, "
                "the reviewer and the document controller for their comments.")
    edit(org, "data/procedures/QP-001.yml", "action: Send the draft to the document owner.", f"action: {sentence}")
    check = qms(org, "check")
    assert "marked `NOT FOR USE` on every page" in check.stderr + check.stdout
    reading = qms(org, "readability", "--json", "data/procedures/QP-001.yml")
    assert reading.returncode in (0, 1), reading.stderr
    assert sentence in reading.stdout
    result = mkdocs_build(org)
    assert result.returncode == 0, result.stderr
    dashboard = (org / "site" / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "marked `NOT FOR USE` on every page" in dashboard  # shown as typed, not made into code
    assert "<code>NOT FOR USE</code>" not in dashboard.split("Sentences to rewrite")[-1]


_PIECES = st.sampled_from(["Check", "the", "part", "and", "sign", "it", "`NOT`", "``a`b``", "(`F-12`)",
                           "<help@example.org>", "https://example.org/x", "{{ org.name }}", "**Note:**",
                           ".", ",", "(", ")", "\\\n", "\n\n", "- ", "| a | b |", "> ", "é", "😀"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60))
def test_no_mark_or_hidden_character_ever_reaches_an_author(pieces):
    text = " ".join(pieces)
    report = analyse([Unit(text, 1, "step 1", step=True)])
    for flag in report.flagged_sentences:
        for shown_text in (flag.text, flag.shown, flag.to_dict()["text"]):
            assert not any(c == "\ue000" or ord(c) >= 0xF0000 for c in shown_text), shown_text
    for block in markdown_blocks(text):
        assert not any(c == "\ue000" or ord(c) >= 0xF0000 for c in block.text)
