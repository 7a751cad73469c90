"""Nonconformities (NCR/CAPA), the improvement register and the internal audit programme.

Error classes are checked on an edited copy of the demo data (file, line and field);
flags are checked in process against several dates, then end to end in built sites:
the build log, the dashboard, qms-report.json and the pages themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from qms.features import default_registry, records
from qms.features.records import (FLAG_KINDS, analyse_records, ncr_register_order, open_nonconformities,
                                  procedure_records, settings_of)
from qms.errors import DataErrors
from qms.features.records.vocabulary import IMPROVEMENT_STATUSES
from qms.build import load
from qms.readability import PlainWords, Thresholds, Unit, analyse
from qms.project import read_mkdocs_config
from qms.settings import Settings

from conftest import ROOT, mkdocs_build, qms, edit, errors_of, line_of

DEMO = dt.date(2026, 11, 25)
LATER = dt.date(2027, 6, 1)
RECORD_FLAGS = {kind.name for kind in FLAG_KINDS}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def settings() -> Settings:
    return Settings.from_config((read_mkdocs_config(ROOT / "mkdocs.yml").get("extra") or {}).get("qms"), default_registry())


def record_flags(org: Path, today: dt.date):
    repository = load(org)
    reports, flags = analyse_records(repository, settings(), today)
    assert reports == []
    return repository, flags


def html(site: Path, uri: str) -> str:
    return (site / uri).read_text(encoding="utf-8")


def article(page: str) -> str:
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def visible(page: str) -> str:
    """Text without tags: the glossary wraps abbreviations such as NCR in <abbr>."""
    return re.sub(r"<[^>]+>", "", page)


@pytest.fixture(scope="module")
def repository():
    return load(ROOT)


# ---------------------------------------------------------------------------
# demo data
# ---------------------------------------------------------------------------

def test_demo_shows_every_ncr_status_and_source_and_audits_every_area(repository):
    # what the demo must show, not how many: it may gain or lose records freely
    ncrs = repository.of_kind("ncr")
    assert {doc.status for doc in ncrs.values()} == set(records.NCR_STATUSES)
    assert {doc.source for doc in ncrs.values()} == set(records.NCR_SOURCES)
    assert {doc.status for doc in repository.of_kind("improvement").values()} == set(IMPROVEMENT_STATUSES)
    audits = [doc for doc in repository.of_kind("audit").values() if doc.planned.year == 2026]
    assert {area for doc in audits for area in doc.areas} == set(repository.areas)
    assert settings_of(repository) == {"root_cause_days": 30, "improvement_stage_days": 90, "audit_cycle_years": 3}


def test_demo_flags_are_exactly_the_ones_kept_on_purpose(repository):
    """No record raises a flag it does not list under example_flags, and each listed flag is raised."""
    _, flags = analyse_records(repository, settings(), DEMO)
    raised: dict[str, set[str]] = {}
    for flag in flags:
        raised.setdefault(flag.document, set()).add(flag.kind)
    for kind in ("ncr", "improvement", "audit"):
        for doc in repository.of_kind(kind).values():
            assert raised.get(doc.id, set()) == set(doc.example_flags), doc.id
    assert {flag.kind for flag in flags} == {"ncr-action-overdue", "ncr-root-cause-missing", "ncr-closed-unverified",
                                             "improvement-overdue", "audit-overdue"}
    assert not [flag for flag in flags if flag.document not in {d.id for d in repository.all_documents()}]


def prose_of(doc) -> list[Unit]:
    units = []
    for key in ("title", "description", "containment", "idea", "benefit", "outcome", "summary", "note"):
        if doc.value(key):  # each kind declares only some of these
            units.append(Unit(doc.value(key), doc.line(key), key))
    if doc.kind == "ncr":
        cause = doc.root_cause
        if cause is not None:
            for index, why in enumerate(cause.whys):
                units.append(Unit(why, doc.line("root_cause", "whys", index), f"why {index + 1}"))
            if cause.cause:
                units.append(Unit(cause.cause, doc.line("root_cause", "cause"), "cause"))
        for index, action in enumerate(doc.actions):
            units.append(Unit(action.action, doc.line("actions", index, "action"), f"action {index + 1}"))
        if doc.effectiveness is not None and doc.effectiveness.note:
            units.append(Unit(doc.effectiveness.note, doc.line("effectiveness", "note"), "check note"))
    if doc.kind == "audit":
        for index, item in enumerate(doc.findings):
            units.append(Unit(item.text, doc.line("findings", index, "text"), f"finding {index + 1}"))
    return units


def test_demo_text_is_plain_language(repository):
    """Our own demo records pass the same gates as procedures: short sentences, plain words."""
    plain_words = PlainWords.from_mapping(repository.singleton("plain-words").data)
    thresholds = Thresholds().merged({"max_sentence_words": 25})
    problems = []
    for kind in ("ncr", "improvement", "audit"):
        for doc in repository.of_kind(kind).values():
            report = analyse(prose_of(doc), plain_words=plain_words, thresholds=thresholds)
            for sentence in report.flagged_sentences:
                serious = set(sentence.reasons) & {"long-sentence", "very-hard-sentence"}
                if serious or sentence.words > 20:
                    problems.append(f"{doc.path}:{sentence.line}: {sentence.words} words {sentence.reasons}")
            problems += [f"{doc.path}:{phrase.line}: {phrase.phrase}" for phrase in report.phrases]
    assert not problems, "\n".join(problems)


def test_record_templates_take_every_address_from_the_kinds():
    """Addresses live in the kinds' declarations, so the templates never spell one out."""
    for template in (Path(records.__file__).parent / "templates").rglob("*.j2"):
        text = template.read_text()
        assert "improvement/" not in text, template
        assert ".md\"" not in text, template
    assert records.ncr_uri("NCR-2026-001") == "improvement/nonconformities/NCR-2026-001.md"
    assert records.audit_uri("IA-2026-01") == "improvement/audits/IA-2026-01.md"
    assert records.NCR_REGISTER_URI == "improvement/nonconformities/index.md"
    assert records.AUDIT_PROGRAMME_URI == "improvement/audits/index.md"


def test_json_schema_for_editors():
    from qms.features import default_registry
    from qms.jsonschema import schema_files
    files = schema_files(default_registry())
    ncr_schema = json.loads(files["ncr.schema.json"])
    assert ncr_schema["properties"]["status"]["enum"] == list(records.NCR_STATUSES)
    assert set(ncr_schema["required"]) >= {"id", "title", "raised", "source", "severity", "status", "owner"}
    assert "records-settings.schema.json" in files and "audit.schema.json" in files


# ---------------------------------------------------------------------------
# one failing fixture per error class
# ---------------------------------------------------------------------------

NCR1 = "data/ncrs/NCR-2026-001.yml"
NCR5 = "data/ncrs/NCR-2026-005.yml"
NCR6 = "data/ncrs/NCR-2026-006.yml"
NCR9 = "data/ncrs/NCR-2026-009.yml"
IMP1 = "data/improvements/IMP-2026-001.yml"
IA1 = "data/audits/IA-2026-01.yml"
IA2 = "data/audits/IA-2026-02.yml"
SETTINGS = "data/records-settings.yml"

# The demo's records: an NCR that an internal audit raised, which Kestrel has none of.
DEMO_ERROR_CLASSES = [
    (IA1, "done: 2026-03-12", "done: 2026-03-20", "ncr: NCR-2026-003", "findings[1].ncr",
     "NCR-2026-003 was raised on 2026-03-16, before the audit was done (2026-03-20)"),
]

# On tests/fixtures/org: (file, old text, new text, line to expect (a needle in the edited file), field, message)
ERROR_CLASSES = [
    # nonconformities
    (NCR1, "title: Gauge shipped", "titel: Gauge shipped", "titel:", "titel",
     "unknown field; did you mean 'title'? (rename it to 'title:', which is required)"),
    (NCR1, "id: NCR-2026-001", "id: NCR-26-1", "id: NCR-26-1", "id", "'NCR-26-1' is not valid (write NCR, the year"),
    (NCR1, "raised: 2026-01-20", "raised: 2025-01-20", "id: NCR-2026-001", "id",
     "the id says 2026 but raised is in 2025"),
    (NCR1, "raised: 2026-01-20", "raised: 2026-02-30", "raised: 2026-02-30", "raised", "2026-02-30 is not a real date"),
    (NCR1, "source: customer-complaint", "source: customer-complain", "source:", "source",
     "'customer-complain' is not allowed (did you mean 'customer-complaint'?)"),
    (NCR1, "severity: major", "severity: huge", "severity:", "severity", "'huge' is not allowed"),
    (NCR1, "owner: production-manager", "owner: production-manger", "owner: production-manger", "owner",
     "unknown role 'production-manger' (did you mean 'production-manager'?)"),
    (NCR1, "procedures: [QP-010]", "procedures: [QP-010, QP-999]", "procedures:", "procedures[2]",
     "unknown procedure 'QP-999'"),
    (NCR1, "procedures: [QP-010]", "procedures: [QP-010, QP-023]", "procedures:", "procedures[2]",
     "QP-023 is a draft and is not published"),
    (NCR1, "    done: 2026-02-20", "    done: 2026-01-02", "done: 2026-01-02", "actions[1].done",
     "2026-01-02 is before the date raised (2026-01-20)"),
    (NCR1, "  date: 2026-02-03", "  date: 2026-01-03", "date: 2026-01-03", "root_cause.date",
     "2026-01-03 is before the date raised (2026-01-20)"),
    (NCR1, "closed: 2026-06-24", "closed: 2026-03-01", "closed: 2026-03-01", "closed",
     "2026-03-01 is before the effectiveness check (2026-06-24)"),
    (NCR1, "  checked: 2026-06-24", "  checked: 2026-03-01", "checked: 2026-03-01", "effectiveness.checked",
     "2026-03-01 is before the last action was done (2026-03-06)"),
    (NCR1, "  result: effective", "  result: not-effective", "result: not-effective", "effectiveness.result",
     "the check found the actions did not work, so the NCR cannot be closed"),
    (NCR1, "  checked: 2026-06-24\n", "", "result: effective", "effectiveness.result",
     "a result needs the date of the check"),
    (NCR1, "  result: effective\n", "", "checked: 2026-06-24", "effectiveness.checked",
     "a done check needs its result"),
    (NCR1, "closed: 2026-06-24\n", "", "status: closed", "status", "a closed NCR needs the date it was closed"),
    (NCR1, "  whys:", "  old_whys:", "old_whys:", "root_cause.old_whys", "unknown field"),
    (NCR9, "containment: >", "root_cause:\n  date: 2026-11-20\n  cause: Not known.\ncontainment: >", "root_cause:",
     "root_cause", "a root cause needs its analysis"),
    (NCR1, "  categories: [method]", "  categories: [methods]", "categories:", "root_cause.categories[1]",
     "'methods' is not allowed (did you mean 'method'?)"),
    (NCR6, "effectiveness:", "closed: 2026-11-01\neffectiveness:", "closed: 2026-11-01", "closed",
     "only a closed NCR has a closed date (status is 'action')"),
    (NCR6, "status: action", "status: verifying", "- action: Add a rule to QP-021", "actions[2]",
     "an NCR with status 'verifying' cannot have an action that is not done"),
    (NCR9, "status: open", "status: action", "status: action", "status",
     "an NCR with status 'action' needs its root cause"),
    (NCR9, "status: open", "status: action", "status: action", "status",
     "an NCR with status 'action' needs corrective actions"),
    (NCR9, "status: open", "status: open\nexample_flags: [ncr-root-cause-mising]", "example_flags:",
     "example_flags[1]", "unknown flag kind 'ncr-root-cause-mising' (did you mean 'ncr-root-cause-missing'?)"),
    # improvements
    (IMP1, "status: closed", "status: finished", "status:", "status", "'finished' is not allowed"),
    (IMP1, "outcome: >", "old_outcome: >", "status: closed", "status", "a closed item needs its outcome"),
    (IMP1, "status_since: 2026-07-10", "status_since: 2026-01-10", "status_since:", "status_since",
     "2026-01-10 is before the date raised (2026-02-09)"),
    (IMP1, "ncrs: [NCR-2026-001]", "ncrs: [NCR-2026-099]", "ncrs:", "ncrs[1]", "unknown ncr 'NCR-2026-099'"),
    (IMP1, "proposer: production-operator", "proposer: operator", "proposer:", "proposer", "unknown role 'operator'"),
    (IMP1, "raised: 2026-02-09", "raised: 2025-02-09", "id: IMP-2026-001", "id", "the id says 2026 but raised is in 2025"),
    # audits
    (IA1, "areas: [documents]", "areas: [document]", "areas:", "areas[1]",
     "unknown area 'document' (did you mean 'documents'?)"),
    (IA1, "areas: [documents]", "areas: []", "areas:", "areas", "needs at least 1 item"),
    (IA1, 'clauses: ["7.5.1", "7.5.2", "7.5.3"]', 'clauses: ["7.5.1", "11.2"]', "clauses:", "clauses[2]",
     "'11.2' is not valid"),
    (IA1, "  - type: observation", "  - type: nonconformity", "- type: nonconformity", "findings[1]",
     "a nonconformity finding needs the NCR it raised"),
    (IA1, "done: 2026-03-12\n", "", "status: done", "status", "a done audit needs the date it was done"),
    (IA1, "status: done", "status: planned", "done: 2026-03-12", "done",
     "only a done audit has a done date (status is 'planned')"),
    (IA1, "status: done", "status: planned", "findings:", "findings", "an audit with status 'planned' cannot have findings"),
    (IA1, "auditor: quality-manager", "auditor: quality-manager\nauditee: document-controller", "auditee:", "auditee",
     "unknown field"),
    (IA2, "named the drawing and its revision.", "named the drawing and its revision.\n    ncr: NCR-2026-009",
     "ncr: NCR-2026-009", "findings[1].ncr", "only a nonconformity finding raises an NCR"),
    (IA2, "  - type: good-practice\n    text: Every purchase order in the sample named the drawing and its revision.",
     "  - type: nonconformity\n    text: Late.\n    ncr: NCR-2026-009", "ncr: NCR-2026-009", "findings[1].ncr",
     "its source must be internal-audit (it is 'process-monitoring')"),
    (IA2, "status: done", "status: cancelled", "status: cancelled", "status",
     "a cancelled audit needs a note that says why"),
    # settings
    (SETTINGS, "root_cause_days: 30", "root_cause_days: 0", "root_cause_days:", "root_cause_days", "0 is too small"),
    (SETTINGS, "audit_cycle_years: 3", "audit_cycle_years: three", "audit_cycle_years:", "audit_cycle_years",
     "expected a whole number"),
]


def assert_error_class(project: Path, relative, old, new, needle, field, message) -> None:
    edit(project, relative, old, new)
    errors = errors_of(project)
    matching = [error for error in errors if message in error]
    assert matching, errors
    line = line_of(project, relative, needle)
    assert any(error.startswith(f"{relative}:{line}:") and f": {field}: " in error for error in matching), \
        (line, matching)


@pytest.mark.parametrize("relative, old, new, needle, field, message", ERROR_CLASSES,
                         ids=[f"{c[0].split('/')[-1]}:{c[5][:40]}" for c in ERROR_CLASSES])
def test_error_class_names_file_line_and_field(org, relative, old, new, needle, field, message):
    assert_error_class(org, relative, old, new, needle, field, message)


@pytest.mark.parametrize("relative, old, new, needle, field, message", DEMO_ERROR_CLASSES,
                         ids=[f"{c[0].split('/')[-1]}:{c[5][:40]}" for c in DEMO_ERROR_CLASSES])
def test_error_class_on_the_demo_records_names_file_line_and_field(project, relative, old, new, needle, field,
                                                                    message):
    assert_error_class(project, relative, old, new, needle, field, message)


def test_one_ncr_from_two_findings_is_an_error(project):
    edit(project, "data/audits/IA-2026-04.yml", "  - type: observation\n",
         "  - type: nonconformity\n    ncr: NCR-2026-003\n")
    errors = errors_of(project)
    assert any(error.startswith("data/audits/IA-2026-04.yml:") and "findings[1].ncr: NCR-2026-003 is already "
               "the NCR of IA-2026-01 finding 1" in error for error in errors), errors


def test_all_record_errors_are_reported_together(org):
    edit(org, NCR1, "owner: production-manager", "owner: nobody")
    edit(org, IMP1, "status: closed", "status: done")
    edit(org, IA1, "status: done", "status: maybe")
    files = {error.split(":")[0] for error in errors_of(org)}
    assert {NCR1, IMP1, IA1} <= files


def test_file_name_must_match_ncr_id(org):
    (org / NCR1).rename(org / "data/ncrs/NCR-2026-101.yml")
    assert any("does not match the file name 'NCR-2026-101.yml'" in error for error in errors_of(org))


# ---------------------------------------------------------------------------
# flags, in process
# ---------------------------------------------------------------------------

def by_kind(flags) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for flag in flags:
        found.setdefault(flag.kind, set()).add(flag.document)
    return found


def test_flags_move_with_today(project):
    _, now = record_flags(project, DEMO)
    _, later = record_flags(project, LATER)
    now_kinds, later_kinds = by_kind(now), by_kind(later)
    assert now_kinds["ncr-action-overdue"] == {"NCR-2026-005"}
    # by June 2027 the open actions of three more NCRs are late, and two more audits
    assert later_kinds["ncr-action-overdue"] == {"NCR-2026-005", "NCR-2026-006", "NCR-2026-007"}
    overdue_actions = [flag for flag in later if flag.kind == "ncr-action-overdue"]
    assert len(overdue_actions) > len([flag for flag in now if flag.kind == "ncr-action-overdue"])
    assert later_kinds["ncr-check-overdue"] == {"NCR-2026-004", "NCR-2026-005", "NCR-2026-006", "NCR-2026-007"}
    assert later_kinds["ncr-root-cause-missing"] == {"NCR-2026-008", "NCR-2026-009"}
    assert later_kinds["audit-overdue"] == {"IA-2026-07", "IA-2026-08", "IA-2026-09"}
    assert later_kinds["improvement-overdue"] >= {"IMP-2026-002", "IMP-2026-003", "IMP-2026-004", "IMP-2026-005"}
    assert "IMP-2026-001" not in later_kinds["improvement-overdue"]  # closed items are never late
    assert later_kinds["improvement-stuck"] >= {"IMP-2026-002", "IMP-2026-004"}
    assert "ncr-check-overdue" not in now_kinds and "improvement-stuck" not in now_kinds


def test_flag_points_at_the_line_and_says_who(project):
    _, flags = record_flags(project, DEMO)
    [flag] = [flag for flag in flags if flag.kind == "ncr-action-overdue"]
    assert flag.file == NCR5
    assert flag.line == line_of(project, NCR5, "due: 2026-10-30")
    assert flag.severity == "warning"
    assert "owner: service-engineer" in flag.message and "26 days ago" in flag.message
    [audit_flag] = [flag for flag in flags if flag.kind == "audit-overdue"]
    assert (audit_flag.file, audit_flag.line) == ("data/audits/IA-2026-07.yml",
                                                   line_of(project, "data/audits/IA-2026-07.yml", "planned:"))


def test_root_cause_limit_comes_from_the_settings_file(project):
    edit(project, SETTINGS, "root_cause_days: 30", "root_cause_days: 60")
    _, flags = record_flags(project, DEMO)
    assert "ncr-root-cause-missing" not in by_kind(flags)
    (project / SETTINGS).unlink()  # the file is optional: the default is 30 days
    repository, flags = record_flags(project, DEMO)
    assert settings_of(repository).root_cause_days == 30
    assert by_kind(flags)["ncr-root-cause-missing"] == {"NCR-2026-008"}


def test_auditor_of_their_own_area_is_flagged(project):
    edit(project, "data/audits/IA-2026-08.yml", "auditor: internal-auditor", "auditor: quality-manager")
    _, flags = record_flags(project, DEMO)
    [flag] = [flag for flag in flags if flag.kind == "audit-own-area"]
    assert flag.severity == "error"
    assert flag.document == "IA-2026-08"
    assert "owns QP-007, QP-008" in flag.message
    assert flag.line == line_of(project, "data/audits/IA-2026-08.yml", "auditor:")
    result = qms(project, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[audit-own-area] IA-2026-08" in result.stdout


def test_area_without_an_audit_in_the_cycle_is_flagged(project):
    (project / "data/audits/IA-2026-04.yml").unlink()
    _, flags = record_flags(project, DEMO)
    [flag] = [flag for flag in flags if flag.kind == "audit-area-not-covered"]
    assert flag.document == "leadership"
    assert (flag.file, flag.line) == ("data/organisation.yml", line_of(project, "data/organisation.yml",
                                                                         "- id: leadership"))
    # the 2026 audits still count in 2028 (cycle 2026-2028), not in 2029
    _, flags_2028 = record_flags(project, dt.date(2028, 12, 31))
    assert by_kind(flags_2028)["audit-area-not-covered"] == {"leadership"}
    _, flags_2029 = record_flags(project, dt.date(2029, 1, 1))
    assert by_kind(flags_2029)["audit-area-not-covered"] == set(load(project).areas)


def test_dates_after_today_are_data_errors(org):
    # A record of something that happened cannot be dated after today: refused when
    # loading (it used to be a warning flag, record-date-in-future).
    with pytest.raises(DataErrors) as caught:
        load(org, today=dt.date(2026, 11, 1))
    line = line_of(org, "data/ncrs/NCR-2026-009.yml", "raised:")
    assert (f"data/ncrs/NCR-2026-009.yml:{line}:9: raised: 2026-11-12 is after today (2026-11-01) "
            "(a date that has happened; set QMS_TODAY if you meant another day)") in map(str, caught.value.errors)


def test_closed_ncr_without_check_is_flagged_once(project):
    edit(project, NCR1, "effectiveness:\n  due: 2026-06-30\n  checked: 2026-06-24\n  result: effective\n", "old:\n")
    text = (project / NCR1).read_text()
    (project / NCR1).write_text(re.sub(r"old:\n(  .*\n)+", "", text))
    _, flags = record_flags(project, DEMO)
    assert by_kind(flags)["ncr-closed-unverified"] == {"NCR-2026-001", "NCR-2026-003"}


# ---------------------------------------------------------------------------
# pure queries
# ---------------------------------------------------------------------------

def test_open_nonconformities_per_procedure(org_repository):
    found = open_nonconformities(org_repository)
    # tests/fixtures/org: NCR-2026-009 is open on QP-004, NCR-2026-006 in action on QP-002 and QP-004
    assert {procedure: [doc.id for doc in docs] for procedure, docs in found.items()} == {
        "QP-002": ["NCR-2026-006"], "QP-004": ["NCR-2026-006", "NCR-2026-009"]}
    assert "QP-010" not in found  # its only NCR (NCR-2026-001) is closed


def test_procedure_records_open_then_closed_then_improvements(repository):
    found = procedure_records(repository, "QP-019")
    assert [doc.id for doc in found.open] == ["NCR-2026-009"]
    assert [doc.id for doc in found.closed] == ["NCR-2026-001"]
    assert [doc.id for doc in found.nonconformities] == ["NCR-2026-009", "NCR-2026-001"]
    assert [doc.id for doc in found.improvements] == ["IMP-2026-001"]
    nothing = procedure_records(repository, "QP-999")
    assert (nothing.nonconformities, nothing.improvements) == ((), ())


def test_register_order_is_open_first(org_repository):
    order = [(doc.id, doc.status) for doc in ncr_register_order(org_repository)]
    assert order == [("NCR-2026-009", "open"), ("NCR-2026-006", "action"), ("NCR-2026-001", "closed")]


# ---------------------------------------------------------------------------
# the built demo
# ---------------------------------------------------------------------------

@pytest.mark.slow
def test_register_page_open_first_with_counts(demo_site, repository):
    page = html(demo_site, "improvement/nonconformities/index.html")
    ncrs = list(repository.of_kind("ncr").values())
    open_count = sum(1 for doc in ncrs if doc.status != "closed")
    assert f"There are {open_count} open and {len(ncrs) - open_count} closed nonconformities." in page
    positions = {doc.id: page.index(f'href="{doc.id}/"') for doc in ncrs}
    last_open = max(positions[doc.id] for doc in ncrs if doc.status != "closed")
    first_closed = min(positions[doc.id] for doc in ncrs if doc.status == "closed")
    assert last_open < first_closed
    for status, label in (("open", "Open: finding the cause"), ("action", "Action under way"),
                          ("verifying", "Checking the action worked"), ("closed", "Closed")):
        count = sum(1 for doc in ncrs if doc.status == status)
        assert re.search(rf"<td>{re.escape(label)}</td>\s*<td>{count}</td>", page), label
    complaints = [doc for doc in ncrs if doc.source == "customer-complaint"]
    open_complaints = sum(1 for doc in complaints if doc.status != "closed")
    assert re.search(rf"<td>Customer complaint</td>\s*<td>{open_complaints}</td>\s*<td>"
                     rf"{len(complaints) - open_complaints}</td>\s*<td>{len(complaints)}</td>", page)
    assert "1 action overdue" in page


@pytest.mark.slow
def test_every_record_has_its_page(demo_site, repository):
    for doc in repository.of_kind("ncr").values():
        page = html(demo_site, f"improvement/nonconformities/{doc.id}/index.html")
        assert doc.id in page
        assert re.search(rf'href="[^"]+/-/edit/main/data/ncrs/{doc.id}\.yml"', page)
    for doc in repository.of_kind("audit").values():
        assert doc.id in html(demo_site, f"improvement/audits/{doc.id}/index.html")
    register = html(demo_site, "improvement/register/index.html")
    for doc in repository.of_kind("improvement").values():
        assert f'id="{doc.id.lower()}"' in register


@pytest.mark.slow
def test_ncr_page_shows_actions_cause_and_origin(demo_site):
    page = article(html(demo_site, "improvement/nonconformities/NCR-2026-005/index.html"))
    assert "Needs attention" in page
    assert "Overdue: was due 2026-10-30 (26 days ago)" in page
    assert "Done on 2026-08-20" in page
    assert "Our repair steps have no step to save and restore a logger" in page
    assert 'href="../../../procedures/QP-020/"' in page
    assert 'href="../../register/#imp-2026-003"' in page
    audited = article(html(demo_site, "improvement/nonconformities/NCR-2026-007/index.html"))
    assert 'href="../../audits/IA-2026-06/"' in audited and "(finding 1)" in audited
    assert "Needs attention" not in audited


@pytest.mark.slow
def test_procedure_page_lists_its_nonconformities(demo_site, repository):
    page = article(html(demo_site, "procedures/QP-019/index.html"))
    assert "Nonconformities" in page
    assert page.index('href="../../improvement/nonconformities/NCR-2026-009/"') < \
        page.index('href="../../improvement/nonconformities/NCR-2026-001/"')  # open before closed
    assert "1 open, 1 closed" in page
    assert 'href="../../improvement/register/#imp-2026-001"' in page
    linked = {p for doc in repository.of_kind("ncr").values() for p in doc.procedures}
    unlinked = next(doc.id for doc in repository.published("procedure") if doc.id not in linked)
    assert "improvement/nonconformities/" not in article(html(demo_site, f"procedures/{unlinked}/index.html"))


@pytest.mark.slow
def test_audit_programme_by_month(demo_site):
    page = article(html(demo_site, "improvement/audits/index.html"))
    assert "<h2" in page and ">2026<" in page
    for month in ("January", "June", "December"):
        assert f"<td>{month}</td>" in page
    assert re.search(r"<td>October</td>\s*<td><a href=\"IA-2026-07/\">", page)
    assert "Overdue: planned for 2026-10-13 (43 days ago)" in page
    assert "No audit" in page
    audit = article(html(demo_site, "improvement/audits/IA-2026-01/index.html"))
    assert 'href="../../nonconformities/NCR-2026-003/"' in audit
    assert "<th>Finding</th>" in audit


@pytest.mark.slow
def test_navigation_has_an_improvement_section(demo_site):
    page = html(demo_site, "improvement/index.html")
    nav = page.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    for target in ("nonconformities/", "register/", "audits/"):
        assert f'href="{target}"' in nav or f'href="./{target}"' in nav, target
    assert "6 open of 9" in page
    home = visible(html(demo_site, "index.html"))
    assert "There are 6 open nonconformities right now." in home  # the open_ncr_count() macro


@pytest.mark.slow
def test_demo_flags_reach_report_and_dashboard(demo_site):
    report = json.loads(html(demo_site, "qms-report.json"))
    mine = {(flag["kind"], flag["document"]) for flag in report["flags"] if flag["kind"] in RECORD_FLAGS}
    assert ("ncr-action-overdue", "NCR-2026-005") in mine
    assert ("audit-overdue", "IA-2026-07") in mine
    dashboard = visible(html(demo_site, "dashboard/index.html"))
    assert "data/ncrs/NCR-2026-005.yml:" in dashboard and "ncr-action-overdue" in dashboard


@pytest.mark.slow
def test_flags_move_in_the_log_dashboard_and_report(project):
    result = mkdocs_build(project, "--verbose", today="2027-06-01")
    assert result.returncode == 0, result.stderr
    # operational facts: logged at debug (-v shows them), so a strict build does not count them;
    # the report keeps their severity
    assert re.search(r"DEBUG.*data/ncrs/NCR-2026-004\.yml:\d+: \[ncr-check-overdue\]", result.stderr)
    assert re.search(r"DEBUG.*data/ncrs/NCR-2026-007\.yml:\d+: \[ncr-action-overdue\]", result.stderr)
    site = project / "site"
    report = json.loads(html(site, "qms-report.json"))
    overdue = [flag for flag in report["flags"] if flag["kind"] == "ncr-check-overdue"]
    assert overdue and all(flag["severity"] == "warning" and flag["operational"] for flag in overdue)
    assert {flag["document"] for flag in report["flags"] if flag["kind"] == "ncr-action-overdue"} == \
        {"NCR-2026-005", "NCR-2026-006", "NCR-2026-007"}
    assert {flag["document"] for flag in report["flags"] if flag["kind"] == "audit-overdue"} == \
        {"IA-2026-07", "IA-2026-08", "IA-2026-09"}
    dashboard = visible(html(site, "dashboard/index.html"))
    assert "data/ncrs/NCR-2026-004.yml:" in dashboard and "ncr-check-overdue" in dashboard
    page = article(html(site, "improvement/nonconformities/NCR-2026-007/index.html"))
    assert "Needs attention" in page and "Overdue: was due 2027-01-15" in page


@pytest.mark.slow
def test_data_text_is_literal_and_macros_work(project):
    edit(project, NCR5, "title: Data logger came back from repair with the customer's settings wiped",
         'title: "Logger {{ config.site_name }} <script>alert(1)</script> *stars* came back"')
    # The containment is plain text (the description is Markdown: tests/test_block_markdown.py)
    edit(project, NCR5, "  We phoned the customer", "  <b>bold</b> {% raw %} [link](http://x) We phoned the customer")
    (project / "docs" / "records-macros.md").write_text(
        "# Macros\n\n"
        "Open: {{ open_ncr_count() }} nonconformities.\n\n"
        "See {{ ncr('NCR-2026-007') }} and {{ audit('IA-2026-07') }} and {{ improvement('IMP-2026-004') }}.\n\n"
        "{{ open_ncrs(procedure='QP-020') }}\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for uri in ("improvement/nonconformities/NCR-2026-005/index.html", "improvement/nonconformities/index.html",
                "procedures/QP-020/index.html", "records-macros/index.html"):
        page = html(site, uri)
        assert "<script>alert(1)</script>" not in page, uri
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, uri
        assert "{{ config.site_name }}" in page and "*stars*" in page, uri
    ncr_page = html(site, "improvement/nonconformities/NCR-2026-005/index.html")
    assert "&lt;b&gt;bold&lt;/b&gt; {% raw %} [link](http://x)" in ncr_page
    assert 'href="http://x"' not in ncr_page
    macros = article(html(site, "records-macros/index.html"))
    assert "Open: 6 nonconformities." in macros
    assert 'href="../improvement/nonconformities/NCR-2026-007/"' in macros
    assert 'href="../improvement/audits/IA-2026-07/"' in macros
    assert 'href="../improvement/register/#imp-2026-004"' in macros
    assert 'href="../improvement/nonconformities/NCR-2026-005/"' in macros  # open_ncrs for QP-020
    assert "NCR-2026-009" not in macros  # not linked to QP-020


@pytest.mark.slow
def test_unknown_id_in_a_macro_fails_the_build(org):
    (org / "docs" / "records-macros.md").write_text("# Macros\n\n{{ ncr('NCR-2026-404') }}\n")
    result = mkdocs_build(org)
    assert result.returncode != 0
    assert "ncr('NCR-2026-404'): no NCR has this id" in result.stderr + result.stdout
