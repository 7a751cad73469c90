"""A reference to a clause of a standard: ``iso13485:7.4``, or a bare ``7.5.3`` for ISO 9001.

Every field that names clauses (a procedure's ``clauses``, an audit's, the exclusions of the
organisation) uses this one type, so each accepts both forms. A bare number keeps meaning
ISO 9001, so files written before other standards were known stay valid and mean the same.
Which standards and clauses exist is data (the catalogues), checked once everything is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import Text

DEFAULT_STANDARD = "iso9001"
STANDARD_ID = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"
# ISO 9001 has clauses 4 to 10; another standard may start at 0 or have lettered annexes (A.2)
BARE_CLAUSE = r"(10|[4-9])(\.[0-9]{1,2}){0,3}"
CLAUSE_NUMBER = r"[0-9A-Z]{1,3}(\.[0-9]{1,3}){0,5}"
CLAUSE_REF = rf"{BARE_CLAUSE}|{STANDARD_ID}:{CLAUSE_NUMBER}"
CLAUSE_REF_HINT = ('write an ISO 9001 clause, quoted, e.g. "7.5.3", or the standard\'s id, a colon and the '
                   'clause, e.g. "iso13485:7.4"')


@dataclass(frozen=True)
class ClauseRef(Text):
    """A clause of a standard; the JSON Schema takes both forms (and an unquoted number such as 7.5)."""

    pattern: str | None = CLAUSE_REF
    pattern_hint: str = CLAUSE_REF_HINT
    numeric_ok: bool = True
    label: str = "a clause"

    def json_schema(self) -> dict[str, Any]:
        # "pattern" applies to strings only, so an unquoted 7.5 stays valid for editors too
        return {**super().json_schema(), "pattern": f"^(?:{CLAUSE_REF})$"}


def split_ref(ref: str) -> tuple[str, str]:
    """``"iso13485:7.4"`` -> ``("iso13485", "7.4")``; a bare ``"7.5.3"`` is ISO 9001's."""
    standard, colon, number = ref.partition(":")
    return (standard, number) if colon else (DEFAULT_STANDARD, ref)
