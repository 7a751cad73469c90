"""Precision and recall of the readability flags against the judged corpus.

    python scripts/quality.py [--write]

The corpus (tests/readability_corpus/*.yml) holds real sentences from public procedures, each judged
"rewrite" or "fine" by two plain-language editors on their own (``editors``), and by a third where
those two differed (``label``: the corpus's judgement). Each sentence is analysed on its own, as the portal
analyses it (a step as a step, with the source organisation's own vocabulary and the repository's
plain-words list), and every flag kind is scored against the judgement:

* precision: of the sentences the kind flags, the share judged "rewrite";
* recall: of the sentences judged "rewrite", the share the kind flags.

"warning level" counts a sentence flagged by any warning-level kind, "warning+info" by any kind.
The figures are given apart for the tuning part and the held-out part (whole source documents,
chosen before any tuning and never tuned on). The exit status is 1 when warning level misses its
targets on either part. ``--write`` puts the table into BENCHMARKS.md and docs/help.md.

How far two careful editors agree is printed too: the second editor's labels scored against the
first's exactly as a flag is scored against the corpus. It is the ceiling one reader's judgement
sets for any rule.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qms.document_readability import READABILITY_FLAG_KINDS  # noqa: E402
from qms.readability import PlainWords, Thresholds, Unit, analyse  # noqa: E402

CORPUS = ROOT / "tests" / "readability_corpus"
TARGET_PRECISION = 0.85
TARGET_RECALL = 0.80
WARNING, ALL = "warning level", "warning+info"
EDITOR = "second editor"  # the second editor scored against the first, as a flag is scored
PARTS = ("tuning", "held-out")
PAGE_KINDS = ("low-reading-ease", "high-grade")  # a page's figures, not a sentence's
SENTENCE_KINDS = tuple(kind.name for kind in READABILITY_FLAG_KINDS if kind.name not in PAGE_KINDS)
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"


@dataclass(frozen=True)
class Judged:
    text: str
    context: str
    rewrite: bool
    reason: str
    source: str
    held_out: bool
    editors: tuple[bool, ...] = ()  # each editor's own judgement (rewrite?), before any settling


@dataclass
class Score:
    flagged: int = 0
    correct: int = 0  # flagged and judged "rewrite"
    positives: int = 0  # judged "rewrite"

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.positives if self.positives else 1.0


@dataclass
class Results:
    sentences: dict[str, int] = field(default_factory=dict)
    scores: dict[str, dict[str, Score]] = field(default_factory=dict)  # part -> row -> score
    editors: dict[str, Score] = field(default_factory=dict)  # part -> second editor against the first
    settled: dict[str, int] = field(default_factory=dict)  # part -> sentences the editors differed on

    def met(self) -> bool:
        return all(self.scores[part][WARNING].precision >= TARGET_PRECISION
                   and self.scores[part][WARNING].recall >= TARGET_RECALL for part in PARTS)


def load_corpus(folder: Path = CORPUS) -> tuple[list[Judged], dict[str, list[str]]]:
    """The judged sentences, and each source organisation's vocabulary (by repository)."""
    vocabulary = yaml.safe_load((folder / "vocabulary.yml").read_text(encoding="utf-8"))
    judged = []
    for path in sorted(folder.glob("*.yml")):
        if path.name == "vocabulary.yml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["sentences"]:
            labels = [item["label"], *item.get("editors", ())]
            if not set(labels) <= {"rewrite", "fine"}:
                raise ValueError(f"{path.name}: a label must be rewrite or fine: {labels!r}")
            judged.append(Judged(item["text"], item["context"], item["label"] == "rewrite",
                                 item["reason"], data["source"], bool(data["held_out"]),
                                 tuple(label == "rewrite" for label in labels[1:])))
    return judged, vocabulary


def organisation_of(source: str) -> str:
    return "/".join(source.split("/")[:2])


def plain_words() -> PlainWords:
    data = yaml.safe_load((ROOT / "data" / "plain-words.yml").read_text(encoding="utf-8"))
    return PlainWords.from_mapping(data)


def flag_kinds(sentence: Judged, words: PlainWords, vocabulary: list[str],
               thresholds: Thresholds = Thresholds()) -> set[str]:
    """Every flag kind the portal raises on the sentence (its parts, if the splitter splits it)."""
    unit = Unit(sentence.text, 1, sentence.context, step=sentence.context == "step",
                cell=sentence.context == "table cell")
    report = analyse([unit], plain_words=words, vocabulary=vocabulary, thresholds=thresholds)
    kinds = {reason for flag in report.flagged_sentences for reason in flag.reasons}
    kinds |= {"formal-words" if phrase.level == "warning" else "plain-words" for phrase in report.phrases}
    return kinds


def levels() -> dict[str, str]:
    return {kind.name: kind.severity for kind in READABILITY_FLAG_KINDS if kind.name in SENTENCE_KINDS}


def evaluate(judged: list[Judged], vocabulary: dict[str, list[str]],
             thresholds: Thresholds = Thresholds()) -> Results:
    words = plain_words()
    level = levels()
    results = Results()
    for part in PARTS:
        results.scores[part] = {row: Score() for row in (*SENTENCE_KINDS, WARNING, ALL)}
        results.sentences[part] = results.settled[part] = 0
        results.editors[part] = Score()
    for sentence in judged:
        part = PARTS[sentence.held_out]
        results.sentences[part] += 1
        if len(sentence.editors) >= 2:
            first, second = sentence.editors[:2]
            agreement = results.editors[part]
            agreement.positives += first
            agreement.flagged += second
            agreement.correct += first and second
            results.settled[part] += first != second
        kinds = flag_kinds(sentence, words, vocabulary.get(organisation_of(sentence.source), []), thresholds)
        rows = set(kinds)
        if any(level.get(kind) == "warning" for kind in kinds):
            rows.add(WARNING)
        if kinds:
            rows.add(ALL)
        for row, score in results.scores[part].items():
            score.positives += sentence.rewrite
            if row in rows:
                score.flagged += 1
                score.correct += sentence.rewrite
    return results


def _row_name(row: str) -> str:
    return row if row in (WARNING, ALL, EDITOR) else f"{row} ({levels().get(row, '?')})"


def text_table(results: Results) -> str:
    lines = []
    for part in PARTS:
        rewrite = results.scores[part][ALL].positives
        lines.append(f"{part}: {results.sentences[part]} sentences, {rewrite} judged worth rewriting")
        lines.append(f"  {'flag':32} {'precision':>9} {'recall':>7} {'flagged':>8} {'right':>6}")
        for row, score in (*results.scores[part].items(), (EDITOR, results.editors[part])):
            lines.append(f"  {_row_name(row):32} {_figure(score.correct, score.flagged):>9} "
                         f"{_two(score.correct, score.positives):>7} {score.flagged:8d} {score.correct:6d}")
        lines.append(f"  the two editors differed on {results.settled[part]} sentences; a third decided")
    return "\n".join(lines)


def markdown_table(results: Results) -> str:
    """The figures for BENCHMARKS.md."""
    tune, held = (results.scores[part] for part in PARTS)
    lines = [f"Judged corpus (tests/readability_corpus/, `make quality`): {results.sentences['tuning']} "
             f"sentences to tune on, {tune[ALL].positives} of them judged worth rewriting, and "
             f"{results.sentences['held-out']} held out, {held[ALL].positives} worth rewriting. "
             f"Targets at warning level: precision at least {TARGET_PRECISION}, recall at least "
             f"{TARGET_RECALL}, on both parts. Two editors judged every sentence on their own and a third "
             f"decided where they differed ({results.settled['tuning']} and {results.settled['held-out']} "
             "sentences); the last row scores the second editor against the first, as the flags are scored: "
             "how far one careful reader agrees with another.",
             "",
             "| Flag (level) | Precision | Recall | Flagged | Held out: precision | Recall | Flagged |",
             "|---|---|---|---|---|---|---|"]
    rows = {row: (tune[row], held[row]) for row in tune}
    rows[EDITOR] = (results.editors["tuning"], results.editors["held-out"])
    for row, (a, b) in rows.items():
        lines.append(f"| {_row_name(row)} | {_figure(a.correct, a.flagged)} | {_two(a.correct, a.positives)} "
                     f"| {a.flagged} | {_figure(b.correct, b.flagged)} | {_two(b.correct, b.positives)} "
                     f"| {b.flagged} |")
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    """``"92 % (24 of 26)"``, rounded down; a dash when there is nothing to count."""
    return f"{100 * part // whole} % ({part} of {whole})" if whole else "–"


def _two(part: int, whole: int) -> str:
    """``part / whole`` to two decimals, rounded down: the targets are "at least", so 51 of 64
    (0.797) must not show as 0.80. Nothing to count is 1.00, as :class:`Score` has it."""
    return f"{100 * part // whole / 100:.2f}" if whole else "1.00"


def _figure(part: int, whole: int) -> str:
    return _two(part, whole) if whole else "–"


def help_table(results: Results) -> str:
    """The same figures in plain words, for the help page: how far to trust each flag."""
    tune, held = (results.scores[part] for part in PARTS)
    total = sum(results.sentences.values())
    lines = [f"Checked against {total} real sentences from public procedures that two editors marked "
             f"\"rewrite\" or \"fine\" (a third decided where they differed). Held out: "
             f"{results.sentences['held-out']} of them, from documents never used to tune the rules. The last "
             "row is the second editor checked against the first: even two careful readers differ.",
             "",
             "| Flag | Level | Right when it flags | Finds | Held out: right | Held out: finds |",
             "|---|---|---|---|---|---|"]
    level = levels()
    rows = {row: (tune[row], held[row]) for row in tune}
    rows[EDITOR] = (results.editors["tuning"], results.editors["held-out"])
    for row, (a, b) in rows.items():
        name = row if row in (WARNING, ALL, EDITOR) else row.replace("-", " ")
        shown = "" if row in (WARNING, ALL, EDITOR) else level.get(row, "")
        name = {WARNING: "any warning", ALL: "any warning or info", EDITOR: "a second editor"}.get(row, name)
        lines.append(f"| {name} | {shown} | {_share(a.correct, a.flagged)} | {_share(a.correct, a.positives)} "
                     f"| {_share(b.correct, b.flagged)} | {_share(b.correct, b.positives)} |")
    return "\n".join(lines)


def replace_section(text: str, table: str) -> str:
    """``text`` with the part between the quality markers replaced by ``table``."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no {BEGIN} … {END} section")
    return pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", text)


BENCHMARKS = ROOT / "BENCHMARKS.md"
HELP = ROOT / "docs" / "help.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md and docs/help.md")
    args = parser.parse_args()
    judged, vocabulary = load_corpus()
    results = evaluate(judged, vocabulary)
    print(text_table(results))
    if args.write:
        for path, table in ((BENCHMARKS, markdown_table(results)), (HELP, help_table(results))):
            path.write_text(replace_section(path.read_text(encoding="utf-8"), table), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if not results.met():
        print(f"warning level misses its targets (precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL})",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
