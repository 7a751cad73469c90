"""What a reader reads is what gets analysed: table cells, lists in block quotes, definition lists,
hard breaks, bold labels and the fragments that removed code or links leave behind."""

from __future__ import annotations

from qms.readability import Unit, analyse, markdown_blocks, strip_markdown, words

# 33 words, easy ones: only its length can flag it
LONG_33 = ("The buyer checks the price and the date on the order and then asks the boss to sign it "
           "before the order goes to the firm that sells us the part we need.")
# 24 words: under the limit of 25
SENTENCE_24 = ("The purchasing manager checks each request against the budget and signs it when the money "
               "is there and the supplier is on the list.")


def test_the_sentences_are_as_long_as_stated():
    assert len(words(LONG_33)) == 33 and len(words(SENTENCE_24)) == 24


def test_a_long_sentence_in_a_table_cell_is_flagged_on_its_row():
    text = ("# Who does what\n\n"
            "| Role | Duty |\n"
            "|------|------|\n"
            "| Buyer | Places orders. |\n"
            f"| Buyer | {LONG_33} |\n")
    report = analyse(text)
    (flag,) = report.flagged_sentences
    assert "long-sentence" in flag.reasons and flag.words == 33 and flag.line == 6
    # headings and short cells (names, values) are labels: only the two duties are read
    assert strip_markdown(text) == ["Places orders.", LONG_33]


def test_short_table_cells_are_names_and_values_not_sentences():
    text = "| Record | Kept for |\n|---|---|\n| Audit report | 3 years |\n| Scorecard | Life of the QMS |\n"
    assert strip_markdown(text) == ["Life of the QMS"]  # four words: it could be a sentence
    assert analyse("| A | B |\n|---|---|\n| QP-001 | Yes |\n").sentences == 0


def test_each_item_of_a_list_in_a_block_quote_is_its_own_sentence():
    text = ("> Before you start:\n>\n"
            "> - Check the gauge\n"
            "> - Write the result on the sheet\n"
            ">     1. Sign the sheet\n"
            ">     2. Give it to the supervisor\n")
    assert [block.text for block in markdown_blocks(text)] == [
        "Before you start:", "Check the gauge", "Write the result on the sheet", "Sign the sheet",
        "Give it to the supervisor"]
    assert [block.line for block in markdown_blocks(text)] == [1, 3, 4, 5, 6]
    assert analyse(text).sentences == 5


def test_list_items_at_any_depth_are_their_own_sentences():
    text = "- Check the gauge\n  - Clean it first\n    - Use the soft cloth\n- Write the result\n"
    assert strip_markdown(text) == ["Check the gauge", "Clean it first", "Use the soft cloth", "Write the result"]


def test_a_backslash_hard_break_ends_the_label_line_not_the_word():
    text = f"**Purchasing Manager responsibility:**\\\n{SENTENCE_24}\n"
    report = analyse(text)
    assert report.words == 24 and report.sentences == 1
    assert not any("long-sentence" in flag.reasons for flag in report.flagged_sentences)  # 24, not 28
    assert strip_markdown(text) == [SENTENCE_24]  # no literal backslash, no label glued on


def test_two_spaces_at_the_end_of_a_line_end_it():
    text = f"Approved by the quality manager  \n{SENTENCE_24}\n"
    blocks = markdown_blocks(text)
    assert [(block.line, block.text) for block in blocks] == [
        (1, "Approved by the quality manager"), (2, SENTENCE_24)]
    report = analyse(text)
    assert report.sentences == 2 and report.words == 5 + 24


def test_a_br_tag_in_a_table_cell_ends_a_line_too():
    text = f"| Step | What |\n|---|---|\n| 1 | Check the gauge.<br>{SENTENCE_24} |\n"
    assert strip_markdown(text) == ["Check the gauge.", SENTENCE_24]


def test_a_soft_line_break_keeps_the_sentence_whole():
    assert strip_markdown("The buyer checks\nthe price.") == ["The buyer checks the price."]


def test_a_bold_label_with_a_colon_is_not_part_of_the_sentence():
    assert strip_markdown("**Note:** Keep the signed form.") == ["Keep the signed form."]
    assert strip_markdown("**Record**: the signed form goes in the file.") == ["the signed form goes in the file."]
    assert strip_markdown("_Tip:_ Ask your supervisor.") == ["Ask your supervisor."]
    # after a sentence, a label starts the next one
    assert strip_markdown("Sign the form. **Record:** the signed form.") == ["Sign the form. the signed form."]
    report = analyse(f"**Note:** {SENTENCE_24}")
    assert report.words == 24


def test_bold_words_that_are_not_labels_stay():
    assert strip_markdown("Check the **red** gauge.") == ["Check the red gauge."]
    assert strip_markdown("Check **this: the gauge** first.") == ["Check this: the gauge first."]
    assert strip_markdown("**Stop** the line at once.") == ["Stop the line at once."]


def test_fragments_left_by_removed_code_and_links_are_not_sentences():
    assert strip_markdown("Example: `qms check --strict`") == []
    assert strip_markdown("Contact us at <info@example.com>.") == []
    assert strip_markdown("Contact us at https://example.com/help. We reply within a day.") == [
        "We reply within a day."]
    assert strip_markdown("Run `qms check` on every change you make to a procedure.") == [
        "Run on every change you make to a procedure."]
    report = analyse("Example: `qms check`\n\nContact us at info@example.com.\n\nWe reply within a day.\n")
    assert report.sentences == 1 and report.words == 5


def test_a_block_that_is_only_a_short_label_is_not_a_sentence():
    assert strip_markdown("Records:\n\n- Audit report\n- Scorecard\n") == ["Audit report", "Scorecard"]
    # a lead-in sentence is a sentence
    assert strip_markdown("We used nine of them. Here are three:") == ["We used nine of them. Here are three:"]


def test_definition_lists_read_the_definition_not_the_term():
    text = (f"Calibration\n:   {LONG_33}\n\n"
            "Gauge\n:   A tool that measures.\n")
    blocks = markdown_blocks(text)
    assert [(block.line, block.text) for block in blocks] == [(2, LONG_33), (5, "A tool that measures.")]
    (flag,) = analyse(text).flagged_sentences
    assert flag.line == 2 and "long-sentence" in flag.reasons


def test_admonitions_and_content_tabs_are_read_without_their_titles():
    text = '!!! note "Read this first"\n\n    Wear gloves.\n\n=== "Day shift"\n\n    Start at six.\n'
    assert strip_markdown(text) == ["Wear gloves.", "Start at six."]


def test_a_yaml_field_with_markdown_is_split_the_same_way():
    unit = Unit(f"Before you order:\n\n| Who | What |\n|---|---|\n| Buyer | {LONG_33} |\n", line=12, label="step 1 note")
    (flag,) = analyse([unit]).flagged_sentences
    assert (flag.line, flag.label, flag.words) == (12, "step 1 note", 33)


def test_a_plain_one_line_field_is_unchanged():
    assert strip_markdown("Check the gauge before use.") == ["Check the gauge before use."]
    assert markdown_blocks("Check the gauge before use.")[0].line == 1


def _cpu_time(function, text: str) -> float:
    import time
    times = []
    for _ in range(3):  # CPU time of this process: other work on a shared machine does not count
        start = time.process_time()
        function(text)
        times.append(time.process_time() - start)
    return min(times)


def test_reading_markdown_takes_time_in_proportion_to_its_length():
    # one long paragraph of labels, links and code: a label check that looked back over the whole
    # paragraph made it quadratic
    line = "See https://example.com/a. We reply. **Note:** Keep it. **Tip:** Ask. Example: `code`\n"
    small, large = line * 50, line * 800
    assert strip_markdown(small)[0].startswith("We reply. Keep it. Ask.")
    ratio = _cpu_time(markdown_blocks, large) / _cpu_time(markdown_blocks, small)
    assert ratio < 16 * 2.5, f"16 times the text took {ratio:.0f} times as long"
