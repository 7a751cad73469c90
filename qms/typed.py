"""Records read from data, with their declared fields as attributes.

``Record.convert`` gives a ``Fields``: still the mapping that JSON output and
caches need, but code and templates read ``step.note`` rather than
``step.get("note")``. A declared field that is absent reads as None (a list
field as an empty list); a name the schema does not declare is an error, so
a typo fails the build instead of printing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ABSENT = object()
# A field with one of these names would be hidden behind the mapping's own method.
RESERVED = frozenset(name for name in dir(dict) if not name.startswith("_"))


@dataclass(frozen=True)
class Shape:
    """The declared field names of one record type, and which of them are lists."""

    label: str
    names: frozenset[str]
    lists: frozenset[str]


class Fields(dict):
    __slots__ = ("_shape",)

    def __init__(self, shape: Shape, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._shape = shape

    def __getattr__(self, name: str) -> Any:
        # only called for names that are not real attributes, i.e. for every field read: keep it short
        value = self.get(name, _ABSENT)
        if value is not _ABSENT:
            return value
        if name[:1] == "_":
            raise AttributeError(name)
        shape: Shape | None = getattr(self, "_shape", None)
        if shape is not None and name in shape.lists:
            return []
        if shape is not None and name in shape.names:
            return None
        declared = ", ".join(sorted(shape.names)) if shape is not None else "none"
        raise AttributeError(f"{name!r} is not a field of {shape.label if shape else 'this record'} "
                             f"(its fields: {declared})")
