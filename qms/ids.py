"""How ids are written, and the reference fields that name a role or a controlled document.

Kept apart from ``qms.kinds`` so the records of a procedure's steps (``qms.procedure_steps``),
which the procedure kind is made of, can name roles and documents too.
"""

from __future__ import annotations

from .schema import Ref

ROLE_ID = r"[a-z][a-z0-9-]*"
ROLE_HINT = "use lower-case words joined by hyphens, e.g. quality-manager"
DOC_ID = r"[A-Z]{2,5}-[0-9]{3,4}"
# says DOC_ID in words: a hint that only said "letters, a hyphen and digits" was true of QP-10 too
DOC_HINT = "write 2 to 5 capital letters, a hyphen and 3 or 4 digits, e.g. QP-004"


def role_ref() -> Ref:
    """A field naming a role by its id."""
    return Ref(kind="role", pattern=ROLE_ID, pattern_hint=ROLE_HINT)


# A reference to any controlled kind (procedure, form, work instruction, …): "document" is no kind of
# its own, the reference check looks the id up among every kind declared ``controlled``.
ANY_DOCUMENT = "document"


def doc_ref() -> Ref:
    """A field naming a controlled document, of any controlled kind, by its id."""
    return Ref(kind=ANY_DOCUMENT, pattern=DOC_ID, pattern_hint=DOC_HINT)
