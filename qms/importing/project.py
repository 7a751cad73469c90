"""What the importer needs to know about the organisation, read leniently from data/: a file being
finished by hand may not pass 'qms check' yet, and that must not stop the next import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class Organisation:
    roles: dict[str, str]  # id -> title
    areas: list[str]
    procedure_ids: list[str]
    procedure_titles: dict[str, str]  # id -> title, to link an SOP's References by title
    standards: dict[str, set[str]]  # catalogues in data/standards: standard id -> its clause numbers


def read_organisation(data_dir: Path) -> Organisation:
    roles = {}
    for path in sorted((data_dir / "roles").glob("*.yml")):
        content = _load(path)
        role_id = content.get("id", path.stem) if isinstance(content, dict) else path.stem
        title = content.get("title") if isinstance(content, dict) else None
        roles[str(role_id)] = str(title or role_id)
    organisation = _load(data_dir / "organisation.yml")
    areas = [str(area["id"]) for area in (organisation.get("areas") or [])
             if isinstance(area, dict) and "id" in area] if isinstance(organisation, dict) else []
    procedure_ids = [path.stem for path in (data_dir / "procedures").glob("*.yml")]
    titles = {}
    for path in sorted((data_dir / "procedures").glob("*.yml")):
        content = _load(path)
        if isinstance(content, dict) and content.get("title"):
            titles[str(content.get("id", path.stem))] = str(content["title"])
    standards = {}
    for path in sorted((data_dir / "standards").glob("*.yml")):
        content = _load(path)
        if isinstance(content, dict) and isinstance(content.get("clauses"), list):
            standards[str(content.get("id", path.stem))] = {
                str(clause["number"]) for clause in content["clauses"] if isinstance(clause, dict) and "number" in clause}
    return Organisation(roles, areas, procedure_ids, titles, standards)


def next_procedure_id(existing: list[str]) -> str:
    """The next free number after the highest one, in the style the organisation uses (QP-007 -> QP-008)."""
    styles = [(match.group(1), len(match.group(2)), int(match.group(2)))
              for doc_id in existing if (match := re.fullmatch(r"([A-Z]{2,5})-(\d{3,4})", doc_id))]
    if not styles:
        return "QP-001"
    prefix = max(styles, key=lambda style: style[2])[0]
    width = max(style[1] for style in styles if style[0] == prefix)
    number = max(style[2] for style in styles if style[0] == prefix) + 1
    return f"{prefix}-{number:0{width}d}"


def _load(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
