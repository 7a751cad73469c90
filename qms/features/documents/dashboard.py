"""The quality dashboard as an action list: counts first, then each owner's work.

Document problems (what is wrong in a controlled document: fix it in the file) are kept apart
from operational facts (work in the organisation that is late or due: it never holds back a
publish). Both are grouped by the role that owns the document, so an owner finds their own
actions in one place. Readability findings are many and small, so each document gets one line
that opens to the detail, with repeated word suggestions counted ("shall → must ×9").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ...analysis import DocumentReport
from ...document_readability import READABILITY_KINDS
from ...flags import Flag
from ...model import Document, Repository
from ...render import GeneratedPage, Renderer
from ...review_dates import DUE_SOON, OVERDUE
from ...text import counted

DASHBOARD_FLAG_ROWS = 300  # the page stays readable (and light) however many flags there are
NO_OWNER = ""  # the group of findings whose document names no owning role

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Status:
    """How a finding is shown: a word and an icon as well as a colour, so colour is never the only sign."""

    name: str  # CSS modifier: qms-status--<name>
    label: str
    icon: str


NEEDS_ACTION = Status("off-target", "Needs action", "✖")
TO_WATCH = Status("due", "To watch", "▲")
ACCEPTED = Status("no-data", "Accepted", "✔")
ERROR = Status("off-target", "Error", "✖")
WARNING = Status("due", "Warning", "▲")
SUGGESTION = Status("note", "Suggestion", "ℹ")
OVERDUE_REVIEW = Status("off-target", "Overdue", "✖")
DUE_SOON_REVIEW = Status("due", "Due soon", "▲")


def status_of(flag: Flag) -> Status:
    if flag.on_purpose:
        return ACCEPTED
    if flag.kind == "review-overdue":
        return OVERDUE_REVIEW
    if flag.kind == "review-due-soon":
        return DUE_SOON_REVIEW
    if flag.operational:
        return NEEDS_ACTION if flag.severity != "info" else TO_WATCH
    return {"error": ERROR, "warning": WARNING}.get(flag.severity, SUGGESTION)


@dataclass
class Finding:
    flag: Flag
    status: Status
    doc: Document | None  # the document it is about, when it has a page to link to


@dataclass
class ReadabilityDetail:
    """One document's readability findings, summed up in a line and grouped inside."""

    report: DocumentReport
    summary: str
    sentences: list[Any]
    words: list[tuple[str, str, int, list[str]]]  # phrase, suggestion, times, where


@dataclass
class DocumentEntry:
    doc_id: str
    doc: Document | None
    findings: list[Finding] = field(default_factory=list)
    readability: ReadabilityDetail | None = None


@dataclass
class OwnerGroup:
    owner: str  # role id, or NO_OWNER
    items: list[Any] = field(default_factory=list)  # DocumentEntry or Finding
    left_out: int = 0  # findings past the page's limit, found in the full report


def kind_label(kind: str) -> str:
    """A flag kind in words for the counts ("kpi-at-risk" → "KPI at risk")."""
    words = [word.upper() if word in ("kpi", "ncr") else word for word in kind.split("-")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def readability_detail(report: DocumentReport) -> ReadabilityDetail | None:
    result = report.readability
    if result is None or not (result.flagged_sentences or result.phrases or result.page_flags):
        return None
    long = sum(1 for s in result.flagged_sentences if "long-sentence" in s.reasons)
    hard = sum(1 for s in result.flagged_sentences if "long-sentence" not in s.reasons
               and {"hard-sentence", "very-hard-sentence"} & set(s.reasons))
    passive = sum(1 for s in result.flagged_sentences if set(s.reasons) == {"passive-voice"})
    grouped: dict[tuple[str, str], list[str]] = {}
    for phrase in result.phrases:
        grouped.setdefault((phrase.phrase.lower(), phrase.suggestion), []).append(phrase.label)
    words = sorted(((phrase, suggestion, len(where), list(dict.fromkeys(where)))
                    for (phrase, suggestion), where in grouped.items()), key=lambda w: (-w[2], w[0]))
    hard_overall = bool({"low-reading-ease", "high-grade"} & set(result.page_flags))
    parts = []
    if hard_overall:
        parts.append("hard to read overall")
    parts += [counted(long, "long sentence")] if long else []
    parts += [counted(hard, "hard sentence")] if hard else []
    parts += [counted(passive, "sentence in the passive", "sentences in the passive")] if passive else []
    actorless = sum(1 for s in result.flagged_sentences if "no-actor" in s.reasons)
    parts += [counted(actorless, "sentence that does not say who acts", "sentences that do not say who acts")
              ] if actorless else []
    parts += [counted(len(result.phrases), "word suggestion")] if result.phrases else []
    return ReadabilityDetail(report, ", ".join(parts), result.flagged_sentences, words)


class Owners:
    """Which role must act on a finding: the role the flag names (the owner of an action or a
    milestone inside a document), else the owner of its document (or the auditor of an audit)."""

    def __init__(self, repository: Repository):
        self.roles = repository.of_kind("role")
        self.by_id: dict[str, Document] = {}
        self.by_file: dict[str, Document] = {}
        for doc in repository.all_documents():
            self.by_id.setdefault(doc.id, doc)
            self.by_file[doc.path] = doc

    def document(self, flag: Flag) -> Document | None:
        """The document a flag is about: its file names it exactly (ids of two kinds may be alike)."""
        doc = self.by_file.get(flag.file)
        return doc if doc is not None and doc.id == flag.document else self.by_id.get(flag.document)

    def of_document(self, doc: Document | None) -> str:
        if doc is None:
            return NO_OWNER
        for name in ("owner", "auditor"):
            value = doc.value(name)
            if isinstance(value, str) and value in self.roles:
                return value
        return NO_OWNER

    def of_flag(self, flag: Flag) -> str:
        if flag.owner in self.roles:  # the role the flag names, e.g. the owner of one action of a review
            return flag.owner
        return self.of_document(self.document(flag))


def by_owner(groups: dict[str, OwnerGroup], roles: dict[str, Document]) -> list[OwnerGroup]:
    """Owners by their role's title; findings without an owner last."""
    def order(group: OwnerGroup) -> tuple:
        role = roles.get(group.owner)
        return (group.owner == NO_OWNER, (role.title if role else group.owner).lower())
    return sorted(groups.values(), key=order)


def linkable(doc: Document | None, repository: Repository) -> Document | None:
    """The document when it has a page of its own on the site."""
    if doc is None or not doc.published:
        return None
    kind = repository.registry.kinds_by_name.get(doc.kind)
    return doc if kind is not None and kind.template else None


def document_problems(reports: Iterable[DocumentReport], flags: list[Flag], owners: Owners,
                      repository: Repository, limit: int) -> list[OwnerGroup]:
    entries: dict[str, DocumentEntry] = {}
    listed = [flag for flag in flags if flag.kind not in READABILITY_KINDS]
    for flag in listed[:limit]:  # most serious first: the rest are in the full report
        doc = owners.document(flag)
        entry = entries.setdefault(flag.document or flag.file, DocumentEntry(flag.document, linkable(doc, repository)))
        entry.findings.append(Finding(flag, status_of(flag), entry.doc))
    for report in reports:
        detail = readability_detail(report) if report.doc.published else None
        if detail is not None:
            entry = entries.setdefault(report.doc.id, DocumentEntry(report.doc.id, linkable(report.doc, repository)))
            entry.readability = detail
    groups: dict[str, OwnerGroup] = {}
    for key in sorted(entries):
        entry = entries[key]
        owner = owners.of_flag(entry.findings[0].flag) if entry.findings else owners.of_document(entry.doc)
        groups.setdefault(owner, OwnerGroup(owner)).items.append(entry)
    return by_owner(groups, owners.roles)


def operational_facts(flags: list[Flag], owners: Owners, repository: Repository,
                      limit: int) -> list[OwnerGroup]:
    groups: dict[str, OwnerGroup] = {}
    for flag in flags:
        doc = owners.document(flag)
        owner = owners.of_flag(flag)
        group = groups.setdefault(owner, OwnerGroup(owner))
        group.items.append(Finding(flag, status_of(flag), linkable(doc, repository)))
    rank = {NEEDS_ACTION: 0, OVERDUE_REVIEW: 0, TO_WATCH: 1, DUE_SOON_REVIEW: 1, ACCEPTED: 2}
    ordered = by_owner(groups, owners.roles)
    shown = 0
    for group in ordered:
        group.items.sort(key=lambda f: (rank.get(f.status, 1), SEVERITY_ORDER[f.flag.severity], f.flag))
        room = max(0, limit - shown)
        group.left_out = max(0, len(group.items) - room)
        group.items = group.items[:room]
        shown += len(group.items)
    return [group for group in ordered if group.items or group.left_out]


def dashboard_page(renderer: Renderer) -> list[GeneratedPage]:
    analysis = renderer.analysis
    repository = renderer.repository
    registry = repository.registry
    # every controlled kind counts: procedures and any other (forms, work instructions, …)
    procedures = [doc for kind in repository.controlled_kinds() for doc in repository.of_kind(kind).values()]
    reports = sorted((analysis.document(doc) for doc in procedures), key=lambda r: r.doc.id)
    totals = {"documents": len(procedures)}
    for status in ("approved", "draft", "obsolete"):
        totals[status] = sum(1 for doc in procedures if doc.status == status)
    published = [r for r in reports if r.doc.published]
    reviews = {status: sum(1 for r in published if r.review and r.review.status == status)
               for status in (OVERDUE, DUE_SOON)}
    flags = sorted(analysis.flags, key=lambda f: (SEVERITY_ORDER[f.severity], f.file, f.line))
    # every member of staff can read the dashboard: a flag naming a person is counted, not listed
    withheld = frozenset() if analysis.settings.training_names else registry.personal_flag_kinds
    problems = [flag for flag in flags if not flag.operational]
    facts = [flag for flag in flags if flag.operational]
    listed_facts = [flag for flag in facts if flag.kind not in withheld]
    listed_problems = [flag for flag in problems if flag.kind not in withheld]
    owners = Owners(repository)
    by_kind: dict[tuple[str, str], int] = {}
    for flag in flags:
        by_kind[(flag.severity, flag.kind)] = by_kind.get((flag.severity, flag.kind), 0) + 1
    fact_kinds: dict[str, int] = {}
    for flag in facts:
        fact_kinds[flag.kind] = fact_kinds.get(flag.kind, 0) + 1
    readable = sorted((r for r in published if r.readability is not None),
                      key=lambda r: (r.readability.flesch_reading_ease, r.doc.id))
    return [renderer.page(
        "dashboard.md.j2", "dashboard.md", "Quality dashboard", None,
        totals=totals, counts=analysis.counts(), reviews_overdue=reviews[OVERDUE], reviews_due_soon=reviews[DUE_SOON],
        problem_count=len(problems), problem_errors=sum(1 for f in problems if f.severity == "error"),
        problems_left_out=max(0, sum(1 for f in listed_problems if f.kind not in READABILITY_KINDS)
                              - DASHBOARD_FLAG_ROWS),
        problem_groups=document_problems(published, listed_problems, owners, repository,
                                          DASHBOARD_FLAG_ROWS),
        fact_count=len(facts), fact_kinds=sorted(fact_kinds.items(), key=lambda item: (-item[1], item[0])),
        fact_groups=operational_facts(listed_facts, owners, repository, DASHBOARD_FLAG_ROWS),
        flags_withheld=len(flags) - len(listed_facts) - len(listed_problems), kind_label=kind_label,
        readability=readable,
        flags_by_kind=sorted(by_kind.items(), key=lambda item: (SEVERITY_ORDER[item[0][0]], item[0][1])),
        flag_kinds=sorted(registry.flag_kinds.values(), key=lambda k: k.name))]
