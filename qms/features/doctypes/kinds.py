"""Forms, work instructions and external documents: controlled kinds beside procedures.

Each shares the fields of document control with procedures (id, owner, status,
revisions, approval, supersession, related documents, keywords, readability
settings) and adds its own: a form its file, a work instruction its short steps
and pictures, an external document its origin, edition and edition check.
"""

from __future__ import annotations

from ...clause_refs import ClauseRef
from ...kinds import (EXAMPLE_FLAGS, STATUSES, Kind, doc_ref, readability_settings, review, revision,
                      role_ref)
from ...schema import Choice, Date, Field, Integer, ListOf, Record, Ref, Text

# Downloads staff open in an office suite or a PDF reader; nothing a browser would run.
FORM_EXTENSIONS = ("docx", "xlsx", "pptx", "pdf", "odt", "ods", "odp", "csv", "txt", "doc", "xls")
MAX_FORM_BYTES = 20 * 1024 * 1024
# Raster pictures only: an SVG file can carry script, so it is refused rather than cleaned.
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
FORMS_FOLDER = "forms"
WORK_INSTRUCTIONS_FOLDER = "work-instructions"
EXTERNAL_FOLDER = "external-documents"


def attachment(folder: str, example: str) -> Text:
    """A file name in a kind's attachments folder: characters a web address keeps as they are."""
    return Text(single_line=True, pattern=folder + r"/[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*", pattern_hint=(
        f"write {folder}/ and the file's name, using letters, digits, hyphens, underscores and dots, "
        f"e.g. {folder}/{example}"))


def _control_fields(what: str) -> dict[str, Field]:
    """The fields of document control every controlled kind of this feature shares."""
    return {
        "title": Field(Text(single_line=True, max_length=120), required=True, description="Short title."),
        "status": Field(Choice(values=STATUSES), required=True, description="draft, approved or obsolete."),
        "superseded_by": Field(doc_ref(), description=f"For an obsolete {what}: the document that replaces it."),
        "owner": Field(role_ref(), required=True, description=f"Role that owns and reviews the {what}."),
        "area": Field(Ref(kind="area"), description="Process area id from organisation.yml, if it belongs to one."),
        "related": Field(ListOf(doc_ref(), unique=True), description=(
            "Ids of related controlled documents: procedures, forms, work instructions, external documents.")),
        "clauses": Field(ListOf(ClauseRef(), unique=True), description=(
            f"Clauses the {what} helps to meet, shown on the clause coverage page: \"7.5.3\" for ISO 9001:2015, "
            "or a standard's id and clause, e.g. \"iso13485:7.4\", for a standard listed in data/standards/.")),
        "keywords": Field(ListOf(Text(), unique=True),
                          description="Words staff would search for, including everyday synonyms."),
        "revisions": Field(ListOf(revision), description="Revision history, oldest first."),
        "readability": Field(readability_settings, description="Per-document readability settings."),
        "example_flags": EXAMPLE_FLAGS,
    }


form = Kind(
    name="form",
    title="Forms and templates",
    folder=FORMS_FOLDER,
    attachments="files",
    id_pattern=r"FRM-[0-9]{3,4}",
    id_hint="write FRM- and three or four digits, e.g. FRM-003",
    id_description="Form id, e.g. FRM-003; the file name is the same.",
    template="doctypes/form.md.j2",
    url_prefix="forms",
    controlled=True,
    schema=Record(
        description="A controlled form or template: its file is kept beside it and downloaded from its page.",
        fields={
            **_control_fields("form"),
            "purpose": Field(Text(), required=True, description="What the form is for, in a sentence or two."),
            "file": Field(attachment("files", "FRM-003.docx"), required=True, description=(
                "The form's file, relative to data/forms/, e.g. files/FRM-003.docx. Allowed types: "
                + ", ".join(FORM_EXTENSIONS) + "; at most 20 MB.")),
            "instructions": Field(Text(), description="How to fill it in and where to send it."),
            "review": Field(review, description="Review dates."),
        },
    ),
)

image = Record(
    description="A picture kept in the repository, beside the work instruction.",
    fields={
        "file": Field(attachment("images", "WI-001-label.png"), required=True, description=(
            "The picture, relative to data/work-instructions/, e.g. images/WI-001-gauge.png. PNG, JPEG, GIF "
            "or WebP; SVG is refused because it can carry script.")),
        "alt": Field(Text(single_line=True, max_length=250), required=True, description=(
            "What the picture shows, for people who cannot see it: screen readers read it aloud.")),
        "caption": Field(Text(single_line=True), description="Optional caption shown under the picture."),
    },
)

task_step = Record(
    description="One action of the task.",
    fields={
        "action": Field(Text(), required=True, description="The action, in the imperative: 'Clean the…'."),
        "note": Field(Text(), description="Optional extra guidance."),
        "images": Field(ListOf(image), description="Pictures that show this step."),
    },
)

work_instruction = Kind(
    name="work-instruction",
    title="Work instructions",
    folder=WORK_INSTRUCTIONS_FOLDER,
    attachments="images",
    id_pattern=r"WI-[0-9]{3,4}",
    id_hint="write WI- and three or four digits, e.g. WI-001",
    id_description="Work instruction id, e.g. WI-001; the file name is the same.",
    template="doctypes/work_instruction.md.j2",
    url_prefix="work-instructions",
    controlled=True,
    schema=Record(
        description="A short, task-level instruction for one job at one place, with pictures.",
        fields={
            **_control_fields("work instruction"),
            "purpose": Field(Text(), required=True, description="What the task achieves, in a sentence."),
            "audience": Field(ListOf(role_ref(), unique=True), description="Roles who do the task."),
            "safety": Field(Text(), description="Safety points to read before starting, shown first."),
            "equipment": Field(ListOf(Text()), description="Tools and materials needed."),
            "images": Field(ListOf(image), description="Pictures shown before the steps."),
            "steps": Field(ListOf(task_step, min_items=1), required=True, description="The steps, in order."),
            "review": Field(review, description="Review dates."),
        },
    ),
)

edition_check = Record(
    description="Who checks that the edition in use is still the latest, and when.",
    fields={
        "by": Field(role_ref(), required=True, description="Role that checks for a new edition."),
        "last_checked": Field(Date(past=True), required=True, description="Date of the last check (YYYY-MM-DD)."),
        "interval_months": Field(Integer(minimum=1, maximum=60), description=(
            "Months between checks; defaults to the organisation's review.interval_months.")),
    },
)

external_document = Kind(
    name="external-document",
    title="External documents",
    folder=EXTERNAL_FOLDER,
    id_pattern=r"EXT-[0-9]{3,4}",
    id_hint="write EXT- and three or four digits, e.g. EXT-001",
    id_description="External document id, e.g. EXT-001; the file name is the same.",
    template="doctypes/external_document.md.j2",
    url_prefix="external-documents",
    controlled=True,
    schema=Record(
        description="A document from outside the organisation that it needs (ISO 9001 7.5.3.2): a standard, a "
                    "customer's specification, a supplier's manual.",
        fields={
            **_control_fields("external document"),
            "purpose": Field(Text(), required=True, description="What we use it for."),
            "origin": Field(Text(single_line=True), required=True,
                            description="Who issues it, e.g. ISO, or the customer's name."),
            "reference": Field(Text(single_line=True), description="Its own number, e.g. ISO 9001."),
            "edition": Field(Text(single_line=True, numeric_ok=True), required=True,
                             description="The edition in use, e.g. 2015 or Rev C (quote numbers)."),
            "location": Field(Text(), required=True, description="Where the copy in use is kept."),
            "edition_check": Field(edition_check, required=True,
                                   description="Who checks for a new edition, and when."),
        },
    ),
)

KINDS = (form, work_instruction, external_document)
