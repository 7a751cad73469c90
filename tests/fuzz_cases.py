"""The table of bad-input classes for tests/test_fuzz.py, and the edits that make them.

Each case edits a copy of the tests' organisation (tests/fixtures/org) into one class of bad input and says
where the message must point: the file, and the line (None for a problem
with the whole file, shown as ``path: message``). The table is data, so the
number of classes and kinds can be counted and printed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from qms.datafiles import MAX_BYTES


@dataclass(frozen=True)
class Expect:
    path: str
    line: int | None  # None: the whole file (or folder)
    text: str  # a fragment of the message


@dataclass(frozen=True)
class Case:
    name: str  # the class of bad input
    kind: str  # the kind of document it is tried on
    make: Callable[[Path], Expect]
    end_to_end: bool = False  # also run through `qms build` in the slow part
    refuse: str = ""  # a path (from the project root) that cannot be read, simulated in process only

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"


# ---------------------------------------------------------------------------
# YAML surgery: find a node by its key path, splice new text in its place

def compose(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks are character offsets


def locate(node: yaml.Node, keys: tuple) -> tuple[yaml.Node | None, yaml.Node, yaml.Node]:
    """(key node or None, value node, parent node) at ``keys`` (names and list indexes)."""
    key_node, parent = None, node
    for key in keys:
        parent = node
        if isinstance(key, int):
            key_node, node = None, node.value[key]
            continue
        key_node, node = next((k, v) for k, v in node.value if k.value == key)
    return key_node, node, parent


def read(root: Path, relative: str) -> str:
    return (root / relative).read_text(encoding="utf-8")


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def value(relative: str, keys: tuple, new: str, text: str) -> Callable[[Path], Expect]:
    """Replace the value at ``keys`` with ``new`` (flow YAML); the message points at the value's line."""
    def make(root: Path) -> Expect:
        source = read(root, relative)
        _, node, _ = locate(compose(source), keys)
        old = source[node.start_mark.index:node.end_mark.index]
        tail = "\n" if old.endswith("\n") else ""
        write(root, relative, source[:node.start_mark.index] + new + tail + source[node.end_mark.index:])
        return Expect(relative, node.start_mark.line + 1, text)
    return make


def rename_key(relative: str, keys: tuple, new: str, text: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        source = read(root, relative)
        key, _, _ = locate(compose(source), keys)
        write(root, relative, source[:key.start_mark.index] + new + source[key.end_mark.index:])
        return Expect(relative, key.start_mark.line + 1, text)
    return make


def remove_key(relative: str, keys: tuple, text: str) -> Callable[[Path], Expect]:
    """Drop a block-style ``key: value`` (its whole lines); the message points at the enclosing mapping."""
    def make(root: Path) -> Expect:
        source = read(root, relative)
        key, node, parent = locate(compose(source), keys)
        start = source.rindex("\n", 0, key.start_mark.index) + 1 if key.start_mark.index else 0
        end = node.end_mark.index if source[node.end_mark.index - 1:node.end_mark.index] == "\n" else \
            source.index("\n", node.end_mark.index) + 1
        write(root, relative, source[:start] + source[end:])
        return Expect(relative, parent.start_mark.line + 1, text)
    return make


def replace_text(relative: str, old: str, new: str, needle: str, text: str) -> Callable[[Path], Expect]:
    """Plain text edit; the message points at the first line holding ``needle`` afterwards."""
    def make(root: Path) -> Expect:
        source = read(root, relative)
        assert old in source, (relative, old)
        changed = source.replace(old, new, 1)
        write(root, relative, changed)
        line = next(number for number, line in enumerate(changed.splitlines(), 1) if needle in line)
        return Expect(relative, line, text)
    return make


def whole_file(relative: str, content: bytes, line: int | None, text: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)
        return Expect(relative, line, text)
    return make


def folder(relative: str, text: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        (root / relative).mkdir(parents=True)
        (root / relative / "QP-001.yml").write_text("id: QP-001\n")
        return Expect(relative + "/", None, text)
    return make


def dangling_link(relative: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        (root / relative).symlink_to(root / "no-such-file.yml")
        return Expect(relative, None, "is a link to something that does not exist")
    return make


SECRET = "SECRET-TOKEN-4242"


def link_out(relative: str) -> Callable[[Path], Expect]:
    """A link to a file outside the project: refused, and neither its target nor its content shown."""
    def make(root: Path) -> Expect:
        outside = root.parent / f"outside-{root.name}"
        outside.mkdir(exist_ok=True)
        secret = outside / "credentials.yml"
        secret.write_text(f"id: x\ntoken: {SECRET}\n")
        (root / relative).symlink_to(secret)
        return Expect(relative, None, "is a link to a place outside the project")
    return make


def unreadable(relative: str, folder: bool = False) -> Callable[[Path], Expect]:
    """Nothing to edit: test_fuzz refuses to open ``Case.refuse`` (a mocked os.open or os.scandir,
    since root, who runs these tests, ignores file permissions)."""
    def make(root: Path) -> Expect:
        return Expect(relative + ("/" if folder else ""), None, "cannot be read (permission denied)")
    return make


def remove_file(relative: str, text: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        (root / relative).unlink()
        return Expect(relative, None, text)
    return make


def named_pipe(relative: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        os.mkfifo(root / relative)
        return Expect(relative, None, "is not a regular file")
    return make


def copy_as(relative: str, new: str, text: str) -> Callable[[Path], Expect]:
    def make(root: Path) -> Expect:
        shutil.copy(root / relative, root / new)
        return Expect(new, 1, text)
    return make


# ---------------------------------------------------------------------------
# The table

QP = "data/procedures/QP-001.yml"
QP_RETRAIN = "data/procedures/QP-002.yml"  # its third revision says retrain: true
ROLE = "data/roles/quality-manager.yml"
ORG = "data/organisation.yml"
KPI = "data/kpis/KPI-003.yml"  # quarterly
KPI_PCT = "data/kpis/KPI-001.yml"
PERSON = "data/people/aisha-begum.yml"
TRAINING = "data/training/records/TR-002.yml"
MATRIX = "data/training/matrix.yml"
NCR = "data/ncrs/NCR-2026-001.yml"
IMP = "data/improvements/IMP-2026-001.yml"
AUDIT = "data/audits/IA-2026-01.yml"
REVIEW = "data/management-reviews/mr-2026-07.yml"
ROADMAP = "data/roadmap.yml"
NEWS = "data/newsletters/news-2026-09.yml"
PATH = "data/onboarding/staff.yml"
OBJECTIVE = "data/objectives/on-time-delivery.yml"
SETTINGS = "data/records-settings.yml"
GLOSSARY = "data/glossary.yml"
PLAIN = "data/plain-words.yml"
MILESTONE = ("phases", 0, "milestones", 0)
FUTURE = "2030-01-05 is after today"

CASES: list[Case] = [
    # wrong types
    Case("text given a list", "procedure", value(QP, ("title",), "[a, b]", "expected text, found a list"), True),
    Case("text given a mapping", "role", value(ROLE, ("purpose",), "{a: 1}", "expected text, found a mapping")),
    Case("list given a scalar", "procedure", value(QP, ("audience",), "quality-manager", "expected a list")),
    Case("list given a mapping", "role", value(ROLE, ("responsibilities",), "{a: 1}", "expected a list")),
    Case("mapping given a scalar", "procedure", value(QP, ("review",), "2026", "expected fields")),
    Case("mapping given a list", "organisation", value(ORG, ("quality_policy",), "[a]", "expected fields")),
    Case("date given a list", "objective", value(OBJECTIVE, ("due",), "[2026-01-01]", "expected a date")),
    Case("choice given a list", "kpi", value(KPI, ("direction",), "[higher]", "expected one of")),
    Case("number given a mapping", "roadmap", value(ROADMAP, MILESTONE + ("budget",), "{a: 1}", "expected a number")),
    # text
    Case("empty quoted text", "objective", value(OBJECTIVE, ("statement",), "''", "is empty")),
    Case("text over its length limit", "role", value(ROLE, ("title",), "'" + "x" * 81 + "'", "the limit is 80")),
    Case("oversized value", "newsletter", value(NEWS, ("title",), "'" + "x" * 200_000 + "'", "characters long")),
    Case("id not matching its pattern", "procedure", value(QP, ("id",), "qp-1", "is not valid")),
    Case("id not matching the file name", "kpi", value(KPI, ("id",), "KPI-099", "does not match the file name")),
    Case("duplicate id in another file", "role", copy_as(ROLE, "data/roles/quality-officer.yml", "duplicate id")),
    # whole numbers
    Case("whole number written as a word", "organisation",
         value(ORG, ("review", "interval_months"), "twelve", "expected a whole number")),
    Case("whole number in quotes", "records-settings", value(SETTINGS, ("root_cause_days",), '"30"', "remove the quotes")),
    Case("whole number with a leading zero", "training-matrix",
         value(MATRIX, ("new_starter_days",), "030", "leading zero")),
    Case("whole number with a fraction", "onboarding",
         value(PATH, ("steps", 0, "minutes"), "20.5", "expected a whole number")),
    Case("whole number below its minimum", "procedure",
         value(QP, ("review", "interval_months"), "0", "is too small"), True),
    Case("whole number above its maximum", "records-settings",
         value(SETTINGS, ("audit_cycle_years",), "11", "is too large")),
    Case("huge whole number", "onboarding", value(PATH, ("steps", 1, "minutes"), "1" + "0" * 40, "use a whole number from 1 to")),
    # numbers
    Case("number written as a word", "kpi", value(KPI, ("target",), "high", "expected a number")),
    Case("infinite number", "kpi", value(KPI, ("target",), ".inf", "is not a finite number")),
    Case("not a number (nan)", "kpi", value(KPI, ("measurements", 0, "value"), ".nan", "is not a finite number")),
    Case("number overflowing a float", "kpi", value(KPI, ("target",), "1e309", "is too large"), True),
    Case("number overflowing a float, negative", "roadmap",
         value(ROADMAP, MILESTONE + ("budget",), "-1e309", "is too small")),
    Case("number below its minimum", "roadmap", value(ROADMAP, MILESTONE + ("effort_days",), "-3", "is too small")),
    Case("number above its maximum", "roadmap",
         value(ROADMAP, MILESTONE + ("effort_days",), "20000", "is too large")),
    Case("number with a leading zero", "kpi", value(KPI_PCT, ("target",), "095", "leading zero")),
    Case("number with too many decimals", "kpi", value(KPI, ("target",), "8.1234567", "decimal places")),
    Case("percentage over 100", "kpi", value(KPI_PCT, ("target",), "150", "is not a percentage"), True),
    Case("negative tolerance", "kpi", value(KPI_PCT, ("tolerance",), "-1", "is too small")),
    # dates
    Case("impossible date", "ncr", value(NCR, ("raised",), "2026-02-30", "is not a real date"), True),
    Case("month 13", "audit", value(AUDIT, ("planned",), "2026-13-01", "is not a real date")),
    Case("date in words", "management-review", value(REVIEW, ("scheduled",), "next week", "is not a date")),
    Case("two-digit year", "newsletter", value(NEWS, ("date",), "26-06-12", "is not a date")),
    Case("future review date", "procedure", value(QP, ("review", "last_reviewed"), "2030-01-05", FUTURE), True),
    Case("future training date", "training-record", value(TRAINING, ("date",), "2030-01-05", FUTURE)),
    Case("future start date", "person", value(PERSON, ("started",), "2099-01-05", "2099-01-05 is after today"),
         True),
    Case("future held date", "management-review", value(REVIEW, ("held_on",), "2030-01-05", FUTURE)),
    Case("future closed date", "ncr", value(NCR, ("closed",), "2030-01-05", FUTURE)),
    Case("future done date", "audit", value(AUDIT, ("done",), "2030-01-05", FUTURE)),
    Case("future revision date", "procedure", value(QP, ("revisions", 0, "date"), "2030-01-05", FUTURE)),
    # true/false and choices
    Case("yes for true", "procedure", value(QP_RETRAIN, ("revisions", 2, "retrain"), "yes", "is ambiguous")),
    Case("true/false given a word", "procedure", value(QP_RETRAIN, ("revisions", 2, "retrain"), "maybe",
                                                       "expected true or false")),
    Case("unknown choice", "procedure", value(QP, ("status",), "aproved", "did you mean 'approved'?"), True),
    Case("choice in the wrong case", "audit", value(AUDIT, ("status",), "Done", "is not allowed")),
    # lists
    Case("duplicate list item", "procedure", value(QP, ("related",), "[QP-002, QP-002]", "is listed twice")),
    Case("list with too few items", "person", value(PERSON, ("roles",), "[]", "needs at least 1 item")),
    Case("empty list item", "procedure", replace_text(QP, "steps:\n", "steps:\n  -\n", "  -", "is empty")),
    # keys
    Case("unknown key", "role", rename_key(ROLE, ("reports_to",), "report_to", "did you mean 'reports_to'?")),
    Case("unknown nested key", "procedure",
         rename_key(QP, ("review", "interval_months"), "interval_month", "unknown field"), True),
    Case("missing required key", "ncr", remove_key(NCR, ("title",), "is missing")),
    Case("missing required nested key", "procedure", remove_key(QP, ("steps", 0, "action"), "is missing")),
    Case("duplicate key", "audit", replace_text(AUDIT, "status: done\n", "status: done\nstatus: planned\n",
                                                "status: planned", "duplicate key")),
    Case("required value left empty", "objective", value(OBJECTIVE, ("title",), "~", "is required but empty")),
    Case("list item with a required field of the wrong type", "plain-words",
         value(PLAIN, ("replacements", 0, "phrase"), "[a, b]", "expected text, found a list")),
    Case("list item with its id left empty", "training-matrix",
         value(MATRIX, ("courses", 0, "id"), "~", "is required but empty")),
    Case("key that is not a word", "glossary", replace_text(GLOSSARY, "terms:", "? [a, b]\n: x\nterms:", "? [a, b]",
                                                            "a key must be a plain word")),
    # references
    Case("unknown role", "procedure", value(QP, ("owner",), "nobody-here", "unknown role"), True),
    Case("reference not matching the id pattern", "training-record",
         value(TRAINING, ("people",), "[Nobody Here]", "is not valid")),
    Case("unknown area", "audit", value(AUDIT, ("areas",), "[nowhere]", "unknown area")),
    Case("unknown procedure", "kpi", value(KPI, ("related",), "[QP-999]", "unknown procedure")),
    Case("unknown person", "training-record", value(TRAINING, ("people",), "[nobody-here]", "unknown person")),
    Case("reference to a draft", "procedure", value(QP, ("related",), "[QP-023]", "is a draft")),
    Case("superseded but not obsolete", "procedure",
         replace_text(QP, "status: approved\n", "status: approved\nsuperseded_by: QP-002\n", "superseded_by",
                      "only an obsolete document can be superseded")),
    Case("KPI period of the wrong frequency", "kpi",
         value(KPI, ("measurements", 0, "period"), '"2023-11"', "but this KPI is measured quarterly")),
    # feedback link templates
    Case("format spec in a link template", "organisation",
         value(ORG, ("feedback", "problem"), '"mailto:{owner_email}?subject={title:d}"', "is not allowed"), True),
    Case("positional placeholder in a link template", "organisation",
         value(ORG, ("feedback", "problem"), '"mailto:{owner_email}?subject={0}"', "unknown placeholder {0}")),
    Case("attribute access in a link template", "organisation",
         value(ORG, ("feedback", "improvement"), '"mailto:q@x.example?s={id.__class__}"', "unknown placeholder")),
    Case("unsafe scheme in a link template", "organisation",
         value(ORG, ("feedback", "improvement"), '"javascript:alert(1)"', "must start with mailto:")),
    # whole files and folders
    Case("dangling link", "procedure", dangling_link("data/procedures/QP-099.yml"), True),
    Case("link out of the project", "role", link_out("data/roles/auditor.yml"), True),
    Case("unreadable file", "kpi", unreadable(KPI), refuse=KPI),
    Case("unreadable folder", "ncr", unreadable("data/ncrs", folder=True), refuse="data/ncrs"),
    Case("non-UTF-8 bytes", "audit", whole_file("data/audits/IA-2026-99.yml", b"id: IA-2026-99\ntitle: \xff\xfe\n",
                                                  2, "is not UTF-8 text"), True),
    Case("stray file at the top of data/", "organisation",
         whole_file("data/notes.txt", b"to do", None, "is not a file the portal reads"), True),
    Case("misspelt single file", "roadmap",
         whole_file("data/roadmap.yaml", b"title: x\n", None, "did you mean 'data/roadmap.yml'?")),
    Case("stray file in a kind folder", "person",
         whole_file("data/people/notes.txt", b"to do", None, "is not a .yml file")),
    Case("unknown folder", "procedure", folder("data/procedure", "did you mean 'data/procedures/'?"), True),
    Case("subfolder of a kind folder", "training-record",
         folder("data/training/records/old", "is a folder inside data/training/records/")),
    Case("file over the size limit", "newsletter",
         whole_file("data/newsletters/news-big.yml", b"id: news-big\n" + b"#" * (2 * MAX_BYTES), None,
                    "the limit is 1 MB"), True),
    Case("empty file", "objective", whole_file("data/objectives/empty.yml", b"", 1, "the file is empty")),
    Case("several YAML documents in one file", "role",
         replace_text(ROLE, "reports_to: managing-director\n", "reports_to: managing-director\n---\nid: x\n",
                      "id: x", "more than one YAML document")),
    Case("YAML syntax error", "improvement",
         # reported at the line that opened the list, the one the author must fix
         replace_text(IMP, "procedures: []", "procedures: [", "procedures: [",
                      "YAML syntax error"), True),
    Case("tab indentation", "management-review",
         replace_text(REVIEW, "  previous_actions:", "\tprevious_actions:", "\tprevious_actions",
                      "YAML syntax error")),
    Case("file holding a list", "person", whole_file("data/people/list-person.yml", b"- a\n- b\n", 1,
                                                     "expected fields")),
    Case("file holding one word", "role", whole_file("data/roles/word.yml", b"hello\n", 1, "expected fields")),
    Case("required file missing", "organisation", remove_file(ORG, "file is missing"), True),
    Case("named pipe", "person", named_pipe("data/people/pipe.yml")),
    Case("YAML alias", "role", whole_file("data/roles/copycat.yml",
                                          b"id: copycat\ntitle: &t Copycat\npurpose: *t\n", 2, "an alias")),
    Case("YAML merge key", "objective",
         replace_text(OBJECTIVE, "owner: production-manager\n",
                      "owner: production-manager\nx: &base {a: 1}\n<<: *base\n", "&base", "an alias"), True),
    Case("control character", "glossary", replace_text(GLOSSARY, "terms:", "# bell \x07\nterms:", "bell",
                                                       "invisible character U+0007")),
]
