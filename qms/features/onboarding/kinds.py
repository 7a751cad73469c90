"""The declarations of the feature's kinds: onboarding paths and their steps, and search synonyms.

A step does exactly one of ``ACTIONS``; ``checks`` enforces that, as a schema
of optional fields cannot.
"""

from __future__ import annotations

from typing import Any

from ...kinds import Kind, ROLE_HINT, ROLE_ID, doc_ref, readability_settings, role_ref
from ...registry import FlagKind
from ...schema import Field, Integer, ListOf, Record, Text

ACTIONS = ("read", "meet", "train", "task")
ACTIONS_HINT = ("add one of: 'read: <procedure id>', 'meet: <role id>', 'train: <what to learn>' "
                "or 'task: <what to do>'")

onboarding_step = Record(
    description="One thing a newcomer does: read, meet, train or do a task under supervision.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint="use lower-case words joined by hyphens, e.g. "
                         "read-induction"), required=True,
                    description="Short name of the step, unique in this path; 'after' lists use it."),
        "read": Field(doc_ref(),
                      description="Read this procedure."),
        "meet": Field(role_ref(),
                      description="Meet the person in this role."),
        "train": Field(Text(), description="Complete this training (a course or a training item)."),
        "task": Field(Text(), description="Do this task while someone watches and helps."),
        "supervisor": Field(role_ref(),
                            description="For a task: the role that supervises it."),
        "procedure": Field(doc_ref(),
                           description="For training or a task: the procedure it follows."),
        "why": Field(Text(), description="One or two sentences on why the step matters or what to ask."),
        "minutes": Field(Integer(minimum=1, maximum=6000), required=True,
                         description="About how many minutes the step takes."),
        "after": Field(ListOf(Text(pattern=ROLE_ID, pattern_hint="use the id of an earlier step"), unique=True),
                       description="Ids of steps to finish first."),
    },
)


def role_title(repository: Any, role_id: str) -> str:
    role = repository.get("role", role_id)
    return role.title if role else role_id


def path_title(doc: Any, repository: Any) -> str:
    """A path is named after its role unless it has a title of its own."""
    return doc.title or f"{role_title(repository, doc.id)}: your first weeks"


onboarding = Kind(
    name="onboarding",
    id_description="The role this path is for; the file name is the same id.",
    title="Onboarding paths",
    folder="onboarding",
    template="onboarding/path.md.j2",
    url_prefix="onboarding",
    page_title=path_title,
    schema=Record(
        description="The first weeks of a newcomer in one role: ordered steps with times.",
        fields={
            "title": Field(Text(single_line=True, max_length=100), description="Page title; defaults to '<role>: your first weeks'."),
            "introduction": Field(Text(), required=True, description="A few plain sentences to welcome the reader."),
            "steps": Field(ListOf(onboarding_step, min_items=1), required=True, description="The steps, in order."),
            "readability": Field(readability_settings, description="Readability settings for this path only."),
        },
    ),
)


search_synonyms = Kind(
    name="search-synonyms",
    title="Search synonyms",
    file="search-synonyms.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="Everyday words staff type, grouped with the words our documents use.",
        fields={
            "groups": Field(ListOf(Record(fields={
                "words": Field(ListOf(Text(), min_items=2, unique=True), required=True,
                               description="Words and phrases that mean the same thing to a searcher."),
                "note": Field(Text(), description="Why the group exists (optional)."),
            })), required=True, description=(
                "When a procedure has one word of a group as a keyword (or as its title), "
                "search finds it by every word of the group.")),
        },
    ),
)


# records of the organisation that disagree, not faults of a controlled document: never block a publish
KEYWORDS_MISSING = FlagKind(
    "keywords-missing", "info", "A procedure has no keywords, so search finds it only by the words of its "
    "title and text; the message suggests some from its own text.")
FLAG_KINDS = (
    KEYWORDS_MISSING,
    FlagKind("onboarding-leaves-out-training", "warning", "A role's onboarding path (with the all-staff path) leaves "
             "out a procedure the training matrix requires of that role.", operational=True),
    FlagKind("onboarding-training-not-required", "warning", "An onboarding path trains on a procedure, or has the "
             "newcomer work on one, that the training matrix does not require of that role.", operational=True),
)
