"""Write an imported procedure as YAML an author can finish by hand.

Every value goes through PyYAML's safe dumper, so quoting round-trips ('yes', '1', ': ' inside
text); only comments are written by hand. Sections are written as a '# section: TITLE' comment
above their steps until procedures have sections of their own: switching them on means changing
``_steps`` alone.
"""

from __future__ import annotations

import yaml

from .assemble import Imported, ImportedSection

WIDTH = 100
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/procedure.schema.json"


class _Dumper(yaml.SafeDumper):
    """Multi-line text (notes with lists and tables) as a literal block, as an author would write it;
    no anchors and aliases for values that happen to repeat (today's date)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, width=WIDTH, allow_unicode=True, sort_keys=False,
                     default_flow_style=False)


def to_yaml(imported: Imported, source_name: str) -> str:
    lines = [SCHEMA_LINE, f"# Imported from {_one_line(source_name)} by 'qms import': a draft to finish by hand."]
    lines += ["# " + _one_line(line) for line in imported.summary]
    lines.append(dump(imported.head).rstrip("\n"))
    lines.append("steps:")
    for section in imported.sections:
        lines += _steps(section)
    lines.append(dump(imported.tail).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _steps(section: ImportedSection) -> list[str]:
    lines = []
    if section.title:
        lines.append(f"  # section: {_one_line(section.title)}")
    for block in section.unplaced:
        lines += [("  #   " + line).rstrip() for line in block.splitlines()] + ["  #"]
    for step in section.steps:
        lines += ["  # " + _one_line(comment) for comment in step.comments]
        lines += [("  " + line).rstrip() for line in dump([step.fields]).rstrip("\n").splitlines()]
    return lines


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
