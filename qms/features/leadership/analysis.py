"""Analysis: what is late, blocked or overdue today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...analysis import DocumentReport, Flag
from ...document_readability import readability_for_units
from ...model import Document, Repository
from ...readability import Unit, markdown_blocks
from ...review_dates import NOT_APPLICABLE, ReviewStatus
from ...settings import Settings

from .checks import milestones_of
from .kinds import CHALLENGES
from .objective_status import objective_statuses, status_flags


# Shortens long titles in flag messages; the timeline imports it too.
def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        return self.milestone.id

    @property
    def done(self) -> bool:
        return self.milestone.status == "done"

    @property
    def label(self) -> str:
        """The state in words: the timeline and tables never rely on colour alone."""
        if self.done:
            return "Done"
        if self.overdue:
            return "Overdue"
        if self.blocked_by:
            return "Blocked"
        return "In progress" if self.milestone.status == "in-progress" else "Not started"

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
        self.effort += item.effort_days
        self.budget += item.budget
        if item.status == "done":
            self.effort_done += item.effort_days


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
        return {state.id: state.milestone.title for state in self.states}

    def count(self, label: str) -> int:
        return sum(1 for state in self.states if state.label == label)

    @property
    def challenges(self) -> list[tuple[str, list[MilestoneState]]]:
        return [(title, [s for s in self.states if key in s.milestone.challenges])
                for key, title in CHALLENGES.items()
                if any(key in s.milestone.challenges for s in self.states)]


def roadmap_plan(doc: Document, today: dt.date) -> RoadmapPlan:
    status = {item.id: item.status for _, _, item in milestones_of(doc)}
    phases, by_phase, roles = [], [], {}
    total = ResourceTotal("All phases")
    for phase_index, phase in enumerate(doc.phases):
        states = []
        phase_total = ResourceTotal(phase.title)
        for index, item in enumerate(phase.milestones):
            state = MilestoneState(item, phase, ("phases", phase_index, "milestones", index))
            if not state.done:
                state.overdue = item.due < today
                state.days_late = max(0, (today - item.due).days)
                started = item.status == "in-progress" or item.start <= today
                if started:
                    state.blocked_by = [d for d in item.depends_on if status.get(d) != "done"]
            states.append(state)
            phase_total.add(item)
            total.add(item)
            roles.setdefault(item.owner, ResourceTotal(item.owner)).add(item)
        phases.append((phase, states))
        by_phase.append(phase_total)
    dates = [d for _, _, item in milestones_of(doc) for d in (item.start, item.due)]
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
                f"milestone {item.id} \"{item.title}\" was due on {item.due} "
                f"({state.days_late} days ago); owner: {item.owner}", item.id, key=f"milestone:{item.id}",
                owner=item.owner))
        if state.blocked_by:
            waiting = ", ".join(state.blocked_by)
            flags.append(settings.flag(
                doc.path, doc.line(*state.path, "depends_on"), "milestone-blocked",
                f"milestone {item.id} \"{item.title}\" should be under way but waits for {waiting}, "
                f"which is not done; owner: {item.owner}", item.id, key=f"blocked:{item.id}",
                owner=item.owner))
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
    for index, action in enumerate(review.actions):
        if action.status == "open":
            late = (today - action.due).days
            actions.append(OpenAction(review, index, action, late > 0, max(late, 0)))
    return actions


def open_actions(repository: Repository, today: dt.date) -> list[OpenAction]:
    """Open actions of every review, oldest due date first."""
    actions = [item for review in repository.of_kind("management-review").values()
               for item in review_open_actions(review, today)]
    return sorted(actions, key=lambda a: (a.action.due, a.review.id, a.index))


def review_flags(review: Document, today: dt.date, settings: Settings) -> list[Flag]:
    flags = []
    if review.status == "planned" and review.scheduled < today:
        days = (today - review.scheduled).days
        flags.append(settings.flag(
            review.path, review.line("scheduled"), "management-review-late",
            f"management review {review.id} was planned for {review.scheduled} ({days} days ago) "
            "and is not recorded as held", review.id, key="late"))
    for item in review_open_actions(review, today):
        if not item.overdue:
            continue
        action = item.action
        flags.append(settings.flag(
            review.path, review.line("actions", item.index, "due"), "review-action-overdue",
            f"{review.id} action {item.index + 1} was due on {action.due} ({item.days_late} days ago); "
            f"owner: {action.owner}: \"{_short(action.action)}\"", review.id,
            key=f"action:{item.index + 1}", owner=action.owner))
    return flags


def objective_flags(repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    """Objectives still open after their due date, and typed statuses their KPIs contradict."""
    flags = []
    for state in sorted(objective_statuses(repository, today, settings.kpi_grace_days), key=lambda s: s.doc.id):
        doc = state.doc
        flags.extend(status_flags(state, settings))
        if state.open and doc.due < today:
            flags.append(settings.flag(
                doc.path, doc.line("due"), "objective-overdue",
                f"objective {doc.id} was due on {doc.due} and is {state.status}; owner: {doc.owner}",
                doc.id, key="due", owner=doc.owner))
    return flags


def planning_flags(repository: Repository, today: dt.date, settings: Settings) -> list[Flag]:
    """Management review happens 'at planned intervals': one must always be planned ahead."""
    reviews = repository.of_kind("management-review")
    if not reviews or any(r.status == "planned" and r.scheduled >= today for r in reviews.values()):
        return []
    latest = max(reviews.values(), key=lambda r: (r.scheduled, r.id))
    return [settings.flag(latest.path, latest.line("scheduled"), "management-review-unplanned",
                          f"no management review is planned after {today}; add the next one to "
                          "data/management-reviews", latest.id, key="unplanned")]


def published_newsletters(repository: Repository) -> list[Document]:
    """Published issues, oldest first."""
    return sorted((doc for doc in repository.of_kind("newsletter").values() if doc.published),
                  key=lambda d: (d.date, d.id))


def newsletter_units(doc: Document) -> list[Unit]:
    """The summary and each section's prose, each with the line it starts on in the YAML file."""
    units = [Unit(doc.summary, doc.line("summary"), "summary")]
    for index, section in enumerate(doc.sections):
        body = section.body
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
