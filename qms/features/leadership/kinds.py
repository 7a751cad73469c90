"""The leadership kinds (objective, management review, roadmap, newsletter), their allowed values and flag kinds."""

from __future__ import annotations

from ...kinds import EXAMPLE_FLAGS, ROLE_HINT, ROLE_ID, Kind, readability_settings, role_ref
from ...registry import FlagKind
from ...schema import Choice, Date, Field, ListOf, Markdown, Number, Record, Text


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
OBJECTIVE_LABELS = {
    "not-started": "Not started", "on-track": "On track", "at-risk": "At risk", "off-track": "Off track",
    "achieved": "Achieved", "missed": "Missed",
}
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
    id_description="Objective id, e.g. on-time-delivery (the file name without .yml).",
    title="Quality objectives",
    folder="objectives",
    url_prefix="leadership",
    schema=Record(
        description="A quality objective (ISO 9001 6.2): what, who, by when and how it is measured.",
        fields={
            "title": Field(Text(single_line=True, max_length=100), required=True, description="Short title."),
            "statement": Field(Text(), required=True, description="What we want to achieve and why."),
            "owner": Field(role_ref(), required=True, description="Role that owns the objective."),
            "target": Field(Text(), required=True, description="The measurable target, e.g. 95% of orders on time."),
            "measure": Field(Text(), description="How and how often progress is measured."),
            "baseline": Field(Text(), description="Where we started, for comparison."),
            "due": Field(Date(), required=True, description="Date the target must be met (YYYY-MM-DD)."),
            "status": Field(Choice(values=OBJECTIVE_STATUSES), description=(
                "not-started, on-track, at-risk, off-track, achieved or missed. Leave it out when a KPI "
                "measures the objective: the status then comes from the KPI's latest value. Needed "
                "without a KPI, and to record achieved or missed.")),
            "progress": Field(Text(), description="Latest progress, in one or two sentences."),
            "kpi": Field(Text(max_length=40), description=(
                "Id of the KPI that measures it, e.g. KPI-001 (checked once data/kpis exists); "
                "the objective's status follows the KPI's.")),
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
    id_description="Review id, e.g. mr-2026-07 (the file name without .yml).",
    title="Management reviews",
    folder="management-reviews",
    url_prefix="leadership/management-reviews",
    schema=Record(
        description="A management review (ISO 9001 9.3): when, who, the inputs, decisions and actions.",
        fields={
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
    id_description="Issue id, e.g. news-2026-09 (the file name without .yml).",
    title="Newsletters",
    folder="newsletters",
    url_prefix="news",
    schema=Record(
        description="One issue of the quality newsletter; changed documents are listed automatically.",
        fields={
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
    FlagKind("objective-overdue", "warning", "A quality objective's due date has passed and it is still open.", operational=True),
    FlagKind("objective-status-contradicts-kpi", "warning",
             "A quality objective's typed status differs from the status of the KPI that measures it.",
             operational=True),
    FlagKind("management-review-late", "warning", "A planned management review's date has passed.", operational=True),
    FlagKind("management-review-unplanned", "warning", "No management review is planned after today.", operational=True),
    FlagKind("review-action-overdue", "warning", "An open action from a management review is past its due date.", operational=True),
    FlagKind("milestone-overdue", "warning", "A roadmap milestone is not done and its due date has passed.", operational=True),
    FlagKind("milestone-blocked", "warning",
             "A roadmap milestone has started (or should have) while a milestone it depends on is not done.", operational=True),
)
