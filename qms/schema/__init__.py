"""Declared field types: one definition gives validation *and* JSON Schema.

Values are read from PyYAML's node tree, not from constructed Python objects,
so that every value keeps its line and column and nothing is silently
reinterpreted: ``NO`` stays the text "NO" in a text field, ``1.10`` stays
"1.10", and ``0755`` or ``yes`` in a number or true/false field is an error
with a hint instead of 493 or True.

The package is split by job: ``reader`` (the reader of a file's nodes, field
paths, positions and hints), ``scalars`` (the field types of one value) and
``compound`` (lists and records of fields). Code imports every name from
``qms.schema`` itself.
"""

from __future__ import annotations

from .compound import Field, ListOf, Record
from .reader import (NULL_WORDS, Path, Reader, Reference, character_name, colon_problem, dotted, is_null,
                     is_plain, reused_node, suggest)
from .scalars import (NUMBER_LIMIT, NUMBER_PLACES, PAST_HINT, Boolean, Choice, Date, FieldType, Integer, Markdown,
                      Number, Ref, Text)

__all__ = ["NULL_WORDS", "NUMBER_LIMIT", "NUMBER_PLACES", "PAST_HINT", "Boolean", "Choice", "Date", "Field",
           "FieldType", "Integer", "ListOf", "Markdown", "Number", "Path", "Reader", "Record", "Ref", "Reference",
           "Text", "character_name", "colon_problem", "dotted", "is_null", "is_plain", "reused_node", "suggest"]
