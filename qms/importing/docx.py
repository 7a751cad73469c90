"""Read a Word SOP with python-docx: heading styles, numbered paragraphs, tables, in document order."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .tables import markdown_table, owner_rows, responsibilities, steps_of_table
from .model import Draft, Responsibility, Step


class UnreadableWord(ValueError):
    """The file is not a Word document python-docx can open."""


def read_docx(path: Path) -> Draft:
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike for a broken file
        raise UnreadableWord(f"not a Word .docx file python-docx can open ({type(exc).__name__}: {exc})") from None
    formats = _number_formats(document)
    reader = _Reader(Draft(), formats)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            reader.table([[cell.text.strip() for cell in row.cells] for row in item.rows])
        else:
            reader.paragraph(item)
    return reader.draft


class _Reader:
    def __init__(self, draft: Draft, formats: dict[tuple[str, str], str]) -> None:
        self.draft, self.formats = draft, formats
        self.in_step = False  # the last thing read belongs to the last step of the current section
        self.list_block: list[str] | None = None  # a nested Markdown list being collected for that step
        self.bullet_steps = False  # the steps of this section are a bulleted list (under 'Procedure')

    def paragraph(self, paragraph: Paragraph) -> None:
        text = " ".join(paragraph.text.split())
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = re.fullmatch(r"(Title|Heading ?(\d))", style)
        if not text:
            self.list_block = None
            return
        if heading:
            self._heading(text, style == "Title", int(heading.group(2) or 0))
            return
        section = self.draft.current()
        numbering = self._numbering(paragraph, style)
        if numbering and _typed(paragraph) and _num_pr(paragraph) is None:
            text = _strip_typed(text)
        bulleted_steps = section.holds_steps and not self.in_step and not section.steps
        if numbering and numbering[1] == 0 and (numbering[0] == "number" or bulleted_steps or self.bullet_steps) \
                and not section.is_responsibilities and not section.kind:
            self.bullet_steps = numbering[0] == "bullet"
            section.steps.append(Step(action=text))
            self.in_step, self.list_block = True, None
            return
        if section.is_responsibilities and ":" in text:
            actor, _, duty = text.partition(":")
            self.draft.responsibilities.append(Responsibility(actor.strip(), duty.strip()))
            return
        if numbering and self.in_step:
            kind, level = numbering
            line = "  " * max(level - 1, 0) + ("1. " if kind == "number" else "- ") + _escape(text)
            if self.list_block is None:
                self.list_block = [line]
                section.steps[-1].note_blocks.append("")
            else:
                self.list_block.append(line)
            section.steps[-1].note_blocks[-1] = "\n".join(self.list_block)
            return
        self.list_block = None
        if section.kind or section.is_term:
            section.text_blocks.append(text)
            section.items.append(_bold_term(paragraph, text))
        elif self.in_step:
            label, colon, rest = text.partition(":")
            step = section.steps[-1]
            if colon and label.strip().lower() in ("record", "records", "output") and step.record is None:
                step.record = rest.strip()
            else:
                step.note_blocks.append(_escape(text))
        else:
            section.text_blocks.append(("- " if numbering else "") + _escape(text))

    def table(self, rows: list[list[str]]) -> None:
        self.list_block = None
        self.draft.responsibilities.extend(owner_rows(rows))
        found = responsibilities(rows)
        if found is not None:
            self.draft.responsibilities.extend(found)
            return
        section = self.draft.current()
        if section.kind in ("definitions", "references", "records"):
            section.tables.append(rows)
            return
        from_table = steps_of_table(rows)
        if from_table:
            section.steps.extend(from_table)
            self.in_step = True
        elif self.in_step:
            section.steps[-1].note_blocks.append(markdown_table(rows))
        else:
            section.text_blocks.append(markdown_table(rows))

    def _heading(self, text: str, is_title: bool, level: int) -> None:
        self.in_step, self.list_block, self.bullet_steps = False, None, False
        if is_title and self.draft.title is None:
            self.draft.title = text
        else:
            self.draft.heading(text, level or 1)

    def _numbering(self, paragraph: Paragraph, style: str) -> tuple[str, int] | None:
        """('number' or 'bullet', level from 0) for a list paragraph; None for any other."""
        named = re.fullmatch(r"List (Number|Bullet)(?: (\d))?", style)
        num_pr = _num_pr(paragraph)
        if num_pr is not None:
            num_id, level = num_pr
            # Word's "List Bullet 2" style carries its own list at level 0: the style says the depth
            styled = int(named.group(2) or 1) - 1 if named else 0
            return self.formats.get((num_id, str(level)), "number"), max(level, styled)
        if named:
            return ("number" if named.group(1) == "Number" else "bullet"), int(named.group(2) or 1) - 1
        return _typed(paragraph)


TYPED = [(re.compile(r"(?:step\s*)?\d{1,2}[.)]\s+\S", re.IGNORECASE), "number", 0),
         (re.compile(r"[a-z][.)]\s+\S"), "number", 1),
         (re.compile(r"[-•–▪]\s+\S"), "bullet", 1)]


def _typed(paragraph: Paragraph) -> tuple[str, int] | None:
    """Numbers and bullets typed by hand ('1. Check…', 'a) …', '• …'), which many Word SOPs use."""
    text = paragraph.text.strip()
    for pattern, kind, level in TYPED:
        if pattern.match(text):
            return kind, level
    return None


def _strip_typed(text: str) -> str:
    return re.sub(r"^(?:step\s*)?(?:\d{1,2}|[a-z])[.)]\s+|^[-•–▪]\s+", "", text, flags=re.IGNORECASE)


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """The numbering of a paragraph, written on it or on its style (Word's list styles carry it)."""
    holders = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        holders.append(style.element.pPr)
        style = style.base_style
    for pPr in holders:
        num_pr = pPr.find(qn("w:numPr")) if pPr is not None else None
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            level = num_pr.find(qn("w:ilvl"))
            num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            if num_id == "0":
                return None  # numbering switched off on purpose
            return num_id, int(level.get(qn("w:val"))) if level is not None else 0
    return None


def _number_formats(document) -> dict[tuple[str, str], str]:
    """(numId, level) -> 'bullet' or 'number', from the document's numbering definitions."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for definition in numbering.findall(qn("w:abstractNum")):
        for level in definition.findall(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            kind = "bullet" if fmt is not None and fmt.get(qn("w:val")) in ("bullet", "none") else "number"
            abstract[(definition.get(qn("w:abstractNumId")), level.get(qn("w:ilvl")))] = kind
    formats = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for (abstract_id, level), kind in abstract.items():
            if abstract_id == ref.get(qn("w:val")):
                formats[(num.get(qn("w:numId")), level)] = kind
    return formats


def _bold_term(paragraph: Paragraph, text: str) -> str:
    """'**Term** meaning' when the paragraph starts with bold words (a glossary typed in Word)."""
    runs = paragraph.runs
    bold = "".join(run.text for run in runs[:next((index for index, run in enumerate(runs) if not run.bold), len(runs))])
    if bold.strip() and len(bold.strip()) < len(text):
        return f"**{bold.strip()}** {text[len(bold.strip()):].strip()}"
    return text


def _escape(text: str) -> str:
    """Word text goes into a Markdown note: characters Markdown would read as markup are escaped."""
    return re.sub(r"([\\`*_<>\[\]|#])", r"\\\1", text)
