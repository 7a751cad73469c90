"""The parts of an SOP that are not steps: definitions, references (clauses and related
procedures), records, and the general part (text between the procedure's parts)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .model import Draft, Section, clean_heading

CLAUSES_FILE = Path(__file__).resolve().parent.parent / "data" / "iso9001-clauses.yml"
TERM_HEADERS = ("term", "word", "abbreviation", "acronym", "name")
MEANING_HEADERS = ("definition", "meaning", "description", "explanation")
RECORD_NAME_HEADERS = ("record", "name", "document", "form", "artifact", "artefact")
RETENTION_HEADERS = ("retention", "retained", "keep", "kept for", "how long")
LOCATION_HEADERS = ("location", "storage", "where", "stored", "kept in", "kept at", "filed")


def _plain(text: str) -> str:
    """Markdown marks off: '**Risk:**' -> 'Risk:'."""
    return " ".join(re.sub(r"(\*\*|__|\*|`)", "", text).split())


def _column(header: list[str], wanted: tuple[str, ...]) -> int | None:
    cells = [re.sub(r"[^\w\s/]", " ", cell.lower()).strip() for cell in header]
    return next((index for index, cell in enumerate(cells) if any(word in cell for word in wanted)), None)


def definitions_of(draft: Draft) -> list[dict]:
    found: list[dict] = []
    for section in draft.sections:
        if section.is_term:
            meaning = " ".join(" ".join(section.text_blocks).split())
            if meaning:
                found.append({"term": clean_heading(section.title), "meaning": _plain(meaning)})
            continue
        if section.kind != "definitions":
            continue
        for rows in section.tables:
            term, meaning = _column(rows[0], TERM_HEADERS), _column(rows[0], MEANING_HEADERS)
            if term is None or meaning is None:
                term, meaning = 0, 1
            found += [{"term": _plain(row[term]).rstrip(":"), "meaning": _plain(row[meaning])}
                      for row in rows[1:] if len(row) > max(term, meaning) and row[term].strip() and row[meaning].strip()]
        for item in section.items:
            entry = _term_item(item)
            if entry:
                found.append(entry)
    return found


def _term_item(item: str) -> dict | None:
    """'**Risk:** Effect of uncertainty', '**Risk** – effect…', 'Risk: effect…' -> term and meaning."""
    bold = re.match(r"\s*(\*\*|__)(.+?)\1\s*[:–—-]?\s*(.+)", item, re.DOTALL)
    if bold:
        term, meaning = bold.group(2), bold.group(3)
    else:
        plain = re.match(r"(.+?)(?::\s+|\s[–—-]\s)(.+)", item, re.DOTALL)
        if not plain or len(plain.group(1).split()) > 6:
            return None
        term, meaning = plain.group(1), plain.group(2)
    term, meaning = _plain(term).rstrip(":").strip(), _plain(meaning)
    return {"term": term, "meaning": meaning[:1].upper() + meaning[1:]} if term and meaning else None


def _known_clauses() -> set[str]:
    try:
        catalogue = yaml.safe_load(CLAUSES_FILE.read_text(encoding="utf-8"))
        return {str(entry["number"]) for entry in catalogue["clauses"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return set()


STANDARD = re.compile(r"\b(ISO(?:/IEC)?|IEC|EN|BS)\s*([0-9]{3,5}(?:-[0-9]+)?)(?::([0-9]{4}))?", re.IGNORECASE)
CLAUSE_NUMBER = re.compile(r"\b(10|[1-9])((?:\.[0-9]{1,2}){0,3})\b")


def references_of(draft: Draft, procedure_titles: dict[str, str],
               standards: dict[str, set[str]] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(clauses, related procedure ids, comments for the author) from the References part. ISO 9001
    clauses are bare numbers; another standard's are 'iso13485:7.4' when the organisation keeps a
    catalogue of it in data/standards, else a comment."""
    standards = standards or {}
    known = _known_clauses()
    clauses: list[str] = []
    related: list[str] = []
    comments: list[str] = []
    titles = {_title_key(title): doc_id for doc_id, title in procedure_titles.items()}
    for section in draft.sections:
        if section.kind != "references":
            continue
        for item in section.items + [" | ".join(row) for rows in section.tables for row in rows[1:]]:
            text = _plain(item)
            standard = STANDARD.search(text)
            if standard and standard.group(2) == "9001":
                numbers = _clause_numbers(text[standard.end():])
                good = [number for number in numbers if number in known]
                clauses += good
                if len(good) < len(numbers) or not numbers:
                    comments.append(f"{text}: no ISO 9001 clause number found that the portal knows; "
                                    "add it to 'clauses' by hand")
            elif standard:
                standard_id = re.sub(r"[^a-z0-9]", "", (standard.group(1) + standard.group(2)).lower())
                numbers = _clause_numbers(text[standard.end():])
                if standard_id in standards:
                    good = [number for number in numbers if number in standards[standard_id]]
                    clauses += [f"{standard_id}:{number}" for number in good]
                    if len(good) < len(numbers) or not numbers:
                        comments.append(f"{text}: a clause not in data/standards/{standard_id}.yml; add it by hand")
                else:
                    comments.append(f"{text}: another standard; to name its clauses in 'clauses' (as "
                                    f"{standard_id}:{numbers[0] if numbers else '4.1'}), add its catalogue as "
                                    f"data/standards/{standard_id}.yml")
            elif _title_key(text) in titles:
                related.append(titles[_title_key(text)])
            else:
                comments.append(f"{text}: not a procedure of this portal; link it by hand if it is one")
    return list(dict.fromkeys(clauses)), list(dict.fromkeys(related)), comments


def _clause_numbers(text: str) -> list[str]:
    """'§§ 7.5.2–7.5.3' -> ['7.5.2', '7.5.3']; '§ 6.3' -> ['6.3']."""
    return [match.group(1) + match.group(2) for match in CLAUSE_NUMBER.finditer(text)]


def _title_key(text: str) -> str:
    """'SOP – Change Control', 'Change-Control-SOP', 'Change control' -> 'change control'."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return " ".join(word for word in words if word not in ("sop", "procedure", "qp", "the"))


def records_of(draft: Draft) -> list[dict]:
    found: dict[str, dict] = {}
    for section in draft.sections:
        if section.kind != "records":
            continue
        for rows in section.tables:
            name = _column(rows[0], RECORD_NAME_HEADERS)
            name = 0 if name is None else name
            retention, location = _column(rows[0], RETENTION_HEADERS), _column(rows[0], LOCATION_HEADERS)
            for row in rows[1:]:
                if len(row) <= name or not _plain(row[name]):
                    continue
                entry = {"name": _plain(row[name])}
                for field, column in (("retention", retention), ("location", location)):
                    if column is not None and column < len(row) and _plain(row[column]):
                        entry[field] = _plain(row[column])
                found.setdefault(entry["name"].lower(), entry)
        for item in section.items:
            name = _plain(item).rstrip(".")
            if name and len(name) <= 120:
                found.setdefault(name.lower(), {"name": name})
    return list(found.values())


def general_of(draft: Draft) -> tuple[str, list[str]]:
    """The general part: text before the first heading after the purpose, and every heading with no
    steps that fills no field, as Markdown with '##' and '###' headings. Also the titles it holds."""
    parts: list[str] = []
    titles: list[str] = []
    levels = sorted({section.level for section in draft.sections if _is_general(section) and section.title})
    for section in draft.sections:
        if not _is_general(section):
            continue
        if section.title:
            depth = 2 if levels.index(section.level) == 0 else 3
            parts.append("#" * depth + " " + clean_heading(section.title))
            titles.append(clean_heading(section.title))
        parts += section.text_blocks
    return "\n\n".join(part.strip("\n") for part in parts if part.strip()), titles


def _is_general(section: Section) -> bool:
    if section.steps or section.kind or section.is_responsibilities or section.is_term:
        return False
    return bool(section.text_blocks)
