"""The readability flags against the judged corpus (tests/readability_corpus/), and the rules
behind them: the organisation's vocabulary, the minimum length of "very hard", steps that name
no doer, vague deadlines and the levels of the plain-words list.

The figures are the ones `make quality` prints (scripts/quality.py): the same computation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from qms.readability import PlainWords, Thresholds, Unit, analyse
from qms.readability.hints import no_actor, vague_time

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "readability_corpus"


def _quality():
    spec = importlib.util.spec_from_file_location("quality", ROOT / "scripts" / "quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("quality", module)
    spec.loader.exec_module(module)
    return module


quality = _quality()


@pytest.fixture(scope="module")
def results():
    judged, vocabulary = quality.load_corpus()
    return quality.evaluate(judged, vocabulary)


# ---------------------------------------------------------------------------
# The corpus itself
# ---------------------------------------------------------------------------


def test_the_corpus_is_real_judged_and_attributed() -> None:
    judged, vocabulary = quality.load_corpus()
    assert len(judged) >= 300
    assert {sentence.context for sentence in judged} <= {"step", "list item", "paragraph", "table cell", "note"}
    assert all(sentence.reason.strip() for sentence in judged)
    sources = {sentence.source for sentence in judged}
    assert not [source for source in sources if "openregulatory" in source.lower()]  # kept for a later check
    assert {quality.organisation_of(source) for source in sources} == set(vocabulary)
    for path in CORPUS.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "# Source: " in text, path.name  # the attribution travels with the text
        if path.name != "vocabulary.yml":
            assert yaml.safe_load(text)["attribution"].startswith("Source: "), path.name


def test_whole_documents_are_held_out() -> None:
    judged, _ = quality.load_corpus()
    held = {sentence.source for sentence in judged if sentence.held_out}
    tuned = {sentence.source for sentence in judged if not sentence.held_out}
    assert held and tuned and not held & tuned
    assert sum(sentence.held_out for sentence in judged) >= 300  # enough to measure, in its own round
    rewrite = [sentence for sentence in judged if sentence.rewrite]
    assert 0.1 <= len(rewrite) / len(judged) <= 0.4  # judged, not everything marked one way


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------


def test_every_scored_kind_is_a_flag_kind_of_the_portal() -> None:
    assert set(quality.levels()) == set(quality.SENTENCE_KINDS)


# What the rules reach on the part they were tuned on: a change that loses ground fails here.
TUNING_PRECISION, TUNING_RECALL = 0.85, 0.79


def test_warning_level_keeps_its_figures_on_the_tuning_part(results) -> None:
    score = results.scores["tuning"][quality.WARNING]
    assert score.precision >= TUNING_PRECISION, quality.text_table(results)
    assert score.recall >= TUNING_RECALL, quality.text_table(results)




@pytest.mark.xfail(strict=True, reason="measured on the held-out documents: precision 0.68, recall 0.66 "
                   "(targets 0.85 and 0.80); the rules were not tuned on them")
def test_warning_level_meets_its_targets_on_the_held_out_part(results) -> None:
    score = results.scores["held-out"][quality.WARNING]
    assert score.precision >= quality.TARGET_PRECISION
    assert score.recall >= quality.TARGET_RECALL


def test_the_help_page_and_benchmarks_show_the_current_figures(results) -> None:
    for path, table in ((quality.HELP, quality.help_table(results)),
                        (quality.BENCHMARKS, quality.markdown_table(results))):
        text = path.read_text(encoding="utf-8")
        assert quality.replace_section(text, table) == text, (
            f"{path.name} shows other figures: run `make quality QUALITY_ARGS=--write`")


def test_warning_level_is_more_precise_than_all_flags(results) -> None:
    for part in quality.PARTS:
        scores = results.scores[part]
        assert scores[quality.WARNING].precision > scores[quality.ALL].precision


# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


def _reasons(text: str, *, step: bool = False, vocabulary=(), plain_words=None) -> list[str]:
    report = analyse([Unit(text, 1, "step 1", step=step)], vocabulary=vocabulary, plain_words=plain_words)
    return [reason for flag in report.flagged_sentences for reason in flag.reasons]


DENSE = ("The Document Control Coordinator and the Management Representative review the Nonconformance "
         "Register with the Calibration Laboratory Supervisor at the end of every month.")


def test_the_organisations_own_words_do_not_make_a_sentence_very_hard() -> None:
    assert "very-hard-sentence" in _reasons(DENSE)
    known = ["Document Control Coordinator", "Management Representative", "Nonconformance Register",
             "Calibration Laboratory Supervisor"]
    assert "very-hard-sentence" not in _reasons(DENSE, vocabulary=known)
    # the long-sentence count is the reader's, vocabulary or not
    report = analyse([Unit(DENSE)], vocabulary=known)
    assert analyse([Unit(DENSE)]).words == report.words


def test_very_hard_needs_a_minimum_length_as_well_as_a_grade() -> None:
    dense_and_short = "Management representatives systematically investigate documented nonconformities " \
                      "and determine underlying causes comprehensively and expeditiously today."
    assert len(dense_and_short.split()) < Thresholds().very_hard_min_words
    assert "very-hard-sentence" not in _reasons(dense_and_short)
    assert "hard-sentence" in _reasons(dense_and_short)


def test_a_list_of_duties_between_semicolons_is_read_one_duty_at_a_time() -> None:
    duties = ("Lead management reviews; review inputs; make decisions and assign follow-up actions; "
              "confirm adequacy and effectiveness; communicate organisational priorities")
    as_one = duties.replace(";", ",")
    one = analyse([Unit(as_one)]).flagged_sentences[0].grade
    assert analyse([Unit(duties)]).flagged_sentences[0].grade < one - 5


@pytest.mark.parametrize("sentence", [
    "Immediate action is carried out without undue delay.",
    "The CR is assigned a unique identifier.",
    "Approvals are recorded in the change control system.",
    "Once verified, the CR is formally closed and retained.",
    "Verification shall occur before the next management review.",
    "Superseded revisions are archived for traceability.",
])
def test_a_step_that_names_no_doer_gets_say_who_does_it(sentence: str) -> None:
    assert no_actor(sentence)
    reasons = _reasons(sentence, step=True)
    assert "no-actor" in reasons and "passive-voice" not in reasons


@pytest.mark.parametrize("sentence", [
    "Approved changes are implemented by the Process Owner.",
    "After your account is set up, fill in the form.",
    "Tell your team and make sure your work is covered.",
    "Has the file been deleted from the shared drive?",
    "The questions that will be asked are listed below.",
    "You are required to notify the security team.",
    "The plan may be merged into the project plan.",
    "The methods are defined in the work instructions.",
    "The traceability is demonstrated by linking each record.",  # by + -ing: a means, still no doer
][:-1])
def test_a_step_that_says_who_acts_is_left_alone(sentence: str) -> None:
    assert not no_actor(sentence)


def test_by_and_an_ing_word_is_a_means_not_a_doer() -> None:
    assert no_actor("Traceability is demonstrated by linking each record.")


def test_an_order_in_the_passive_needs_a_doer_anywhere() -> None:
    order = "Records shall be kept in the register."
    assert "no-actor" in _reasons(order, step=False)
    assert "no-actor" not in _reasons("Records will be kept in the register.", step=False)
    assert "no-actor" in _reasons("Records are kept in the register.", step=True)
    assert "no-actor" in _reasons("Each design review shall consider the inputs.", step=False)
    assert "no-actor" not in _reasons("The Quality Manager shall consider the inputs.", step=False)
    assert "no-actor" not in _reasons("Each project shall have a plan.", step=False)


@pytest.mark.parametrize("sentence, phrase", [
    ("Report the fault without undue delay.", "without undue delay"),
    ("Send the form promptly.", "promptly"),
    ("Reply as soon as possible.", "as soon as possible"),
    ("Close the action in a timely manner.", "in a timely manner"),
    ("Review the log periodically.", "periodically"),
])
def test_a_vague_deadline_in_a_step_asks_for_a_time(sentence: str, phrase: str) -> None:
    assert vague_time(sentence) == phrase
    assert "vague-time" in _reasons(sentence, step=True)
    assert "vague-time" not in _reasons(sentence, step=False)  # a purpose or a note may say "promptly"


def test_immediately_is_a_time() -> None:
    assert vague_time("Stop the line immediately.") is None


def test_plain_words_have_two_levels() -> None:
    words = PlainWords.from_mapping({"replacements": [
        {"phrase": "constitute", "suggestion": "be", "level": "warning"},
        {"phrase": "prior to", "suggestion": "before"},
    ]})
    found = {match.phrase: match.level for match in words.find("Prior to release these constitute a record.")}
    assert found == {"Prior to": "info", "constitute": "warning"}
    with pytest.raises(ValueError, match="level must be info or warning"):
        PlainWords.from_mapping({"replacements": [{"phrase": "x", "suggestion": "y", "level": "error"}]})


def test_the_shipped_list_has_the_new_words_and_keeps_the_iso_terms() -> None:
    data = yaml.safe_load((ROOT / "data" / "plain-words.yml").read_text(encoding="utf-8"))
    words = PlainWords.from_mapping(data)
    phrases = {phrase for phrase, _ in words.replacements}
    assert {"is responsible to", "upon", "regarding", "deem", "constitute", "entail", "undertake", "thereafter",
            "thereby", "whereas", "adhere to", "respective", "efficacy"} <= phrases
    for term in ("nonconformity", "corrective action", "documented information", "calibration"):
        assert words.find(f"Record the {term} in the register.") == [], term
    assert {"constitute", "herein", "including but not limited to"} <= words.warnings
    # the same legal hedge however it is written
    for sentence in ("Staff includes, but is not limited to, interpreters.", "By way of example, this covers loans."):
        assert [match.level for match in words.find(sentence)] == ["warning"], sentence


def test_procedure_steps_are_analysed_as_steps_with_the_organisations_words(org_repository) -> None:
    from qms.document_readability import prose_units, vocabulary_of
    repository = org_repository.repository if hasattr(org_repository, "repository") else org_repository
    procedure = next(iter(repository.of_kind("procedure").values()))
    units = prose_units(procedure)
    assert [unit.step for unit in units if unit.label == "purpose"] == [False]
    assert any(unit.step for unit in units if unit.label.startswith("step") and "note" not in unit.label)
    vocabulary = vocabulary_of(repository)
    titles = {role.title for role in repository.of_kind("role").values()}
    assert titles <= set(vocabulary)


def test_the_hints_take_linear_time_on_a_huge_sentence() -> None:
    import time
    for text in ("it may be kept " * 8000, "make sure it is kept " * 8000, "the record shall review, " * 8000):
        started = time.perf_counter()
        analyse([Unit(text, 1, "step 1", step=True)])
        assert time.perf_counter() - started < 5, text[:30]


@pytest.mark.parametrize("sentence", [
    "Outputs are reviewed and approved before release to the next phase.",
    "Key decisions and required actions are communicated to relevant personnel.",
    "Review outcomes are checked and signed off before the next review.",
    "Verification confirms that the actions achieved the intended result.",
    "Each Management Review shall consider the required inputs.",
])
def test_a_statement_of_how_the_work_is_done_says_who_does_it(sentence: str) -> None:
    assert "no-actor" in _reasons(sentence, step=False)


@pytest.mark.parametrize("sentence", [
    "Outputs are reviewed by the Quality Manager before release.",
    "Cycles are initiated by defined triggers.",  # "by" names what starts them
    "If you leave the company, your leave will be paid out.",  # a result, not the work
    "Travel during work hours is considered regular hours.",  # a class, not an action
    "All affected documents are updated and published",  # an exit condition in a list, no full stop
    "The backup was lost last week.",
    "Management reviews the outputs every quarter.",
])
def test_a_statement_that_names_the_doer_or_states_a_result_is_left_alone(sentence: str) -> None:
    assert "no-actor" not in _reasons(sentence, step=False)


@pytest.mark.parametrize("sentence, words", [
    ("Follow the same steps as above.", "as above"),
    ("As described above, the owner signs the form.", "described above"),
    ("See above.", "See above"),
    ("Send the aforementioned records to the auditor.", "aforementioned"),
    ("Use the form in the section above.", "section above"),
])
def test_a_dangling_reference_asks_to_name_the_step(sentence: str, words: str) -> None:
    from qms.readability.filler import dangling_reference
    assert dangling_reference(sentence) == words
    assert "dangling-reference" in _reasons(sentence, step=False)


@pytest.mark.parametrize("sentence", [
    "Follow the steps below:",  # a lead-in to what comes right after
    "Keep the store above 10 degrees.",
    "The shelf above the sink holds the kit.",
])
def test_above_as_a_place_or_a_lead_in_is_not_dangling(sentence: str) -> None:
    from qms.readability.filler import dangling_reference
    assert dangling_reference(sentence) is None


@pytest.mark.parametrize("sentence, empty", [
    ("This is important.", True),
    ("This is very important to remember!", True),
    ("The process is as follows:", True),
    ("It is important to note that:", True),
    ("This is important because the auditor reads it.", False),
    ("It is important to note that the owner signs.", False),
    ("This is the owner's job.", False),
])
def test_a_sentence_that_says_nothing_gets_a_hint(sentence: str, empty: bool) -> None:
    assert ("empty-sentence" in _reasons(sentence, step=False)) is empty


def test_the_new_hints_are_listed_with_a_hint_and_in_the_help_page() -> None:
    from qms.features.documents.analysis import FLAG_KINDS
    kinds = {kind.name: kind.severity for kind in FLAG_KINDS}
    assert kinds["dangling-reference"] == kinds["empty-sentence"] == "info"
    help_page = (ROOT / "docs" / "help.md").read_text(encoding="utf-8")
    assert "**dangling reference** (info)" in help_page and "**empty sentence** (info)" in help_page


def test_code_urls_and_addresses_count_as_one_word_each_for_length() -> None:
    text = " ".join(["word"] * 22) + " `a` and `b` at https://example.org/x or help@example.org today."
    report = analyse([Unit(text, 1, "step 1")])
    [flag] = report.flagged_sentences
    assert flag.words == 30 and "long-sentence" in flag.reasons  # 26 words and 4 things read as words
    assert "\ue000" not in flag.text and "example.org" not in flag.text
    assert report.words == 26  # the page's formulas still count words only
    short = analyse([Unit("Send the form to help@example.org today.", 1, "step 1")])
    assert short.flagged_sentences == [] and short.words == 5


def test_a_fragment_left_by_a_removal_is_still_not_a_sentence() -> None:
    from qms.readability import markdown_blocks
    assert markdown_blocks("Example: `qms check`.", keep_hidden=True) == []
    [block] = markdown_blocks("Write to `help@example.org` (or `ops@example.org`) with the form.")
    assert block.text == "Write to (or) with the form."
    [kept] = markdown_blocks("Write to `help@example.org` (or `ops@example.org`) with the form.", keep_hidden=True)
    assert kept.text.count("\ue000") == 2


@pytest.mark.parametrize("sentence", [
    "External documents are not stored in the QMS unless the licence allows it.",
    "Sensitive data must never be shared in chat or sent by email.",
    "Records are never considered obsolete.",
    "Medical documentation to support your request is required.",
    "Editing rights are restricted to the document owners.",
])
def test_a_rule_for_everyone_or_a_state_is_not_a_task_without_a_doer(sentence: str) -> None:
    assert "no-actor" not in _reasons(sentence, step=True)


def test_the_same_passive_without_the_negation_still_asks_who() -> None:
    assert "no-actor" in _reasons("External documents are stored in the QMS.", step=True)
    assert "no-actor" in _reasons("Sensitive data must be shared in the team channel.", step=False)



def test_a_table_cell_is_not_asked_who_does_it_its_row_says() -> None:
    table = ("| Role | Duties |\n|---|---|\n"
             "| Quality Manager | Records are checked and reviewed every year. |\n")
    report = analyse(table)
    assert [flag.reasons for flag in report.flagged_sentences] == [["passive-voice"]]
    assert "no-actor" in _reasons("Records are checked and reviewed every year.")
    assert "no-actor" not in [reason for flag in analyse([Unit(
        "Records are kept in the register.", 1, "duties", cell=True)]).flagged_sentences for reason in flag.reasons]


def test_a_table_cell_in_a_documents_own_text_is_known_as_one() -> None:
    from qms.general_part import markdown_units
    units = markdown_units("Intro text here.\n\n| Role | Duties |\n|---|---|\n| Owner | Records are kept. |\n", 10, "body")
    assert [(unit.text, unit.cell) for unit in units] == [("Intro text here.", False), ("Records are kept.", True)]


def test_a_vague_deadline_in_any_order_asks_for_a_time_unless_an_example_gives_it() -> None:
    assert "vague-time" in _reasons("You should make timely edits if your plans change.", step=False)
    assert "vague-time" not in _reasons("We make timely edits when plans change.", step=False)
    assert vague_time("The owners verify the links periodically (e.g., quarterly).") is None
    assert vague_time("Review the log regularly, for example every Monday.") is None
    assert vague_time("Review the log regularly.") == "regularly"


def test_a_passive_inside_an_infinitive_orders_nothing() -> None:
    assert not no_actor("A letter on what caused your sick leave to be exhausted.")
    assert no_actor("The form needs to be signed.")


@pytest.mark.parametrize("sentence", [
    "All documents are controlled per the Document Control SOP.",  # handed to the procedure that says who
    "Actions are tracked in the risk register.",  # where to look, like "is defined in"
    "Ensure that processes, tools and records are kept up to date.",  # the check reaches past a list's commas
    "You need to be approved before you use it.",  # the reader is the one
    "No exclusions are claimed.",
    "Parking is only reimbursable when the conditions below are met.",  # a subordinate clause
    "It describes how document control is done in the repository.",
    "Tag names must match the slug exactly.",  # a relation, not an action
    "Open roles are posted to the careers site.",  # where it is published
])
def test_statements_that_point_elsewhere_or_describe_are_left_alone(sentence: str) -> None:
    assert "no-actor" not in _reasons(sentence, step=False)


@pytest.mark.parametrize("sentence, joined", [
    ("Approval details are kept in the document control system; they do not need to appear in the text of the page.",
     "semicolon"),
    ("Any booking in the travel system is held until it is approved -- nothing is charged to your card or to the office.",
     "dash"),
    ("The lead author\u2014usually the process owner\u2014signs the record when the review of the first draft is done and filed.",
     "dash"),
    ("Add the static files and the shared documents as needed, and add a comment to anything you think is critical.",
     "comma"),
])
def test_two_ideas_in_one_sentence_of_twenty_words_ask_to_split_it(sentence: str, joined: str) -> None:
    from qms.readability.joined import joined_ideas
    assert joined_ideas(sentence) == joined
    assert "two-ideas" in _reasons(sentence) and "long-sentence" not in _reasons(sentence)
    assert "two-ideas" not in _reasons(sentence.replace(";", ".").replace(" --", ".").replace("\u2014", ", ")
                                       .replace(", and", ". And"))


@pytest.mark.parametrize("sentence", [
    "Changes to a controlled document must be made through a pull request linked to the change request.",
    "Claims are submitted and paid through the expenses portal.",  # the tool to use
    "The shared test folder is uncontrolled, so keep nothing there that you need.",  # a state
    "Evidence must show one successful run of each changed template.",  # what a thing shows
    "The form is used to plan each release.",  # what a thing is for
    "This template is used for supplier audits of up to two days.",
    "Sign in with the temporary code that's emailed to you.",  # a relative clause
    "The schedule lives in the HR system and is associated with your account.",
])
def test_a_route_a_state_or_a_purpose_does_not_ask_who_does_it(sentence: str) -> None:
    assert not no_actor(sentence)


@pytest.mark.parametrize("sentence", [
    "Deficiencies are addressed through the CAPA process.",  # a process does not say who acts
    "Verification of each change is performed using the test repository.",  # an action noun hides the doer
])
def test_a_process_or_an_action_noun_still_hides_the_doer(sentence: str) -> None:
    assert no_actor(sentence)


@pytest.mark.parametrize("sentence", [
    "You work ten hours on each of four days in the week, so that you do not have to work on the fifth day.",
    "Holiday pay: Yes - You receive holiday pay for the eight or ten hours you were scheduled to work that day.",
    "Pick a passphrase that is hard to guess for people who know you -- not your birthday, street, pet or team.",
])
def test_a_purpose_a_label_or_examples_are_not_a_second_idea(sentence: str) -> None:
    from qms.readability.joined import joined_ideas
    assert joined_ideas(sentence) is None


@pytest.mark.parametrize("sentence", [
    "Allow 3-5 days; the desk is open Monday\u2013Friday.",  # short
    "The office is open Monday\u2013Friday from 9 to 5 and the help desk answers calls in 3-5 working days at most.",
    "Use the well-known form for all first-time travel requests and send it to your supervisor for sign-off today.",
    "Keep the forms, logs, registers, meeting minutes, and the records of every review in the shared drive for three years.",
])
def test_ranges_hyphens_and_short_sentences_are_not_two_ideas(sentence: str) -> None:
    assert "two-ideas" not in _reasons(sentence)


def test_every_sentence_has_two_independent_judgements_and_a_settled_label() -> None:
    judged, _ = quality.load_corpus()
    assert all(len(sentence.editors) == 2 for sentence in judged)
    agreed = [sentence for sentence in judged if sentence.editors[0] == sentence.editors[1]]
    assert all(sentence.rewrite == sentence.editors[0] for sentence in agreed)  # settling only where they differ
    assert len(agreed) / len(judged) > 0.85


def test_the_skeleton_script_splits_a_source_as_the_portal_does(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("corpus_skeleton", ROOT / "scripts" / "corpus_skeleton.py")
    skeleton = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(skeleton)
    text = ("# Title\n\nFirst sentence here. Second one follows.\n\n1. Send the form.\n\n- A list item\n\n"
            "| Role | Duties |\n|---|---|\n| Owner | Keeps the register up to date. |\n")
    items = yaml.safe_load(skeleton.skeleton(text))["sentences"]
    assert [(item["text"], item["context"]) for item in items] == [
        ("First sentence here.", "paragraph"), ("Second one follows.", "paragraph"), ("Send the form.", "step"),
        ("A list item", "list item"), ("Keeps the register up to date.", "table cell")]
    assert all(item["label"] is None for item in items)
    assert skeleton.main([str(tmp_path / "missing.md")]) == 2


@pytest.mark.parametrize("sentence", [
    "Each commit should:",  # a lead-in: the list below says what
    "Repository settings must:",
    "Each approved change must keep links between:",
    "The second approver's name should now be on the form.",  # a relation, past an adverb
    "The travel team is comprised of the following people.",
])
def test_a_lead_in_or_a_description_of_a_thing_is_not_an_order(sentence: str) -> None:
    assert "no-actor" not in _reasons(sentence, step=False)


def test_an_order_to_a_thing_that_ends_in_a_full_stop_still_asks_who() -> None:
    assert "no-actor" in _reasons("Each change must keep links to its request.", step=False)
