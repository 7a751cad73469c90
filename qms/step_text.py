"""A step written as one line of text ('- Staff: check the gauge') instead of its fields.

YAML reads "Staff: check the gauge" as a field named "Staff", so the schema alone would report an
unknown field, a missing action and a missing role: three messages for one slip. This says once
what the author meant and how to write it.
"""

from __future__ import annotations

import re

import yaml

from .schema.reader import Path, Reader


def step_written_as_text(node: yaml.Node, path: Path, reader: Reader, fields: frozenset[str] | dict) -> bool:
    """Report a step (or sub-step) that is one line of text; True when it was one."""
    if isinstance(node, yaml.ScalarNode):
        if not node.value.strip():
            return False
        role, action = "<role id>", node.value.strip()
    elif isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        if not isinstance(key, yaml.ScalarNode) or key.value in fields or not isinstance(value, yaml.ScalarNode) \
                or not value.value.strip():
            return False
        role = re.sub(r"[^a-z0-9]+", "-", key.value.lower()).strip("-") or "<role id>"
        action = value.value.strip()
    else:
        return False
    action = " ".join(action.split())
    action = action[:1].upper() + action[1:]
    shown = action if len(action) <= 60 else action[:57] + "..."
    noun = "step" if not any(isinstance(part, str) and part == "substeps" for part in path) else "part of a step"
    reader.error(node, path, f"this {noun} is written as one line of text, so it has no role and no action",
                 f"write this {noun} as `role: {role}` and `action: …` on two lines, like this: "
                 f"\"- role: {role}\" and under it \"  action: {shown}\"")
    return True
