"""Where a Markdown text writes a link's or an image's address, for messages that point at it.

Python-Markdown keeps no positions, and the same address may be written by a link and by
an image: each place the address is written is told apart by what comes before it.
"""

from __future__ import annotations

import re

_INLINE_BEFORE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?\s*$")
_DEFINITION_BEFORE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?$")
_OPENER = {"image": re.compile(r"!\["), "link": re.compile(r"(?<!!)\[|<[A-Za-z]")}


def url_place(text: str, kind: str, url: str, cursor: int, defined: bool) -> tuple[int, int]:
    """Where ``url`` is written as a ``kind`` (link or image) at or after ``cursor``; the next cursor.

    A reference's address is written in its definition, which may come anywhere: the cursor
    stays. An address the text spells otherwise (an entity, a line break) falls back to the
    next opening of a construct of its kind.
    """
    places = [(match.start(), _context(text, match.start()))
              for match in re.finditer(re.escape(url), text, flags=re.IGNORECASE)]
    definitions = [start for start, context in places if context == "definition"]
    if defined and definitions:
        return definitions[0], cursor
    own = [start for start, context in places if context == kind]
    after = [start for start in own if start >= cursor] or own
    if after:
        return after[0], after[0] + len(url)
    if definitions:
        return definitions[0], cursor
    if places:
        start = next((start for start, _ in places if start >= cursor), places[0][0])
        return start, start + len(url)
    opener = _OPENER[kind].search(text, cursor)
    return (opener.start(), opener.end()) if opener else (0, cursor)


def _context(text: str, start: int) -> str:
    """What writes the address at ``start``: an image, a link (inline or <autolink>), a definition."""
    line = text[text.rfind("\n", 0, start) + 1:start]
    if _DEFINITION_BEFORE.match(line):
        return "definition"
    inline = _INLINE_BEFORE.search(text[max(0, start - 500):start])
    if inline:
        return "image" if inline.group(1) else "link"
    return "link" if line.endswith("<") else "other"
