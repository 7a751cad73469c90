"""Write an imported procedure as YAML an author can finish by hand.

Every value goes through PyYAML's safe dumper, so quoting round-trips ('yes', '1', ': ' inside
text); only comments are written by hand. Headings with steps become ``sections:`` (one untitled
group of steps stays a plain ``steps:`` list); what a step still needs is a comment above it.
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
    if imported.middle:
        lines.append(dump(imported.middle).rstrip("\n"))
    sections = imported.sections
    if len(sections) == 1 and not sections[0].title and not sections[0].intro:
        lines.append("steps:")
        lines += _steps(sections[0].steps, "  ")
    else:
        lines.append("sections:")
        for section in sections:
            lines += _section(section)
    for key, value in imported.tail.items():
        if key == "clauses":  # references no field holds yet sit where the author will look for them
            lines += ["# " + _one_line(comment) for comment in imported.tail_comments]
        lines.append(dump({key: value}).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _section(section: ImportedSection) -> list[str]:
    head = {"id": section.id} if section.id else {}
    head["title"] = section.title or "Steps"
    if section.intro:
        head["intro"] = section.intro
    lines = [("  " + line).rstrip() for line in dump([head]).rstrip("\n").splitlines()]
    return lines + ["    steps:"] + _steps(section.steps, "      ")


def _steps(steps: list, indent: str) -> list[str]:
    lines = []
    for step in steps:
        lines += [indent + "# " + _one_line(comment) for comment in step.comments]
        lines += [(indent + line).rstrip() for line in dump([step.fields]).rstrip("\n").splitlines()]
    return lines


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
