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
    """Names of schema files that are missing or differ from the definitions."""
    stale = []
    for name, text in schema_files(registry).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
