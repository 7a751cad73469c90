"""Leadership, roadmap and communication: policy, objectives, management review, roadmap, news.

The commonest reasons an ISO 9001 system fails are weak leadership support,
missing resources, resistance to change and poor communication. This feature
makes each of them visible from data: the policy and its sponsors, quality
objectives with owners, management reviews with their actions, a resourced
implementation roadmap, and newsletters that tell staff what changed.

Kinds: ``objective`` (data/objectives/), ``management-review``
(data/management-reviews/), ``roadmap`` (data/roadmap.yml, optional) and
``newsletter`` (data/newsletters/). Sponsors live in the quality policy of
data/organisation.yml.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..analysis import DocumentReport, Flag
from ..cycles import find_cycles
from ..errors import DataError
from ..gates import readability_for_units
from ..kinds import EXAMPLE_FLAGS, Kind, ROLE_HINT, ROLE_ID, readability_settings, role_ref
from ..model import Document, Repository
from ..readability import Unit, markdown_blocks
from ..render import GeneratedPage, Renderer, nav_entry
from ..review import NOT_APPLICABLE, ReviewStatus, add_months
from ..schema import Choice, Date, Field, ListOf, Markdown, Number, Record, Text, suggest
from ..settings import Settings
from ..svg import DateScale, Drawing, element, month_start, next_month
from ..validate import error_at
from ..registry import Feature, FlagKind

# ---------------------------------------------------------------------------
# Schema

CHALLENGES = {  # the ten common reasons an ISO 9001 implementation struggles
    "leadership-support": "Lack of leadership support",
    "resources": "Too few resources",
    "resistance-to-change": "Resistance to change",
    "documentation": "Missing or poor documentation",
    "nonconformities": "Nonconformities left open",
    "training": "Too little training and awareness",
    "overcomplication": "Processes made too complicated",
    "continuous-improvement": "No continuous improvement",
    "communication": "Poor communication",
    "measurement": "Performance not measured",
}
OBJECTIVE_STATUSES = ("not-started", "on-track", "at-risk", "off-track", "achieved", "missed")
OBJECTIVE_CLOSED = ("achieved", "missed")
REVIEW_STATUSES = ("planned", "held", "cancelled")
ACTION_STATUSES = ("open", "done", "cancelled")
MILESTONE_STATUSES = ("not-started", "in-progress", "done")
NEWSLETTER_STATUSES = ("draft", "published")
DECISION_TOPICS = {
    "improvement": "Opportunity for improvement",
    "change": "Change to the quality system",
    "resources": "Resources needed",
}
# ISO 9001:2015 clause 9.3.2: what a management review must take into account.
REVIEW_INPUTS = (
    ("previous_actions", "9.3.2 a", "Status of actions from earlier reviews"),
    ("issues", "9.3.2 b", "Changes in external and internal issues"),
    ("customer_feedback", "9.3.2 c 1", "Customer satisfaction and feedback"),
    ("objectives", "9.3.2 c 2", "How far quality objectives were met"),
    ("process_performance", "9.3.2 c 3", "Process performance and product conformity"),
    ("nonconformities", "9.3.2 c 4", "Nonconformities and corrective actions"),
    ("monitoring", "9.3.2 c 5", "Monitoring and measurement results"),
    ("audits", "9.3.2 c 6", "Audit results"),
    ("suppliers", "9.3.2 c 7", "Performance of external providers"),
    ("resources", "9.3.2 d", "Adequacy of resources"),
    ("risks", "9.3.2 e", "Actions on risks and opportunities"),
    ("improvement", "9.3.2 f", "Opportunities for improvement"),
)
NEWS_IN_NAV = 12  # older issues stay in the archive page, so every page's navigation stays small
REVIEWS_IN_NAV = 8  # likewise for management reviews: the schedule page lists them all


objective = Kind(
    name="objective",
    title="Quality objectives",
    folder="objectives",
    url_prefix="leadership",
    schema=Record(
        description="A quality objective (ISO 9001 6.2): what, who, by when and how it is measured.",
        fields={
            "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                        description="Objective id, e.g. on-time-delivery (the file name without .yml)."),
            "title": Field(Text(single_line=True, max_length=100), required=True, description="Short title."),
            "statement": Field(Text(), required=True, description="What we want to achieve and why."),
            "owner": Field(role_ref(), required=True, description="Role that owns the objective."),
            "target": Field(Text(), required=True, description="The measurable target, e.g. 95% of orders on time."),
            "measure": Field(Text(), description="How and how often progress is measured."),
            "baseline": Field(Text(), description="Where we started, for comparison."),
            "due": Field(Date(), required=True, description="Date the target must be met (YYYY-MM-DD)."),
            "status": Field(Choice(values=OBJECTIVE_STATUSES), required=True,
                            description="not-started, on-track, at-risk, off-track, achieved or missed."),
            "progress": Field(Text(), description="Latest progress, in one or two sentences."),
            "kpi": Field(Text(max_length=40), description=(
                "Id of the KPI that measures it, e.g. KPI-001 (checked once data/kpis exists).")),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

review_action = Record(
    description="An action agreed at the review: one owner, one due date.",
    fields={
        "action": Field(Text(), required=True, description="What must be done, in the imperative."),
        "owner": Field(role_ref(), required=True, description="Role that does it."),
        "due": Field(Date(), required=True, description="Date it must be done by."),
        "status": Field(Choice(values=ACTION_STATUSES), required=True, description="open, done or cancelled."),
        "done_on": Field(Date(past=True), description="Date it was done (for status done)."),
        "progress": Field(Text(), description="Latest progress note."),
    },
)

management_review = Kind(
    name="management-review",
    title="Management reviews",
    folder="management-reviews",
    url_prefix="leadership/management-reviews",
    schema=Record(
        description="A management review (ISO 9001 9.3): when, who, the inputs, decisions and actions.",
        fields={
            "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                        description="Review id, e.g. mr-2026-07 (the file name without .yml)."),
            "title": Field(Text(single_line=True, max_length=100), required=True, description="Short title."),
            "scheduled": Field(Date(), required=True, description="Date the review is planned for."),
            "status": Field(Choice(values=REVIEW_STATUSES), required=True,
                            description="planned, held or cancelled."),
            "held_on": Field(Date(past=True), description="Date it was held (required once held)."),
            "chair": Field(role_ref(), description="Role that chairs the review."),
            "attendees": Field(ListOf(role_ref(), unique=True), description="Roles that attended."),
            "inputs": Field(Record(
                description="The inputs ISO 9001 9.3.2 asks for; a held review covers all of them.",
                fields={key: Field(Text(), description=f"{clause}: {label}.")
                        for key, clause, label in REVIEW_INPUTS}),
                description="Inputs (ISO 9001 9.3.2)."),
            "decisions": Field(ListOf(Record(fields={
                "about": Field(Choice(values=tuple(DECISION_TOPICS)), required=True,
                               description="improvement, change or resources (ISO 9001 9.3.3)."),
                "decision": Field(Text(), required=True, description="What was decided."),
            })), description="Decisions (outputs, ISO 9001 9.3.3)."),
            "actions": Field(ListOf(review_action), description="Actions agreed."),
            "notes": Field(Text(), description="Anything else worth recording."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

milestone = Record(
    description="A milestone: one owner, dates, effort, budget and what it waits for.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                    description="Milestone id, unique in the roadmap."),
        "title": Field(Text(single_line=True, max_length=80), required=True, description="Short title."),
        "owner": Field(role_ref(), required=True, description="Role accountable for it."),
        "start": Field(Date(), required=True, description="Planned start date."),
        "due": Field(Date(), required=True, description="Date it must be done by."),
        "status": Field(Choice(values=MILESTONE_STATUSES), required=True,
                        description="not-started, in-progress or done."),
        "done_on": Field(Date(past=True), description="Date it was finished (for status done)."),
        "effort_days": Field(Number(minimum=0, maximum=10000), required=True,
                             description="Effort in person-days."),
        "budget": Field(Number(minimum=0), required=True, description="Money needed, besides staff time."),
        "depends_on": Field(ListOf(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), unique=True),
                            description="Ids of milestones that must be done first."),
        "challenges": Field(ListOf(Choice(values=tuple(CHALLENGES)), unique=True),
                            description="Known implementation challenges this milestone tackles."),
        "note": Field(Text(), description="Optional note."),
        "example_flags": EXAMPLE_FLAGS,
    },
)

roadmap = Kind(
    name="roadmap",
    title="Implementation roadmap",
    file="roadmap.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="The plan to put the quality system in place: phases, milestones and their resources.",
        fields={
            "title": Field(Text(single_line=True, max_length=100), required=True, description="Title of the roadmap."),
            "summary": Field(Text(), description="What the roadmap delivers, in two or three sentences."),
            "sponsor": Field(role_ref(), description="Role that sponsors it and gives the resources."),
            "currency": Field(Text(pattern=r"[A-Z]{3}", pattern_hint="a three-letter code, e.g. GBP"),
                              default="GBP", description="Currency of the budgets (ISO code)."),
            "phases": Field(ListOf(Record(fields={
                "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True, description="Phase id."),
                "title": Field(Text(single_line=True, max_length=80), required=True, description="Phase title."),
                "goal": Field(Text(), description="What the phase achieves."),
                "milestones": Field(ListOf(milestone, min_items=1), required=True, description="Its milestones."),
            }), min_items=1), required=True, description="The phases, in order."),
        },
    ),
)

newsletter = Kind(
    name="newsletter",
    title="Newsletters",
    folder="newsletters",
    url_prefix="news",
    schema=Record(
        description="One issue of the quality newsletter; changed documents are listed automatically.",
        fields={
            "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True,
                        description="Issue id, e.g. news-2026-09 (the file name without .yml)."),
            "title": Field(Text(single_line=True, max_length=100), required=True, description="Headline of the issue."),
            "date": Field(Date(), required=True, description="Publication date."),
            "status": Field(Choice(values=NEWSLETTER_STATUSES), default="published",
                            description="draft or published (default)."),
            "author": Field(role_ref(), description="Role that wrote it."),
            "summary": Field(Text(), required=True, description="One or two sentences: the feed shows them."),
            "sections": Field(ListOf(Record(fields={
                "heading": Field(Text(single_line=True, max_length=80), required=True, description="Section heading."),
                "body": Field(Markdown(), required=True, description=(
                    "Section text in Markdown: links to http(s), mailto or portal pages, images from the portal, "
                    "no HTML.")),
            }), min_items=1), required=True, description="The sections, in order."),
            "changes_since": Field(Date(), description=(
                "List document changes after this date instead of after the previous issue "
                "(the first issue defaults to three months before its date).")),
            "readability": Field(readability_settings, description="Per-issue readability settings."),
            "example_flags": EXAMPLE_FLAGS,
        },
    ),
)

FLAG_KINDS = (
    FlagKind("objective-overdue", "warning", "A quality objective's due date has passed and it is still open."),
    FlagKind("management-review-late", "warning", "A planned management review's date has passed."),
    FlagKind("management-review-unplanned", "warning", "No management review is planned after today."),
    FlagKind("review-action-overdue", "warning", "An open action from a management review is past its due date."),
    FlagKind("milestone-overdue", "warning", "A roadmap milestone is not done and its due date has passed."),
    FlagKind("milestone-blocked", "warning",
             "A roadmap milestone has started (or should have) while a milestone it depends on is not done."),
)

# ---------------------------------------------------------------------------
# Page addresses


def review_uri(review_id: str) -> str:
    return f"leadership/management-reviews/{review_id}.md"


def newsletter_uri(issue_id: str) -> str:
    return f"news/{issue_id}.md"


POLICY_URI = "leadership/policy.md"
REVIEWS_URI = "leadership/management-reviews/index.md"
ROADMAP_URI = "leadership/roadmap.md"
NEWS_URI = "news/index.md"
FEED_URI = "feed.xml"

# ---------------------------------------------------------------------------
# Checks: every problem becomes a DataError with file, line and field


def check_objective(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """The KPI id is checked only once KPIs exist, so objectives can name them first."""
    kpis = repository.of_kind("kpi")
    kpi_id = doc.get("kpi")
    if kpi_id and kpis and kpi_id not in kpis and not repository.could_not_read("kpi", kpi_id):
        errors.append(error_at(doc, ("kpi",), f"unknown kpi {kpi_id!r}",
                               suggest(kpi_id, kpis) or "use the id of a KPI from data/kpis"))


def check_management_review(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    status = doc.get("status")
    held_on = doc.get("held_on")
    if status == "held":
        if held_on is None:
            errors.append(error_at(doc, ("status",), "a held review needs the date it was held",
                                   "add 'held_on: YYYY-MM-DD'"))
        if not doc.get("attendees"):
            errors.append(error_at(doc, ("status",), "a held review must list who attended",
                                   "add 'attendees:' with role ids"))
        inputs = doc.get("inputs", {})
        missing = [key for key, _, _ in REVIEW_INPUTS if key not in inputs]
        if missing:
            errors.append(error_at(doc, ("inputs",) if "inputs" in doc.data else ("status",),
                                   f"a held review must cover every ISO 9001 9.3.2 input; missing: "
                                   f"{', '.join(missing)}", "add each missing input with a sentence or two"))
    else:
        if held_on is not None:
            errors.append(error_at(doc, ("held_on",), f"a {status} review has no held_on date",
                                   "set 'status: held' or remove held_on"))
        for key in ("decisions", "actions"):
            if doc.get(key):
                errors.append(error_at(doc, (key,), f"a {status} review cannot have {key} yet",
                                       "set 'status: held' once the review has taken place"))
    review_date = held_on or doc.get("scheduled")
    for index, action in enumerate(doc.get("actions", [])):
        due = action.get("due")
        if review_date and due and due < review_date:
            errors.append(error_at(doc, ("actions", index, "due"), f"the action is due on {due}, before the "
                                   f"review that agreed it ({review_date})", "check the due date"))
        if action.get("done_on") and action.get("status") != "done":
            errors.append(error_at(doc, ("actions", index, "done_on"), "only a done action has a done_on date",
                                   "set 'status: done' or remove done_on"))


def milestone_paths(doc: Document) -> dict[str, tuple]:
    """Each milestone id and the path of its entry (first one wins on duplicates)."""
    paths: dict[str, tuple] = {}
    for path, _, item in milestones_of(doc):
        paths.setdefault(item["id"], path)
    return paths


def milestones_of(doc: Document) -> Iterable[tuple[tuple, dict, dict]]:
    """(path, phase, milestone) for every milestone with an id, in roadmap order."""
    for phase_index, phase in enumerate(doc.get("phases", [])):
        for index, item in enumerate(phase.get("milestones", [])):
            if "id" in item:
                yield ("phases", phase_index, "milestones", index), phase, item


def check_roadmap(doc: Document, repository: Repository, errors: list[DataError]) -> None:
    """Ids unique, dates in order, dependencies that exist and never go round in a circle."""
    phase_ids: dict[str, int] = {}
    for phase_index, phase in enumerate(doc.get("phases", [])):
        if "id" not in phase:
            continue
        if phase["id"] in phase_ids:
            errors.append(error_at(doc, ("phases", phase_index, "id"), f"phase id {phase['id']!r} is used twice",
                                   "give each phase its own id"))
        phase_ids.setdefault(phase["id"], phase_index)
    paths = milestone_paths(doc)
    for path, _, item in milestones_of(doc):
        if paths[item["id"]] != path:
            first = doc.line(*paths[item["id"]])
            errors.append(error_at(doc, path + ("id",), f"milestone id {item['id']!r} is used twice "
                                   f"(first on line {first})", "give each milestone its own id"))
        if item.get("start") and item.get("due") and item["due"] < item["start"]:
            errors.append(error_at(doc, path + ("due",), f"due date {item['due']} is before the start "
                                   f"date {item['start']}", "swap the dates or fix one of them"))
        if item.get("done_on") and item.get("status") != "done":
            errors.append(error_at(doc, path + ("done_on",), "only a done milestone has a done_on date",
                                   "set 'status: done' or remove done_on"))
        for index, dependency in enumerate(item.get("depends_on", [])):
            if dependency == item["id"]:
                errors.append(error_at(doc, path + ("depends_on", index), "a milestone cannot depend on itself",
                                       "remove it from depends_on"))
            elif dependency not in paths:
                errors.append(error_at(doc, path + ("depends_on", index), f"unknown milestone {dependency!r}",
                                       suggest(dependency, paths) or "use the id of a milestone in this roadmap"))
    for cycle in dependency_cycles(doc):
        first = cycle[0]
        path = paths[first] + ("depends_on", doc_milestone(doc, first)["depends_on"].index(cycle[1]))
        errors.append(error_at(doc, path, "dependencies go round in a circle: " + " → ".join(cycle),
                               "→ means 'waits for'; one milestone in the circle must not wait for the next"))


def doc_milestone(doc: Document, milestone_id: str) -> dict:
    for _, _, item in milestones_of(doc):
        if item["id"] == milestone_id:
            return item
    raise KeyError(milestone_id)


def dependency_cycles(doc: Document) -> list[list[str]]:
    """Each circle of depends_on once, as ids from its first milestone in roadmap order back to it."""
    graph: dict[str, list[str]] = {}
    for _, _, item in milestones_of(doc):  # the first of duplicate ids counts, as in milestone_paths
        graph.setdefault(item["id"], [d for d in item.get("depends_on", []) if d != item["id"]])
    return find_cycles(graph)


def check_newsletters(repository: Repository, errors: list[DataError]) -> None:
    """Two issues on one day would make 'since the previous issue' ambiguous."""
    by_date: dict[dt.date, Document] = {}
    for issue in sorted(repository.of_kind("newsletter").values(), key=lambda d: d.path):
        date = issue.get("date")
        since = issue.get("changes_since")
        if since and date and since >= date:
            errors.append(error_at(issue, ("changes_since",), f"changes_since ({since}) must be before the "
                                   f"issue date ({date})", "use an earlier date or remove changes_since"))
        if date in by_date:
            other = by_date[date]
            errors.append(error_at(issue, ("date",), f"{other.id} ({other.path}) has the same date {date}",
                                   "publish one issue a day: merge them or change a date"))
        elif date:
            by_date[date] = issue


# ---------------------------------------------------------------------------
# Analysis: what is late, blocked or overdue today


@dataclass
class MilestoneState:
    """One milestone as of today."""

    milestone: dict
    phase: dict
    path: tuple
    overdue: bool = False
    days_late: int = 0
    blocked_by: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.milestone["id"]

    @property
    def done(self) -> bool:
        return self.milestone["status"] == "done"

    @property
    def label(self) -> str:
        """The state in words: the timeline and tables never rely on colour alone."""
        if self.done:
            return "Done"
        if self.overdue:
            return "Overdue"
        if self.blocked_by:
            return "Blocked"
        return "In progress" if self.milestone["status"] == "in-progress" else "Not started"

    @property
    def css(self) -> str:
        return self.label.lower().replace(" ", "-")


@dataclass
class ResourceTotal:
    name: str
    milestones: int = 0
    effort: float = 0
    effort_done: float = 0
    budget: float = 0

    @property
    def effort_left(self) -> float:
        return self.effort - self.effort_done

    def add(self, item: dict) -> None:
        self.milestones += 1
        self.effort += item["effort_days"]
        self.budget += item["budget"]
        if item["status"] == "done":
            self.effort_done += item["effort_days"]


@dataclass
class RoadmapPlan:
    """The roadmap as of ``today``: states, resource totals and the time span."""

    doc: Document
    today: dt.date
    phases: list[tuple[dict, list[MilestoneState]]]
    by_phase: list[ResourceTotal]
    by_role: list[tuple[str, ResourceTotal]]
    total: ResourceTotal
    start: dt.date
    end: dt.date

    @property
    def states(self) -> list[MilestoneState]:
        return [state for _, states in self.phases for state in states]

    @property
    def titles(self) -> dict[str, str]:
        return {state.id: state.milestone["title"] for state in self.states}

    def count(self, label: str) -> int:
        return sum(1 for state in self.states if state.label == label)

    @property
    def challenges(self) -> list[tuple[str, list[MilestoneState]]]:
        return [(title, [s for s in self.states if key in s.milestone.get("challenges", [])])
                for key, title in CHALLENGES.items()
                if any(key in s.milestone.get("challenges", []) for s in self.states)]


def roadmap_plan(doc: Document, today: dt.date) -> RoadmapPlan:
    status = {item["id"]: item["status"] for _, _, item in milestones_of(doc)}
    phases, by_phase, roles = [], [], {}
    total = ResourceTotal("All phases")
    for phase_index, phase in enumerate(doc.get("phases", [])):
        states = []
        phase_total = ResourceTotal(phase["title"])
        for index, item in enumerate(phase["milestones"]):
            state = MilestoneState(item, phase, ("phases", phase_index, "milestones", index))
            if not state.done:
                state.overdue = item["due"] < today
                state.days_late = max(0, (today - item["due"]).days)
                started = item["status"] == "in-progress" or item["start"] <= today
                if started:
                    state.blocked_by = [d for d in item.get("depends_on", []) if status.get(d) != "done"]
            states.append(state)
            phase_total.add(item)
            total.add(item)
            roles.setdefault(item["owner"], ResourceTotal(item["owner"])).add(item)
        phases.append((phase, states))
        by_phase.append(phase_total)
    dates = [d for _, _, item in milestones_of(doc) for d in (item["start"], item["due"])]
    start, end = (min(dates), max(dates)) if dates else (today, today)
    return RoadmapPlan(doc, today, phases, by_phase, sorted(roles.items(), key=lambda kv: -kv[1].effort),
                       total, start, end)


def roadmap_flags(plan: RoadmapPlan, settings: Settings) -> list[Flag]:
    doc = plan.doc
    flags = []
    for state in plan.states:
        item = state.milestone
        if state.overdue:
            flags.append(settings.flag(
                doc.path, doc.line(*state.path, "due"), "milestone-overdue",
                f"milestone {item['id']} \"{item['title']}\" was due on {item['due']} "
                f"({state.days_late} days ago); owner: {item['owner']}", item["id"], key=f"milestone:{item['id']}"))
        if state.blocked_by:
            waiting = ", ".join(state.blocked_by)
            flags.append(settings.flag(
                doc.path, doc.line(*state.path, "depends_on"), "milestone-blocked",
                f"milestone {item['id']} \"{item['title']}\" should be under way but waits for {waiting}, "
                f"which is not done; owner: {item['owner']}", item["id"], key=f"blocked:{item['id']}"))
    return flags


@dataclass
class OpenAction:
    review: Document
    index: int
    action: dict
    overdue: bool
    days_late: int


def review_open_actions(review: Document, today: dt.date) -> list[OpenAction]:
    """The review's open actions, each marked overdue once its due date has passed."""
    actions = []
    for index, action in enumerate(review.get("actions", [])):
        if action["status"] == "open":
            late = (today - action["due"]).days
            actions.append(OpenAction(review, index, action, late > 0, max(late, 0)))
    return actions


def open_actions(repository: Repository, today: dt.date) -> list[OpenAction]:
    """Open actions of every review, oldest due date first."""
    actions = [item for review in repository.of_kind("management-review").values()
               for item in review_open_actions(review, today)]
    return sorted(actions, key=lambda a: (a.action["due"], a.review.id, a.index))


def review_flags(review: Document, today: dt.date, settings: Settings) -> list[Flag]:
    flags = []
    if review.get("status") == "planned" and review["scheduled"] < today:
        days = (today - review["scheduled"]).days
        flags.append(settings.flag(
            review.path, review.line("scheduled"), "management-review-late",
            f"management review {review.id} was planned for {review['scheduled']} ({days} days ago) "
            "and is not recorded as held", review.id, key="late"))
    for item in review_open_actions(review, today):
        if not item.overdue:
            continue
        action = item.action
        flags.append(settings.flag(
            review.path, review.line("actions", item.index, "due"), "review-action-overdue",
            f"{review.id} action {item.index + 1} was due on {action['due']} ({item.days_late} days ago); "
            f"owner: {action['owner']}: \"{_short(action['action'])}\"", review.id,
            key=f"action:{item.index + 1}"))
    return flags


def objective_flags(repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    flags = []
    for doc in sorted(repository.of_kind("objective").values(), key=lambda d: d.id):
        if doc["status"] not in OBJECTIVE_CLOSED and doc["due"] < today:
            flags.append(settings.flag(
                doc.path, doc.line("due"), "objective-overdue",
                f"objective {doc.id} was due on {doc['due']} and is {doc['status']}; owner: {doc['owner']}",
                doc.id, key="due"))
    return flags


def planning_flags(repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    """Management review happens 'at planned intervals': one must always be planned ahead."""
    reviews = repository.of_kind("management-review")
    if not reviews or any(r.get("status") == "planned" and r["scheduled"] >= today for r in reviews.values()):
        return []
    latest = max(reviews.values(), key=lambda r: (r["scheduled"], r.id))
    return [settings.flag(latest.path, latest.line("scheduled"), "management-review-unplanned",
                          f"no management review is planned after {today}; add the next one to "
                          "data/management-reviews", latest.id, key="unplanned")]


def published_newsletters(repository: Repository) -> list[Document]:
    """Published issues, oldest first."""
    return sorted((doc for doc in repository.of_kind("newsletter").values() if doc.get("status") != "draft"),
                  key=lambda d: (d["date"], d.id))


def newsletter_units(doc: Document) -> list[Unit]:
    """The summary and each section's prose, each with the line it starts on in the YAML file."""
    units = [Unit(doc["summary"], doc.line("summary"), "summary")]
    for index, section in enumerate(doc.get("sections", [])):
        body = section["body"]
        key_line = doc.line("sections", index, "body")
        offset = key_line if "\n" in body.strip() or body.endswith("\n") else key_line - 1
        for block in markdown_blocks(body):
            units.append(Unit(block.text, offset + block.line, f"section {index + 1}"))
    return units


def analyse_leadership(repository: Repository, settings: Settings,
                       today: dt.date) -> tuple[list[DocumentReport], list[Flag]]:
    reports: list[DocumentReport] = []
    loose = objective_flags(repository, today, settings)
    for review in sorted(repository.of_kind("management-review").values(), key=lambda d: d.id):
        reports.append(DocumentReport(review, ReviewStatus(NOT_APPLICABLE), flags=review_flags(review, today, settings)))
    loose += planning_flags(repository, today, settings)
    roadmap_doc = repository.singleton("roadmap")
    if roadmap_doc is not None:
        loose += roadmap_flags(roadmap_plan(roadmap_doc, today), settings)
    for issue in published_newsletters(repository):
        report = DocumentReport(issue, ReviewStatus(NOT_APPLICABLE))
        report.readability, report.flags = readability_for_units(
            issue, newsletter_units(issue), repository, settings, issue.line("summary"))
        reports.append(report)
    return reports, loose


# ---------------------------------------------------------------------------
# Newsletters: what changed between two issues


@dataclass(frozen=True)
class DocumentChange:
    doc: Document
    change: str  # new, revised or obsolete
    revision: dict


CHANGE_TITLES = {"new": "New documents", "revised": "Revised documents", "obsolete": "No longer in use"}


def document_changes(repository: Repository, after: dt.date, until: dt.date) -> dict[str, list[DocumentChange]]:
    """Published procedures changed in (after, until], from their revision dates and status.

    Obsolete: the document is obsolete and its last revision (the withdrawal) falls in the window.
    New: its first revision falls in the window. Revised: any other revision in the window.
    """
    changes: dict[str, list[DocumentChange]] = {"new": [], "revised": [], "obsolete": []}
    for doc in sorted(repository.published("procedure"), key=lambda d: d.id):
        revisions = doc.get("revisions", [])
        inside = [r for r in revisions if after < r["date"] <= until]
        if not inside:
            continue
        if doc.status == "obsolete" and revisions[-1] in inside:
            changes["obsolete"].append(DocumentChange(doc, "obsolete", revisions[-1]))
        elif revisions[0] in inside:
            changes["new"].append(DocumentChange(doc, "new", inside[-1]))
        else:
            changes["revised"].append(DocumentChange(doc, "revised", inside[-1]))
    return changes


@dataclass
class Issue:
    doc: Document
    previous: Document | None
    following: Document | None
    since: dt.date
    changes: dict[str, list[DocumentChange]]

    @property
    def change_count(self) -> int:
        return sum(len(items) for items in self.changes.values())


def newsletter_issues(repository: Repository) -> list[Issue]:
    """Published issues, newest first, each with the documents changed since the previous one."""
    docs = published_newsletters(repository)
    issues = []
    for index, doc in enumerate(docs):
        previous = docs[index - 1] if index else None
        following = docs[index + 1] if index + 1 < len(docs) else None
        since = doc.get("changes_since") or (previous["date"] if previous else add_months(doc["date"], -3))
        issues.append(Issue(doc, previous, following, since, document_changes(repository, since, doc["date"])))
    return list(reversed(issues))


# ---------------------------------------------------------------------------
# Timeline picture

STATE_COLOURS = {  # each at least 3:1 against white; the state is also written next to the bar
    "Done": "#2e7d32",
    "In progress": "#1565c0",
    "Not started": "#616161",
    "Blocked": "#a15c00",
    "Overdue": "#c62828",
}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(plan: RoadmapPlan, title: str) -> Any:
    """A Gantt-style picture of the roadmap: one bar per milestone, its state in words beside it."""
    label_width, status_width, width, row = 235, 85, 720, 24  # about the width of the page's content column
    chart_left, chart_right = label_width + 10, width - status_width - 10
    start, end = month_start(plan.start), next_month(plan.end)
    scale = DateScale(start, end, chart_left, chart_right)
    rows = sum(1 + len(states) for _, states in plan.phases)
    top = 40
    height = top + rows * row + 20
    counts = ", ".join(f"{plan.count(label)} {label.lower()}" for label in STATE_COLOURS if plan.count(label))
    description = (f"Timeline of {len(plan.states)} milestones in {len(plan.phases)} phases, from "
                   f"{plan.start} to {plan.end}. Each bar runs from a milestone's start date to its due date; "
                   f"the state is written beside each bar. Today is {plan.today}. States: {counts}. "
                   "The table below the picture lists the same facts.")
    drawing = Drawing(width, height, title, description, ident="roadmap-timeline", css_class="qms-timeline")
    ticks = scale.month_ticks()
    step = max(1, math.ceil(len(ticks) / 6))
    for index, (day, label) in enumerate(ticks):
        x = scale(day)
        drawing.line(x, top - 8, x, height - 16, stroke="#d0d0d0", stroke_width=1)
        if index % step == 0:
            drawing.text(x + 2, top - 14, label, font_size=11, fill="#333333")
    if start <= plan.today <= end:
        x = scale(plan.today)
        drawing.line(x, top - 8, x, height - 16, stroke="#c62828", stroke_width=2, stroke_dasharray="4 3")
        near_end = x > width - 120
        drawing.text(x - 3 if near_end else x + 3, height - 4, f"Today {plan.today}", font_size=11,
                     fill="#b71c1c", text_anchor="end" if near_end else None)
    y = top
    for phase, states in plan.phases:
        drawing.rect(0, y, width, row, fill="#eef0f8")
        drawing.text(6, y + 16, phase["title"], font_size=13, font_weight="bold", fill="#1a1a1a")
        y += row
        for state in states:
            item = state.milestone
            x1 = scale(item["start"])
            x2 = max(scale(item["due"] + dt.timedelta(days=1)), x1 + 3)
            colour = STATE_COLOURS[state.label]
            tooltip = (f"{item['title']}: {item['start']} to {item['due']}, {state.label.lower()}, "
                       f"owner {item['owner']}")
            drawing.tooltip_group(tooltip, [
                _text(12, y + 16, _short(item["title"], 38), font_size=12, fill="#1a1a1a"),
                _rect(x1, y + 5, x2 - x1, row - 10, fill="#ffffff" if state.label == "Not started" else colour, stroke=colour, stroke_width=1.5, rx=2),
                _text(chart_right + 8, y + 16, state.label, font_size=12, fill=colour, font_weight="bold"),
            ], class_=f"qms-milestone qms-{state.css}")
            y += row
    return drawing.markup()


def _text(x: float, y: float, value: str, **attrs: Any) -> str:
    return element("text", value, x=x, y=y, **attrs)


def _rect(x: float, y: float, width: float, height: float, **attrs: Any) -> str:
    return element("rect", x=x, y=y, width=max(width, 0), height=height, **attrs)


# ---------------------------------------------------------------------------
# Pages


def money(amount: float, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency)
    text = f"{amount:,.0f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def days(amount: float) -> str:
    return f"{amount:g}"


def sponsors_of(repository: Repository) -> list[dict]:
    return list((repository.organisation.get("quality_policy") or {}).get("sponsors", []))


def objectives_sorted(repository: Repository) -> list[Document]:
    return sorted(repository.of_kind("objective").values(), key=lambda d: (d["due"], d.id))


def kpi_page_uri(repository: Repository, kpi_id: str) -> str | None:
    """The page of a KPI, by the convention every kind follows: <url_prefix>/<id>.md (None if no such KPI)."""
    kind = repository.registry.kinds_by_name.get("kpi")
    if kind is None or repository.get("kpi", kpi_id) is None:
        return None
    return f"{kind.url_prefix or kind.folder or 'kpis'}/{kpi_id}.md"


def policy_page(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    return [renderer.page("leadership/policy.md.j2", POLICY_URI, "Quality policy and objectives",
                          repository.organisation.path, sponsors=sponsors_of(repository),
                          objectives=objectives_sorted(repository), statuses=OBJECTIVE_LABELS,
                          kpi_uri=lambda kpi_id: kpi_page_uri(repository, kpi_id))]


OBJECTIVE_LABELS = {
    "not-started": "Not started", "on-track": "On track", "at-risk": "At risk", "off-track": "Off track",
    "achieved": "Achieved", "missed": "Missed",
}


def review_pages(renderer: Renderer) -> list[GeneratedPage]:
    repository = renderer.repository
    today = renderer.analysis.today
    reviews = sorted(repository.of_kind("management-review").values(), key=lambda d: (d["scheduled"], d.id))
    actions = open_actions(repository, today)
    pages = [renderer.page("leadership/reviews.md.j2", REVIEWS_URI, "Management reviews", None,
                           reviews=reviews, actions=actions, review_uri=review_uri)]
    for review in reviews:
        pages.append(renderer.page("leadership/review.md.j2", review_uri(review.id), review.title, review.path,
                                   review=review, inputs=REVIEW_INPUTS, topics=DECISION_TOPICS,
                                   late=review.get("status") == "planned" and review["scheduled"] < today))
    return pages


def roadmap_page(renderer: Renderer) -> list[GeneratedPage]:
    doc = renderer.repository.singleton("roadmap")
    if doc is None:
        return []
    plan = roadmap_plan(doc, renderer.analysis.today)
    currency = doc.get("currency", "GBP")
    return [renderer.page("leadership/roadmap.md.j2", ROADMAP_URI, doc["title"], doc.path, roadmap=doc,
                          plan=plan, timeline=timeline_svg(plan, f"{doc['title']}: timeline"),
                          money=lambda amount: money(amount, currency), days=days,
                          role_title=lambda role_id: renderer.repository.get("role", role_id).title)]


def newsletter_pages(renderer: Renderer) -> list[GeneratedPage]:
    issues = newsletter_issues(renderer.repository)
    pages = [renderer.page("leadership/news_index.md.j2", NEWS_URI, "News", None, issues=issues,
                           issue_uri=newsletter_uri, feed_uri=FEED_URI)]
    for issue in issues:
        pages.append(renderer.page("leadership/newsletter.md.j2", newsletter_uri(issue.doc.id), issue.doc.title,
                                   issue.doc.path, issue=issue, issue_uri=newsletter_uri,
                                   change_titles=CHANGE_TITLES))
    base = renderer.context.get("site_url") or ""
    if base and not base.endswith("/"):
        base += "/"
    pages.append(renderer.page("leadership/feed.xml.j2", FEED_URI, "News feed", None, issues=issues,
                               base=base, entry_url=lambda doc: f"{base}news/{doc.id}/",
                               change_titles=CHANGE_TITLES))
    return pages


def navigation(repository: Repository, generated: list[GeneratedPage], settings: Settings) -> list[Any]:
    uris = {page.src_uri for page in generated}
    reviews = sorted(repository.of_kind("management-review").values(), key=lambda d: (d["scheduled"], d.id),
                     reverse=True)
    leadership: list[Any] = [nav_entry("Quality policy and objectives", POLICY_URI),
                             {"Management reviews": [REVIEWS_URI] + [nav_entry(r.title, review_uri(r.id))
                                                                     for r in reviews[:REVIEWS_IN_NAV]]}]
    if ROADMAP_URI in uris:
        leadership.append(nav_entry("Implementation roadmap", ROADMAP_URI))
    news = [NEWS_URI] + [nav_entry(issue.doc.title, newsletter_uri(issue.doc.id))
                         for issue in newsletter_issues(repository)[:NEWS_IN_NAV]]
    return [{"Leadership": leadership}, {"News": news}]


# ---------------------------------------------------------------------------
# Macros for hand-written pages


def macros(macro_obj: Any) -> dict[str, Any]:
    state = macro_obj.state

    def leadership_sponsors() -> str:
        """The leadership sponsors of the quality system and what each commits to."""
        return macro_obj._renderer().render("leadership/macros/sponsors.md.j2", macro_obj.page_uri,
                                            sponsors=sponsors_of(state.repository), policy_uri=POLICY_URI)

    def latest_newsletter() -> str:
        """The newest newsletter issue: title, date, summary and a link to the rest."""
        issues = newsletter_issues(state.repository)
        return macro_obj._renderer().render("leadership/macros/latest_newsletter.md.j2", macro_obj.page_uri,
                                            issue=issues[0] if issues else None, issue_uri=newsletter_uri,
                                            news_uri=NEWS_URI, feed_uri=FEED_URI)

    def quality_objectives() -> str:
        """The quality objectives as a table: owner, target, due date and status."""
        return macro_obj._renderer().render("leadership/macros/objectives.md.j2", macro_obj.page_uri,
                                            objectives=objectives_sorted(state.repository),
                                            statuses=OBJECTIVE_LABELS,
                                            kpi_uri=lambda kpi_id: kpi_page_uri(state.repository, kpi_id))

    return {"leadership_sponsors": leadership_sponsors, "latest_newsletter": latest_newsletter,
            "quality_objectives": quality_objectives}


FEATURE = Feature(
    name="leadership",
    kinds=(objective, management_review, roadmap, newsletter),
    checks={"objective": (check_objective,),
            "management-review": (check_management_review,),
            "roadmap": (check_roadmap,)},
    repository_checks=(check_newsletters,),
    analyse=analyse_leadership,
    pages=(policy_page, review_pages, roadmap_page, newsletter_pages),
    nav=navigation,
    flag_kinds=FLAG_KINDS,
    macros=macros,
    macro_names=("leadership_sponsors", "latest_newsletter", "quality_objectives"),
)
