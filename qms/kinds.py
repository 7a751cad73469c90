"""The kinds of data the portal knows: each is one schema plus one page template.

A new kind is one ``Kind`` (its fields, where its files live, its template),
listed by a feature in ``qms.features``; references to other documents are
``Ref`` fields. Loading, validation and JSON Schema follow from the schema.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from .clause_refs import BARE_CLAUSE, ClauseRef
from .general_part import DEFINITIONS, GENERAL
from .schema import Boolean, Choice, Date, Field, Integer, ListOf, Number, Record, Ref, Text
# Id patterns and reference fields live in .ids (the records of a procedure's steps use them too);
# every kind imports them from here, as do readers of a procedure's steps their helpers.
from .ids import ANY_DOCUMENT, DOC_HINT, DOC_ID, ROLE_HINT, ROLE_ID, doc_ref, role_ref  # noqa: F401
from .procedure_steps import NUMBERING, STEPS_OR_SECTIONS_HINT, section, step
from .procedure_steps import ROLES_HINT, roles_at_work, step_roles, substep, substep_number  # noqa: F401
from .typed import Fields

CLAUSE = BARE_CLAUSE  # an ISO 9001 clause number; fields take a ClauseRef
STATUSES = ("draft", "approved", "obsolete")


# Any document, or item inside one, may declare the flags it raises on purpose (see flags.kept_on_purpose).
EXAMPLE_FLAGS = Field(ListOf(Text(), unique=True), description=(
    "Flag kinds raised here on purpose (demo, training or known issue): shown at info level, "
    "marked 'accepted by the quality team'."))


@dataclass(frozen=True)
class Kind:
    """A kind of document: where its files live, its schema, its page."""

    name: str  # singular, used in messages and in the report: "procedure"
    title: str  # plural heading: "Procedures"
    schema: Record
    folder: str | None = None  # data/<folder>/*.yml, one document per file
    file: str | None = None  # or a single data/<file>
    # The id field is made from these, first among the fields: declare it here, not in the schema.
    id_field: str | None = "id"
    id_pattern: str = ROLE_ID
    id_hint: str = ROLE_HINT
    id_description: str = ""
    # One page per published document, rendered with this template at uri(id) by the core;
    # the feature's page_context for the kind adds what the template needs beyond ``doc``.
    template: str | None = None
    url_prefix: str = ""  # generated pages live under docs/<url_prefix>/
    controlled: bool = False  # carries status, review dates and revisions
    optional: bool = False  # a single file that may be absent
    page_title: Callable[[Any, Any], str] | None = None  # (doc, repository); default "<id> <title>"
    in_register: bool = False  # listed in the document register and the report's list of records
    # a subfolder of ``folder`` holding files its documents name (a form's file, pictures): not data, not read
    attachments: str | None = None

    def __post_init__(self) -> None:
        if self.id_field is None:
            return
        if self.id_field in self.schema.fields:
            raise ValueError(f"the {self.name} kind declares its {self.id_field!r} field in its schema: "
                             "give id_pattern, id_hint and id_description to the Kind instead")
        id_spec = Field(Text(pattern=self.id_pattern, pattern_hint=self.id_hint), required=True,
                        description=self.id_description or f"The {self.name}'s id; the file name is the same.")
        # frozen: the schema is completed once, while the kind is being made
        object.__setattr__(self, "schema", dataclasses.replace(
            self.schema, fields={self.id_field: id_spec, **self.schema.fields}))

    def description(self) -> str:
        return self.schema.description

    def uri(self, doc_id: str | None = None) -> str:
        """Where a document's page lives (or, without an id, the kind's own index page)."""
        if not self.url_prefix:
            raise ValueError(f"the {self.name} kind declares no url_prefix, so it has no pages")
        return f"{self.url_prefix}/{doc_id if doc_id is not None else 'index'}.md"

    def title_of(self, doc: Any, repository: Any) -> str:
        if self.page_title is not None:
            return self.page_title(doc, repository)
        return f"{doc.id} {doc.title}" if self.id_field else doc.title


readability_settings = Record(
    description="Readability thresholds for this document only, and sentences accepted on purpose.",
    fields={
        "max_sentence_words": Field(Integer(minimum=5, maximum=200),
                                    description="Flag sentences longer than this many words."),
        "min_reading_ease": Field(Number(minimum=0, maximum=100),
                                  description="Flag the page below this Flesch Reading Ease."),
        "max_grade": Field(Number(minimum=0, maximum=20),
                           description="Flag the page above this Flesch-Kincaid grade."),
        "accept": Field(ListOf(Text()), description=(
            "Sentences kept on purpose: exact text of each; counted, never flagged.")),
    },
)

review = Record(
    description="When the document was last reviewed and how often it must be.",
    fields={
        "last_reviewed": Field(Date(past=True), required=True, description="Date of the last review (YYYY-MM-DD)."),
        "interval_months": Field(Integer(minimum=1, maximum=60), description=(
            "Months between reviews; defaults to the organisation's review.interval_months.")),
    },
)

revision = Record(
    description="One entry of the revision history, oldest first.",
    fields={
        "rev": Field(Text(numeric_ok=True, max_length=12), required=True,
                     description="Revision label, e.g. \"3\" or \"2.1\" (quote it)."),
        "date": Field(Date(past=True), required=True, description="Date the revision took effect."),
        "summary": Field(Text(), required=True, description="What changed, in one sentence."),
        "approved_by": Field(role_ref(),
                             description="Role that approved it; required once approved."),
        "retrain": Field(Boolean(), description="True when staff must be trained again on this revision."),
        "changes": Field(ListOf(Text()), description="Optional list of the changes, one per line."),
    },
)

record_kept = Record(
    description="A record the procedure keeps as evidence.",
    fields={
        "name": Field(Text(single_line=True), required=True, description="Name of the record."),
        "retention": Field(Text(), description="How long it is kept, e.g. 3 years."),
        "location": Field(Text(), description="Where it is kept."),
    },
)

procedure = Kind(
    name="procedure",
    id_description="Document id, e.g. QP-004.",
    title="Procedures",
    folder="procedures",
    id_pattern=DOC_ID,
    id_hint=DOC_HINT,
    template="procedure.md.j2",
    url_prefix="procedures",
    controlled=True,
    schema=Record(
        description="A controlled procedure: who does what, in plain words.",
        fields={
            "title": Field(Text(single_line=True, max_length=120), required=True, description="Short title."),
            "area": Field(Ref(kind="area"), required=True, description="Process area id from organisation.yml."),
            "status": Field(Choice(values=STATUSES), required=True,
                            description="draft, approved or obsolete."),
            "superseded_by": Field(doc_ref(),
                                   description="For an obsolete document: the one that replaces it."),
            "purpose": Field(Text(), required=True, description="Why the procedure exists."),
            "scope": Field(Text(), description="What it covers and what it does not."),
            "owner": Field(role_ref(), required=True,
                           description="Role that owns and reviews it."),
            "audience": Field(ListOf(role_ref(), unique=True),
                              description="Roles who use it."),
            "definitions": DEFINITIONS,
            "general": GENERAL,
            "numbering": Field(Choice(values=NUMBERING), description=(
                "With sections: 'continue' numbers the steps on across sections (the default), 'restart' "
                "starts again at 1 in each section.")),
            "steps": Field(ListOf(step, min_items=1), description="The steps, in order (or 'sections')."),
            "sections": Field(ListOf(section, min_items=1), description=(
                "The steps grouped in phases, each under its own heading (or 'steps' for one list).")),
            "records": Field(ListOf(record_kept), description="Records kept."),
            "related": Field(ListOf(doc_ref(), unique=True),
                             description="Ids of related documents."),
            "clauses": Field(ListOf(ClauseRef(), unique=True), description=(
                "Clauses it addresses: \"7.5.3\" for ISO 9001:2015, or a standard's id and clause, "
                "e.g. \"iso13485:7.4\", for a standard listed in data/standards/.")),
            "keywords": Field(ListOf(Text(), unique=True),
                              description="Words staff would search for, including everyday synonyms."),
            "review": Field(review, description="Review dates."),
            "revisions": Field(ListOf(revision), description="Revision history, oldest first."),
            "readability": Field(readability_settings, description="Per-document readability settings."),
            "example_flags": EXAMPLE_FLAGS,
        },
        exclusive=("steps", "sections"),
        exclusive_required=True,
        exclusive_hint=STEPS_OR_SECTIONS_HINT,
    ),
)

role = Kind(
    name="role",
    id_description="Role id, e.g. quality-manager.",
    title="Roles",
    folder="roles",
    template="role.md.j2",
    url_prefix="roles",
    page_title=lambda doc, repository: doc.title,
    schema=Record(
        description="A role in the organisation: what it is for and what it does.",
        fields={
            "title": Field(Text(single_line=True, max_length=80), required=True, description="Job title."),
            "purpose": Field(Text(), required=True, description="What the role is for."),
            "responsibilities": Field(ListOf(Text()), description="Main responsibilities."),
            "reports_to": Field(role_ref(),
                                description="Role this one reports to."),
            "email": Field(Text(pattern=r"[^@\s]+@[^@\s]+", pattern_hint="write an address like name@example.com"),
                           description="Shared mailbox of the role, for 'report a problem' links."),
            # marked in data, not found by id, so an organisation may call its everyone-role what it likes
            "all_staff": Field(Boolean(), description=(
                "True for the role every member of staff holds (e.g. 'All staff'): every other role "
                "inherits its steps.")),
        },
    ),
)

area = Record(
    description="A process area: procedures are grouped by area in the navigation.",
    fields={
        "id": Field(Text(pattern=ROLE_ID, pattern_hint=ROLE_HINT), required=True, description="Area id."),
        "title": Field(Text(single_line=True, max_length=80), required=True, description="Area title."),
        "description": Field(Text(), description="One sentence on the area."),
    },
)

review_defaults = Record(fields={
    "interval_months": Field(Integer(minimum=1, maximum=60), default=12,
                             description="Default months between reviews."),
    "due_soon_days": Field(Integer(minimum=0, maximum=365), default=30,
                           description="Days before a review date that count as due soon."),
})

organisation = Kind(
    name="organisation",
    title="Organisation",
    file="organisation.yml",
    id_field=None,
    schema=Record(
        description="The organisation and its site-wide settings.",
        fields={
            "name": Field(Text(single_line=True), required=True, description="Organisation name."),
            "short_name": Field(Text(single_line=True, max_length=40), description="Short name for headings."),
            "description": Field(Text(), description="What the organisation does."),
            "quality_policy": Field(Record(fields={
                "text": Field(Text(), required=True, description="The policy text; blank lines start paragraphs."),
                "approved_by": Field(role_ref(),
                                     required=True, description="Role that approved it."),
                "approved_on": Field(Date(past=True), required=True, description="Date approved."),
                "sponsors": Field(ListOf(Record(fields={
                    "role": Field(role_ref(), required=True,
                                  description="Role of the leader who sponsors the quality system."),
                    "name": Field(Text(single_line=True, max_length=80), description="Their name, if you want it shown."),
                    "statement": Field(Text(), required=True, description="What they commit to, in their words."),
                })), description="Leaders who sponsor the quality system; shown on the home page."),
            }), description="The quality policy (ISO 9001 5.2)."),
            "exclusions": Field(ListOf(Record(fields={
                "clauses": Field(ListOf(ClauseRef(), min_items=1, unique=True),
                                 required=True, description=(
                                     "The clauses that cannot apply; a clause's subclauses are excluded with it. "
                                     "\"8.3\" is ISO 9001's; write \"iso13485:7.3\" for another standard's.")),
                "reason": Field(Text(), required=True, description=(
                    "Why they cannot apply to the organisation, in a sentence or two.")),
            })), description="ISO 9001 requirements that cannot apply, each with its reason (ISO 9001 4.3)."),
            "areas": Field(ListOf(area, min_items=1), required=True, description="Process areas."),
            "feedback": Field(Record(fields={
                "problem": Field(Text(), description=(
                    "Target of 'Report a problem': mailto: or an issue-tracker URL with placeholders "
                    "{id} {title} {revision} {owner} {owner_title} {owner_email} {page_url}.")),
                "improvement": Field(Text(), description="Target of 'Suggest an improvement' (same placeholders)."),
                "default_email": Field(Text(pattern=r"[^@\s]+@[^@\s]+", pattern_hint="write an address like "
                                            "name@example.com"), description="Used for {owner_email} when the "
                                       "owner role has no email."),
            }), description="Where staff report problems and suggest improvements from a procedure page."),
            # left out, the defaults are a record like a written one, so code reads review.due_soon_days either way
            "review": Field(review_defaults,
                            default=lambda: Fields(review_defaults.shape, interval_months=12, due_soon_days=30),
                            description="Review defaults."),
        },
    ),
)

plain_words = Kind(
    name="plain-words",
    title="Plain words",
    file="plain-words.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="Words with plainer alternatives, and ISO terms never flagged.",
        fields={
            "terms_of_art": Field(ListOf(Text(), unique=True), description="Terms kept on purpose."),
            "replacements": Field(ListOf(Record(fields={
                "phrase": Field(Text(), required=True, description="Word or phrase to avoid."),
                "suggestion": Field(Text(), required=True, description="Plainer alternative."),
                "level": Field(Choice(values=("info", "warning")), description="warning: a phrase readers stumble on."),
            })), description="Phrases to avoid and what to write instead."),
        },
    ),
)

glossary = Kind(
    name="glossary",
    title="Glossary",
    file="glossary.yml",
    id_field=None,
    optional=True,
    schema=Record(
        description="Terms and abbreviations, explained in plain words.",
        fields={
            "terms": Field(ListOf(Record(fields={
                "term": Field(Text(single_line=True), required=True, description="The term."),
                "abbreviation": Field(Text(single_line=True), description="Its abbreviation, if any."),
                "definition": Field(Text(), required=True, description="Plain-language meaning."),
                "see_also": Field(ListOf(Text()), description="Related terms in this glossary."),
            })), description="The terms."),
        },
    ),
)

