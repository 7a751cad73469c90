"""Print every sentence a reader reads in a Markdown file, split as the portal splits it, as the
``sentences:`` list of a judged-corpus file with blank labels (see tests/readability_corpus/README.md).

    python scripts/corpus_skeleton.py SOURCE.md > skeleton.yml

The context is a guess from the line each block starts on: ``table cell`` (a table row), ``step``
(a numbered item), ``list item``, ``note`` (a quote or an admonition) or ``paragraph``; the editor
corrects it, as a step is an instruction wherever it stands.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qms.readability import markdown_blocks, split_sentences  # noqa: E402

_NUMBERED = re.compile(r"\d+[.)]\s")
_BULLET = re.compile(r"[-*+]\s")


def context(lines: list[str], line_no: int) -> str:
    line = lines[line_no - 1].lstrip() if 0 < line_no <= len(lines) else ""
    if line.startswith("|"):
        return "table cell"
    if _NUMBERED.match(line):
        return "step"
    if _BULLET.match(line):
        return "list item"
    if line.startswith(">") or (line_no > 1 and lines[line_no - 2].lstrip().startswith("!!!")):
        return "note"
    return "paragraph"


def skeleton(text: str) -> str:
    lines = text.splitlines()
    out = ["sentences:"]
    for block in markdown_blocks(text):
        for sentence in split_sentences(block.text):
            out += [f"  - text: {json.dumps(sentence, ensure_ascii=False)}",
                    f"    context: {context(lines, block.line)}", "    label:", "    reason:"]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        text = Path(argv[0]).read_text(encoding="utf-8")
    except OSError as error:
        print(f"{argv[0]}: cannot read it: {error.strerror}", file=sys.stderr)
        return 2
    sys.stdout.write(skeleton(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
