"""Read a Markdown SOP with markdown-it-py: headings, numbered lists, tables, everything else kept."""

from __future__ import annotations

import textwrap

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .tables import owner_rows, responsibilities, steps_of_table
from .model import Draft, Responsibility, Step

OPENERS = {"paragraph_open", "bullet_list_open", "ordered_list_open", "table_open", "blockquote_open",
           "fence", "code_block", "hr", "html_block", "heading_open"}


def read_markdown(text: str) -> Draft:
    front_title = _front_matter_title(text)
    text = _without_front_matter(text)
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    lines = text.splitlines()
    draft = Draft(front_title=front_title)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _close(tokens, index)
        if token.level == 0 and token.type in OPENERS:
            _block(draft, tokens[index:end + 1], lines)
        index = end + 1
    draft.title = draft.title or front_title
    return draft


FIELD_KINDS = ("definitions", "references", "records")


def _block(draft: Draft, block: list[Token], lines: list[str]) -> None:
    first = block[0]
    if first.type == "heading_open":
        draft.heading(_plain(block[1]), int(first.tag[1:]))
        return
    if first.type == "hr":
        return  # a rule between parts of the source: the page draws its own
    section = draft.current()
    if section.kind in FIELD_KINDS or section.is_term:
        _field_block(section, block, lines)
        return
    after_colon = bool(section.text_blocks) and section.text_blocks[-1].rstrip().endswith(":")
    numbered = first.type == "ordered_list_open" or (first.type == "bullet_list_open" and section.holds_steps
                                                     and not section.steps and not after_colon)
    if numbered and not section.is_responsibilities and not section.kind:
        if section.first_number is None and first.type == "ordered_list_open":
            section.first_number = int(first.attrs.get("start", 1) or 1)
        section.steps.extend(_step(item, lines) for item in _children(block, "list_item_open"))
        return
    if first.type == "bullet_list_open" and section.is_responsibilities:
        for item in _children(block, "list_item_open"):
            actor, colon, duty = _plain(_first_inline(item)).partition(":")
            if colon:
                draft.responsibilities.append(Responsibility(actor.strip().strip("*_"), duty.strip()))
        return
    if first.type == "table_open":
        rows = _rows(block)
        draft.responsibilities.extend(owner_rows(rows))
        found = responsibilities(rows)
        if found is not None:
            draft.responsibilities.extend(found)
            return
        from_table = steps_of_table(rows)
        if from_table:
            section.steps.extend(from_table)
            return
    if first.type == "paragraph_open" and section.kind:
        section.text_blocks.append(_plain(block[1]))
        return
    if first.type in ("bullet_list_open", "ordered_list_open") and section.kind:
        # purpose and scope are plain text: a list in them reads as one sentence of its items
        items = [_plain(_first_inline(item)).rstrip(".;,") for item in _children(block, "list_item_open")]
        section.text_blocks.append("; ".join(item for item in items if item) + ".")
        return
    if first.type == "paragraph_open" and not section.title and _details(draft, block[1]):
        return
    if section.steps and not section.kind and not section.is_responsibilities:
        # text after the list of steps: it belongs with the step it follows, as Word's reader keeps it
        step = section.steps[-1]
        step.note_blocks.append(_source(first, lines))
        step.text_after = True
        return
    section.text_blocks.append(_source(first, lines))


def _field_block(section, block: list[Token], lines: list[str]) -> None:
    """A block under Definitions, References or Records: tables and items are read for the field."""
    first = block[0]
    if first.type == "table_open":
        section.tables.append(_rows(block))
    elif first.type in ("bullet_list_open", "ordered_list_open"):
        section.items.extend(_inline_source(_first_inline(item)) for item in _children(block, "list_item_open"))
    elif first.type == "paragraph_open":
        text_lines = [line.strip() for line in _inline_source(block[1]).splitlines() if line.strip()]
        # one term a line ("Term: meaning" each) or one wrapped paragraph
        section.items.extend(text_lines if all(":" in line for line in text_lines) else [" ".join(text_lines)])
    section.text_blocks.append(_source(first, lines))


def _details(draft: Draft, inline: Token) -> bool:
    """Document details under the title ('**Revision:** r1', '**Process Owner:** Quality Manager'): the
    portal keeps its own revision and dates; the owner is read. True when the paragraph was that."""
    pairs = [_plain_text(line).partition(":") for line in inline.content.splitlines() if line.strip()]
    if not pairs or not all(colon and 0 < len(label.split()) <= 3 and value.strip() for label, colon, value in pairs):
        return False
    draft.responsibilities.extend(owner_rows([[label, value] for label, _, value in pairs]))
    draft.details.extend(label.strip() for label, _, _ in pairs)
    return True


def _plain_text(markdown: str) -> str:
    return " ".join(markdown.replace("**", "").replace("__", "").split())


def _step(item: list[Token], lines: list[str]) -> Step:
    """A list item: its first paragraph is the action; the blocks nested under it are its note."""
    blocks = [_slice(item, index) for index, token in enumerate(item)
              if token.level == item[0].level + 1 and token.type in OPENERS]
    step = Step(action="")
    for number, block in enumerate(blocks):
        if number == 0 and block[0].type == "paragraph_open":
            step.action = _plain(block[1])
            continue
        if block[0].type == "paragraph_open":
            label, colon, rest = _plain(block[1]).partition(":")
            if colon and label.strip().lower() in ("record", "records", "output") and step.record is None:
                step.record = rest.strip()
                continue
        step.note_blocks.append(_source(block[0], lines))
    return step


def _front_matter_title(text: str) -> str | None:
    """The 'title:' of a '---' front matter block (many Markdown sites keep the title there)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return None
        key, colon, value = line.partition(":")
        if colon and key == "title" and value.strip():
            return value.strip().strip("'\"")
    return None


def _without_front_matter(text: str) -> str:
    """Drop a '---' front matter block (document metadata of many Markdown tools), keeping the line
    count so that block positions still point at the right lines."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return "\n" * (number + 1) + "\n".join(lines[number + 1:])
    return text


def _close(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the one at ``index`` (itself when it opens nothing)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _slice(tokens: list[Token], index: int) -> list[Token]:
    return tokens[index:_close(tokens, index) + 1]


def _children(block: list[Token], opener: str) -> list[list[Token]]:
    level = block[0].level + 1
    return [_slice(block, index) for index, token in enumerate(block) if token.type == opener and token.level == level]


def _first_inline(block: list[Token]) -> Token:
    return next(token for token in block if token.type == "inline")


def _plain(inline: Token) -> str:
    """The words of an inline token, without Markdown marks (the fields it goes to are plain text)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def _inline_source(inline: Token) -> str:
    """An inline token's own Markdown ('**Risk:** Effect of uncertainty'), for terms written in bold."""
    return inline.content.strip()


def _rows(block: list[Token]) -> list[list[str]]:
    rows: list[list[str]] = []
    for index, token in enumerate(block):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(_plain(block[index + 1]) if block[index + 1].type == "inline" else "")
    return rows


def _source(token: Token, lines: list[str]) -> str:
    """The author's own Markdown for a block, dedented out of the list item it sits in."""
    start, end = token.map or (0, 0)
    return textwrap.dedent("\n".join(line.rstrip() for line in lines[start:end])).strip("\n")
