"""The field types that hold other fields: a list of items and a record of declared fields.

A document's whole schema is a :class:`Record`; what a kind declares, the
loader, the settings and the JSON Schema output all go through these two.
"""

from __future__ import annotations

import difflib

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping

import yaml

from .reader import Path, Reader, is_null, suggest
from ..typed import RESERVED, Fields, Shape
from .scalars import FieldType, Text

@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    min_items: int = 0
    unique: bool = False
    label: str = "a list"
    too_few_hint: str = ""  # what to write instead of a list shorter than min_items

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            found = "a mapping" if isinstance(node, yaml.MappingNode) else f"{node.value!r}"
            example = "[a, b]" if not isinstance(self.item, Record) else "one '- ' item per entry"
            one_value = isinstance(node, yaml.ScalarNode) and "," not in node.value
            reader.error(node, path, f"expected a list, found {found}",
                         self.too_few_hint if one_value and self.too_few_hint else f"write a list: {example}")
            return None
        items = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(node.value):
            child_path = path + (index,)
            reader.marks[child_path] = (child.start_mark.line + 1, child.start_mark.column + 1)
            if is_null(child):
                reader.error(child, child_path, "is empty", "remove the empty '-' line")
                reader.incomplete = True
                continue
            value = self.item.convert(child, child_path, reader)
            if value is None:
                reader.incomplete = True
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    reader.error(child, child_path, f"{value!r} is listed twice",
                                 f"remove the repeat of item {seen[value] + 1}")
                    continue
                seen[value] = index
            items.append(value)
        if len(node.value) < self.min_items:
            reader.error(node, path, f"needs at least {self.min_items} item{'' if self.min_items == 1 else 's'}",
                         self.too_few_hint)
        return items

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    type: FieldType
    required: bool = False
    description: str = ""
    default: Any = None


@dataclass(frozen=True)
class Record(FieldType):
    """A mapping with declared fields: duplicate and unknown keys are errors."""

    fields: dict[str, Field] = field(default_factory=dict)
    description: str = ""
    check: Callable[[dict, Path, Reader], None] | None = None
    label: str = "a mapping of fields"
    unknown: str = "unknown field"  # the message for a key not declared, e.g. "unknown setting"
    # At most one of these fields (with exclusive_required: exactly one), e.g. a step's 'role' or 'roles'.
    exclusive: tuple[str, ...] = ()
    exclusive_required: bool = False
    exclusive_hint: str = ""
    # Reports a record written as text instead of fields (a step as "- Staff: check the gauge") in one
    # message, returning True; called with the node, its path, the reader and the declared field names.
    written_as_text: Callable[..., bool] | None = None

    def __post_init__(self) -> None:
        hidden = RESERVED & set(self.fields)
        if hidden:
            raise ValueError(f"field {'name' if len(hidden) == 1 else 'names'} {', '.join(sorted(hidden))} would hide a method of the record; "
                             "choose another name")

    def wrap(self, data: Mapping[str, Any]) -> Fields:
        """Already-checked data (built in code, e.g. by a test) as loading gives it: typed, nested records too."""
        result = Fields(self.shape)
        for name, value in data.items():
            spec = self.fields[name].type if name in self.fields else None
            if isinstance(spec, Record) and isinstance(value, Mapping):
                value = spec.wrap(value)
            elif isinstance(spec, ListOf) and isinstance(spec.item, Record) and isinstance(value, list):
                value = [spec.item.wrap(item) if isinstance(item, Mapping) else item for item in value]
            result[name] = value
        return result

    @cached_property
    def shape(self) -> Shape:
        return Shape(self.description or self.label, frozenset(self.fields),
                     frozenset(name for name, spec in self.fields.items() if isinstance(spec.type, ListOf)))

    def convert(self, node: yaml.Node, path: Path, reader: Reader) -> Any:
        if self.written_as_text is not None and self.written_as_text(node, path, reader, self.fields):
            reader.incomplete = True
            return None
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else f"{node.value!r}"
            reader.error(node, path, f"expected fields (key: value), found {found}")
            return None
        result: dict[str, Any] = Fields(self.shape)
        seen: dict[str, yaml.Node] = {}
        empty: set[str] = set()
        unknown: list[tuple[str, yaml.Node, Path]] = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child_path = path + (str(key),)
            if key is None:
                reader.error(key_node, path, "a key must be a plain word")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                reader.error(key_node, child_path, f"duplicate key {key!r} (first on line {first})",
                             "keep one of them")
                continue
            seen[key] = key_node
            reader.marks[child_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            spec = self.fields.get(key)
            if spec is None:
                unknown.append((key, key_node, child_path))
                continue
            if is_null(value_node):
                if spec.required:
                    reader.error(value_node, child_path, "is required but empty", f"write a value after '{key}:'"
                                 + (f" — {lower_first(spec.description.rstrip('.'))}" if spec.description else ""))
                empty.add(key)
                continue
            reader.required, outer = spec.required, reader.required
            value = spec.type.convert(value_node, child_path, reader)
            reader.required = outer
            if value is not None:
                result[key] = value
        meant = self._unknown_keys(unknown, seen, reader)
        for name, spec in self.fields.items():
            if name in result or name in seen:
                continue
            if spec.required and name not in meant:  # 'titel:' for 'title:' is one problem, said once
                reader.error(node, path + (name,), "is missing",
                             f"add '{name}:' — {lower_first(spec.description.rstrip('.'))}" if spec.description
                             else f"add '{name}:'")
            elif spec.default is not None:
                result[name] = spec.default() if callable(spec.default) else spec.default
        if self.exclusive and not self._one_of(node, path, reader, {key: key_node for key, key_node in seen.items()
                                                                     if key not in empty}):
            reader.incomplete = True
            if path:
                return None
        if any(spec.required and name not in result for name, spec in self.fields.items()):
            # Reported above. An item inside a document is dropped rather than handed on half-read,
            # so checks of other documents may rely on its required fields; a whole document is kept,
            # for references to it, and marked incomplete.
            reader.incomplete = True
            if path:
                return None
        if self.check is not None:
            self.check(result, path, reader)
        return result

    def _unknown_keys(self, unknown: list[tuple[str, yaml.Node, Path]], seen: dict[str, yaml.Node],
                      reader: Reader) -> set[str]:
        """Report each key not declared; return the required fields they stand for (a near miss of a
        field not written), whose own "is missing" would only repeat the same problem."""
        meant: set[str] = set()
        for key, key_node, child_path in unknown:
            close = suggest(key, self.fields)
            name = next(iter(difflib.get_close_matches(key, list(self.fields), n=1, cutoff=0.6)), "")
            spec = self.fields.get(name)
            if spec is not None and spec.required and name not in seen and name not in meant:
                meant.add(name)
                reader.error(key_node, child_path, f"{self.unknown}; did you mean {name!r}?",
                             f"rename it to '{name}:', which is required")
            else:
                reader.error(key_node, child_path, self.unknown, close or "allowed: " + ", ".join(self.fields))
        return meant

    def _one_of(self, node: yaml.MappingNode, path: Path, reader: Reader, written: dict[str, yaml.Node]) -> bool:
        """Whether the exclusive fields are given as declared. ``written`` holds the keys given a value,
        even one that could not be read, so a field with a wrong value is not reported missing as well."""
        given = [name for name in self.exclusive if name in written]
        choices = " or ".join(repr(name) for name in self.exclusive)
        if len(given) > 1:
            reader.error(written[given[1]], path + (given[1],), f"give {choices}, not both", self.exclusive_hint)
            return False
        if not given and self.exclusive_required:
            reader.error(node, path + (self.exclusive[0],), f"is missing: give {choices}", self.exclusive_hint)
            return False
        return True

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        if self.description:
            schema["description"] = self.description
        for name, spec in self.fields.items():
            prop = spec.type.json_schema()
            if spec.description:
                prop = {"description": spec.description, **prop}
            schema["properties"][name] = prop
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        pairs = [[a, b] for index, a in enumerate(self.exclusive) for b in self.exclusive[index + 1:]]
        if self.exclusive_required:
            schema["oneOf"] = [{"required": [name]} for name in self.exclusive]
        elif pairs:
            schema["not"] = {"anyOf": [{"required": pair} for pair in pairs]}
        return schema


def lower_first(text: str) -> str:
    """'Short title' as it reads inside a sentence; an acronym ('NCR …') stays as written."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
