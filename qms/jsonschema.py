"""JSON Schema files for editors, generated from the same field definitions the loader uses."""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import Kind
from .registry import Registry

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(kind: Kind) -> dict:
    schema = kind.schema.json_schema()
    return {"$schema": DRAFT, "$id": f"{kind.name}.schema.json", "title": kind.title, **schema}


def schema_files(registry: Registry) -> dict[str, str]:
    return {f"{kind.name}.schema.json": json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in registry.kinds}


def write_schemas(folder: Path, registry: Registry) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files(registry).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path, registry: Registry) -> list[str]:
    """Names of schema files that are missing, differ from the definitions, or name no kind."""
    return [name for name, _ in schema_problems(folder, registry)]


def schema_problems(folder: Path, registry: Registry) -> list[tuple[str, str]]:
    """``(file name, what is wrong and what to do)`` for each schema file that is not as generated."""
    expected = schema_files(registry)
    problems = []
    for name, text in expected.items():
        path = folder / name
        if not path.exists():
            problems.append((name, "is missing: run 'qms schema' to write it"))
        elif path.read_text(encoding="utf-8", errors="replace") != text:
            problems.append((name, "is out of date: run 'qms schema' to write it again"))
    # a kind removed from the portal (or a feature left out) leaves its schema behind: editors would
    # still offer it, so it is named too
    left_over = sorted(path.name for path in folder.glob("*.schema.json") if path.name not in expected) \
        if folder.is_dir() else []
    problems += [(name, "belongs to no kind of this portal: delete it") for name in left_over]
    return problems
