"""Values found under one key anywhere in nested data (mappings and lists read from YAML)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def under_key(value: Any, key: str, kind: type | tuple[type, ...] = object,
              path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """``(path, value)`` of every value of type ``kind`` stored under ``key``, at any depth.

    The path names each mapping key and list index on the way, e.g. ``("images", 0, "file")``.
    A value under ``key`` that is not of ``kind`` is searched like any other value."""
    if isinstance(value, Mapping):
        for name, child in value.items():
            if name == key and isinstance(child, kind):
                yield path + (name,), child
            else:
                yield from under_key(child, key, kind, path + (name,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from under_key(child, key, kind, path + (index,))
