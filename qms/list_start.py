"""A Markdown extension: an ordered list keeps the number it starts at.

Python-Markdown numbers every ordered list from 1 unless told otherwise. A procedure whose steps
run on across sections starts each section's list at the next step's number ("4. …"), so the
list must say so in its ``start`` attribute; a list that starts at 1 is written as before.
"""

from __future__ import annotations

from markdown import Extension, Markdown


class ListStart(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.parser.blockprocessors["olist"].LAZY_OL = False
